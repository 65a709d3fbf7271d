"""The review state the shelf shows for a post-mortem, worked out in one place.

For now it counts the sections the completeness checks (document/sections.py) find complete;
a reviewer's own rules can take its place here without the rest of the shelf changing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from postmortem.document.sections import SECTIONS, SectionState, section_state

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
    states = [section_state(section, document) for section in SECTIONS]
    return ReviewState(states.count(SectionState.COMPLETE), states.count(SectionState.STARTED),
                       len(states))
