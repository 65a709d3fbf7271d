"""Markdown export that follows the organisation's standard (../shared/FORMAT.md) to the letter.

The skeleton (headings, bold labels, table columns) is the outline (document/outline.py), written
part by part; the author's words fill it. An empty field becomes EMPTY_MARKER so a reviewer
notices it; a heading is never left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from postmortem.document.metrics import metric_values
from postmortem.document.milestones import computed_note
from postmortem.document.model import ActionItem, Document, Link, Milestone, TimelineEvent
from postmortem.document.outline import (
    ACTION_TABLE,
    BECAUSE,
    PARTS,
    TIMELINE_TABLE,
    TITLE,
    WHY,
    Body,
    Label,
    Part,
    Table,
    level,
    value_at,
)
from postmortem.document.text import (
    EMPTY_MARKER,
    encode_cell,
    encode_link_label,
    encode_link_url,
    escape_inline,
    normalize_block,
    normalize_cell,
    normalize_line,
    protect_placeholder,
    read_placeholder,
    unescape_inline,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def _markdown(*rules: str) -> MarkdownIt:
    """A CommonMark parser (with the given extra rules), built on first use."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(list(rules))


TITLE_PREFIX = f"# {TITLE}: "
BREAK = "  "  # two trailing spaces: a Markdown line break
# The paragraphs of bold labels, one label a line (the import reads them as they are written).
LABEL_PARAGRAPHS = tuple(
    tuple(label.text for label in paragraph)
    for part in PARTS if part.body in (Body.LABELS, Body.TIMELINE)
    for paragraph in part.labels
)

# A milestone travels in the Event cell as a tag the importer reads back: "[Detected] ...".
MILESTONE_TAGS = {milestone: f"[{milestone.label}]" for milestone in Milestone}
_TAGS = "|".join(re.escape(tag) for tag in MILESTONE_TAGS.values())
_TAG_AT_START = re.compile(r"^(\\*)(" + _TAGS + r")(?= |$)")
_ESCAPED_TAG = re.compile(r"^\\(\\*)(" + _TAGS + r")(?= |$)")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")

Row = TypeVar("Row")

# Text kept after a list that it would otherwise continue is set apart by an empty comment.
EXTRA_SEPARATOR = "<!-- -->"


def export_markdown(document: Document) -> str:
    return "\n".join(_Writer(document).lines()) + "\n"


def event_cell(event: TimelineEvent) -> str:
    """The Event cell: milestone tag first; an author's text that looks like a tag is escaped."""
    text = protect_placeholder(normalize_cell(event.event))
    text = _TAG_AT_START.sub(lambda m: "\\" + m.group(1) + m.group(2), text)
    if event.milestone is not None:
        text = f"{MILESTONE_TAGS[event.milestone]} {text}".rstrip()
    return text


def read_event_cell(text: str) -> tuple[Milestone | None, str]:
    """Invert event_cell on a cell's decoded text: the milestone, and the author's text."""
    milestone = None
    if text.startswith("["):  # every tag is [bracketed]
        for candidate, tag in MILESTONE_TAGS.items():
            if text == tag or text.startswith(tag + " "):
                milestone, text = candidate, text[len(tag):].lstrip(" ")
                break
    if text.startswith("\\"):  # an escaped tag begins with a backslash
        text = _ESCAPED_TAG.sub(lambda m: m.group(1) + m.group(2), text)
    return milestone, read_placeholder(text)


def or_marker(value: str) -> str:
    """A one-line value made safe, or the empty marker."""
    return protect_placeholder(normalize_line(value)) or EMPTY_MARKER


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(map(_cell_text, row)) + " |")
    return lines


def _cell_text(value: str) -> str:
    """encode_cell(normalize_cell(value)), said at once for the common cell, which both leave
    as it is: one printable line, trimmed, without a pipe or a <br, not the empty marker."""
    if (value and value.isprintable() and "|" not in value and "<br" not in value
            and value != EMPTY_MARKER and not value[0].isspace() and not value[-1].isspace()):
        return value
    return encode_cell(normalize_cell(value))


def numbered(items: list[str]) -> list[str]:
    if not items:
        return [EMPTY_MARKER]
    lines: list[str] = []
    for number, item in enumerate(items, start=1):
        lines += _list_item(f"{number}. ", protect_placeholder(normalize_block(item)))
    return lines


def _list_item(marker: str, text: str) -> list[str]:
    indent = " " * len(marker)
    first, *rest = text.split("\n")
    if first.startswith((" ", "\t")):  # blanks after the marker would be read as its spacing
        return [marker.rstrip()] + [indent + line if line else "" for line in [first, *rest]]
    return [marker + first] + [indent + line if line else "" for line in rest]


def link_list(links: list[Link]) -> list[str]:
    if not links:
        return [EMPTY_MARKER]
    return [
        f"- [{encode_link_label(normalize_line(link.label))}]({encode_link_url(link.url)})"
        for link in links
    ]


class _Writer:
    """Writes the outline, part by part, each heading followed by its body and its extras."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.out: list[str] = []
        self.metrics = metric_values(document)

    def lines(self) -> list[str]:
        self.out.append(TITLE_PREFIX + or_marker(self.doc.title))
        self._extras("title", len(self.out))
        for part in PARTS:
            self._heading(part)
        return self.out

    # --- structure ---------------------------------------------------------------------------

    def _heading(self, part: Part) -> None:
        self.out += ["", "#" * level(part) + " " + part.heading]
        before = len(self.out)
        _BODY_WRITERS[part.body](self, part)
        if len(self.out) > before:
            self.out.insert(before, "")
        self._extras(part.key, before)

    def _extras(self, key: str, body_start: int) -> None:
        for extra in self.doc.extras:
            if extra.after == key:
                body = "\n".join(self.out[body_start:])
                apart = absorbs(body, strip_separators(extra.markdown))
                self.out += ["", *([EXTRA_SEPARATOR, ""] if apart else []), extra.markdown]

    def _labels(self, paragraph: tuple[Label, ...]) -> None:
        labels = [label.text for label in paragraph]
        values = [self._value(label) for label in paragraph]
        self.out += _label_lines(labels, label_values(labels, values))

    def _value(self, label: Label) -> str:
        """A label's value as one line of text."""
        owner, _, name = label.path.partition(".")
        if owner == "stated_times":
            return self._measured_time(name)
        value = value_at(self.doc, label.path)
        if isinstance(value, list):
            return ", ".join(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return "" if value is None else str(value)  # a vocabulary word is its value

    def _measured_time(self, name: str) -> str:
        """A measured time as written: "H:MM (note)"; a computed one says so in its note; a
        note whose time is not known yet follows the empty marker."""
        metric = self.metrics[name]
        if metric.is_stated:
            return _with_note(metric.value, metric.note)
        if metric.computed:
            if name == "duration" and not metric.note:
                return metric.computed  # as the standard writes it: <H:MM> alone
            return _with_note(metric.computed, computed_note(metric.note))
        return _with_note(EMPTY_MARKER, metric.note) if metric.note else ""

    # --- bodies ------------------------------------------------------------------------------

    def _nothing(self, part: Part) -> None:
        """A heading whose subsections hold its content."""

    def _paragraphs(self, part: Part) -> None:
        for index, paragraph in enumerate(part.labels):
            if index:
                self.out.append("")
            self._labels(paragraph)

    def _label_list(self, part: Part) -> None:
        for label in part.all_labels():
            self.out.append(f"- {label.bold} {or_marker(self._value(label))}")

    def _text(self, part: Part) -> None:
        text = value_at(self.doc, part.key)
        self.out.append(protect_placeholder(normalize_block(text)) or EMPTY_MARKER)

    def _list(self, part: Part) -> None:
        self.out.extend(numbered(value_at(self.doc, part.key)))

    def _links(self, part: Part) -> None:
        self.out.extend(link_list(value_at(self.doc, part.key)))

    def _timeline(self, part: Part) -> None:
        self._table(TIMELINE_TABLE, _EVENT_CELLS, self.doc.timeline)
        self.out.append("")
        self._paragraphs(part)

    def _action_items(self, part: Part) -> None:
        self._table(ACTION_TABLE, _ACTION_CELLS, self.doc.action_items)

    def _table(self, shape: Table, cells: Mapping[str, Callable[[Row], str]],
               rows: Sequence[Row]) -> None:
        self.out += table(shape.header, ([cells[column.field](row) for column in shape.columns]
                                         for row in rows))
        if not rows:
            self.out += ["", EMPTY_MARKER]

    def _five_whys(self, part: Part) -> None:
        for label in part.all_labels():  # the problem statement
            self.out.append(f"{label.bold} {or_marker(self._value(label))}")
        steps = self.doc.five_whys.steps
        if not steps:
            self.out += ["", EMPTY_MARKER]
        for number, step in enumerate(steps, start=1):
            marker = f"{number}. "
            indent = " " * len(marker)
            self.out += [
                "",
                f"{marker}{WHY.bold} {or_marker(step.why)}",
                "",
                f"{indent}- {BECAUSE.bold} {or_marker(step.because)}",
            ]


_BODY_WRITERS: dict[Body, Callable[[_Writer, Part], None]] = {
    Body.SUBSECTIONS: _Writer._nothing,
    Body.LABELS: _Writer._paragraphs,
    Body.LABEL_LIST: _Writer._label_list,
    Body.TEXT: _Writer._text,
    Body.LIST: _Writer._list,
    Body.LINKS: _Writer._links,
    Body.TIMELINE: _Writer._timeline,
    Body.ACTIONS: _Writer._action_items,
    Body.WHYS: _Writer._five_whys,
}

# The cells of a table row, by the field its column shows.
_EVENT_CELLS: dict[str, Callable[[TimelineEvent], str]] = {
    "time": lambda event: event.time.isoformat(" ", "minutes")[:16],  # YYYY-MM-DD HH:MM
    "event": lambda event: event_cell(event),
    "actions": lambda event: protect_placeholder(normalize_cell(event.actions)),
}
_ACTION_CELLS: dict[str, Callable[[ActionItem], str]] = {
    "id": lambda item: item.id,
    "description": lambda item: protect_placeholder(normalize_cell(item.description)),
    "owner": lambda item: protect_placeholder(normalize_cell(item.owner)),
    "priority": lambda item: item.priority.value,
    "due": lambda item: item.due.isoformat() if item.due else "",
    "status": lambda item: item.status.value,
}


def label_values(labels: list[str], values: list[str]) -> list[str]:
    """The values of one paragraph of labels as written: plain, or all of them backslash-escaped
    when plain text would break the paragraph (the labels share it, so a code span, raw HTML or
    link title one value opens and a later one closes would swallow the labels between), or
    when a plain value holds an escape already, so that a reader can tell the two forms apart."""
    plain = [or_marker(value) for value in values]
    if _needs_escaping(labels, plain):
        return [escape_inline(normalize_line(value)) or EMPTY_MARKER for value in values]
    return plain


def read_label_values(labels: list[str], written: list[str]) -> list[str]:
    """Invert label_values, given the paragraph's labels and the values as written."""
    if all(value == EMPTY_MARKER or escape_inline(unescape_inline(value)) == value
           for value in written):
        values = ["" if value == EMPTY_MARKER else unescape_inline(value) for value in written]
        if _needs_escaping(labels, [or_marker(value) for value in values]):
            return values
    return [read_placeholder(value) for value in written]


def _needs_escaping(labels: list[str], plain: list[str]) -> bool:
    if all(value == EMPTY_MARKER or _PLAIN_VALUE.fullmatch(value) for value in plain):
        return False  # plain words cannot break the paragraph, nor hold an escape
    lines = _label_lines(labels, plain)
    broken = _line_labels(lines) != [f"{label}:" for label in labels]
    return broken or any(_ESCAPE.search(value) for value in plain)


# Letters, digits, spaces and the punctuation that means nothing to CommonMark inline parsing
# in the middle of a line (no \ ` * _ [ ] < > & ~ |): what most values are.
_PLAIN_VALUE = re.compile(r"(?:[^\W_]|[ ,.;:/()'\"%+@?!=#-])*")


def _label_lines(labels: list[str], values: list[str]) -> list[str]:
    return [
        f"**{label}:** {value}{BREAK if index < len(labels) - 1 else ''}"
        for index, (label, value) in enumerate(zip(labels, values, strict=True))
    ]


def _line_labels(lines: list[str]) -> list[str]:
    """The bold texts that begin a line, as a Markdown reader parses these lines."""
    found: list[str] = []
    for token in _markdown().parse("\n".join(lines)):
        children = token.children or []
        children = [child for child in children if child.type != "text" or child.content]
        for index, child in enumerate(children[:-1]):
            at_start = index == 0 or children[index - 1].type in ("softbreak", "hardbreak")
            if at_start and child.type == "strong_open":
                found.append(children[index + 1].content)
    return found


def strip_separators(text: str) -> str:
    """Text without the separators and blank lines it starts with."""
    lines = text.split("\n")
    while lines and (lines[0] == EXTRA_SEPARATOR or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def absorbs(body: str, text: str) -> bool:
    """Whether text, written after body with a blank line between, would run on into body's
    last block (continue its list, say) instead of standing on its own."""
    if not body.strip() or not text.strip():
        return False
    end = body.count("\n") + 1
    tokens = _blocks_only().parse(body + "\n\n" + _first_lines(text))
    return any(token.level == 0 and token.map is not None and token.map[0] < end
               and token.map[1] > end + 1 for token in tokens)


def _first_lines(text: str, most: int = 20) -> str:
    """The start of text, to the first blank line after words (at most `most` lines): whether
    a block above runs on into text is decided by text's first line, so the rest (a table of
    100,000 rows, say) need not be parsed."""
    taken: list[str] = []
    for line in text.split("\n", most)[:most]:
        if not line.strip() and any(kept.strip() for kept in taken):
            break
        taken.append(line)
    return "\n".join(taken)


@cache
def _blocks_only() -> MarkdownIt:
    """A parser of blocks only, as the importer reads them (with tables); no inline pass."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable("inline")


def _with_note(value: str, note: str) -> str:
    if not value:
        return ""
    return f"{value} ({note})" if note else value
