"""The files are read with tomli (compiled: faster) where tomllib would do: it must give
exactly tomllib's data, and fail with exactly tomllib's message, on every input."""

from __future__ import annotations

import datetime as dt
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import documents

from postmortem.document.model import Document
from postmortem.storage import timeline_reader, toml_file

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import make_docs  # noqa: E402

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*"))
DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
BROKEN = ["a = ", "a = 1\na = 2", "[a]\n[a]", 'a = "x', "x = [1,", "a = 1 b", "= 1",
          "a = {b=1,}", "a = {b=1,\nc=2}", 'a = "\\e"', "a = 12:30", "a = 1979-05-27T25:00:00",
          "a = 0x", "\x00", "a = [" * 2000, 'a = "\\x41"', "t = 07:32\nu = 1979-05-27 07:32"]


def outcome(loads: Any, text: str) -> tuple[str, object]:
    try:
        return "data", loads(text)
    except RecursionError:
        return "too deep", None
    except (tomllib.TOMLDecodeError, tomli.TOMLDecodeError) as error:
        return "error", str(error)


@pytest.mark.parametrize("path", [*CORPUS, DEMO], ids=lambda path: path.name)
def test_every_corpus_file_reads_as_tomllib_reads_it(path: Path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert outcome(tomli.loads, text) == outcome(tomllib.loads, text)


@pytest.mark.parametrize("text", BROKEN)
def test_broken_toml_fails_with_tomllib_words(text: str):
    assert outcome(tomli.loads, text) == outcome(tomllib.loads, text)


@settings(max_examples=60, deadline=None)
@given(documents())
def test_every_saved_document_reads_as_tomllib_reads_it(document: Document):
    text = toml_file.dumps(document)
    assert tomli.loads(text) == tomllib.loads(text)


# --- the timeline's rows, read apart (storage/timeline_reader.py) ------------------------------

def exact(value: Any) -> Any:
    """value with everything == ignores: types, key order, the time zone object."""
    if isinstance(value, dict):
        return ("dict", [(key, exact(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [exact(item) for item in value])
    if isinstance(value, dt.datetime):
        return (type(value), value.isoformat(), id(value.tzinfo) if value.tzinfo else None)
    return (type(value), repr(value))


def read_fast(text: str) -> Any:
    data = timeline_reader.read(text, tomli.loads)
    return None if data is None else exact(data)


def tomllib_reads(text: str) -> Any:
    try:
        return exact(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        return "refused"


def assert_read_as_tomllib(text: str) -> bool:
    """The fast reading gives tomllib's data exactly, or leaves the text to the parser; True
    when it read it."""
    fast = read_fast(text)
    assert fast is None or fast == tomllib_reads(text), text
    return fast is not None


ROW = '[[timeline]]\ntime = 2026-03-14 10:{minute:02d}:00+00:00\nevent = "e{minute}"\n'
HEAD = 'schema_version = 1\ntitle = "t"\n\n[incident]\nid = "X"\n\n'
TAIL = '\n[impact]\naffected_users = "all"\n'
ROWS = "\n".join(ROW.format(minute=minute) for minute in range(3))
TRICKY = {
    "as written": HEAD + ROWS + TAIL,
    "rows last": HEAD + ROWS,
    "rows first": ROWS + TAIL,
    "rows inside a multi-line string": f'a = """\n{ROWS}\n"""\n' + TAIL,
    "rows inside a string, a table after": f'a = """\n{ROWS}[x]\n"""\n' + TAIL,
    "a key after the rows": HEAD + ROWS + 'milestone = "detected"\n' + TAIL,
    "an unknown key after the rows": HEAD + ROWS + "x = 1\n" + TAIL,
    "more rows further on": HEAD + ROWS + TAIL + "\n" + ROW.format(minute=9),
    "a timeline key in the head": 'timeline = []\n' + ROWS,
    "a timeline table further on": HEAD + ROWS + "\n[timeline.x]\ny = 1\n",
    "a subtable of a row": HEAD + ROWS + "\n[timeline.note]\ny = 1\n",
    "a duplicate table around the rows": HEAD + ROWS + "\n[incident]\nid = 'Y'\n",
    "a comment after the header": HEAD + ROWS.replace("]]\n", "]] # c\n", 1) + TAIL,
    "windows line ends": (HEAD + ROWS + TAIL).replace("\n", "\r\n"),
    "an escaped quote": HEAD + ROWS.replace('"e1"', r'"say \"hi\" \\ \t \u00e9 \U0001F642"'),
    "a surrogate escape": HEAD + ROWS.replace('"e1"', r'"\ud800"'),
    "an escape of TOML 1.1": HEAD + ROWS.replace('"e1"', r'"\e[2J"'),
    "a control character": HEAD + ROWS.replace('"e1"', '"a\x01b"'),
    "a tab": HEAD + ROWS.replace('"e1"', '"a\tb"'),
    "a delete": HEAD + ROWS.replace('"e1"', '"a\x7fb"'),
    "a multi-line string": HEAD + ROWS.replace('"e1"', '"""\nline one\n\tline "two"\n"""'),
    "a multi-line string with escapes": HEAD + ROWS.replace('"e1"', '"""\na\\n\\"b\\\\\n"""'),
    "a line-ending backslash": HEAD + ROWS.replace('"e1"', '"""\na \\\n  b"""'),
    "a multi-line string without its newline": HEAD + ROWS.replace('"e1"', '"""a\nb"""'),
    "a literal string": HEAD + ROWS.replace('"e1"', "'e1'"),
    "february 30": HEAD + ROWS.replace("2026-03-14 10:01", "2026-02-30 10:01"),
    "hour 24": HEAD + ROWS.replace("10:01", "24:01"),
    "an offset": HEAD + ROWS.replace("10:01:00+00:00", "10:01:00+02:00"),
    "Z": HEAD + ROWS.replace("10:01:00+00:00", "10:01:00Z"),
    "a milestone and actions": HEAD + ROWS.replace('"e1"\n', '"e1"\nactions = "a"\n'
                                                   'milestone = "resolved"\n'),
    "an unknown milestone": HEAD + ROWS.replace('"e1"\n', '"e1"\nmilestone = "done"\n'),
    "keys in another order": HEAD + ROWS.replace('"e1"\n', '"e1"\nmilestone = "detected"\n'
                                                 'actions = "a"\n'),
    "a duplicate key": HEAD + ROWS.replace('"e1"\n', '"e1"\nevent = "again"\n'),
    "no newline at the end": (HEAD + ROWS).rstrip("\n"),
    "a broken tail": HEAD + ROWS + "\n[impact\n",
    "a broken head": 'title = "x\n' + ROWS,
}


@pytest.mark.parametrize("case", TRICKY)
def test_timeline_rows_are_read_as_tomllib_reads_them(case: str) -> None:
    assert_read_as_tomllib(TRICKY[case])


def test_the_rows_as_written_are_read_apart() -> None:
    """The fast reading is taken for what this tool writes (else the tests above prove
    little)."""
    taken = [case for case in TRICKY if read_fast(TRICKY[case]) is not None]
    assert {"as written", "rows last", "rows first", "an escaped quote", "a multi-line string "
            "with escapes", "a milestone and actions", "a tab"} <= set(taken)


@settings(max_examples=150, deadline=None)
@given(documents())
def test_every_saved_timeline_is_read_as_tomllib_reads_it(document: Document) -> None:
    text = toml_file.dumps(document)
    assert assert_read_as_tomllib(text) or not document.timeline or any(
        '"' in row.event + row.actions or "\r" in row.event + row.actions
        for row in document.timeline)


PIECES = ['"', '\\', '\\"', "\\\\", "\\n", "\\u00e9", "\\ud83d", "\\U0001F642", "\\x41", "\n",
          "\t", "\x00", "\x7f", "\r", '"""', "'", "#", "[[timeline]]", "[x]", "= 1", "é", "a",
          " ", "\\e", "\\\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join), st.booleans(),
       st.sampled_from(["event", "actions", "milestone", "time", "other"]))
def test_any_string_in_a_row_is_read_as_tomllib_reads_it(piece: str, multi_line: bool,
                                                          key: str) -> None:
    quoted = f'"""\n{piece}"""' if multi_line else f'"{piece}"'
    row = ROW.format(minute=1).replace('event = "e1"', f"{key} = {quoted}")
    assert_read_as_tomllib(HEAD + ROWS + "\n" + row + TAIL)


@pytest.mark.parametrize("rows", [200, 10_000])
def test_a_bench_document_is_read_apart_as_tomllib_reads_it(rows: int, tmp_path: Path) -> None:
    toml, _ = make_docs.make_document(tmp_path, rows)
    assert assert_read_as_tomllib(toml.read_text("utf-8"))
