"""An undo history: what each change was, and what undoing it needs, newest last.

Generic over what a step keeps (the events a timeline edit touched and their values before
it; the action items as they were): the editors that fill it decide how to put it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Before = TypeVar("Before")

NOTHING_TO_UNDO = "Nothing to undo"


@dataclass(frozen=True)
class Step(Generic[Before]):
    """One change that can be undone."""

    what: str  # said after "Undid ", e.g. "delete AI-2"
    before: Before

    @property
    def undone_message(self) -> str:
        return f"Undid {self.what}"


class UndoHistory(Generic[Before]):
    """The last `depth` changes; older ones are forgotten."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self._steps: list[Step[Before]] = []

    def __len__(self) -> int:
        return len(self._steps)

    @property
    def can_undo(self) -> bool:
        return bool(self._steps)

    def remember(self, what: str, before: Before) -> None:
        """Keep what undoing the change about to be made needs."""
        self._steps.append(Step(what, before))
        del self._steps[:-self.depth]

    def take_last(self) -> Step[Before] | None:
        """The newest step, taken off the history to be undone (None: nothing to undo)."""
        return self._steps.pop() if self._steps else None

    def forget(self) -> None:
        """Drop every step, e.g. when another version of the document is loaded."""
        self._steps.clear()
