"""Priority and status are typed: a first letter or a prefix picks, enter takes the default."""

from __future__ import annotations

import datetime as dt

from editor_helpers import end_run, frozen, make_app, open_section, type_text

from postmortem.dialogs.action_editor import ChoiceField, choice_typed
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
        await open_section(pilot, "action_items")
        await pilot.press("a")
        await pilot.pause()
        # One burst: description, owner skipped, h, due skipped, "in".
        await pilot.press(*"Fix", "enter", "enter", "h", "enter", "enter", "i", "n")
        await pilot.pause()
        status = app.screen.query_one("#status", ChoiceField)
        assert status.value == "In Progress"
        await pilot.press("x")  # starts no status: said on screen, the value stays
        await pilot.pause()
        assert "no choice starts with 'x'" in str(status.content)
        assert status.value == "In Progress"
        await pilot.press("enter")
        await type_text(pilot, "Keep")  # the next item: enter alone takes the defaults
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        await end_run(pilot)
        items = app.document.action_items
        assert [(item.priority, item.status) for item in items] == [
            (Priority.HIGH, Status.IN_PROGRESS), (Priority.MEDIUM, Status.OPEN)]
