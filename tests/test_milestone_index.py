"""The milestone index, kept edit by edit, always holds what a scan of the timeline finds."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.document.milestone_index import MilestoneIndex
from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.document.timeline_edit import Change, TimelineEditor

START = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)
MILESTONES = st.sampled_from([None, *Milestone])


def at(minute: int, milestone: Milestone | None = None, text: str = "row") -> TimelineEvent:
    return TimelineEvent(time=START + dt.timedelta(minutes=minute), event=text,
                         milestone=milestone)


def scanned(document: Document) -> list[TimelineEvent]:
    return [event for event in document.timeline if event.milestone is not None]


# One edit: what it is, the row it starts from (as a share of the rows), and its values.
EDITS = st.tuples(
    st.sampled_from(["add", "add_rows", "edit", "duplicate", "delete", "milestone", "undo"]),
    st.floats(min_value=0, max_value=0.999),
    st.integers(min_value=0, max_value=8),  # minutes: few, so that rows share a minute
    MILESTONES,
)


def one_edit(editor: TimelineEditor, document: Document, edit: tuple[str, float, int,
                                                                      Milestone | None]) -> Change:
    kind, where, minute, milestone = edit
    timeline = document.timeline
    event = timeline[int(where * len(timeline))] if timeline else None
    if kind == "add" or event is None:
        return editor.add(document, at(minute, milestone))
    if kind == "add_rows":
        return editor.add_rows(document, [at(minute, milestone, "a"), at(minute + 1, None, "b")])
    if kind == "edit":
        return editor.save(document, event, at(minute, None, "edited"))
    if kind == "duplicate":
        return editor.duplicate(document, event)
    if kind == "delete":
        return editor.delete(document, event)
    if kind == "milestone":
        return editor.set_milestone(document, event, milestone)
    return editor.undo(document)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=8), MILESTONES), max_size=6),
       st.lists(EDITS, min_size=1, max_size=25))
def test_the_index_equals_a_scan_after_any_edits(start, edits):
    document = Document(timeline=[at(minute, milestone) for minute, milestone in start])
    index = MilestoneIndex()
    index.rebuild(document.timeline)
    editor = TimelineEditor()
    for edit in edits:
        index.apply(one_edit(editor, document, edit))
        assert index._marked == {id(event): event for event in scanned(document)}
        assert index.rows(document.timeline) == scanned(document)


def test_rows_come_in_timeline_order_among_rows_of_one_minute():
    document = Document(timeline=[at(5, Milestone.DETECTED, "first"), at(5),
                                  at(5, Milestone.DETECTED, "second")])
    index = MilestoneIndex()
    index.rebuild(document.timeline)
    assert [event.event for event in index.rows(document.timeline)] == ["first", "second"]


def test_a_change_it_was_not_told_of_is_caught_when_a_row_leaves():
    document = Document(timeline=[at(0, Milestone.IMPACT_START), at(5, Milestone.DETECTED)])
    index = MilestoneIndex()
    index.rebuild(document.timeline)
    del document.timeline[0]
    assert index.rows(document.timeline) == scanned(document)
