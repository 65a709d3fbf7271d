"""Hostile and hurried input in the timeline row dialog, found by trying it as a tired on-call
engineer would (the trials of the fourth field, the time that moves on by itself and the
priority bindings): what was typed stays where it was typed, and the dialog stays usable."""

from __future__ import annotations

import datetime as dt

import pytest
from editor_helpers import make_app, open_section, start_adding, type_text, until
from textual.widgets import Input, Static

from postmortem.dialogs.action_editor import ActionEditor
from postmortem.dialogs.event_editor import EventEditor
from postmortem.document.duedate import DueDateError, parse_due
from postmortem.document.timeparse import (
    TimeContext,
    TimeEntryError,
    parse_time,
    split_time_and_event,
)

# Square brackets are Rich markup to a Static that has not been told otherwise: "[/red]" ended
# the app with a MarkupError once the dialog repeated the text in a note.
MARKUP = "[/red] oops [b]"


def fields(app) -> tuple[str, ...]:
    return tuple(app.screen.query_one(f"#{name}", Input).value
                 for name in ("time", "event", "actions"))


async def test_a_time_that_moves_on_keeps_the_event_typed_before_it(tmp_path):
    """Event typed first, then the time: the move to Event must not select the event, or the
    next key replaces it (it did: "abc" became "d")."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press("tab", *"abc", "shift+tab", *"14:25", "d")
        await until(pilot, lambda: fields(app)[1] != "abc")
        assert fields(app) == ("14:25", "abcd", "")


async def test_the_added_note_of_a_long_event_is_one_line(tmp_path):
    """A pasted log excerpt as the event: the note that says it was added stays one line, so
    the next row's fields stay in sight at 80x24 (it ran to 40 lines)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:25")
        app.screen.query_one("#event", Input).value = "pay-gw handshake failed " * 400
        await pilot.press("enter", "enter")
        await until(pilot, lambda: len(app.document.timeline) == 1)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        note = str(editor.query_one("#note", Static).content)
        assert note.startswith("✓ Added 2023-06-15 14:25 pay-gw handshake failed")
        assert note.endswith("…. Next row:")
        await until(pilot, lambda: editor.query_one("#note").size.height == 1)
        assert editor.query_one("#note").size.height == 1


async def test_an_event_that_looks_like_markup_is_shown_as_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:25", *MARKUP, "enter", "enter")
        await until(pilot, lambda: len(app.document.timeline) == 1)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        note = editor.query_one("#note", Static)
        await until(pilot, lambda: MARKUP in str(note.render()))
        assert f"14:25 {MARKUP}. Next row:" in str(note.render())
        # a time that is not one says so, with what was typed, as typed
        await pilot.press(*MARKUP, "tab")
        check = editor.query_one("#time-check", Static)
        await until(pilot, lambda: "could not read" in str(check.render()))
        assert MARKUP in str(check.render())
    assert app.document.timeline[0].event == MARKUP


async def test_an_action_item_that_looks_like_markup_is_shown_as_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        await pilot.press(*MARKUP, "enter", "enter", "enter", "enter", "enter")
        await until(pilot, lambda: len(app.document.action_items) == 1)
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        note = editor.query_one("#note", Static)
        await until(pilot, lambda: MARKUP in str(note.render()))
        assert MARKUP in str(note.render())
        await pilot.press("tab", "tab", "tab", *MARKUP, "tab")  # a due date that is not one
        check = editor.query_one("#due-check", Static)
        await until(pilot, lambda: "✗" in str(check.render()))
    assert app.document.action_items[0].description == MARKUP


async def test_a_list_item_that_looks_like_markup_is_listed_deleted_and_undone_as_typed(tmp_path):
    """A list showed "Fix [JIRA-123] now" as "Fix  now", a Markdown link without its text,
    and "[/red]" ended the app as the item was kept."""
    from postmortem.widgets.list_editor import ItemList

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await start_adding(pilot)
        for item in ("Fix [JIRA-123] now", "see [docs](https://x.test)", MARKUP):
            await type_text(pilot, item)
            await pilot.press("enter")
        await pilot.press("enter")
        await until(pilot, lambda: len(app.document.preventive.technical) == 3)
        items = app.screen.query_one("#technical ItemList", ItemList)
        shown = [str(items.get_option_at_index(n).prompt) for n in range(3)]
        assert shown == ["1. Fix [JIRA-123] now", "2. see [docs](https://x.test)",
                         f"3. {MARKUP}"]
        await pilot.press("d")  # says what it deleted, as typed
        await until(pilot, lambda: len(app.document.preventive.technical) == 2)
        await until(pilot, lambda: MARKUP in toasts(app))
        assert MARKUP in toasts(app)
        await pilot.press("u")
        await until(pilot, lambda: len(app.document.preventive.technical) == 3)


def toasts(app) -> str:
    """The notifications shown, rendered as a toast renders them (the toast itself is not
    mounted under Pilot; a message that is not markup raised there, ending the app)."""
    from textual.content import Content

    return " ".join(str(Content.from_markup(note.message) if note.markup else note.message)
                    for note in app._notifications)


CONTEXT = TimeContext(dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 14, 0, tzinfo=dt.UTC),
                      dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC))
HUGE = "9" * 5000  # past the 4,300 digits int() reads from a string


@pytest.mark.parametrize("typed", [
    "+99999999999999999999m", f"+{HUGE}m", f"-{HUGE}h", f"+1h{HUGE}m", "x" * 10_000,
    f"14:{HUGE}", f"2026-12-01 14:00 db {'y' * 10_000}",
], ids=["past-the-calendar", "huge-minutes", "huge-hours", "huge-after-hours", "long-text",
        "huge-clock", "long-row"])
def test_a_time_out_of_all_reason_is_a_short_time_entry_error(typed):
    """A pasted number ran past the calendar (OverflowError) or past what int() reads
    (ValueError): the dialog, which checks the time as it is typed, ended the app. The
    error quotes a long entry briefly: it is shown under the field, at 80x24."""
    with pytest.raises(TimeEntryError) as raised:
        parse_time(typed, CONTEXT)
    assert len(str(raised.value)) < 200
    split_time_and_event(typed, CONTEXT)  # tries each leading part of it as a time


@pytest.mark.parametrize("typed", [
    "+99999999999999999999d", f"+{HUGE}d", f"+{HUGE}w", "x" * 10_000, f"2026-{HUGE}-01",
], ids=["past-the-calendar", "huge-days", "huge-weeks", "long-text", "huge-month"])
def test_a_due_date_out_of_all_reason_is_a_short_due_date_error(typed):
    with pytest.raises(DueDateError) as raised:
        parse_due(typed, dt.date(2026, 12, 1))
    assert len(str(raised.value)) < 200


async def test_a_huge_relative_time_typed_into_time_is_an_error_under_it(tmp_path):
    app = make_app(tmp_path, timeline=[{"time": "2023-06-15T14:02:00Z", "event": "Paged"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press("plus", *"99999999999999999999", "m", "enter")
        check = app.screen.query_one("#time-check", Static)
        assert await until(pilot, lambda: "beyond the calendar" in str(check.render()))
        assert isinstance(app.screen, EventEditor)
        assert fields(app)[0] == "+99999999999999999999m"


async def test_backspace_right_after_the_time_moved_on_goes_back_to_mend_it(tmp_path):
    """14:20 typed, meant 14:25: backspace right after the move takes the 0 back, and 5 moves
    on again. It was Event's: the time stayed 14:20 and the event became "5 db"."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:20", "backspace", "5", *"db", "backspace", "enter", "enter")
        assert await until(pilot, lambda: len(app.document.timeline) == 1)
        row = app.document.timeline[0]
        assert (row.time.strftime("%H:%M"), row.event) == ("14:25", "d")


def test_a_row_undone_in_one_window_stays_gone_in_a_second_that_only_follows(tmp_path):
    """Two windows on one file. The first adds a row and saves, the second takes it in; the
    first undoes the add and saves. The second, with no edit of its own, took the file back
    to a version it had read before as one a late writer started from, kept the row as its
    own unsaved edit, and wrote it back at its next save."""
    from postmortem.document.model import Document, TimelineEvent
    from postmortem.storage import toml_file as storage
    from postmortem.storage.session import Session

    path = tmp_path / "incident.toml"
    storage.save(Document(title="Checkout down"), path)
    first, second = Session(path, storage.load(path)), Session(path, storage.load(path))
    row = TimelineEvent(time=dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.UTC), event="marked",
                        milestone="resolved")
    for rows in ([row], []):  # the add, then its undo
        first.document.timeline = rows
        first.changed()
        first.save()
        news = second.check_disk()
        assert news is not None and news.kind == "reloaded", news
        assert second.document.timeline == rows
        assert not second.dirty


async def test_the_added_note_of_a_long_action_item_is_one_line(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        assert await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        app.screen.query_one("#description", Input).value = "Rotate the certs " * 600
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        assert await until(pilot, lambda: len(app.document.action_items) == 1)
        note = app.screen.query_one("#note", Static)
        assert str(note.render()).endswith("…. Next item:")
        assert await until(pilot, lambda: note.size.height == 1)


async def test_an_export_path_that_looks_like_markup_is_told_as_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        folder = tmp_path / "[red]"  # a style to markup: it vanished from the message
        folder.mkdir()
        app.export_to(folder / "out.md")
        app.export_to(tmp_path / "[red] missing" / "out.md")  # fails: no such folder
        assert await until(pilot, lambda: toasts(app).count("[red]") == 2)
