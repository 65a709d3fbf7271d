"""The review state the shelf shows for a post-mortem, worked out in one place.

It counts the sections the review's rules find complete, as the editor's section list marks
them (document/review/marks.py): the same rules, so the shelf and the editor agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from postmortem.document import clock
from postmortem.document.review import review
from postmortem.document.review.marks import MARK_RULES, SectionState, section_states

if TYPE_CHECKING:
    from postmortem.document.model import Document

READY = "ready"
EMPTY = "empty"


@dataclass(frozen=True)
class ReviewState:
    complete: int
    started: int
    total: int

    @property
    def label(self) -> str:
        """"ready" when every section is complete, "empty" when none is started, else how many
        are complete: "7/11"."""
        if self.complete == self.total:
            return READY
        if not self.complete and not self.started:
            return EMPTY
        return f"{self.complete}/{self.total}"


def review_state(document: Document) -> ReviewState:
    findings = review(document, clock.today(), only=MARK_RULES).findings
    states = list(section_states(document, findings).values())
    started = states.count(SectionState.STARTED) + states.count(SectionState.WRONG)
    return ReviewState(states.count(SectionState.COMPLETE), started, len(states))
