"""Timeline edits keep time order and can all be undone."""

from __future__ import annotations

import datetime as dt

from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.document.timeline_edit import Change, TimelineEditor, day_reached, time_context
from postmortem.document.timeparse import TimeContext


def event(hhmm: str, text: str = "", milestone: Milestone | None = None) -> TimelineEvent:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return TimelineEvent(time=dt.datetime(2023, 6, 15, hour, minute, tzinfo=dt.UTC), event=text,
                         milestone=milestone)


def times(document: Document) -> list[str]:
    return [f"{item.time:%H:%M} {item.event}".strip() for item in document.timeline]


def test_adds_keep_time_order_and_undo_removes_them():
    document, editor = Document(), TimelineEditor()
    editor.add(document, event("14:40", "late"))
    change = editor.add(document, event("14:02", "early"))
    assert times(document) == ["14:02 early", "14:40 late"]
    assert change.added == [document.timeline[0]] and change.focus is document.timeline[0]
    undo = editor.undo(document)
    assert times(document) == ["14:40 late"]
    assert len(undo.removed) == 1 and undo.message.startswith("Undid add")


def test_edit_that_changes_the_time_moves_the_row_and_undo_moves_it_back():
    document, editor = Document(), TimelineEditor()
    for hhmm in ("14:00", "15:00", "16:00"):
        editor.add(document, event(hhmm, hhmm))
    first = document.timeline[0]
    change = editor.edit(document, first, event("15:30", "moved"))
    assert times(document) == ["15:00 15:00", "15:30 moved", "16:00 16:00"]
    assert change.moved == [first] and document.timeline[1] is first
    editor.undo(document)
    assert times(document) == ["14:00 14:00", "15:00 15:00", "16:00 16:00"]
    assert document.timeline[0] is first


def test_edit_in_place_updates_only():
    document, editor = Document(), TimelineEditor()
    editor.add(document, event("14:00", "old"))
    change = editor.edit(document, document.timeline[0], event("14:00", "new"))
    assert change.updated and not change.moved
    assert times(document) == ["14:00 new"]


def test_delete_and_undo_restore_the_same_event():
    document, editor = Document(), TimelineEditor()
    for hhmm in ("14:00", "15:00"):
        editor.add(document, event(hhmm, hhmm))
    gone = document.timeline[0]
    change = editor.delete(document, gone)
    assert change.removed == [gone] and change.focus is document.timeline[0]
    assert "u to undo" in change.message
    editor.undo(document)
    assert document.timeline[0] is gone


def test_duplicate_copies_without_the_milestone():
    document, editor = Document(), TimelineEditor()
    editor.add(document, event("14:00", "x", Milestone.DETECTED))
    change = editor.duplicate(document, document.timeline[0])
    assert times(document) == ["14:00 x", "14:00 x"]
    assert document.timeline[1] is change.focus and document.timeline[1].milestone is None


def test_a_milestone_lives_on_one_row_and_toggles():
    document, editor = Document(), TimelineEditor()
    for hhmm in ("14:00", "15:00"):
        editor.add(document, event(hhmm))
    first, second = document.timeline
    editor.set_milestone(document, first, Milestone.DETECTED)
    change = editor.set_milestone(document, second, Milestone.DETECTED)
    assert first.milestone is None and second.milestone is Milestone.DETECTED
    assert set(map(id, change.updated)) == {id(first), id(second)}
    editor.set_milestone(document, second, Milestone.DETECTED)  # again: clear
    assert second.milestone is None
    editor.undo(document)
    editor.undo(document)
    assert first.milestone is Milestone.DETECTED and second.milestone is None


def test_save_adds_a_new_row_or_edits_one_with_the_milestone_typed():
    document, editor = Document(), TimelineEditor()
    change = editor.save(document, None, event("14:00", "typed"))
    assert times(document) == ["14:00 typed"] and change.added == [document.timeline[0]]
    row = document.timeline[0]
    row.milestone = Milestone.DETECTED
    typed = event("14:05", "retyped").model_copy(update={"milestone": Milestone.DETECTED})
    change = editor.save(document, row, typed)
    assert times(document) == ["14:05 retyped"] and document.timeline[0] is row
    assert row.milestone is Milestone.DETECTED and change.focus is row
    editor.save(document, row, event("14:05", "cleared"))  # the dialog's "none"
    assert row.milestone is None


def test_a_milestone_saved_with_a_row_moves_from_another_in_one_undo_step():
    """As the table's digit keys (set_milestone): no two rows keep the same milestone."""
    document, editor = Document(), TimelineEditor()
    editor.add(document, event("14:00", "paged"))
    first = document.timeline[0]
    editor.set_milestone(document, first, Milestone.DETECTED)
    change = editor.save(document, None, event("14:05", "really detected").model_copy(
        update={"milestone": Milestone.DETECTED}))
    second = document.timeline[1]
    assert (first.milestone, second.milestone) == (None, Milestone.DETECTED)
    assert change.updated == [first] and change.added == [second]
    editor.undo(document)
    assert times(document) == ["14:00 paged"] and first.milestone is Milestone.DETECTED
    editor.save(document, None, event("14:10", "resolved"))
    third = document.timeline[1]
    editor.save(document, third, event("14:10", "resolved").model_copy(
        update={"milestone": Milestone.DETECTED}))
    assert (first.milestone, third.milestone) == (None, Milestone.DETECTED)
    editor.undo(document)
    assert (first.milestone, third.milestone) == (Milestone.DETECTED, None)


def test_save_of_a_row_no_longer_there_changes_nothing():
    document, editor = Document(), TimelineEditor()
    editor.add(document, event("14:00", "gone"))
    gone = document.timeline[0]
    editor.delete(document, gone)
    change = editor.save(document, gone, event("15:00", "back?"))
    assert document.timeline == [] and change == Change()
    assert editor.undo(document).message.startswith("Undid delete")


def test_a_typed_time_is_read_against_the_row_above():
    document = Document.model_validate({"incident": {"date": "2023-06-15"}})
    now = dt.datetime(2023, 7, 1, 9, 0, tzinfo=dt.UTC)
    assert time_context(document, None, 0, now) == TimeContext(INCIDENT_DAY, None, now)
    document.timeline = [on(15, "23:50"), on(16, "00:10")]
    second = document.timeline[1]
    # a new row goes after the cursor's row; an edited row is read against the row above it
    assert time_context(document, None, 1, now) == TimeContext(
        INCIDENT_DAY, second.time, now, reached=dt.date(2023, 6, 16))
    assert time_context(document, second, 1, now) == TimeContext(
        INCIDENT_DAY, document.timeline[0].time, now, reached=INCIDENT_DAY)
    assert time_context(document, document.timeline[0], 1, now).previous is None


def test_nothing_to_undo():
    assert TimelineEditor().undo(Document()).message == "Nothing to undo"


def on(day: int, hhmm: str) -> TimelineEvent:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return TimelineEvent(time=dt.datetime(2023, 6, day, hour, minute, tzinfo=dt.UTC))


INCIDENT_DAY = dt.date(2023, 6, 15)


def test_the_day_reached_runs_on_past_midnight_day_after_day():
    timeline = [on(15, "22:00"), on(15, "23:50"), on(16, "00:10"), on(17, "01:00")]
    assert day_reached(timeline, 1, INCIDENT_DAY) == INCIDENT_DAY
    assert day_reached(timeline, 2, INCIDENT_DAY) == dt.date(2023, 6, 16)
    assert day_reached(timeline, 3, INCIDENT_DAY) == dt.date(2023, 6, 17)


def test_a_row_days_away_from_the_rest_does_not_move_the_day():
    # e.g. a row logged as `now` while the post-mortem is written, a fortnight later
    timeline = [on(15, "14:02"), on(16, "00:30"), on(30, "09:12")]
    assert day_reached(timeline, 2, INCIDENT_DAY) == dt.date(2023, 6, 16)
    assert day_reached(timeline[:1] + timeline[2:], 1, INCIDENT_DAY) == INCIDENT_DAY


def test_the_day_reached_without_an_incident_date_or_rows():
    timeline = [on(14, "23:00"), on(15, "01:00")]
    assert day_reached(timeline, 1, None) == dt.date(2023, 6, 15)
    assert day_reached([], 0, INCIDENT_DAY) == INCIDENT_DAY
    assert day_reached(timeline, 1, dt.date(2023, 6, 20)) == dt.date(2023, 6, 20)
    # a timeline that starts after the incident's date runs on from its own first day
    assert day_reached(timeline, 1, dt.date(2023, 6, 1)) == dt.date(2023, 6, 15)
