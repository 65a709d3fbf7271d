"""What the review says: findings, each from one rule, about one field of one section.

A finding names its field by the value's dotted path in the document, with row numbers counted
from 0 ("action_items.2.owner", "timeline.4.event"): the app opens that field, the command line
finds its line in the file. Its words for people come from the outline (outline.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from postmortem.document.outline import (
    ACTION_TABLE,
    BECAUSE,
    LABEL_BY_PATH,
    PART_BY_KEY,
    TIMELINE_TABLE,
    WHY,
    heading,
)
from postmortem.document.sections import SECTION_BY_KEY

if TYPE_CHECKING:
    from postmortem.document.model import Document


class Level(StrEnum):
    """How much a finding matters: an error fails `check`, a warning is worth fixing, a hint is
    for information."""

    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"


LEVEL_ORDER = {Level.ERROR: 0, Level.WARNING: 1, Level.HINT: 2}


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule's id, e.g. "action-owner"
    severity: Level
    section: str  # the key of the app's section (sections.py), e.g. "action_items"
    field: str  # the dotted path of the value, rows counted from 0
    message: str
    fix: str

    @property
    def location(self) -> tuple[str | int, ...]:
        """The field as a path of names and row numbers, as pydantic locates values."""
        return tuple(int(part) if part.isdigit() else part for part in self.field.split("."))


# --- where a value belongs ---------------------------------------------------------------------

def section_of(field: str) -> str:
    """The app's section a value is edited in: "incident.date" -> "incident". The stated times
    (Duration too, which the standard writes under Incident Information) are stated beside the
    timeline they are measured from."""
    first = field.partition(".")[0]
    if first == "stated_times":
        return "timeline"
    return first if first in SECTION_BY_KEY else "incident"


def field_name(field: str, document: Document | None = None) -> str:
    """The field in the standard's words: "Time to Mitigation", "Timeline row 3, Event",
    "AI-2 Owner", "5 Whys Analysis step 2, Because"."""
    parts = field.split(".")
    bare = ".".join(part for part in parts if not part.isdigit())
    if field in LABEL_BY_PATH:
        return LABEL_BY_PATH[field].text
    if bare.startswith("stated_times.") and ".".join(parts[:2]) in LABEL_BY_PATH:
        return LABEL_BY_PATH[".".join(parts[:2])].text
    if field in PART_BY_KEY:
        return PART_BY_KEY[field].heading
    numbers = [int(part) for part in parts if part.isdigit()]
    if not numbers:
        return "Title" if field == "title" else field.replace("_", " ")
    return _row_name(parts, numbers[0], document)


def _row_name(parts: list[str], row: int, document: Document | None) -> str:
    head = parts[0]
    last = parts[-1] if not parts[-1].isdigit() else ""
    if head == "timeline":
        column = f", {TIMELINE_TABLE.column(last).name}" if last else ""
        return f"{heading('timeline')} row {row + 1}{column}"
    if head == "action_items":
        items = document.action_items if document is not None else []
        name = items[row].id if row < len(items) else f"#{row + 1}"
        column = f" {ACTION_TABLE.column(last).name}" if last else ""
        return f"{name}{column}"
    if head == "five_whys":
        label = {"why": WHY.text, "because": BECAUSE.text}.get(last, "")
        return f"{heading('five_whys')} step {row + 1}" + (f", {label}" if label else "")
    container = ".".join(part for part in parts if not part.isdigit() and part != last) \
        if last else ".".join(part for part in parts if not part.isdigit())
    where = (PART_BY_KEY[container].heading if container in PART_BY_KEY
             else LABEL_BY_PATH[container].text if container in LABEL_BY_PATH else container)
    kind = "link" if head == "supporting" else "item"
    return f"{where} {kind} {row + 1}"
