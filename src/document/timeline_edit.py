"""Editing the timeline with undo: every change says which rows the table must touch.

The document stays the single source of truth: an edit changes `document.timeline` in place
(always in time order, via Document.insert_event) and returns a Change that names the events
to add to, remove from, move in or redraw in a view. Undo keeps the events themselves, so a
restored row is the very object that was removed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.document.timeparse import TimeContext, format_time
from postmortem.document.undo import NOTHING_TO_UNDO, UndoHistory

UNDO_DEPTH = 200

Fields = tuple[dt.datetime, str, str, "Milestone | None"]
# What undoing a step needs: each event it touched, with its values before (None: it was new).
Touched = list[tuple[TimelineEvent, Fields | None]]


@dataclass
class Change:
    """What a view of the timeline must do to show the document again."""

    added: list[TimelineEvent] = field(default_factory=list)
    removed: list[TimelineEvent] = field(default_factory=list)
    moved: list[TimelineEvent] = field(default_factory=list)  # time changed: new position
    updated: list[TimelineEvent] = field(default_factory=list)  # same place, new cells
    focus: TimelineEvent | None = None
    message: str = ""  # worth a notification: deletes and undos, not routine edits


def fields_of(event: TimelineEvent) -> Fields:
    return (event.time, event.event, event.actions, event.milestone)


def describe(event: TimelineEvent) -> str:
    text = event.event.replace("\n", " ")
    return f"{format_time(event.time)} {text[:40]}".rstrip()


def index_of(timeline: list[TimelineEvent], event: TimelineEvent) -> int | None:
    """Where the very object event sits in the timeline (not an equal copy). The timeline is
    in time order, so the rows at event's minute are looked at first; the whole timeline only
    when event is not among them (it has left the timeline, or its time was changed in place)."""
    index = index_at_its_time(timeline, event)
    if index is not None:
        return index
    return next((index for index, candidate in enumerate(timeline) if candidate is event), None)


def index_at_its_time(timeline: list[TimelineEvent], event: TimelineEvent) -> int | None:
    """Where the very object event sits among the rows at its time, or None: quick (a bisect
    and the rows of one minute), and the answer for a row whose time is its own, e.g. one
    undo puts back (a row deleted is not in the timeline: looking through all of it, 2 ms at
    50,000 rows, only finds that out again)."""
    start = bisect_left(timeline, event.time, key=_time_of)
    for index in range(start, len(timeline)):
        candidate = timeline[index]
        if candidate is event:
            return index
        if candidate.time != event.time:
            break
    return None


def _time_of(event: TimelineEvent) -> dt.datetime:
    return event.time


def day_reached(timeline: Sequence[TimelineEvent], row: int,
                incident_date: dt.date | None) -> dt.date | None:
    """The last day the timeline runs on to, day after day, from the incident's date (or its
    first row's, if later) up to `row`: rows past midnight carry it into the next day, but a
    row days away from the rest (a `now` typed while writing the post-mortem up) does not."""
    if not 0 <= row < len(timeline):
        return incident_date
    first_day = _utc_date(timeline[0].time)
    day = max(incident_date, first_day) if incident_date else first_day
    while True:
        next_day = day + dt.timedelta(days=1)
        midnight = dt.datetime.combine(next_day, dt.time(), tzinfo=dt.UTC)
        first = bisect_left(timeline, midnight, hi=row + 1, key=lambda event: event.time)
        if first > row or _utc_date(timeline[first].time) != next_day:
            return day
        day = next_day


def time_context(document: Document, event: TimelineEvent | None, cursor_row: int,
                 now: dt.datetime) -> TimeContext:
    """What a time typed for event means (None: a new row, going after row cursor_row): the
    row above gives +15m its start and a bare 14:02 the day the timeline has reached."""
    timeline = document.timeline
    above: int | None = cursor_row if timeline else None
    if event is not None:
        index = index_of(timeline, event)
        above = index - 1 if index else None
    incident_date = document.incident.date
    if above is None:
        return TimeContext(incident_date, None, now)
    return TimeContext(incident_date, timeline[above].time, now,
                       reached=day_reached(timeline, above, incident_date))


def _utc_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(dt.UTC).date()


class TimelineEditor:
    """The edits a timeline view offers, and their undo history."""

    def __init__(self) -> None:
        self._history: UndoHistory[Touched] = UndoHistory(UNDO_DEPTH)

    @property
    def can_undo(self) -> bool:
        return self._history.can_undo

    def forget(self) -> None:
        """Drop the history, e.g. when another version of the document is loaded."""
        self._history.forget()

    def add(self, document: Document, event: TimelineEvent) -> Change:
        """Add event; the milestone it carries leaves any other row (as set_milestone)."""
        others = _holding(document, event.milestone, event)
        self._remember(f"add {describe(event)}",
                       [(event, None), *((item, fields_of(item)) for item in others)])
        _unmark(others)
        document.insert_event(event)
        return Change(added=[event], updated=others, focus=event)

    def add_rows(self, document: Document, events: Sequence[TimelineEvent]) -> Change:
        """Add many rows as one step (one u undoes them all), each in time order, skipping
        those the timeline holds already or the batch holds twice: the same minute and text
        (as `postmortem log` does). The change's message says what was added and skipped."""
        seen = {_row_key(event) for event in document.timeline}
        added: list[TimelineEvent] = []
        for event in events:
            if _row_key(event) not in seen:
                seen.add(_row_key(event))
                added.append(event)
        skipped = len(events) - len(added)
        message = f"Added {_rows(len(added))}" + (
            f"; skipped {_rows(skipped)} already in the timeline" if skipped else "") + "."
        if not added:
            return Change(message=message)
        self._remember(f"add {_rows(len(added))}", [(event, None) for event in added])
        for event in added:
            document.insert_event(event)
        return Change(added=added, focus=added[0], message=message)

    def save(self, document: Document, event: TimelineEvent | None,
             typed: TimelineEvent) -> Change:
        """Store what the row editor saved: a new row (event None), or event's new time,
        texts and milestone; a milestone another row holds moves to this one, as
        set_milestone moves it. Nothing changes when event has left the timeline."""
        if event is None:
            return self.add(document, typed)
        if index_of(document.timeline, event) is None:
            return Change()
        return self.edit(document, event, typed)

    def edit(self, document: Document, event: TimelineEvent, new: TimelineEvent) -> Change:
        """Give event the values of new (a validated event that is not in the timeline),
        taking new's milestone from any other row that holds it: one step of undo."""
        others = _holding(document, new.milestone, event)
        self._remember(f"edit {describe(event)}",
                       [(event, fields_of(event)), *((item, fields_of(item)) for item in others)])
        _unmark(others)
        moved = self._apply(document, event, fields_of(new))
        change = Change(focus=event, updated=list(others))
        (change.moved if moved else change.updated).append(event)
        return change

    def duplicate(self, document: Document, event: TimelineEvent) -> Change:
        copy = event.model_copy(update={"milestone": None})
        self._remember(f"duplicate {describe(event)}", [(copy, None)])
        document.insert_event(copy)
        return Change(added=[copy], focus=copy)

    def delete(self, document: Document, event: TimelineEvent) -> Change:
        index = index_of(document.timeline, event)
        if index is None:
            return Change()
        self._remember(f"delete {describe(event)}", [(event, fields_of(event))])
        del document.timeline[index]
        after = document.timeline[min(index, len(document.timeline) - 1)] if (
            document.timeline) else None
        return Change(removed=[event], focus=after,
                      message=f"Deleted {describe(event)}. Press u to undo.")

    def set_milestone(self, document: Document, event: TimelineEvent,
                      milestone: Milestone | None) -> Change:
        """Mark event (or clear it when it already has that milestone); no other row keeps it."""
        if milestone is not None and event.milestone is milestone:
            milestone = None
        others = _holding(document, milestone, event)
        touched = [event, *others]
        self._remember(f"milestone on {describe(event)}",
                       [(item, fields_of(item)) for item in touched])
        _unmark(others)
        event.milestone = milestone
        return Change(updated=touched, focus=event)

    def undo(self, document: Document) -> Change:
        step = self._history.take_last()
        if step is None:
            return Change(message=NOTHING_TO_UNDO)
        change = Change(message=step.undone_message)
        for event, before in reversed(step.before):
            self._restore(document, event, before, change)
            change.focus = event if before is not None else change.focus
        return change

    # --- internals -----------------------------------------------------------------------

    def _remember(self, what: str, before: Touched) -> None:
        self._history.remember(what, before)

    def _restore(self, document: Document, event: TimelineEvent, before: Fields | None,
                 change: Change) -> None:
        # The rows an undo touches hold the time they were last placed at: _apply and _set
        # change a time only with the row's place, and a row deleted kept its own.
        index = index_at_its_time(document.timeline, event)
        if before is None:
            if index is not None:
                del document.timeline[index]
                change.removed.append(event)
            return
        if index is None:
            _set(event, before)
            document.insert_event(event)
            change.added.append(event)
        elif self._apply(document, event, before):
            change.moved.append(event)
        else:
            change.updated.append(event)

    @staticmethod
    def _apply(document: Document, event: TimelineEvent, values: Fields) -> bool:
        """Set the values; keep time order. True when the event had to move."""
        moved = values[0] != event.time
        index = index_of(document.timeline, event) if moved else None  # found by its old time
        _set(event, values)
        if moved:
            if index is not None:
                del document.timeline[index]
            document.insert_event(event)
        return moved


def _holding(document: Document, milestone: Milestone | None,
             event: TimelineEvent | None) -> list[TimelineEvent]:
    """The rows other than event that carry milestone: marking event takes it from them."""
    if milestone is None:
        return []
    return [item for item in document.timeline
            if item.milestone is milestone and item is not event]


def _unmark(events: Sequence[TimelineEvent]) -> None:
    for item in events:
        item.milestone = None


def _row_key(event: TimelineEvent) -> tuple[dt.datetime, str, str]:
    """What makes two rows the same: the minute they are at and their text."""
    return (event.time, event.event, event.actions)


def _rows(count: int) -> str:
    return f"{count} row" + ("" if count == 1 else "s")


def _set(event: TimelineEvent, values: Fields) -> None:
    event.time, event.event, event.actions, event.milestone = values
