"""Markdown export that follows the organisation's standard (../shared/FORMAT.md) to the letter.

The skeleton (headings, bold labels, table columns) is fixed; the author's words fill it. An
empty field becomes EMPTY_MARKER so a reviewer notices it; a heading is never left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, partial
from typing import TYPE_CHECKING

from postmortem.document.metrics import AUTO_NOTE, metric_values
from postmortem.document.model import Document, Link, Milestone, TimelineEvent
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


TITLE_PREFIX = "# Post-Mortem: "
BREAK = "  "  # two trailing spaces: a Markdown line break
TIMELINE_HEADER = ("Time (UTC)", "Event", "Actions Taken")
# The paragraphs of bold labels, one label a line.
INCIDENT_LABELS = ("Incident ID", "Date", "Duration", "Severity")
PEOPLE_LABELS = ("Incident Commander", "Technical Lead", "Communications Lead",
                 "Additional Responders")
TIME_LABELS = ("Time to Detection", "Time to Mitigation", "Time to Resolution")
LABEL_PARAGRAPHS = (INCIDENT_LABELS, PEOPLE_LABELS, TIME_LABELS)
ACTION_HEADER = ("ID", "Description", "Owner", "Priority", "Due Date", "Status")

IMPACT_GROUPS = (
    ("User Impact", "impact.user", (
        ("Affected Users", "affected_users"),
        ("Affected Functionality", "affected_functionality"),
        ("User Experience", "user_experience"),
    )),
    ("Business Impact", "impact.business", (
        ("Revenue Impact", "revenue_impact"),
        ("SLA Violations", "sla_violations"),
        ("Reputation Impact", "reputation_impact"),
    )),
    ("Technical Impact", "impact.technical", (
        ("Systems Affected", "systems_affected"),
        ("Data Impact", "data_impact"),
        ("Downstream Services", "downstream_services"),
    )),
)

# A milestone travels in the Event cell as a tag the importer reads back: "[Detected] ...".
MILESTONE_TAGS = {milestone: f"[{milestone.label}]" for milestone in Milestone}
_TAGS = "|".join(re.escape(tag) for tag in MILESTONE_TAGS.values())
_TAG_AT_START = re.compile(r"^(\\*)(" + _TAGS + r")(?= |$)")
_ESCAPED_TAG = re.compile(r"^\\(\\*)(" + _TAGS + r")(?= |$)")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")

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
    for candidate, tag in MILESTONE_TAGS.items():
        if text == tag or text.startswith(tag + " "):
            milestone, text = candidate, text[len(tag):].lstrip(" ")
            break
    text = _ESCAPED_TAG.sub(lambda m: m.group(1) + m.group(2), text)
    return milestone, read_placeholder(text)


def or_marker(value: str) -> str:
    """A one-line value made safe, or the empty marker."""
    return protect_placeholder(normalize_line(value)) or EMPTY_MARKER


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(encode_cell(normalize_cell(cell)) for cell in row) + " |")
    return lines


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
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.out: list[str] = []

    def lines(self) -> list[str]:
        doc = self.doc
        self.out.append(TITLE_PREFIX + or_marker(doc.title))
        self._extras("title", len(self.out))
        self._section("Incident Information", "incident", self._incident)
        self._section("Executive Summary", "executive_summary",
                      lambda: self._block(doc.executive_summary))
        self._section("Timeline", "timeline", self._timeline)
        self._section("Impact Assessment", "impact", lambda: None)
        for heading, key, fields in IMPACT_GROUPS:
            self._subsection(heading, key, partial(self._bullets, fields))
        self._root_cause()
        self._response()
        self._section("Action Items", "action_items", self._action_items)
        prevent = doc.preventive
        self._section("Preventive Measures", "preventive", lambda: None)
        self._subsection("Technical Improvements", "preventive.technical",
                         lambda: self.out.extend(numbered(prevent.technical)))
        self._subsection("Process Improvements", "preventive.process",
                         lambda: self.out.extend(numbered(prevent.process)))
        self._subsection("Monitoring Improvements", "preventive.monitoring",
                         lambda: self.out.extend(numbered(prevent.monitoring)))
        self._section("Lessons Learned", "lessons_learned",
                      lambda: self._block(doc.lessons_learned))
        links = doc.supporting
        self._section("Supporting Information", "supporting", lambda: None)
        self._subsection("Metrics and Logs", "supporting.metrics_and_logs",
                         lambda: self.out.extend(link_list(links.metrics_and_logs)))
        self._subsection("Communication Artifacts", "supporting.communication_artifacts",
                         lambda: self.out.extend(link_list(links.communication_artifacts)))
        self._subsection("Related Documentation", "supporting.related_documentation",
                         lambda: self.out.extend(link_list(links.related_documentation)))
        return self.out

    # --- structure ---------------------------------------------------------------------------

    def _section(self, heading: str, key: str, body: Callable[[], None]) -> None:
        self._heading("## " + heading, key, body)

    def _subsection(self, heading: str, key: str, body: Callable[[], None]) -> None:
        self._heading("### " + heading, key, body)

    def _heading(self, heading: str, key: str, body: Callable[[], None]) -> None:
        self.out += ["", heading]
        before = len(self.out)
        body()
        if len(self.out) > before:
            self.out.insert(before, "")
        self._extras(key, before)

    def _extras(self, key: str, body_start: int) -> None:
        for extra in self.doc.extras:
            if extra.after == key:
                body = "\n".join(self.out[body_start:])
                apart = absorbs(body, strip_separators(extra.markdown))
                self.out += ["", *([EXTRA_SEPARATOR, ""] if apart else []), extra.markdown]

    def _block(self, text: str) -> None:
        self.out.append(protect_placeholder(normalize_block(text)) or EMPTY_MARKER)

    def _labels(self, labels: tuple[str, ...], values: list[str]) -> None:
        self.out += _label_lines(list(labels), label_values(list(labels), values))

    # --- sections ----------------------------------------------------------------------------

    def _incident(self) -> None:
        info = self.doc.incident
        duration = metric_values(self.doc)["duration"]
        self._labels(INCIDENT_LABELS, [
            info.id,
            info.date.isoformat() if info.date else "",
            duration.value,  # the standard gives Duration no note: <H:MM> alone
            info.severity.value if info.severity else "",
        ])
        self.out.append("")
        self._labels(PEOPLE_LABELS, [
            info.commander, info.technical_lead, info.communications_lead,
            ", ".join(info.additional_responders),
        ])

    def _timeline(self) -> None:
        rows = [
            (event.time.isoformat(" ", "minutes")[:16], event_cell(event),  # YYYY-MM-DD HH:MM
             protect_placeholder(normalize_cell(event.actions)))
            for event in self.doc.timeline
        ]
        self.out += table(TIMELINE_HEADER, rows)
        if not rows:
            self.out += ["", EMPTY_MARKER]
        self.out.append("")
        values = metric_values(self.doc)
        times = []
        for name in ("time_to_detection", "time_to_mitigation", "time_to_resolution"):
            metric = values[name]
            note = metric.note if metric.is_stated else (AUTO_NOTE if metric.computed else "")
            times.append(_with_note(metric.value, note))
        self._labels(TIME_LABELS, times)

    def _bullets(self, fields: tuple[tuple[str, str], ...]) -> None:
        for label, name in fields:
            self.out.append(f"- **{label}:** {or_marker(getattr(self.doc.impact, name))}")

    def _root_cause(self) -> None:
        cause = self.doc.root_cause
        self._section("Root Cause Analysis", "root_cause", lambda: None)
        self._subsection("What Happened", "root_cause.what_happened",
                         lambda: self._block(cause.what_happened))
        self._subsection("Why It Happened", "root_cause.why_it_happened",
                         lambda: self._block(cause.why_it_happened))
        self._subsection("Contributing Factors", "root_cause.contributing_factors",
                         lambda: self.out.extend(numbered(cause.contributing_factors)))
        self._subsection("5 Whys Analysis", "five_whys", self._five_whys)

    def _five_whys(self) -> None:
        whys = self.doc.five_whys
        self.out.append(f"**Problem Statement:** {or_marker(whys.problem_statement)}")
        if not whys.steps:
            self.out += ["", EMPTY_MARKER]
        for number, step in enumerate(whys.steps, start=1):
            marker = f"{number}. "
            indent = " " * len(marker)
            self.out += [
                "",
                f"{marker}**Why?** {or_marker(step.why)}",
                "",
                f"{indent}- **Because:** {or_marker(step.because)}",
            ]

    def _response(self) -> None:
        response = self.doc.response
        self._section("Response Assessment", "response", lambda: None)
        self._subsection("What Went Well", "response.went_well",
                         lambda: self.out.extend(numbered(response.went_well)))
        self._subsection("What Went Poorly", "response.went_poorly",
                         lambda: self.out.extend(numbered(response.went_poorly)))
        self._subsection("Detection Gaps", "response.detection_gaps",
                         lambda: self._block(response.detection_gaps))
        self._subsection("Resolution Challenges", "response.resolution_challenges",
                         lambda: self._block(response.resolution_challenges))

    def _action_items(self) -> None:
        rows = [
            (item.id, protect_placeholder(normalize_cell(item.description)),
             protect_placeholder(normalize_cell(item.owner)), item.priority.value,
             item.due.isoformat() if item.due else "", item.status.value)
            for item in self.doc.action_items
        ]
        self.out += table(ACTION_HEADER, rows)
        if not rows:
            self.out += ["", EMPTY_MARKER]


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
    end = len(body.split("\n"))
    tokens = _markdown("table").parse(body + "\n\n" + text)
    return any(token.level == 0 and token.map is not None and token.map[0] < end
               and token.map[1] > end + 1 for token in tokens)


def _with_note(value: str, note: str) -> str:
    if not value:
        return ""
    return f"{value} ({note})" if note else value
