"""What the rules read: the document, today's date, what the file said that the model no longer
shows, and the figures several rules share (the milestones, marked or suggested), each worked
out once per review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from postmortem.document.review.row_facts import TimelineFacts, timeline_facts
from postmortem.document.review.suggest import Suggestion, suggested_milestones
from postmortem.document.vocabulary import Milestone, Severity

if TYPE_CHECKING:
    from postmortem.document.model import Document


@dataclass(frozen=True)
class SourceFacts:
    """What the file said that the model no longer shows.

    row_positions: for each timeline row, in the model's (time) order, its place in the file;
    empty when the rows come from the app, which keeps them in order.
    unset_priority: the IDs of action items written without a priority (the model gives them
    Medium).
    """

    row_positions: tuple[int, ...] = ()
    unset_priority: frozenset[str] = frozenset()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> SourceFacts:
        """The facts of a file's data as read (TOML, or the Markdown import's), before the
        model took it; the data must be valid (the model was built from it)."""
        from pydantic import TypeAdapter

        from postmortem.document.model import Moment, to_utc_minute

        rows = data.get("timeline") or []
        moment: TypeAdapter[dt.datetime] = TypeAdapter(Moment)
        # A row is a TimelineEvent already when the Markdown import validated it as it read it.
        times = [to_utc_minute(moment.validate_python(row["time"] if isinstance(row, Mapping)
                                                      else row.time)) for row in rows]
        positions = tuple(sorted(range(len(times)), key=times.__getitem__))
        unset = frozenset(str(item.get("id", "")) for item in data.get("action_items") or []
                          if not item.get("priority"))
        return cls(positions, unset)


@dataclass(frozen=True)
class Mark:
    """A milestone row, for the arithmetic of milestones.py (time and milestone)."""

    time: dt.datetime
    milestone: Milestone | None
    row: int


@dataclass
class Context:
    document: Document
    today: dt.date
    facts: SourceFacts = field(default_factory=SourceFacts)
    use_suggestions: bool = True

    @cached_property
    def row_facts(self) -> TimelineFacts:
        """What the rules read from every timeline row, kept between reviews (row_facts.py)."""
        return timeline_facts(self.document)

    @cached_property
    def suggestions(self) -> list[Suggestion]:
        """The suggested milestones the review uses: only when no row is marked."""
        if not self.use_suggestions or self.row_facts.marked():
            return []  # a row is marked: nothing is suggested (and no row needs reading)
        return suggested_milestones(self.document)

    @cached_property
    def marks(self) -> list[Mark]:
        """The milestone rows, in time order: those marked, else those suggested."""
        if self.suggestions:
            return [Mark(s.time, s.milestone, s.row) for s in self.suggestions]
        return [Mark(event.time, event.milestone, index)
                for index, event in self.row_facts.marked()]

    @cached_property
    def milestone_rows(self) -> dict[Milestone, Mark]:
        """Each milestone's row (the earliest, when several carry it)."""
        found: dict[Milestone, Mark] = {}
        for mark in self.marks:
            if mark.milestone is not None and mark.milestone not in found:
                found[mark.milestone] = mark
        return found

    @cached_property
    def severe(self) -> bool:
        """P1 and P2 are the incidents the standard requires a full post-mortem for."""
        return self.document.incident.severity in (Severity.P1, Severity.P2)

    @cached_property
    def responders(self) -> list[str]:
        return self.document.incident.responders()
