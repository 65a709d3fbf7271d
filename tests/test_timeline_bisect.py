"""Insertion and lookup by time: bisect over the timeline, which is kept in time order."""

from __future__ import annotations

import datetime as dt

from postmortem.document.model import Document, TimelineEvent
from postmortem.document.timeline_edit import TimelineEditor, index_of

START = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)


def at(minute: int, text: str = "") -> TimelineEvent:
    return TimelineEvent(time=START + dt.timedelta(minutes=minute), event=text or f"m{minute}")


def test_an_event_goes_after_the_events_at_its_minute():
    document = Document(timeline=[at(0), at(5, "first"), at(5, "second"), at(9)])
    assert document.insert_event(at(5, "third")) == 3
    assert document.insert_event(at(-1)) == 0
    assert document.insert_event(at(99)) == len(document.timeline) - 1
    assert [event.event for event in document.timeline[2:5]] == ["first", "second", "third"]


def test_index_of_finds_the_very_object_among_equal_times():
    same = [at(5, "same") for _ in range(4)]
    document = Document(timeline=[at(0), *same, at(9)])
    timeline = document.timeline
    assert [index_of(timeline, event) for event in timeline] == list(range(len(timeline)))
    assert index_of(timeline, at(5, "same")) is None  # an equal copy is not the object


def test_index_of_finds_an_event_whose_time_was_changed_in_place():
    document = Document(timeline=[at(0), at(5), at(9)])
    event = document.timeline[1]
    event.time = START + dt.timedelta(minutes=30)
    assert index_of(document.timeline, event) == 1


def test_an_edit_that_moves_a_row_keeps_one_copy_in_time_order():
    document = Document(timeline=[at(0), at(5), at(9)])
    event = document.timeline[0]
    editor = TimelineEditor()
    editor.edit(document, event, at(7, "moved"))
    assert [e.event for e in document.timeline] == ["m5", "moved", "m9"]
    editor.undo(document)
    assert [e.event for e in document.timeline] == ["m0", "m5", "m9"]


class Watched(list[TimelineEvent]):
    """A timeline that counts the times it is looked through from its start."""

    walks = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        Watched.walks += 1
        return super().__iter__()


def test_undoing_a_delete_puts_the_row_back_without_looking_through_the_timeline():
    document = Document(timeline=[at(minute) for minute in range(50)])
    document.timeline = Watched(document.timeline)
    deleted = document.timeline[20]
    editor = TimelineEditor()
    editor.delete(document, deleted)
    Watched.walks = 0
    change = editor.undo(document)
    assert change.added == [deleted] and document.timeline[20] is deleted
    assert Watched.walks == 0
