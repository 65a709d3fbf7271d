"""No `a` to start an empty list or table: the cursor arriving at one opens its first new item,
so typing goes straight in. Tab (or enter) on that still-empty item passes on, escape leaves it
(the list stays focused and empty); a list that has items keeps `a`. Enter on the empty new
item that ends the action grid's run goes on to the next section."""

from __future__ import annotations

import datetime as dt

from editor_helpers import frozen, make_app, open_section, type_text, until
from textual.events import Paste
from textual.widgets import Input

from postmortem.dialogs.action_editor import ActionEditor
from postmortem.dialogs.event_editor import EventEditor
from postmortem.screens.why_wizard import WhyWizard
from postmortem.widgets.action_items.grid import ActionGrid
from postmortem.widgets.list_editor import ItemList, ListEditor
from postmortem.widgets.timeline.table import TimelineTable


def editor_of(app, list_id: str) -> ListEditor:
    return app.screen.query_one(f"#{list_id}", ListEditor)


async def test_arriving_at_an_empty_list_types_into_its_first_item(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.pause()
        # no a: the technical list (the form's first field) opened its first item
        await type_text(pilot, "Canary certs")
        await pilot.press("enter")
        await type_text(pilot, "Expiry alerts")
        await pilot.press("tab")  # kept; on to the process list, empty: opened too
        await type_text(pilot, "Rotation drill")
        await pilot.press("tab")
        await pilot.pause()
        preventive = app.document.preventive
        assert preventive.technical == ["Canary certs", "Expiry alerts"]
        assert preventive.process == ["Rotation drill"]
        monitoring = editor_of(app, "monitoring")
        assert monitoring.editing is not None  # the third list, empty, is open in turn
        assert app.screen.focused in monitoring.query(Input)


async def test_tab_or_enter_on_the_still_empty_item_passes_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.pause()
        await pilot.press("tab")  # technical: nothing to add
        await pilot.pause()
        await pilot.press("enter")  # process: nothing either
        await pilot.pause()
        monitoring = editor_of(app, "monitoring")
        assert app.screen.focused in monitoring.query(Input)
        assert app.document.preventive.technical == []
        assert app.document.preventive.process == []


async def test_escape_leaves_the_opened_item_and_the_list_stays_focused_and_empty(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        technical = editor_of(app, "technical")
        assert technical.editing is None
        assert app.screen.focused is technical.query_one(ItemList)
        await pilot.press("j")  # the list's own keys work; nothing reopens by itself
        await pilot.pause()
        assert technical.editing is None and app.document.preventive.technical == []


async def test_a_list_with_items_keeps_a(tmp_path):
    app = make_app(tmp_path, preventive={"technical": ["Canary certs"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.pause()
        technical = editor_of(app, "technical")
        assert technical.editing is None
        assert app.screen.focused is technical.query_one(ItemList)
        await pilot.press("a")
        await type_text(pilot, "Expiry alerts")
        await pilot.press("tab")
        await pilot.pause()
        assert app.document.preventive.technical == ["Canary certs", "Expiry alerts"]


async def test_arriving_at_an_empty_timeline_opens_its_first_row(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6", "f6")  # Incident Information, Executive Summary, Timeline
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        assert app.screen.focused is app.screen.query_one("#time", Input)
        await pilot.press("escape")  # leaves it; the table stays, empty
        assert await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        assert isinstance(app.screen.focused, TimelineTable)
        assert app.document.timeline == []


async def test_a_typed_out_of_habit_into_the_row_the_arrival_opened_is_said_not_typed(
        tmp_path):
    """`a` (the table's Add) pressed as the empty timeline's first row is already open: no
    time starts with it, so the Time field says the row is open instead of taking it."""
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert dialog.query_one("#time", Input).value == ""
        check = str(dialog.query_one("#time-check").render())
        assert check.startswith("Adding a row already: type its time")
        await pilot.press(*"14:20", *"a fix")  # the complete time goes on to Event
        await pilot.pause()
        assert dialog.query_one("#time", Input).value == "14:20"
        assert dialog.query_one("#event", Input).value == "a fix"  # a types where it is text


async def test_enter_on_the_empty_first_row_of_an_empty_timeline_goes_on(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press("enter")
        assert await until(pilot, lambda: app.current_mode == "impact")


async def test_after_a_timeline_run_enter_on_the_empty_row_stays_for_the_milestones(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press(*"14:02", "enter", *"Errors", "enter", "enter", "enter")
        assert await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        assert app.current_mode == "timeline"
        await pilot.press("1")
        await pilot.pause()
        assert app.document.timeline[0].milestone is not None


async def test_empty_action_grid_opens_an_item_and_the_run_ends_in_the_next_section(
        tmp_path, monkeypatch):
    frozen(monkeypatch, today=dt.date(2023, 6, 20))
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        assert await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        await pilot.press(*"Fix", "enter", "enter", "enter", "enter", "enter")  # defaults
        await pilot.press("enter")  # the empty new item: the run is done, and the section
        assert await until(pilot, lambda: app.current_mode == "preventive")
        assert [item.description for item in app.document.action_items] == ["Fix"]


async def test_escape_from_the_opened_action_item_stays_on_the_empty_grid(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        assert await until(pilot, lambda: isinstance(app.screen, ActionEditor))
        await pilot.press("escape")
        assert await until(pilot, lambda: not isinstance(app.screen, ActionEditor))
        assert isinstance(app.screen.focused, ActionGrid)
        assert app.current_mode == "action_items" and app.document.action_items == []


async def test_arriving_at_5_whys_with_no_chain_opens_the_wizard(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        assert await until(pilot, lambda: isinstance(app.screen, WhyWizard))
        await pilot.press("escape")  # stays in the section, the wizard not reopened
        assert await until(pilot, lambda: not isinstance(app.screen, WhyWizard))
        await pilot.pause()
        assert app.current_mode == "five_whys" and not isinstance(app.screen, WhyWizard)


async def test_a_focused_list_does_not_look_like_a_text_field(tmp_path):
    app = make_app(tmp_path, preventive={"technical": ["Canary certs"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.pause()
        items = editor_of(app, "technical").query_one(ItemList)
        assert items.has_focus
        list_frame = items.styles.border_top[0]
        list_item = items.get_component_rich_style("option-list--option-highlighted")
        await pilot.press("a")  # an item being typed: a text field
        await pilot.pause()
        field = app.screen.focused
        assert isinstance(field, Input)
        assert list_frame == "double" and field.styles.border_top[0] != list_frame
        assert list_item.bold and list_item.bgcolor is not None


async def test_log_lines_pasted_into_the_opened_first_row_go_to_the_log_dialog(tmp_path):
    from postmortem.dialogs.log_lines import LogLinesDialog

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        assert await until(pilot, lambda: isinstance(app.screen, EventEditor))
        app.screen.query_one("#time", Input).post_message(
            Paste("14:02 errors rise\n14:05 paged the on-call\n"))
        assert await until(pilot, lambda: isinstance(app.screen, LogLinesDialog))
