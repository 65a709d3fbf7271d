"""Priority and status are typed: a first letter or a prefix picks, enter takes the default."""

from __future__ import annotations

import datetime as dt

from editor_helpers import end_run, frozen, make_app, open_section, type_text, until
from textual.widgets import Input

from postmortem.dialogs.action_editor import ActionEditor, ChoiceField, choice_typed
from postmortem.document.model import Priority, Status

STATUSES = [status.value for status in Status]


def test_a_prefix_picks_the_first_choice_it_starts_in_any_case():
    assert choice_typed(STATUSES, "i") == "In Progress"
    assert choice_typed(STATUSES, "IN P") == "In Progress"
    assert choice_typed(STATUSES, "v") == "Verified"
    assert choice_typed(STATUSES, "x") is None


async def test_letters_pick_priority_and_status_and_enter_takes_the_default(tmp_path,
                                                                           monkeypatch):
    frozen(monkeypatch, today=dt.date(2023, 6, 20))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")  # the empty grid opens its first item
        await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        # One burst: description, owner skipped, h (High, and on to Due), due skipped, i (In
        # Progress: the item kept, the next one open).
        await pilot.press(*"Fix", "enter", "enter", "h", "enter", "i")
        await type_text(pilot, "Keep")  # the next item: enter alone takes the defaults
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await end_run(pilot)
        items = app.document.action_items
        assert [(item.priority, item.status) for item in items] == [
            (Priority.HIGH, Status.IN_PROGRESS), (Priority.MEDIUM, Status.OPEN)]


async def test_a_deciding_letter_moves_on_and_the_rest_of_the_word_is_the_choices(
        tmp_path, monkeypatch):
    frozen(monkeypatch, today=dt.date(2023, 6, 20))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        # the words typed whole, in one burst: "igh" and "ompleted" are the choices' letters
        await pilot.press(*"Fix", "enter", "enter", *"high", *"+2w", "enter",
                          *"completed", *"Next", "enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        assert editor.query_one("#description", Input).value == "Next"  # not "ompletedNext"
        assert editor.query_one("#owner", Input).has_focus
        item = app.document.action_items[0]
        assert (item.description, item.priority, item.due, item.status) == (
            "Fix", Priority.HIGH, dt.date(2023, 7, 4), Status.COMPLETED)
        assert app.document.action_items[1:] == []
        await pilot.press("escape")
        await pilot.pause()
        assert [value.values[0] for value in app.unfinished_typing()] == ["Next"]


async def test_a_letter_after_the_word_is_typed_into_the_next_field(tmp_path, monkeypatch):
    frozen(monkeypatch, today=dt.date(2023, 6, 20))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        await pilot.press(*"Fix", "enter", "enter", "l", *"+1w")  # + is not Low's: the due
        await pilot.pause()
        assert app.screen.query_one("#due", Input).value == "+1w"
        assert app.screen.query_one("#priority", ChoiceField).value == "Low"


async def test_editing_one_item_a_status_letter_picks_and_enter_saves(tmp_path, monkeypatch):
    frozen(monkeypatch, today=dt.date(2023, 6, 20))
    app = make_app(tmp_path, action_items=[{"id": "AI-1", "description": "Fix"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        await pilot.press("enter", "enter", "enter", "enter", "v")
        await pilot.pause()
        assert isinstance(app.screen, ActionEditor)  # still open: the grid's keys are safe
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ActionEditor))
        assert app.document.action_items[0].status == Status.VERIFIED
