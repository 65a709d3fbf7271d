"""The standard's four measured times, computed from timeline milestones.

| figure             | from          | to              |
| Duration           | impact starts | full resolution |
| Time to Detection  | impact starts | discovery       |
| Time to Mitigation | discovery     | mitigation      |
| Time to Resolution | discovery     | full resolution |
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem.document.model import Document, Milestone, TimelineEvent

# The note the export gives a computed time, so a reader knows where it came from.
AUTO_NOTE = "computed from the timeline milestones"

METRIC_NAMES = ("duration", "time_to_detection", "time_to_mitigation", "time_to_resolution")
METRIC_LABELS = {
    "duration": "Duration",
    "time_to_detection": "Time to Detection",
    "time_to_mitigation": "Time to Mitigation",
    "time_to_resolution": "Time to Resolution",
}
_SPANS = {
    "duration": ("impact_start", "resolved"),
    "time_to_detection": ("impact_start", "detected"),
    "time_to_mitigation": ("detected", "mitigated"),
    "time_to_resolution": ("detected", "resolved"),
}


def format_hours_minutes(minutes: int) -> str:
    sign = "-" if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours}:{rest:02d}"


def parse_hours_minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def milestone_times(timeline: Sequence[TimelineEvent]) -> dict[str, dt.datetime]:
    """The time of each milestone: its earliest row when several rows carry it."""
    found: dict[str, dt.datetime] = {}
    for event in timeline:
        if event.milestone is not None and event.milestone.value not in found:
            found[event.milestone.value] = event.time
    return found


def computed_minutes(timeline: Sequence[TimelineEvent]) -> dict[str, int | None]:
    marks = milestone_times(timeline)
    result: dict[str, int | None] = {}
    for name, (start, end) in _SPANS.items():
        if start in marks and end in marks:
            result[name] = int((marks[end] - marks[start]).total_seconds() // 60)
        else:
            result[name] = None
    return result


def computed_times(timeline: Sequence[TimelineEvent]) -> dict[str, str | None]:
    """Each metric as H:MM, or None where the milestones it needs are missing or inverted."""
    return {
        name: format_hours_minutes(minutes) if minutes is not None and minutes >= 0 else None
        for name, minutes in computed_minutes(timeline).items()
    }


@dataclass(frozen=True)
class MetricValue:
    """One measured time as the export shows it, with both sources kept for checks."""

    name: str
    stated: str
    note: str
    computed: str | None

    @property
    def label(self) -> str:
        return METRIC_LABELS[self.name]

    @property
    def value(self) -> str:
        return self.stated or self.computed or ""

    @property
    def is_stated(self) -> bool:
        return bool(self.stated)

    @property
    def disagrees(self) -> bool:
        return bool(self.stated and self.computed and self.stated != self.computed)


def metric_values(document: Document) -> dict[str, MetricValue]:
    computed = computed_times(document.timeline)
    values = {}
    for name in METRIC_NAMES:
        stated = getattr(document.stated_times, name)
        values[name] = MetricValue(name, stated.value, stated.note, computed[name])
    return values


def milestone_order_problems(timeline: Sequence[TimelineEvent]) -> list[str]:
    """Say which milestones come out of the standard's order (impact, detected, ... resolved)."""
    from postmortem.document.model import MILESTONE_LABELS, Milestone

    marks = milestone_times(timeline)
    order: list[Milestone] = list(Milestone)
    problems = []
    for index, earlier in enumerate(order):
        for later in order[index + 1:]:
            both = earlier.value in marks and later.value in marks
            if both and marks[later.value] < marks[earlier.value]:
                problems.append(
                    f"{MILESTONE_LABELS[later]} ({_hhmm(marks[later.value])}) comes before "
                    f"{MILESTONE_LABELS[earlier]} ({_hhmm(marks[earlier.value])})"
                )
    return problems


def duplicate_milestones(timeline: Sequence[TimelineEvent]) -> list[Milestone]:
    seen: list[Milestone] = []
    repeated: list[Milestone] = []
    for event in timeline:
        if event.milestone is None:
            continue
        if event.milestone in seen and event.milestone not in repeated:
            repeated.append(event.milestone)
        seen.append(event.milestone)
    return repeated


def _hhmm(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
