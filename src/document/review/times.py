"""Times: the milestones present and in order, each stated time against the timeline (naming
both values), rows in the order written, no row twice, and no row long after the resolution or
far from the incident's date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from postmortem.document.metrics import (
    METRIC_LABELS,
    METRIC_NAMES,
    computed_times,
    duplicate_milestones,
    milestone_order_problems,
)
from postmortem.document.milestones import SPANS
from postmortem.document.outline import heading
from postmortem.document.review.context import Context
from postmortem.document.review.finding import Level
from postmortem.document.review.rule import Hit, Rule
from postmortem.document.vocabulary import Milestone

AFTER_RESOLUTION = dt.timedelta(days=7)
FROM_INCIDENT_DATE = dt.timedelta(days=30)
MARK_KEYS = "1 impact start, 2 detected, 3 mitigated, 4 resolved"


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _missing_milestones(context: Context) -> Iterator[Hit]:
    if not context.document.timeline:
        return
    missing = [milestone.label for milestone in Milestone
               if milestone not in context.milestone_rows]
    if missing:
        yield Hit("timeline", f"no row is marked {', '.join(missing)}: the measured times "
                              "need all four milestones")


def _suggested(context: Context) -> Iterator[Hit]:
    if context.suggestions:
        said = ", ".join(suggestion.describe(why=False) for suggestion in context.suggestions)
        yield Hit("timeline", f"no row is marked as a milestone; checked with those the rows' "
                              f"words suggest: {said}")


def _order(context: Context) -> Iterator[Hit]:
    for problem in milestone_order_problems(context.marks):
        yield Hit("timeline", f"milestones out of order: {problem}")


def _duplicate_marks(context: Context) -> Iterator[Hit]:
    for milestone in duplicate_milestones(context.marks):
        rows = [mark.row for mark in context.marks if mark.milestone is milestone]
        yield Hit(f"timeline.{rows[1]}", f"rows {', '.join(str(row + 1) for row in rows)} are "
                                         f"all marked {milestone.label}; the earliest counts")


def _stated_against_timeline(context: Context) -> Iterator[Hit]:
    computed = computed_times(context.marks)
    source = " suggested" if context.suggestions else ""
    for name in METRIC_NAMES:
        stated = getattr(context.document.stated_times, name).value
        value = computed[name]
        if not stated or value is None or stated == value:
            continue
        start, end = (context.milestone_rows[milestone] for milestone in SPANS[name])
        yield Hit(f"stated_times.{name}",
                  f"{METRIC_LABELS[name]} is stated as {stated}, but the timeline gives "
                  f"{value} (from{source} {SPANS[name][0].label} {_when(start.time)} to "
                  f"{SPANS[name][1].label} {_when(end.time)})")


def _rows_in_order(context: Context) -> Iterator[Hit]:
    positions = context.facts.row_positions
    timeline = context.document.timeline
    if len(positions) != len(timeline):
        return
    written = sorted(range(len(positions)), key=positions.__getitem__)  # model rows, file order
    for before, row in zip(written, written[1:], strict=False):
        if timeline[row].time < timeline[before].time:
            yield Hit(f"timeline.{row}", f"{_when(timeline[row].time)} is written after "
                                         f"{_when(timeline[before].time)}")


def _same(text: str) -> str:
    return " ".join(text.lower().split())


def _duplicate_rows(context: Context) -> Iterator[Hit]:
    seen: dict[tuple[dt.datetime, str], int] = {}
    for index, event in enumerate(context.document.timeline):
        key = (event.time, _same(event.event))
        if key in seen and key[1]:
            yield Hit(f"timeline.{index}", f"row {index + 1} repeats row {seen[key] + 1} "
                                           f"({_when(event.time)} {event.event[:40]})")
        seen.setdefault(key, index)


def _distance(span: dt.timedelta) -> str:
    days = abs(span.days)
    if days >= 365:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    if days >= 60:
        return f"{days // 30} months"
    return f"{days} days"


def _outliers(context: Context) -> Iterator[Hit]:
    document = context.document
    resolved = context.milestone_rows.get(Milestone.RESOLVED)
    date = document.incident.date
    midday = dt.datetime.combine(date, dt.time(12), tzinfo=dt.UTC) if date else None
    for index, event in enumerate(document.timeline):
        if date is not None and midday is not None:
            away = event.time - midday
            if abs(away) > FROM_INCIDENT_DATE:
                side = "after" if away.days >= 0 else "before"
                yield Hit(f"timeline.{index}", f"row {index + 1} ({_when(event.time)}) is "
                                               f"{_distance(away)} {side} the incident's date "
                                               f"({date})")
                continue
        if resolved is not None and event.time - resolved.time > AFTER_RESOLUTION:
            yield Hit(f"timeline.{index}", f"row {index + 1} ({_when(event.time)}) is "
                                           f"{_distance(event.time - resolved.time)} after the "
                                           f"resolution ({_when(resolved.time)})")


RULES = (
    Rule("milestones-missing", Level.WARNING, "timeline", "timeline",
         "the timeline marks the four milestones the measured times are computed from",
         f"mark the rows on the {heading('timeline')} ({MARK_KEYS})", _missing_milestones,
         missing=True),
    Rule("milestones-suggested", Level.HINT, "timeline", "timeline",
         "milestones suggested from the rows' words, used while none is marked",
         f"accept them on the {heading('timeline')} (m), or mark the rows yourself (1-4)",
         _suggested,
         missing=True),
    Rule("milestones-order", Level.ERROR, "timeline", "timeline",
         "the milestones come in order: impact start, detected, mitigated, resolved",
         "check the times of the marked rows, or mark other rows", _order),
    Rule("milestone-duplicate", Level.WARNING, "timeline", "timeline",
         "each milestone marks one row", "keep the mark on one row (0 clears a row's mark)",
         _duplicate_marks),
    Rule("stated-time-mismatch", Level.ERROR, None, None,
         "each time stated by hand agrees with the timeline's milestones",
         "correct the stated time, or the milestone rows it is measured between",
         _stated_against_timeline),
    Rule("timeline-order", Level.WARNING, "timeline", "timeline",
         "the timeline's rows are written oldest first",
         "move the row to its place (or correct its time)", _rows_in_order),
    Rule("timeline-duplicate", Level.WARNING, "timeline", "timeline",
         "no row is written twice", "delete one of the two rows", _duplicate_rows),
    Rule("timeline-outlier", Level.WARNING, "timeline", "timeline",
         "no row is long after the resolution or far from the incident's date",
         "correct the row's date (a `now` typed while writing up?), or move follow-up work to "
         "the action items", _outliers),
)
