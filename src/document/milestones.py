"""The arithmetic of timeline milestones: when each one happened, and the spans between them
that give the standard's measured times.

It works on anything with a `.time` and a `.milestone` (the model's TimelineEvent), so the
model can use it without this module importing the model.

| figure             | from          | to              |
| Duration           | impact starts | full resolution |
| Time to Detection  | impact starts | discovery       |
| Time to Mitigation | discovery     | mitigation      |
| Time to Resolution | discovery     | full resolution |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from postmortem.document.vocabulary import Milestone

# The note the export gives a computed time, so a reader knows where it came from.
AUTO_NOTE = "computed from the timeline milestones"
# A note of the author's on a time the timeline gives follows AUTO_NOTE after this.
_AUTO_NOTE_AND = AUTO_NOTE + "; "


def computed_note(note: str) -> str:
    """The note of a computed time as written: AUTO_NOTE, then the author's note if any."""
    return _AUTO_NOTE_AND + note if note else AUTO_NOTE


def authors_note(written: str) -> str | None:
    """Invert computed_note: the author's note in a computed time's note as written ("" when
    there is none), or None when the note does not say the time was computed."""
    if written == AUTO_NOTE:
        return ""
    return written[len(_AUTO_NOTE_AND):] if written.startswith(_AUTO_NOTE_AND) else None

# Each measured time: the milestone it starts at and the one it ends at.
SPANS = {
    "duration": (Milestone.IMPACT_START, Milestone.RESOLVED),
    "time_to_detection": (Milestone.IMPACT_START, Milestone.DETECTED),
    "time_to_mitigation": (Milestone.DETECTED, Milestone.MITIGATED),
    "time_to_resolution": (Milestone.DETECTED, Milestone.RESOLVED),
}


class Marked(Protocol):
    """A timeline row as far as the arithmetic cares: when, and which milestone if any."""

    @property
    def time(self) -> dt.datetime: ...

    @property
    def milestone(self) -> Milestone | None: ...


def format_hours_minutes(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}:{rest:02d}"


def parse_hours_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def milestone_times(timeline: Sequence[Marked]) -> dict[str, dt.datetime]:
    """The time of each milestone: its earliest row when several rows carry it."""
    found: dict[str, dt.datetime] = {}
    for event in timeline:
        if event.milestone is not None and event.milestone.value not in found:
            found[event.milestone.value] = event.time
    return found


def computed_minutes(timeline: Sequence[Marked]) -> dict[str, int | None]:
    marks = milestone_times(timeline)
    result: dict[str, int | None] = {}
    for name, (start, end) in SPANS.items():
        if start.value in marks and end.value in marks:
            result[name] = int((marks[end.value] - marks[start.value]).total_seconds() // 60)
        else:
            result[name] = None
    return result


def computed_times(timeline: Sequence[Marked]) -> dict[str, str | None]:
    """Each metric as H:MM, or None where the milestones it needs are missing or inverted."""
    return {
        name: format_hours_minutes(minutes) if minutes is not None and minutes >= 0 else None
        for name, minutes in computed_minutes(timeline).items()
    }
