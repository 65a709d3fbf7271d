"""The organisation's post-mortem standard (../shared/FORMAT.md) as data: its sections and
subsections in order, the bold field labels, the table columns, and where the model keeps each.

This is the only place the standard's words are written. The model takes its anchors from it,
the export writes it, the import reads it, and the screens label their fields with it: adding a
subsection means adding it here (and a field to the model and a screen).

Plain frozen dataclasses, cheap to import: the first frame of the app reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# The title heading: "# Post-Mortem: <title>".
TITLE = "Post-Mortem"


class Body(StrEnum):
    """What the text under a heading holds, and so how it is written and read."""

    SUBSECTIONS = "subsections"  # nothing of its own: its subsections hold the content
    LABELS = "labels"  # paragraphs of bold labels, one a line: "**Date:** 2026-03-14"
    LABEL_LIST = "label list"  # a bullet list of bold labels: "- **Affected Users:** ..."
    TEXT = "text"  # free text (Markdown)
    LIST = "list"  # a numbered list
    LINKS = "links"  # a bullet list of links: "- [label](url)"
    TIMELINE = "timeline"  # TIMELINE_TABLE, then a paragraph of labels (the measured times)
    ACTIONS = "actions"  # ACTION_TABLE
    WHYS = "whys"  # a label (the problem statement), then numbered Why? / Because: steps


@dataclass(frozen=True)
class Label:
    """A bold field label: its words as the standard writes them, and the dotted path of the
    value in the model."""

    text: str
    path: str

    @property
    def written(self) -> str:
        """With the colon the standard puts after a label, unless it asks: "Date:", "Why?"."""
        return self.text if self.text.endswith("?") else f"{self.text}:"

    @property
    def bold(self) -> str:
        """As it stands in the Markdown: "**Date:**"."""
        return f"**{self.written}**"


@dataclass(frozen=True)
class Column:
    """A table column: its name in the header, and the field of a row that fills it."""

    name: str
    field: str


@dataclass(frozen=True)
class Table:
    """One of the standard's tables, its columns in order."""

    columns: tuple[Column, ...]

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, field: str) -> Column:
        """The column a row's field fills."""
        return next(column for column in self.columns if column.field == field)


Paragraph = tuple[Label, ...]


@dataclass(frozen=True)
class Part:
    """A heading of the standard and what is under it.

    key: where text that fits no field is kept (Extra.after); for free text, lists and links,
    also the dotted path of the field that holds them.
    """

    key: str
    heading: str
    body: Body
    labels: tuple[Paragraph, ...] = ()  # in order; LABEL_LIST writes them all as one list
    subsections: tuple[Part, ...] = ()

    def all_labels(self) -> tuple[Label, ...]:
        return tuple(label for paragraph in self.labels for label in paragraph)


# --- the tables --------------------------------------------------------------------------------

TIMELINE_TABLE = Table((
    Column("Time (UTC)", "time"),  # rows are "YYYY-MM-DD HH:MM", oldest first
    Column("Event", "event"),
    Column("Actions Taken", "actions"),
))
ACTION_TABLE = Table((
    Column("ID", "id"),  # AI-1, AI-2, ...
    Column("Description", "description"),
    Column("Owner", "owner"),
    Column("Priority", "priority"),
    Column("Due Date", "due"),
    Column("Status", "status"),
))

# --- the labels the sections below share with other code ----------------------------------------

PROBLEM_STATEMENT = Label("Problem Statement", "five_whys.problem_statement")
# Each numbered step of the 5 Whys: "1. **Why?** ..." and, under it, "- **Because:** ...".
WHY = Label("Why?", "five_whys.steps.why")
BECAUSE = Label("Because", "five_whys.steps.because")

# --- the skeleton, in order ---------------------------------------------------------------------

OUTLINE: tuple[Part, ...] = (
    Part("incident", "Incident Information", Body.LABELS, labels=(
        (Label("Incident ID", "incident.id"),
         Label("Date", "incident.date"),
         Label("Duration", "stated_times.duration"),  # <H:MM> alone, without a note
         Label("Severity", "incident.severity")),
        (Label("Incident Commander", "incident.commander"),
         Label("Technical Lead", "incident.technical_lead"),
         Label("Communications Lead", "incident.communications_lead"),
         Label("Additional Responders", "incident.additional_responders")),
    )),
    Part("executive_summary", "Executive Summary", Body.TEXT),
    Part("timeline", "Timeline", Body.TIMELINE, labels=(
        (Label("Time to Detection", "stated_times.time_to_detection"),
         Label("Time to Mitigation", "stated_times.time_to_mitigation"),
         Label("Time to Resolution", "stated_times.time_to_resolution")),
    )),
    Part("impact", "Impact Assessment", Body.SUBSECTIONS, subsections=(
        Part("impact.user", "User Impact", Body.LABEL_LIST, labels=(
            (Label("Affected Users", "impact.affected_users"),
             Label("Affected Functionality", "impact.affected_functionality"),
             Label("User Experience", "impact.user_experience")),
        )),
        Part("impact.business", "Business Impact", Body.LABEL_LIST, labels=(
            (Label("Revenue Impact", "impact.revenue_impact"),
             Label("SLA Violations", "impact.sla_violations"),
             Label("Reputation Impact", "impact.reputation_impact")),
        )),
        Part("impact.technical", "Technical Impact", Body.LABEL_LIST, labels=(
            (Label("Systems Affected", "impact.systems_affected"),
             Label("Data Impact", "impact.data_impact"),
             Label("Downstream Services", "impact.downstream_services")),
        )),
    )),
    Part("root_cause", "Root Cause Analysis", Body.SUBSECTIONS, subsections=(
        Part("root_cause.what_happened", "What Happened", Body.TEXT),
        Part("root_cause.why_it_happened", "Why It Happened", Body.TEXT),
        Part("root_cause.contributing_factors", "Contributing Factors", Body.LIST),
        Part("five_whys", "5 Whys Analysis", Body.WHYS, labels=((PROBLEM_STATEMENT,),)),
    )),
    Part("response", "Response Assessment", Body.SUBSECTIONS, subsections=(
        Part("response.went_well", "What Went Well", Body.LIST),
        Part("response.went_poorly", "What Went Poorly", Body.LIST),
        Part("response.detection_gaps", "Detection Gaps", Body.TEXT),
        Part("response.resolution_challenges", "Resolution Challenges", Body.TEXT),
    )),
    Part("action_items", "Action Items", Body.ACTIONS),
    Part("preventive", "Preventive Measures", Body.SUBSECTIONS, subsections=(
        Part("preventive.technical", "Technical Improvements", Body.LIST),
        Part("preventive.process", "Process Improvements", Body.LIST),
        Part("preventive.monitoring", "Monitoring Improvements", Body.LIST),
    )),
    Part("lessons_learned", "Lessons Learned", Body.TEXT),
    Part("supporting", "Supporting Information", Body.SUBSECTIONS, subsections=(
        Part("supporting.metrics_and_logs", "Metrics and Logs", Body.LINKS),
        Part("supporting.communication_artifacts", "Communication Artifacts", Body.LINKS),
        Part("supporting.related_documentation", "Related Documentation", Body.LINKS),
    )),
)


# --- looking things up ---------------------------------------------------------------------------

def _in_order(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    return tuple(found for part in parts for found in (part, *_in_order(part.subsections)))


# Every section and subsection, in the order of the document.
PARTS: tuple[Part, ...] = _in_order(OUTLINE)
PART_BY_KEY = {part.key: part for part in PARTS}
LABEL_BY_PATH = {label.path: label for part in PARTS for label in part.all_labels()}


def value_at(document: object, path: str) -> Any:
    """The value a dotted path names in the document: "incident.id" -> document.incident.id."""
    value: Any = document
    for name in path.split("."):
        value = getattr(value, name)
    return value


def heading(key: str) -> str:
    """The heading of a section or subsection, by its key: "timeline" -> "Timeline"."""
    return PART_BY_KEY[key].heading


def field_label(path: str) -> str:
    """The words of a field's bold label, by the value's path: "incident.id" -> "Incident ID"."""
    return LABEL_BY_PATH[path].text


_SECTION_KEYS = frozenset(part.key for part in OUTLINE)


def level(part: Part) -> int:
    """The Markdown heading level of a part: 2 for a section, 3 for a subsection."""
    return 2 if part.key in _SECTION_KEYS else 3
