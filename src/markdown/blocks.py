"""Markdown as markdown-it-py sees it, with the source lines each part covers.

The importer finds the structure (headings, paragraphs, lists, tables) in the token stream and
takes the author's words from the source lines the tokens point at, so free text is kept
verbatim instead of being re-rendered from tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem.markdown.table_lines import TableRows, plan, row_cells

# Blocks only: the importer takes the words from the source lines, so the inline pass (most of
# the parse time of a long table) is run just for the headings that need it.
_MD = MarkdownIt("commonmark").enable("table")
_BLOCKS = MarkdownIt("commonmark").enable("table").disable("inline")

# A bold label at the start of a line of a paragraph: "**Incident ID:** ..." or "**Date**: ...".
# Lines, not inline tokens: a value may open a code span or emphasis that the parser would pair
# with the next line, but the label still starts its own line.
_LABEL = re.compile(r"[ \t]{0,3}(\*\*|__)(?P<label>.+?)\1(?P<value>.*)", re.S)


@dataclass(frozen=True)
class Block:
    """One top-level part of the document: kind is the token type without "_open" (paragraph,
    heading, bullet_list, ordered_list, table, fence, html_block, ...) or "text" for lines that
    no token covers (link reference definitions)."""

    kind: str
    start: int  # first source line, counted from 0
    end: int  # one past the last line that is not blank
    tokens: tuple[Token, ...] = ()
    rows: TableRows | None = None  # a table's body rows, read line by line (table_lines.py)

    @property
    def level(self) -> int:
        """A heading's level (1 for #), else 0."""
        return int(self.tokens[0].tag[1]) if self.kind == "heading" else 0

    def inline(self) -> str:
        """The inline source of a paragraph or heading, as markdown-it gives it."""
        return next((token.content for token in self.tokens if token.type == "inline"), "")


@dataclass(frozen=True)
class Item:
    """A list item: its source lines, and its text with the marker and indentation removed."""

    start: int
    end: int
    text: str
    first: int  # the source line of the text's first line

    def source_line(self, index: int) -> int:
        """The source line of the text's line at index."""
        return min(self.first + index, self.end - 1)


@dataclass(frozen=True)
class Label:
    name: str  # lower case, without the colon: "incident id"
    value: str


# Told the text about to be parsed, and how its line numbers map to the source's, before the
# parse: it may refuse the text (an error naming the line), since the parse is what costs.
Check = Callable[[str, Callable[[int], int]], None]


def _same_line(line: int) -> int:
    return line


class Source:
    """A Markdown text with its lines and top-level blocks."""

    def __init__(self, text: str, check: Check | None = None) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.tokens, streamed = self._parse(check)
        self.blocks = _top_blocks(self.tokens, self.lines, streamed)

    def _parse(self, check: Check | None) -> tuple[list[Token], dict[int, TableRows]]:
        """The tokens, without the body rows of the tables read line by line (by their
        header's line) when the text has such tables."""
        found = plan(self.lines, self.text)
        if found is not None:
            if check is not None:
                check(found.text, found.source_line)
            tokens = _BLOCKS.parse(found.text)
            if found.remap(tokens):
                return tokens, {table.header: table for table in found.tables}
        if check is not None:
            check(self.text, _same_line)
        return _BLOCKS.parse(self.text), {}

    def slice(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start:end]).strip("\n")

    def is_blank(self, line: int) -> bool:
        return not self.lines[line].strip(" \t")


def _top_blocks(tokens: list[Token], lines: list[str],
                streamed: dict[int, TableRows]) -> list[Block]:
    blocks: list[Block] = []
    covered = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = _closing(tokens, index)
        if token.level == 0 and token.map is not None:
            start, end = token.map
            blocks += _uncovered(lines, covered, start)
            end = _trim_end(lines, start, end)
            blocks.append(Block(token.type.removesuffix("_open"), start, end,
                                tuple(tokens[index:close + 1]),
                                streamed.get(start) if token.type == "table_open" else None))
            covered = max(covered, token.map[1])
        index = close + 1
    blocks += _uncovered(lines, covered, len(lines))
    return blocks


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token that closes tokens[index] (itself when it opens nothing)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _uncovered(lines: list[str], start: int, end: int) -> list[Block]:
    """Runs of non-blank lines between blocks: text markdown-it made no token for."""
    blocks: list[Block] = []
    line = start
    while line < end:
        if not lines[line].strip(" \t"):
            line += 1
            continue
        first = line
        while line < end and lines[line].strip(" \t"):
            line += 1
        blocks.append(Block("text", first, line))
    return blocks


def _trim_end(lines: list[str], start: int, end: int) -> int:
    while end > start + 1 and not lines[end - 1].strip(" \t"):
        end -= 1
    return end


# --- lists ---------------------------------------------------------------------------------------

def list_items(source: Source, block: Block) -> list[Item]:
    """The items of a top-level list, each with its text dedented as its own Markdown."""
    items = []
    for token in block.tokens:
        if token.type != "list_item_open" or token.level != 1 or token.map is None:
            continue
        start = token.map[0]
        end = _trim_end(source.lines, start, min(token.map[1], block.end))
        text = _item_text(source.lines[start:end], token.info + token.markup)
        skipped = len(text) - len(text.lstrip("\n"))  # an item may start with a blank line
        items.append(Item(start, end, text.strip("\n"), start + skipped))
    return items


def _item_text(lines: list[str], marker: str) -> str:
    first = lines[0]
    marker_end = first.index(marker) + len(marker) if marker in first else 0
    rest = first[marker_end:]
    spaces = len(rest) - len(rest.lstrip(" "))
    # After a blank or an indented code block, the content starts one space after the marker.
    offset = marker_end + 1 if not rest.strip() or spaces > 4 else marker_end + spaces
    text = [first[offset:]] + [_dedent(line, offset) for line in lines[1:]]
    return "\n".join(text).rstrip("\n")


def _dedent(line: str, width: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, width):]


# --- tables --------------------------------------------------------------------------------------

def table_rows(source: Source, block: Block) -> Iterator[tuple[int, list[str]]]:
    """Each row of a table (the header first) with its source line and its cells' source, as
    markdown-it gives it: trimmed, escaped pipes already unescaped."""
    row: tuple[int, list[str]] | None = None
    for token in block.tokens:
        if token.type == "tr_open" and token.map is not None:
            if row is not None:
                yield row
            row = (token.map[0], [])
        elif token.type == "inline" and row is not None:
            row[1].append(token.content)
    if row is not None:
        yield row
    if block.rows is not None:
        lines, width = source.lines, block.rows.width
        for line in range(block.rows.start, block.rows.end):
            yield line, row_cells(lines[line], width)


# --- text ----------------------------------------------------------------------------------------

def heading_text(block: Block) -> str:
    """A heading's words without Markdown: "**Timeline**" reads as "Timeline"."""
    children = _MD.parseInline(block.inline())[0].children or []
    kinds = ("text", "code_inline", "softbreak")
    parts = [" " if child.type == "softbreak" else child.content
             for child in children if child.type in kinds]
    return " ".join("".join(parts).split())


def label(line: str) -> Label | None:
    """The bold label a line starts with, and the text after it."""
    match = _LABEL.fullmatch(line)
    if match is None:
        return None
    name, value = match.group("label").strip(), match.group("value").strip()
    if not name.endswith((":", "?")):  # "**Date**: ..." has its colon outside the bold
        value = value.removeprefix(":").strip()
    name = name.rstrip(":?").strip()
    return Label(" ".join(name.lower().split()), value)


def labelled_lines(
    source: Source, block: Block, lookup: Callable[[str], str | None],
    taken: set[str] | None = None,
) -> tuple[list[tuple[str, str, list[int]]], set[int]]:
    """The bold-labelled lines of a paragraph, or of a list's items: each label lookup() knows
    and that is not yet in taken, with its value (lines that follow without a label of their
    own continue it) and its source lines; and the lines that are not part of one."""
    taken = set() if taken is None else taken
    found: list[tuple[str, list[str], list[int]]] = []
    for group in _line_groups(source, block):
        current: int | None = None  # index into found of the value being continued
        for line, text in group:
            mark = label(text)
            key = lookup(mark.name) if mark is not None else None
            if mark is not None and key is not None and key not in taken:
                taken.add(key)
                found.append((key, [mark.value], [line]))
                current = len(found) - 1
            elif mark is None and current is not None and text.strip():
                found[current][1].append(text.strip())
                found[current][2].append(line)
            elif text.strip():
                current = None
    used = {line for _, _, lines in found for line in lines}
    extra = {line for line in range(block.start, block.end)
             if line not in used and not source.is_blank(line)}
    return [(key, " ".join(values), lines) for key, values, lines in found], extra


def _line_groups(source: Source, block: Block) -> list[list[tuple[int, str]]]:
    """A paragraph's lines as one group, or each list item's lines as a group; no other block
    holds labels."""
    if block.kind == "paragraph":
        return [[(line, source.lines[line]) for line in range(block.start, block.end)]]
    if block.kind in ("bullet_list", "ordered_list"):
        return [
            [(item.source_line(index), text) for index, text in enumerate(item.text.split("\n"))]
            for item in list_items(source, block)
        ]
    return []


def plain_name(text: str) -> str:
    """A heading or column name for matching: lower case, no numbering or trailing colon."""
    text = re.sub(r"^\d+[.)]\s+", "", text.strip()).rstrip(":").strip()
    return " ".join(text.lower().replace("&", "and").split())


def preview(text: str) -> str:
    """The first line of a text, shortened for a report."""
    line = text.strip().split("\n")[0].rstrip()
    return line if len(line) <= 60 else line[:57] + "..."
