"""The drafts kept when an editor dialog closes without saving."""

from __future__ import annotations

import datetime as dt

from postmortem.document.drafts import (
    NEW,
    ActionDraft,
    Drafts,
    EventDraft,
    kept_notice,
)
from postmortem.document.model import ActionItem, Priority, Status, TimelineEvent

WHAT = "timeline row (a or e on its row finishes it)"


def event_drafts() -> Drafts[EventDraft]:
    return Drafts(WHAT, blank=lambda draft: draft.empty)


def test_a_changed_draft_is_kept_and_restored_until_taken():
    drafts = event_drafts()
    assert not drafts and drafts.not_kept_yet() is None
    assert drafts.keep(NEW, EventDraft("14:0"), EventDraft())
    assert drafts.get(NEW) == EventDraft("14:0")
    assert drafts.get(NEW) == EventDraft("14:0")  # restoring it into a dialog keeps it
    assert len(drafts) == 1 and drafts
    assert drafts.not_kept_yet() == f"1 unfinished {WHAT}"
    assert drafts.take(NEW) == EventDraft("14:0")
    assert not drafts and drafts.take(NEW) is None


def test_a_draft_back_where_it_started_or_blank_is_not_kept_and_drops_the_old_one():
    drafts = event_drafts()
    original = EventDraft("2023-06-15 14:02", "Errors start")
    drafts.keep("row", EventDraft("2023-06-15 14:02", "Errors"), original)
    assert not drafts.keep("row", original, original)
    assert drafts.get("row") is None
    drafts.keep("row", EventDraft("2023-06-15 14:02", "Errors"), original)
    assert not drafts.keep("row", EventDraft(" ", "", "\t"), original)  # cleared: blank
    assert not drafts


def test_without_a_blank_test_only_the_starting_point_is_dropped():
    drafts: Drafts[ActionDraft] = Drafts("action item")
    item = ActionItem(id="AI-2", description="Probe", priority=Priority.HIGH)
    assert drafts.keep("AI-2", ActionDraft(), ActionDraft.of(item))  # cleared: still kept
    # where the cursor was is not part of the draft
    assert not drafts.keep(NEW, ActionDraft(focus="owner"), ActionDraft())


def test_clear_drops_them_all():
    drafts = event_drafts()
    drafts.keep(NEW, EventDraft("1"), EventDraft())
    drafts.keep("row", EventDraft("2"), EventDraft())
    assert drafts.not_kept_yet() == f"2 unfinished {WHAT}"
    drafts.clear()
    assert len(drafts) == 0


def test_drafts_of_what_is_in_the_document():
    moment = dt.datetime(2023, 6, 15, 14, 2, tzinfo=dt.UTC)
    assert EventDraft.of(TimelineEvent(time=moment, event="E", actions="A")) == EventDraft(
        "2023-06-15 14:02", "E", "A")
    item = ActionItem(id="AI-1", description="D", owner="O", due=dt.date(2023, 7, 1),
                      status=Status.COMPLETED)
    assert ActionDraft.of(item) == ActionDraft("D", "O", "Medium", "2023-07-01", "Completed")


def test_the_notice_says_how_to_finish():
    assert kept_notice("e on AI-2") == (
        "Not saved yet; what you typed is kept. Press e on AI-2 to finish it.")
