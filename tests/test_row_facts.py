"""The review's facts about the timeline's rows (placeholders, marked rows) are kept block by
block between reviews: whatever edits come between two reviews, the rules find exactly what a
reading of every row finds, and a review after an edit reads the rows of its block, not all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import documents
from timeline_edits import EDITS, apply

from postmortem.document import row_blocks
from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.document.review import completeness, review, row_facts
from postmortem.document.review.context import Context
from postmortem.document.review.finding import field_name
from postmortem.document.review.marks import MARK_RULES
from postmortem.document.review.rule import Hit
from postmortem.document.review.texts import texts
from postmortem.document.review.words import may_hold_placeholders, placeholders
from postmortem.document.row_edits import EDITED_ROWS

START = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 20)
PLACEHOLDER_TEXT = st.sampled_from(["[Name]", "TBD", "<H:MM>", "a TODO here", "[YYYY-MM-DD]",
                                    "done", "FIXME: [x]", "lorem ipsum"])
# Edits that leave a placeholder in a cell now and then, besides every other kind of edit.
PLACEHOLDER_EDITS = st.tuples(st.just("set"), st.integers(0, 99),
                              st.sampled_from(["event", "actions"]), PLACEHOLDER_TEXT)


def placeholders_read_row_by_row(document: Document) -> Iterator[Hit]:
    """The placeholder rule as it read the document before the facts were kept."""
    for text in texts(document, may_hold_placeholders):
        found = placeholders(text.text)
        if found:
            shown = ", ".join(dict.fromkeys(found))
            yield Hit(text.path, f"{field_name(text.path, document)} still holds the "
                                 f"template's placeholder {shown}")


def marked_row_by_row(document: Document) -> list[tuple[dt.datetime, Any, int]]:
    return [(event.time, event.milestone, index) for index, event in enumerate(document.timeline)
            if event.milestone is not None]


def assert_as_read_row_by_row(document: Document) -> None:
    context = Context(document, TODAY)
    assert list(completeness._placeholders(context)) == list(
        placeholders_read_row_by_row(document))
    assert [(mark.time, mark.milestone, mark.row) for mark in context.marks] == (
        marked_row_by_row(document) if not context.suggestions else
        [(s.time, s.milestone, s.row) for s in context.suggestions])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents(), rows=st.integers(0, 40),
       edits=st.lists(st.one_of(EDITS, PLACEHOLDER_EDITS), max_size=25),
       short_log=st.booleans())
def test_the_rules_find_what_reading_every_row_finds_after_any_edits(
        document: Document, rows: int, edits: list[tuple[Any, ...]], short_log: bool) -> None:
    for minute in range(rows):
        document.insert_event(TimelineEvent(
            time=START + dt.timedelta(minutes=minute),
            event=f"row {minute}" if minute % 7 else "[Name] paged", actions="TBD" * (minute % 2),
            milestone=Milestone.DETECTED if minute == 5 else None))
    removed: list[TimelineEvent] = []
    row_facts.forget()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(row_blocks, "BLOCK_ROWS", 3)  # many blocks, few rows
        if short_log:  # edits beyond what the log remembers: the facts are read afresh
            patch.setattr(EDITED_ROWS, "_kept", 2)
        assert_as_read_row_by_row(document)
        for edit in edits:
            apply(document, edit, removed)
            if edit[0] in ("write", "snapshot, edit, then write it"):
                assert_as_read_row_by_row(document)
        assert_as_read_row_by_row(document)
    row_facts.forget()


def long_document(rows: int = 3000) -> Document:
    return Document(timeline=[
        TimelineEvent(time=START + dt.timedelta(minutes=index),
                      event="[Name] paged" if index % 100 == 0 else f"row {index}",
                      actions="" if index % 3 else "Sam rolls back",
                      milestone=Milestone.DETECTED if index == 2000 else None)
        for index in range(rows)])


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The cells the facts read from now on."""
    read: list[int] = []

    def counting(text: str) -> bool:
        read.append(1)
        return may_hold_placeholders(text)

    monkeypatch.setattr(row_facts, "may_hold_placeholders", counting)
    return read


@pytest.mark.parametrize("edit", ["in place", "insert", "delete", "milestone"])
def test_a_review_after_an_edit_reads_the_rows_of_its_block(
        monkeypatch: pytest.MonkeyPatch, edit: str) -> None:
    document = long_document()
    row_facts.forget()
    review(document, TODAY, only=MARK_RULES)
    read = counting_reads(monkeypatch)
    timeline = document.timeline
    if edit == "in place":
        timeline[1500].event = "TBD"
    elif edit == "insert":
        document.insert_event(TimelineEvent(time=timeline[700].time, event="<H:MM>"))
    elif edit == "delete":
        del timeline[1200]
    else:
        timeline[10].milestone = Milestone.IMPACT_START
    found = review(document, TODAY, only=MARK_RULES).findings
    assert 0 < len(read) <= 2 * 2 * 2 * row_blocks.BLOCK_ROWS  # two cells a row, a block or two
    row_facts.forget()
    assert found == review(document, TODAY, only=MARK_RULES).findings
    row_facts.forget()


def test_another_document_is_read_afresh() -> None:
    first, second = long_document(300), long_document(300)
    second.timeline[0].event = "all written"
    row_facts.forget()
    assert [hit.field for hit in completeness._placeholders(Context(first, TODAY))][:1] == [
        "timeline.0.event"]
    assert [hit.field for hit in completeness._placeholders(Context(second, TODAY))][:1] == [
        "timeline.100.event"]
    row_facts.forget()
