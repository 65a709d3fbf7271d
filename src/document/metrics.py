"""The standard's four measured times as the export shows them: stated by hand, or computed
from the timeline milestones (the arithmetic, and the table of spans, is in milestones.py), and
the problems a reader should be told of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postmortem.document.milestones import (
    AUTO_NOTE,
    Marked,
    computed_minutes,
    computed_times,
    format_hours_minutes,
    milestone_times,
    parse_hours_minutes,
)
from postmortem.document.outline import field_label
from postmortem.document.vocabulary import MILESTONE_LABELS, Milestone

if TYPE_CHECKING:
    from postmortem.document.model import Document

__all__ = [
    "AUTO_NOTE", "METRIC_LABELS", "METRIC_NAMES", "MetricValue", "computed_minutes",
    "computed_times", "duplicate_milestones", "format_hours_minutes", "metric_values",
    "milestone_order_problems", "milestone_times", "parse_hours_minutes",
]

METRIC_NAMES = ("duration", "time_to_detection", "time_to_mitigation", "time_to_resolution")
METRIC_LABELS = {name: field_label(f"stated_times.{name}") for name in METRIC_NAMES}


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


def metric_values(document: Document,
                  marked: Sequence[Marked] | None = None) -> dict[str, MetricValue]:
    """Each measured time, stated and computed; marked, if given, is the timeline's rows that
    carry a milestone (all the arithmetic needs), so a caller that has them scans no more."""
    computed = computed_times(document.timeline if marked is None else marked)
    values = {}
    for name in METRIC_NAMES:
        stated = getattr(document.stated_times, name)
        values[name] = MetricValue(name, stated.value, stated.note, computed[name])
    return values


def milestone_order_problems(timeline: Sequence[Marked]) -> list[str]:
    """Say which milestones come out of the standard's order (impact, detected, ... resolved)."""
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


def duplicate_milestones(timeline: Sequence[Marked]) -> list[Milestone]:
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
