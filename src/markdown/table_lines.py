"""Long tables read line by line, without markdown-it's tokens for their rows.

A timeline of 200,000 rows is 2.6 million tokens to markdown-it (seconds, and most of a GiB).
So the body rows of every long table that stands on its own (a header, a delimiter row, then
more than STREAM_OVER rows that each start with a pipe, up to a blank line or the end) are
taken out of the text before it is parsed; the parser sees the header and the delimiter row
only, and each row is split later, one at a time, as markdown-it would have split it. Whether
the lines were a table at all (not inside a code block, a list or a quote) is markdown-it's
word: if the parse does not show a table of its own at each header, the plan is dropped and
the whole text parsed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from markdown_it.common.utils import MD_TRIM_CHARS, mdTrim
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS
from markdown_it.token import Token

from postmortem.document.limits import is_delimiter_row

# A row that goes on with the table whatever came before it: a pipe within three spaces of the
# start can begin no other block (no fence, quote, list, heading, rule or HTML).
_ROW = re.compile(r" {0,3}\|")
# Shorter tables are parsed as a whole: they cost little, and count towards the limits on the
# Markdown parsed (limits.py) as they always have.
STREAM_OVER = 1_000
# A pipe that separates cells: markdown-it's escapedSplit takes any pipe right after a
# backslash as part of the cell (and drops that backslash), even after two backslashes.
_SEPARATOR = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class TableRows:
    """The body rows taken out of one table: lines[start:end] of the source."""

    header: int  # the source line of the table's header
    width: int  # its columns
    start: int
    end: int


class Plan:
    """Which lines are taken out, and how the lines of the text that is parsed map back."""

    def __init__(self, lines: list[str], tables: list[TableRows]) -> None:
        self.tables = tables
        kept: list[str] = []
        self._at: list[int] = []  # parsed line at which each cut begins
        self._taken: list[int] = []  # lines taken out up to and including that cut
        position = taken = 0
        for table in tables:
            kept += lines[position:table.start]
            taken += table.end - table.start
            self._at.append(len(kept))
            self._taken.append(taken)
            position = table.end
        kept += lines[position:]
        self.text = "\n".join(kept)

    def source_line(self, line: int) -> int:
        """The source line of a line of the parsed text (a token's start or end: the lines
        taken out just before a line belong to the token that ends there)."""
        index = bisect_right(self._at, line)
        return line + (self._taken[index - 1] if index else 0)

    def remap(self, tokens: list[Token]) -> bool:
        """Give the tokens the source's line numbers; False when a table taken apart is not a
        table of its own in the parse (the plan cannot be used)."""
        heads = {table.header for table in self.tables}
        for token in tokens:
            if token.map is None:
                continue
            start, end = (self.source_line(line) for line in token.map)
            if token.type == "table_open" and token.level == 0 and start in heads:
                table = next(t for t in self.tables if t.header == start)
                if (start + 2, end) != (table.start, table.end):
                    return False
                heads.discard(start)
            token.map = [start, end]
        return not heads


def plan(lines: list[str], text: str) -> Plan | None:
    """The tables whose rows can be read line by line; None when there are none (or the text
    holds what markdown-it reads differently from its lines: carriage returns, NUL)."""
    if "\r" in text or "\x00" in text or "|" not in text:
        return None
    tables: list[TableRows] = []
    line = 1
    while line < len(lines):
        if "-" in lines[line] and "|" in lines[line - 1] and is_delimiter_row(lines[line]):
            table = _rows_after(lines, line)
            if table is not None:
                tables.append(table)
                line = table.end
        line += 1
    return Plan(lines, tables) if tables else None


def _rows_after(lines: list[str], delimiter: int) -> TableRows | None:
    """The rows below a delimiter row, if each starts with a pipe and a blank line or the end
    follows them, and markdown-it would not stop the table early (see MAX_AUTOCOMPLETED_CELLS);
    None otherwise."""
    width = _cell_count(mdTrim(lines[delimiter - 1]))
    if width == 0:
        return None
    autocompleted = 0
    end = delimiter + 1
    while end < len(lines) and _ROW.match(lines[end]):
        autocompleted += width - _cell_count(mdTrim(lines[end]))
        if autocompleted > MAX_AUTOCOMPLETED_CELLS:
            return None
        end += 1
    if end - delimiter - 1 <= STREAM_OVER or (end < len(lines) and lines[end].strip(" \t")):
        return None
    return TableRows(delimiter - 1, width, delimiter + 1, end)


def _columns(line: str) -> list[str]:
    """A trimmed row split into cells as markdown-it splits it (escaped pipes unescaped, the
    empty cells outside the pipes at either end dropped)."""
    if "\\" in line:
        columns = [part.replace("\\|", "|") for part in _SEPARATOR.split(line)]
    else:
        columns = line.split("|")
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def _cell_count(line: str) -> int:
    """len(_columns(line)), without making the cells."""
    if not line:
        return 0
    count = line.count("|") - line.count("\\|") + 1
    if line.startswith("|"):
        count -= 1
    if count and line.endswith("|") and not line.endswith("\\|"):
        count -= 1
    return count


def row_cells(line: str, width: int) -> list[str]:
    """A body row's cells, as markdown-it gives them: trimmed, as many as the header's."""
    columns = _columns(line.strip(MD_TRIM_CHARS))
    if len(columns) < width:
        columns += [""] * (width - len(columns))
    return [column.strip(MD_TRIM_CHARS) for column in columns[:width]]
