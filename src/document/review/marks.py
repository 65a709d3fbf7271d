"""The section list's marks, from the review's rules: a section is empty, wrong (an error that is
not about something missing: times that do not add up), still missing something, or complete.

Only the rules that can change a mark are run for the marks (MARK_RULES): the others (overdue
items, blame, vague wording) are the Review screen's to show, and a mark never changes with the
date alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING

from postmortem.document.review import RULES, Finding, Level
from postmortem.document.review.completeness import section_is_empty
from postmortem.document.sections import SECTIONS

if TYPE_CHECKING:
    from postmortem.document.model import Document


class SectionState(Enum):
    EMPTY = "empty"
    WRONG = "wrong"
    STARTED = "started"
    COMPLETE = "complete"


MARKS = {SectionState.EMPTY: "○", SectionState.WRONG: "✗", SectionState.STARTED: "◐",
         SectionState.COMPLETE: "●"}
# The rules whose findings change a mark: those about something missing, and the errors.
MARK_RULES = frozenset(rule.id for rule in RULES if rule.missing or rule.severity is Level.ERROR)
_MISSING = frozenset(rule.id for rule in RULES if rule.missing)


def section_states(document: Document, findings: Iterable[Finding],
                   ) -> dict[str, SectionState]:
    """Each section's state, from the findings of a review (all rules, or MARK_RULES)."""
    wrong: set[str] = set()
    started: set[str] = set()
    for finding in findings:
        if finding.rule in _MISSING:
            started.add(finding.section)
        elif finding.severity is Level.ERROR:
            wrong.add(finding.section)
    states = {}
    for section in SECTIONS:
        if section_is_empty(document, section.key):
            states[section.key] = SectionState.EMPTY
        elif section.key in wrong:
            states[section.key] = SectionState.WRONG
        elif section.key in started:
            states[section.key] = SectionState.STARTED
        else:
            states[section.key] = SectionState.COMPLETE
    return states
