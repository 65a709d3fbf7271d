"""How large an input may be, and how the Markdown in it is measured.

Every input costs time in proportion to its size, and Markdown costs the most: the parser
builds objects for every line, and a table builds them for every cell, padding each short row
to the header's width (60 KB of one-character rows under a wide header took 14 s). These
limits keep any command to seconds and a few hundred MB whatever a file holds; a real
post-mortem is far below them (the demo: 22 KB, under 200 lines of free text; a timeline of
10,000 rows: 1.4 MB of TOML, 1 MB of Markdown; one of 200,000 rows: 28 MB of TOML).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from postmortem.document.outline import PARTS, Body

MAX_FILE_BYTES = 32 * 2**20  # a TOML file to open, or a Markdown file to import (200,000 rows)
# Lines and table cells of Markdown: in a file to import, or in a document's free text in all.
MAX_MARKDOWN_LINES = 50_000
MAX_TABLE_CELLS = 200_000
# The rows of a long table in a file to import are read line by line (markdown/table_lines.py),
# at a small constant cost each, and are not counted above; the file's lines in all are.
MAX_IMPORT_LINES = 250_000

# A table's delimiter row: "| --- | :-: |" (with pipes; inside quotes or list items too).
_DELIMITER_ROW = re.compile(r"[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


class TooLarge(ValueError):
    """Markdown past the limits. loc: where in a document's data (a field), when known."""

    def __init__(self, message: str, loc: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.loc = loc


class MarkdownMeasure:
    """Lines and table cells counted over one or more texts, against the limits."""

    def __init__(self) -> None:
        self.lines = 0
        self.cells = 0

    def add(self, text: str) -> None:
        self.lines += text.count("\n") + 1
        self.cells += table_cells(text)

    def excess(self) -> str | None:
        """What is past the limits, said for a message; None when nothing is."""
        if self.lines > MAX_MARKDOWN_LINES:
            return f"more than {MAX_MARKDOWN_LINES:,} lines of Markdown"
        if self.cells > MAX_TABLE_CELLS:
            return f"more than {MAX_TABLE_CELLS:,} table cells"
        return None


def is_delimiter_row(line: str) -> bool:
    """Whether a line may be a table's delimiter row (a parser has the last word)."""
    return _DELIMITER_ROW.fullmatch(line) is not None


def table_cells(text: str) -> int:
    """At least as many table cells as a Markdown parser would make of text: each delimiter row
    with pipes gives its width times the rows from its header to the next blank line. (A
    table without pipes has one column: its cells are counted by the lines.)"""
    lines = text.split("\n")
    cells = 0
    run_end = len(lines)  # the index of the first blank line after the current one
    for index in range(len(lines) - 1, -1, -1):  # backwards: each run's end is known ahead
        line = lines[index]
        if not line.strip():
            run_end = index
        elif "|" in line and "-" in line and _DELIMITER_ROW.fullmatch(line):
            width = len([part for part in line.strip(" \t>").split("|") if part.strip()])
            cells += width * (run_end - index + 1)  # the rows below, and the header above
    return cells


def check_text(text: str) -> None:
    """Raise TooLarge when one text alone is past the limits."""
    measure = MarkdownMeasure()
    measure.add(text)
    excess = measure.excess()
    if excess is not None:
        raise TooLarge(f"{excess} in one text (the most a post-mortem holds in all)")


def check_free_text(data: Any) -> None:
    """Raise TooLarge when the free text of a document's data, as read from a file (every
    free-text field, list item and extra text together), is past the limits; its loc is the
    field where the text passes them."""
    if not isinstance(data, dict):
        return
    measure = MarkdownMeasure()
    for loc, text in _free_text(data):
        measure.add(text)
        excess = measure.excess()
        if excess is not None:
            raise TooLarge(f"the free text holds {excess} by here (the most a post-mortem "
                           f"holds in all)", loc)


# Where free text is, in a document's data: the free-text fields and lists of the outline.
_FREE_TEXT = tuple(tuple(part.key.split(".")) for part in PARTS
                   if part.body in (Body.TEXT, Body.LIST))


Loc = tuple[str | int, ...]


def _free_text(data: dict[str, Any]) -> Iterator[tuple[Loc, str]]:
    """Each piece of free text in the data, with its location; what is not text is skipped
    (validation says what is wrong with it)."""
    for path in _FREE_TEXT:
        value: Any = data
        for name in path:
            value = value.get(name) if isinstance(value, dict) else None
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    loc: Loc = (*path, index)
                    yield loc, item
    extras = data.get("extras")
    if isinstance(extras, list):
        for index, extra in enumerate(extras):
            if isinstance(extra, dict) and isinstance(extra.get("markdown"), str):
                yield ("extras", index, "markdown"), extra["markdown"]
