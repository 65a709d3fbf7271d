"""The sections of the app, in the standard's order, with their guidance and how complete each
one is. Their headings are the outline's (outline.py)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from postmortem.document.outline import heading

if TYPE_CHECKING:
    from postmortem.document.model import Document


class SectionState(Enum):
    EMPTY = "empty"
    STARTED = "started"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    parts: Callable[[Document], list[bool]]  # one flag per part: is it filled in?

    @property
    def guidance(self) -> str:
        return load_guidance().get(self.key, "")


def _incident(doc: Document) -> list[bool]:
    info = doc.incident
    return [bool(doc.title), bool(info.id), info.date is not None, info.severity is not None,
            bool(info.commander), bool(info.technical_lead), bool(info.communications_lead)]


def _timeline(doc: Document) -> list[bool]:
    from postmortem.document.metrics import milestone_times

    marks = milestone_times(doc.timeline)
    return [bool(doc.timeline), len(marks) == 4]


def _impact(doc: Document) -> list[bool]:
    return [bool(value) for value in doc.impact.model_dump().values()]


def _root_cause(doc: Document) -> list[bool]:
    cause = doc.root_cause
    return [bool(cause.what_happened), bool(cause.why_it_happened),
            bool(cause.contributing_factors)]


def _five_whys(doc: Document) -> list[bool]:
    whys = doc.five_whys
    answered = [step for step in whys.steps if step.why and step.because]
    return [bool(whys.problem_statement), len(answered) >= 3]


def _response(doc: Document) -> list[bool]:
    response = doc.response
    return [bool(response.went_well), bool(response.went_poorly),
            bool(response.detection_gaps), bool(response.resolution_challenges)]


def _action_items(doc: Document) -> list[bool]:
    items = doc.action_items
    complete = all(item.description and item.owner and item.due for item in items)
    return [bool(items), bool(items) and complete]


def _preventive(doc: Document) -> list[bool]:
    prevent = doc.preventive
    return [bool(prevent.technical), bool(prevent.process), bool(prevent.monitoring)]


def _supporting(doc: Document) -> list[bool]:
    links = doc.supporting
    return [bool(links.metrics_and_logs), bool(links.communication_artifacts),
            bool(links.related_documentation)]


# The sections of the app, in the standard's order (the 5 Whys, a subsection of the standard,
# has a screen of its own), each with how to tell what of it is filled in.
_FILLED: dict[str, Callable[[Document], list[bool]]] = {
    "incident": _incident,
    "executive_summary": lambda d: [bool(d.executive_summary)],
    "timeline": _timeline,
    "impact": _impact,
    "root_cause": _root_cause,
    "five_whys": _five_whys,
    "response": _response,
    "action_items": _action_items,
    "preventive": _preventive,
    "lessons_learned": lambda d: [bool(d.lessons_learned)],
    "supporting": _supporting,
}
SECTIONS: tuple[Section, ...] = tuple(
    Section(key, heading(key), parts) for key, parts in _FILLED.items()
)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}


def section_state(section: Section, document: Document) -> SectionState:
    parts = section.parts(document)
    if all(parts):
        return SectionState.COMPLETE
    return SectionState.STARTED if any(parts) else SectionState.EMPTY


@cache
def load_guidance() -> dict[str, str]:
    text = (resources.files("postmortem.data") / "guidance.toml").read_text(encoding="utf-8")
    return {key: str(value).strip() for key, value in tomllib.loads(text).items()}


@cache
def load_severities() -> dict[str, str]:
    text = (resources.files("postmortem.data") / "severity.toml").read_text(encoding="utf-8")
    return {key: str(value) for key, value in tomllib.loads(text).items()}
