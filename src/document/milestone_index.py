"""The timeline's rows that carry a milestone, kept as edits happen, so that the figures under
the timeline cost what an edit changed and not a scan of every row: a timeline of 50,000 rows
has four marked rows, and a scan of all of them on each key is milliseconds.

The index is told each Change an edit returns (timeline_edit.py); anything else that replaces
rows (a merge, a reload) rebuilds it from the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence

from postmortem.document.model import TimelineEvent
from postmortem.document.timeline_edit import Change, index_of


class MilestoneIndex:
    """The marked rows of one timeline, by the identity of the row objects."""

    def __init__(self) -> None:
        self._marked: dict[int, TimelineEvent] = {}

    def rebuild(self, timeline: Sequence[TimelineEvent]) -> None:
        """Look at every row: the index afresh (after a load, a merge, a reload)."""
        self._marked = {id(event): event for event in timeline if event.milestone is not None}

    def apply(self, change: Change) -> None:
        """Follow one edit: the rows it removed leave; those it added, moved or updated are in
        while they carry a milestone."""
        for event in change.removed:
            self._marked.pop(id(event), None)
        for event in (*change.added, *change.moved, *change.updated):
            if event.milestone is None:
                self._marked.pop(id(event), None)
            else:
                self._marked[id(event)] = event

    def rows(self, timeline: list[TimelineEvent]) -> list[TimelineEvent]:
        """The marked rows in timeline order. A row the timeline no longer holds, or one that
        lost its mark, means an edit went by untold: the index is rebuilt then."""
        placed = [(index_of(timeline, event), event) for event in self._marked.values()]
        if any(index is None or event.milestone is None for index, event in placed):
            self.rebuild(timeline)
            return [event for event in timeline if event.milestone is not None]
        placed.sort(key=lambda pair: pair[0] or 0)
        return [event for _, event in placed]
