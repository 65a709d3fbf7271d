"""Mutated post-mortem files for tests/test_fuzz_files.py: TOML files from the broken corpus and
the demo, Markdown documents from tests/md/ and from exports, changed at random (with a seed)
the ways files get changed by accident and on purpose: bytes flipped, dropped and repeated,
lines moved, values of the wrong type or at the edge of their range, text that has broken
Markdown before."""

from __future__ import annotations

import copy
import datetime as dt
import random
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w

from postmortem.document.model import Document
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load

TESTS = Path(__file__).resolve().parent
DEMO = TESTS.parent / "data" / "demo.toml"

TEN_DEEP = "\n".join("  " * depth + "- deep" for depth in range(10))
# Tokens that have broken a reader: values at the edge of a type, text that breaks Markdown.
TOKENS = [
    b"0001-01-01T00:00:00+01:00", b"9999-12-31T23:59:59-01:00", b"1" * 4400, b"0x" + b"f" * 900,
    b"-1", b"99999999999999999999", b"1e999", b"inf", b"nan", b'"""', b"'''", b"[[timeline]]\n",
    b'[[action_items]]\nid = "AI-1"\n', b"[extras]\n", b"\x00", b"\xff\xfe", b"\xed\xa0\x80",
    b"\xe2\x80\xae", b"\x1b[31m", b"\r", b"\t", b"# h\n", b"## Timeline\n", b"**Because:** ",
    b"**Duration:** 3:45 (x)", b"_TBD_ (note)", TEN_DEEP.encode(), b"> " * 12, b"```", b"<!--",
    b"<script>", b"|", b"\\", b"AI-" + b"9" * 30, b"[x](y)", b"- ", b"1. ", b"===\n", b"---\n",
    b"| 9999-12-31 23:59 | x | y |\n| 00:01 | z | w |\n", b"{ a = 1 }", b"[1, [2, [3]]]",
]
# Values of the wrong type or at the edge of their range, for the fields of a TOML document.
VALUES: list[Any] = [
    0, -1, 2**63 - 1, -(2**63), 1.5, float("inf"), float("nan"), True, "", " ", "x" * 300,
    "AI-0", "AI-999999999", "AI-1000000000", "P5", "p1", "High", "done", "3:45", "99999:59",
    "0:60", "-1:00", "\u202e", "\x1b[31m", "\x00", dt.date(1, 1, 1), dt.date(9999, 12, 31),
    dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59),
    dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
    dt.time(10, 0), [], [1], ["a"], [[]], {}, {"a": 1}, {"value": "1:00"}, {"why": "x"},
    "# h\n" * 20, TEN_DEEP, "**Because:** x", "```", "<!--", "## Timeline",
    "computed from the timeline milestones; x", "impact_start", "resolved", "title", "timeline",
]
# Lines a hand-written Markdown post-mortem might hold, right or wrong.
LINES = [
    "**Duration:** 3:45 (3 hours)", "**Duration:** _TBD_ (note)", "**Date:** 9999-12-31",
    "**Time to Detection:** 0:07 (computed from the timeline milestones; x)",
    "**Date:** 0001-01-01", "**Severity:** SEV-9", "| 23:59 | x | y |",
    "| 00:00 | [Detected] x | y |",
    "| 9999-12-31 23:59 | a | b |", "| 0001-01-01 00:00 | a | b |", "## Timeline",
    "| AI-0 | x | y | High | 9999-12-31 | Done |", "| AI-99999999999 | x | y | High | | Open |",
    "## Action Items", "### 5 Whys Analysis", "1. **Why?** x", "   - **Because:** y", TEN_DEEP,
    "> " * 12 + "deep", "```", "<!--", "<script>", "# Post-Mortem: again",
    "## Incident Information", "**Incident ID:** " + "9" * 5000,
    "| Time (UTC) | Event | Actions Taken |", "| --- | --- | --- |",
    "| ID | Description | Owner | Priority | Due Date | Status |",
    "| --- | --- | --- | --- | --- | --- |", "- [x](http://a)", "- [unclosed(",
    "**Additional Responders:** a (b, c", "===", "---", "", "\t\t- x", "<!-- -->",
    "|a" * 40 + "|\n" + "|-" * 40 + "|\n" + "|x\n" * 50,
]


def toml_seeds() -> list[bytes]:
    """The broken corpus, and the demo (a whole, valid document) as often as all of it."""
    corpus = [path.read_bytes() for path in sorted((TESTS / "corpus").glob("*.toml"))]
    return corpus + [DEMO.read_bytes()] * len(corpus)


def markdown_seeds() -> list[bytes]:
    """The hand-written files of tests/md/, the demo's export, and exports of documents
    with hostile text in every field."""
    written = [path.read_bytes() for path in sorted((TESTS / "md").glob("*.md"))]
    exports = [export_markdown(load(DEMO)).encode()]
    rng = random.Random(0)
    for _ in range(4):
        exports.append(export_markdown(_hostile_document(rng)).encode())
    return written + exports


# Fields whose value is a word from a vocabulary or a number, not text to add to.
_NOT_TEXT = {"id", "severity", "priority", "status", "milestone", "after", "value", "time"}


def _hostile_document(rng: random.Random) -> Document:
    """The demo with hostile text added to about half its text fields, and notes on measured
    times (the Duration's, and one without a time)."""
    data = tomllib.loads(DEMO.read_text(encoding="utf-8"))
    for _, owner in _containers(data):
        if isinstance(owner, dict):
            for key, value in owner.items():
                if isinstance(value, str) and key not in _NOT_TEXT and rng.random() < 0.5:
                    owner[key] = value + rng.choice(TOKENS).decode("utf-8", "replace")
    data["stated_times"]["duration"]["note"] = "3 hours, 45 minutes"
    data["stated_times"]["time_to_detection"]["note"] = "no value, a note"
    return Document.model_validate(data)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """One to four changes of bytes or lines."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(_BYTE_CHANGES)(data, rng)
    return data


def _flip(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]


def _drop(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[at + rng.randint(1, 40):]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    end = min(len(data), at + rng.randint(1, 200))
    return data[:end] + data[at:end] * rng.randint(1, 3) + data[end:]


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(TOKENS) + data[at:]


def _change_line(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    key, equals, _ = lines[index].partition(b"=")
    tail = rng.choice([*TOKENS, b'"x"', b"1", b"true", b"[]"])
    lines[index] = key + b"= " + tail if equals else lines[index] + tail
    return b"\n".join(lines)


def _move_line(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[first], lines[second] = lines[second], lines[first]
    return b"\n".join(lines)


def _copy_line(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(lines))
    return b"\n".join(lines)


_BYTE_CHANGES: list[Callable[[bytes, random.Random], bytes]] = [
    _flip, _drop, _repeat, _insert, _change_line, _change_line, _move_line, _copy_line]


def mutate_toml_data(seed: bytes, rng: random.Random) -> bytes | None:
    """The TOML of seed's data with one to five values changed, dropped, added or copied
    elsewhere: valid TOML that tests what validation makes of it. None if seed is not TOML."""
    try:
        data = tomllib.loads(seed.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    for _ in range(rng.randint(1, 5)):
        _, owner = rng.choice(_containers(data))
        if isinstance(owner, dict) and owner:
            key = rng.choice(list(owner))
            change = rng.randrange(4)
            if change == 0:
                owner[key] = copy.deepcopy(rng.choice(VALUES))
            elif change == 1:
                del owner[key]
            elif change == 2:
                owner[rng.choice(["bogus", f"{key}x", "after", "markdown", "note"])] = \
                    copy.deepcopy(rng.choice(VALUES))
            else:
                owner[key] = copy.deepcopy(rng.choice(_containers(data))[1])
        elif isinstance(owner, list):
            if owner and rng.random() < 0.5:
                owner.append(copy.deepcopy(rng.choice(owner)))
            elif owner:
                owner[rng.randrange(len(owner))] = copy.deepcopy(rng.choice(VALUES))
            else:
                owner.append(copy.deepcopy(rng.choice(VALUES)))
    try:
        return tomli_w.dumps(data).encode()
    except (TypeError, ValueError):  # e.g. a list of mixed tables and values
        return None


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every table and array in the data, with its path."""
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(value, dict):
        found.append((path, value))
        for key, inner in value.items():
            found += _containers(inner, (*path, key))
    elif isinstance(value, list):
        found.append((path, value))
        for index, inner in enumerate(value):
            found += _containers(inner, (*path, index))
    return found


def mutate_markdown(seed: bytes, rng: random.Random) -> bytes:
    """Lines of a Markdown document added, dropped, copied or run together; now and then
    bytes changed too."""
    lines = seed.decode("utf-8", "replace").split("\n")
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(lines) + 1)
        change = rng.randrange(4)
        if change == 0:
            lines.insert(at, rng.choice(LINES))
        elif change == 1 and lines:
            del lines[min(at, len(lines) - 1)]
        elif change == 2 and lines:
            lines.insert(at, rng.choice(lines))
        elif lines:
            index = rng.randrange(len(lines))
            lines[index] += " " + rng.choice(LINES)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    return mutate_bytes(data, rng) if rng.random() < 0.2 else data
