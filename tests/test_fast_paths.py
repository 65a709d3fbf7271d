"""The fast paths give exactly what the slow, general code gives.

storage reads the canonical TOML form with its own whole-line parser and writes plain values
itself; text skips regular expressions and markdown-it where they cannot change anything;
export skips markdown-it for labels of plain words. Each must agree with the general code (and
with tomllib and tomli_w) on every input: on anything else the fast path steps aside.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any
from unittest.mock import patch

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from postmortem import export, storage, text
from postmortem.model import Document, to_utc_minute

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.toml"

# Text that exercises every escape: quotes, backslashes, control characters, newlines (and
# CRLF), tabs, non-ASCII, and the characters markdown cares about.
_CHARS = st.sampled_from(list('aZ 9-_"\\\t\n\r\x00\x01\x1b\x7f\x85é—😀#`~<>|*[]=:.()'))
TEXT = st.lists(_CHARS, max_size=12).map("".join) | st.text(max_size=12)
KEYS = st.sampled_from(["a", "b", "c-d", "e_f", "1", "x y", ""])


def _toml_values() -> st.SearchStrategy[Any]:
    scalars = (TEXT | st.booleans() | st.integers(-10**20, 10**20)
               | st.dates(min_value=dt.date(1, 1, 1))
               | st.datetimes(timezones=st.none() | st.just(dt.UTC)
                              | st.builds(dt.timezone, st.timedeltas(
                                  min_value=dt.timedelta(hours=-23),
                                  max_value=dt.timedelta(hours=23)).map(
                                      lambda d: dt.timedelta(minutes=d // dt.timedelta(minutes=1))
                                  ))).map(lambda moment: moment.replace(microsecond=0)))
    return scalars | st.lists(scalars, max_size=3) | st.lists(TEXT, max_size=3)


TABLES = st.recursive(
    st.dictionaries(KEYS, _toml_values(), max_size=4),
    lambda inner: st.dictionaries(KEYS, inner | st.lists(inner, min_size=1, max_size=3),
                                  max_size=3),
    max_leaves=12,
)


# --- reading -----------------------------------------------------------------------------------

def agrees_with_tomllib(text: str) -> None:
    fast = storage.fast_loads(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert fast is None, "the fast reader accepted what tomllib rejects"
        return
    if fast is not None:
        assert fast == expected
        assert _types(fast) == _types(expected)


def _types(value: Any) -> Any:
    """The value with every leaf replaced by its type and time zone: == alone would let
    1 == True, a date == a date-time's date, or UTC == +00:00 slip through."""
    if isinstance(value, dict):
        return {key: _types(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_types(item) for item in value]
    if isinstance(value, dt.datetime):
        return (dt.datetime, value.utcoffset())
    return type(value)


def test_the_demo_and_a_full_document_take_the_fast_path() -> None:
    for source in (DEMO.read_text("utf-8"), _every_field_text()):
        assert storage.fast_loads(source) is not None
        agrees_with_tomllib(source)


def _every_field_text() -> str:
    return storage.dumps(Document.model_validate({
        "title": 'Quotes " and \\ backslash, trailing "',
        "executive_summary": 'Line one\nLine "two" ends with a quote"',
        "lessons_learned": "1. tab\there\n2. triple \"\"\" quotes\n3. ends in \\",
        "incident": {"id": "INC-1", "date": "2026-01-02", "severity": "P2",
                     "additional_responders": ["Di (DBA, on call)", "Ed"]},
        "stated_times": {"duration": {"value": "3:00", "note": "by hand"}},
        "timeline": [{"time": "2026-01-02T23:50:00Z", "event": 'two\nlines "cell"',
                      "actions": "a|b", "milestone": "impact_start"}],
        "root_cause": {"contributing_factors": ["**A**: one", "two\nlines"]},
        "five_whys": {"steps": [{"why": "w1", "because": "b1"}]},
        "action_items": [{"id": "AI-1", "description": "d\nd2", "due": "2026-02-01"}],
        "supporting": {"metrics_and_logs": [{"label": "L [x]", "url": "https://x/y z"}]},
        "extras": [{"after": "title", "markdown": "Some *extra* text"}],
    }))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_reading_what_tomli_w_writes_agrees_with_tomllib(table: dict[str, Any]) -> None:
    agrees_with_tomllib(tomli_w.dumps(table, multiline_strings=True))
    agrees_with_tomllib(tomli_w.dumps(table))


@settings(max_examples=500)
@given(st.lists(st.sampled_from([
    "[a]\n", "[a.b]\n", "[[a]]\n", "[[a.b]]\n", "[b]\n", "[[b]]\n", "a = 1\n", "b = 2\n",
    'b = "x"\n', "b = []\n", "a = [\n    \"x\",\n]\n", "\n", "  \n", "# c\n", "c = true\n",
    'c = """\nx\n"""\n', 'c = """x"""\n', "c = 2026-01-02\n", "c = 2026-01-02 03:04:05\n",
    "c = 2026-01-02 03:04:05+01:30\n", "c = 2026-01-02T03:04:05Z\n", "c = 2026-02-30\n",
    'c = "\\u00e9\\ud800"\n', 'c = "\\U0001F600"\n', 'c = "a\\q"\n', "c = -0\n", "c = 01\n",
    "c = +1\n", "c = \u0663\n", "c = 2\u0660\n", "a.b = 1\n", 'c = "\x01"\n', 'c = "é\t"\n',
    'c = """\n\\\n  x"""\n',
]), max_size=8).map("".join))
@example("[a.b]\n[a]\nc = 1\n[a]\n")
@example("b = []\n[[b]]\n")
@example("[[a.b]]\n[a]\nc = 1\n")
@example("[a]\nb = 1\n[a.b]\n")
@example('c = "x"')  # no newline at the end
@example("c = 2026-01-02 03:04:05+01:75\n")  # offsets and times tomllib refuses
@example("c = 2026-01-02 03:04:05+24:00\n")
@example("c = 2026-01-02 24:04:05\n")
@example("c = 2026-01-02 23:04:60Z\n")
@example("c = 2026-13-02\n")
@example("c = \u0662\u0660\u0662\u0666-\u0660\u0661-\u0660\u0662\n")  # not ASCII digits
@example("c = 2026-01-02 0\u0663:04:05\n")
def test_reading_any_sequence_of_lines_agrees_with_tomllib(text: str) -> None:
    agrees_with_tomllib(text)


@given(st.text(alphabet=st.sampled_from(list('ab =[]."\\\n\t#\'{}1-:Z')), max_size=30))
def test_reading_arbitrary_text_agrees_with_tomllib(text: str) -> None:
    agrees_with_tomllib(text)


@settings(max_examples=300)
@given(st.text(max_size=24), st.sampled_from(["c = {}\n", 'c = "{}"\n', 'c = """\n{}"""\n',
                                             "[{}]\n", "c = [\n    {},\n]\n"]))
def test_reading_any_value_agrees_with_tomllib(value: str, shape: str) -> None:
    agrees_with_tomllib(shape.format(value))


# --- writing -----------------------------------------------------------------------------------

@settings(max_examples=300)
@given(st.dictionaries(KEYS, _toml_values(), max_size=5))
def test_writing_plain_values_matches_tomli_w(table: dict[str, Any]) -> None:
    assert storage._dump_literals(table) == tomli_w.dumps(table, multiline_strings=True)


def test_writing_what_it_does_not_know_falls_back_to_tomli_w() -> None:
    table = {"f": 1.5, "t": dt.time(1, 2), "n": [[1]], "i": [{"a": 1}], "a": "x"}
    assert storage._dump_literals(table) == tomli_w.dumps(table, multiline_strings=True)


def test_a_canonical_file_reads_and_writes_back_byte_for_byte() -> None:
    source = DEMO.read_text("utf-8")
    assert storage.dumps(storage.parse(source)) == source


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TEXT, TEXT), max_size=4))
def test_documents_with_awkward_text_round_trip_through_both_paths(
        rows: list[tuple[str, str]]) -> None:
    start = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    document = Document.model_validate({
        "title": rows[0][0] if rows else "",
        "timeline": [{"time": start + dt.timedelta(minutes=index), "event": event,
                      "actions": actions} for index, (event, actions) in enumerate(rows)],
    })
    source = storage.dumps(document)
    assert storage.fast_loads(source) == tomllib.loads(source)
    assert storage.parse(source) == document


# --- text --------------------------------------------------------------------------------------

def _sanitize(value: str) -> str:  # the general code, before its fast paths
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return text._CONTROL.sub("", text._ESCAPE_SEQUENCE.sub("", value))


def _line(value: str) -> str:
    value = " ".join(_sanitize(value).split("\n")).strip()
    return "" if value.strip() == text.EMPTY_MARKER else value


def _cell(value: str) -> str:
    value = "\n".join(line.rstrip() for line in _sanitize(value).split("\n")).strip()
    return "" if value.strip() == text.EMPTY_MARKER else value


def _block(value: str) -> str:
    with patch.object(text, "_may_hold_blocks", lambda value: True):  # always parse
        return text.normalize_block(value)


_MARKDOWN = st.lists(st.sampled_from([
    "a", "Z", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "#", "## ", "=", "===", "-", "---",
    "> ", "- ", "* ", "1. ", "   ", "```", "~~~", "<div>", "<!--", "<pre>", "`", "_TBD_", "é",
    "\x1b[31m", "\x07", "\x85", "\u00a0", "\u2028", "\ud800", "|", "<br>", "\\",
]), max_size=16).map("".join)


@settings(max_examples=400)
@given(_MARKDOWN | st.text(max_size=20))
@example("Title\n===")
@example("> quote\n> ---")
@example("- item\n  ---")
@example("text\n\t==  ")
def test_the_normalisers_give_what_the_general_code_gives(value: str) -> None:
    assert text.sanitize(value) == _sanitize(value)
    assert text.normalize_line(value) == _line(value)
    assert text.normalize_cell(value) == _cell(value)
    assert text.normalize_block(value) == _block(value)


# --- export ------------------------------------------------------------------------------------

_PLAIN = st.lists(st.sampled_from(list("aZ9é ,.;:/()'\"%+@?!=#-") + ["—", "http://x.y"]),
                  max_size=12).map("".join).map(lambda value: value.strip() or export.EMPTY_MARKER)


@settings(max_examples=300)
@given(st.lists(_PLAIN, min_size=1, max_size=4))
def test_plain_label_values_never_need_escaping(values: list[str]) -> None:
    labels = [f"Label {index}" for index in range(len(values))]
    lines = export._label_lines(labels, values)
    assert export._line_labels(lines) == [f"{label}:" for label in labels]
    assert not any(export._ESCAPE.search(value) for value in values)
    assert not export._needs_escaping(labels, values)


# --- model -------------------------------------------------------------------------------------

@given(st.datetimes(timezones=st.none() | st.just(dt.UTC) | st.timezones(), allow_imaginary=False)
       | st.datetimes().map(lambda moment: moment.replace(tzinfo=dt.UTC, second=0, microsecond=0)))
def test_utc_to_the_minute_gives_what_the_general_code_gives(moment: dt.datetime) -> None:
    general = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    general = general.astimezone(dt.UTC).replace(second=0, microsecond=0)
    result = to_utc_minute(moment)
    assert (result, result.tzinfo, result.fold) == (general, general.tzinfo, general.fold)
