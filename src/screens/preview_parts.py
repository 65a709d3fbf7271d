"""The preview's Markdown cut into parts: runs of text, and the long tables in between.

Textual's Markdown widget makes a widget of every table cell and lays them all out, which at
thousands of rows takes minutes; a long table is therefore drawn line by line instead (only
the rows on screen cost anything). Finding the tables is one pass over the lines, without a
Markdown parse: a table is a run of lines that start with "|" whose second line is the
delimiter row, outside fenced code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

LONG_TABLE_ROWS = 40  # more rows than this and a table is drawn line by line
_DELIMITER = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class LongTable:
    """A table's header cells and its body lines (each split into cells only when shown)."""

    header: tuple[str, ...]
    lines: tuple[str, ...]


Part = str | LongTable


def split_row(line: str) -> list[str]:
    """A table line's cells as Markdown source: split at unescaped pipes, escapes undone."""
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _UNESCAPED_PIPE.split(inner)]


@cache
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def cell_text(source: str) -> str:
    """What a cell shows, as one line of plain text: Markdown marks and <br> taken out."""
    pieces: list[str] = []
    for token in _inline_parser().parseInline(source):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak") or (
                    child.type == "html_inline" and child.content.lower().startswith("<br")):
                pieces.append(" ⏎ ")
            elif child.type == "html_inline":
                pieces.append(child.content)
    return "".join(pieces).replace("\t", " ")


def _table_end(lines: list[str], start: int) -> int:
    """Where the table that starts at lines[start] ends (start itself if none starts there)."""
    if not (lines[start].startswith("|") and start + 1 < len(lines)
            and _DELIMITER.match(lines[start + 1])):
        return start
    end = start + 2
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return end


def parts(markdown: str) -> Iterator[Part]:
    """The Markdown as text parts and long tables, in order; short tables stay in the text."""
    lines = markdown.split("\n")
    text_start = index = 0
    fence: str | None = None
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence is not None:
            fence = None if opened and opened.group(1).startswith(fence) else fence
        elif opened:
            fence = opened.group(1)
        else:
            end = _table_end(lines, index)
            if end - index - 2 > LONG_TABLE_ROWS:
                if index > text_start:
                    yield "\n".join(lines[text_start:index])
                yield LongTable(tuple(split_row(line)), tuple(lines[index + 2:end]))
                text_start = index = end
                continue
            index = max(end, index + 1)
            continue
        index += 1
    if text_start < len(lines) and "\n".join(lines[text_start:]).strip():
        yield "\n".join(lines[text_start:])
