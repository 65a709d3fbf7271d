"""The fast paths give exactly what the slow, general code gives.

text skips regular expressions and markdown-it where they cannot change anything, and inline
parsing where it finds no block; export skips markdown-it for labels of plain words; the model
keeps a time already in UTC to the minute. Each must agree with the general code on every input.
"""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from postmortem.document import text
from postmortem.document.model import to_utc_minute
from postmortem.markdown import export

_CHARS = st.sampled_from(list('aZ 9-_"\\\t\n\r\x00\x01\x1b\x7f\x85é—😀#`~<>|*[]=:.()'
                             '\u202e\u2066\u200f\u061c\u200d'))
TEXT = st.lists(_CHARS, max_size=12).map("".join) | st.text(max_size=12)


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
    # always parse, inline content too
    with patch.object(text, "_may_hold_blocks", lambda value: True), \
            patch.object(text, "_blocks", lambda: MarkdownIt("commonmark").enable("table")):
        return text.normalize_block(value)


_MARKDOWN = st.lists(st.sampled_from([
    "a", "Z", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "#", "## ", "=", "===", "-", "---",
    "> ", "- ", "* ", "1. ", "   ", "```", "~~~", "<div>", "<!--", "<pre>", "`", "_TBD_", "é",
    "\x1b[31m", "\x07", "\x85", "\u00a0", "\u2028", "\ud800", "|", "<br>", "\\",
    "\u202e", "\u2069", "\u200e", "\x1b(B", "\x1b]0;t",
]), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)  # a busy machine must not fail it
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
