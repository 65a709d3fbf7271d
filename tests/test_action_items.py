"""The action-item grid, driven like a user."""

from __future__ import annotations

import datetime as dt

from editor_helpers import (
    frozen,
    make_app,
    open_section,
    start_adding,
    table_rows,
    text_of,
    type_text,
)
from textual.widgets import Input, Static

from postmortem.dialogs.action_editor import ActionEditor
from postmortem.document.model import Priority, Status
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load
from postmortem.widgets import status_line
from postmortem.widgets.action_items.grid import ActionGrid
from postmortem.widgets.status_line import StatusLine

TODAY = dt.date(2026, 3, 20)


def rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return table_rows(app.screen.query_one(ActionGrid))


def counts(app) -> str:  # type: ignore[no-untyped-def]
    return text_of(app.screen.query_one("#action-counts", Static))


async def add_item(pilot, description: str, owner: str = "", priority_steps: int = 0,  # type: ignore[no-untyped-def]
                   due: str = "", status_steps: int = 0) -> None:
    await start_adding(pilot)
    await pilot.pause()
    await type_text(pilot, description)
    await pilot.press("enter")
    await type_text(pilot, owner)
    await pilot.press("enter", *["space"] * priority_steps, "enter")
    await type_text(pilot, due)
    await pilot.press("enter", *["right"] * status_steps, "enter")
    await pilot.pause()
    # the editor stays open on the next new item: escape ends the run on the grid (enter on
    # the empty item would go on to the next section)
    if isinstance(pilot.app.screen, ActionEditor):
        await pilot.press("escape")
        await pilot.pause()


def item_data(number: int, priority: str, status: str, due: str) -> dict[str, str | None]:
    return {"id": f"AI-{number}", "description": f"Item {number}", "owner": "Sam Whitaker",
            "priority": priority, "due": due or None, "status": status}


async def test_palette_entry_opens_the_editor_in_the_description(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Add action item")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert app.current_mode == "action_items"
        assert isinstance(app.screen, ActionEditor)
        assert app.focused is app.screen.query_one("#description", Input)


async def test_items_with_every_priority_and_status_export_in_the_standard_table(
        tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await add_item(pilot, "Add trust check", "Sa", priority_steps=2, due="+2w")
        await add_item(pilot, "Alert on declines", "yuki", priority_steps=0, due="2026-03-01",
                       status_steps=1)
        await add_item(pilot, "Keep old secret", "Lena Fischer", priority_steps=1,
                       due="+10d", status_steps=2)
        await add_item(pilot, "Probe real path", "", priority_steps=2, status_steps=3)
        assert rows(app) == [
            ["AI-1", "Add trust check", "Sam Whitaker", "High", "2026-04-03", "Open"],
            ["AI-2", "Alert on declines", "Yuki Tanaka", "Medium", "!2026-03-01",
             "In Progress"],
            ["AI-3", "Keep old secret", "Lena Fischer", "Low", "2026-03-30", "Completed"],
            ["AI-4", "Probe real path", "", "High", "", "Verified"],
        ]
        assert counts(app).startswith("4 items · 2 open · 1 overdue (marked !)")
        assert app.save()
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert (
        "| ID | Description | Owner | Priority | Due Date | Status |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| AI-1 | Add trust check | Sam Whitaker | High | 2026-04-03 | Open |\n"
        "| AI-2 | Alert on declines | Yuki Tanaka | Medium | 2026-03-01 | In Progress |\n"
        "| AI-3 | Keep old secret | Lena Fischer | Low | 2026-03-30 | Completed |\n"
        "| AI-4 | Probe real path | _TBD_ | High | _TBD_ | Verified |\n"
    ) in markdown


async def test_keys_cycle_priority_and_status_and_overdue_follows(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path, action_items=[item_data(1, "High", "Open", "2026-03-01")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        assert rows(app)[0][4] == "!2026-03-01"
        assert "1 overdue (marked !)" in counts(app)
        assert "OVERDUE" in text_of(app.screen.query_one("#action-detail", Static))
        await pilot.press("p")
        assert app.document.action_items[0].priority is Priority.MEDIUM
        await pilot.press("p", "p")
        assert app.document.action_items[0].priority is Priority.HIGH
        await pilot.press("s", "s")
        await pilot.pause()
        assert app.document.action_items[0].status is Status.COMPLETED
        assert rows(app)[0][4:] == ["2026-03-01", "Completed"]
        assert "none overdue" in counts(app) and "0 open" in counts(app)
        await pilot.press("s", "s")
        assert app.document.action_items[0].status is Status.OPEN


async def test_sort_by_any_column_changes_only_the_view(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    items = [item_data(1, "Low", "Verified", "2026-05-01"),
             item_data(2, "High", "Open", ""),
             item_data(3, "Medium", "In Progress", "2026-04-01")]
    items[1]["description"] = "A first"
    app = make_app(tmp_path, action_items=items)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        ids = lambda: [row[0] for row in rows(app)]  # noqa: E731
        await pilot.press("4")
        assert ids() == ["AI-2", "AI-3", "AI-1"]  # High, Medium, Low
        await pilot.press("4")
        assert ids() == ["AI-1", "AI-3", "AI-2"]  # again: reversed
        await pilot.press("5")
        assert ids() == ["AI-3", "AI-1", "AI-2"]  # no due date last
        await pilot.press("6")
        assert ids() == ["AI-2", "AI-3", "AI-1"]  # Open, In Progress, Verified
        await pilot.press("2")
        assert ids() == ["AI-2", "AI-1", "AI-3"]
        assert "sorted by Description ▲" in counts(app)
        await pilot.press("1")
        assert ids() == ["AI-1", "AI-2", "AI-3"]
        assert [item.id for item in app.document.action_items] == ["AI-1", "AI-2", "AI-3"]


async def test_ids_are_never_reused_and_delete_can_be_undone(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await add_item(pilot, "One")
        await add_item(pilot, "Two")
        await pilot.press("d")
        await pilot.pause()
        assert [row[0] for row in rows(app)] == ["AI-1"]
        await add_item(pilot, "Three")
        assert [row[0] for row in rows(app)] == ["AI-1", "AI-3"]
        await pilot.press("k", "d", "u")  # the delete of AI-1 undone
        await pilot.pause()
        assert sorted(row[0] for row in rows(app)) == ["AI-1", "AI-3"]
        await pilot.press("u", "u")  # then the add of AI-3, then the delete of AI-2
        await pilot.pause()
        assert [item.id for item in app.document.action_items] == ["AI-1", "AI-2"]
        assert sorted(row[0] for row in rows(app)) == ["AI-1", "AI-2"]
        assert app.save()
    assert load(tmp_path / "incident.toml").last_action_number == 3  # AI-3 is never given again


async def test_undo_takes_back_priority_status_and_edits_too(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path, action_items=[item_data(1, "High", "Open", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        item = lambda: app.document.action_items[0]  # noqa: E731
        await pilot.press("p", "s")
        await pilot.pause()
        assert (item().priority.value, item().status.value) == ("Medium", "In Progress")
        await pilot.press("u")
        await pilot.pause()
        assert (item().priority.value, item().status.value) == ("Medium", "Open")
        await pilot.press("u")
        await pilot.pause()
        assert (item().priority.value, item().status.value) == ("High", "Open")
        description = item().description
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " now")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert item().description == description + " now"
        await pilot.press("u")
        await pilot.pause()
        assert item().description == description
        assert rows(app)[0][1].startswith(description[:8])


async def test_bad_input_is_explained_and_escape_keeps_the_draft(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        assert "Describe the change" in text_of(editor.query_one("#description-check", Static))
        await type_text(pilot, "Fix it")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "next week")
        await pilot.press("enter")
        await pilot.pause()
        assert "could not read 'next week' as a due date" in text_of(
            editor.query_one("#due-check", Static))
        assert editor.query_one("#due", Input).value == "next week"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ActionEditor) and app.is_running
        assert app.document.action_items == []
        await start_adding(pilot)
        await pilot.pause()
        assert app.screen.query_one("#description", Input).value == "Fix it"
        assert app.screen.query_one("#due", Input).value == "next week"
        assert app.focused is app.screen.query_one("#due", Input)  # where they left off
        await pilot.press("ctrl+u")
        await type_text(pilot, "2026-04-01")
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert [(item.description, item.due) for item in app.document.action_items] == [
        ("Fix it", dt.date(2026, 4, 1))]


async def test_edit_in_place_keeps_the_id(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path, action_items=[item_data(4, "High", "Open", "2026-04-01")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#description", Input).value == "Item 4"
        await type_text(pilot, "Renamed")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert rows(app)[0][:2] == ["AI-4", "Renamed"]


async def test_routine_changes_are_confirmed_in_the_status_line_not_over_the_grid(
        tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    monkeypatch.setattr(status_line, "NOTE_SECONDS", 0.3)
    app = make_app(tmp_path, action_items=[item_data(1, "High", "Open", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        status = lambda: text_of(app.screen.query_one(StatusLine))  # noqa: E731
        await pilot.press("p", "s")
        await pilot.pause()
        assert status() == "Action Items · unsaved changes · AI-1: In Progress"
        await pilot.press("d")
        await pilot.pause()
        assert status().endswith(" · Deleted AI-1 (u brings it back)")
        assert list(app._notifications) == []  # no toast over the grid's right columns
        await pilot.pause(0.5)
        assert status() == "Action Items · incident.toml · unsaved changes"


async def test_a_restored_draft_resumes_where_the_cursor_was(tmp_path, monkeypatch):
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "Probe the gateway")
        await pilot.press("tab")
        await type_text(pilot, "Yuki Tan")
        await pilot.press("escape")
        await pilot.pause()
        await start_adding(pilot)
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor)
        assert app.focused is editor.query_one("#owner", Input)
        await type_text(pilot, "aka")  # goes on after what was typed, replacing nothing
        assert editor.query_one("#owner", Input).value == "Yuki Tanaka"
        await pilot.press("tab", "space", "escape")  # left on Priority, changed
        await pilot.pause()
        await start_adding(pilot)
        await pilot.pause()
        assert app.focused is app.screen.query_one("#priority")
        await pilot.press("ctrl+n")
        await pilot.pause()
    assert [(item.description, item.owner, item.priority) for item in
            app.document.action_items] == [("Probe the gateway", "Yuki Tanaka", Priority.LOW)]


async def test_leaving_the_section_with_the_editor_open_keeps_the_typing(tmp_path, monkeypatch):
    """F5 closes the dialog without escape: what was typed still comes back as a draft."""
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path, action_items=[item_data(1, "High", "Open", "")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " soon")
        await pilot.press("f5")
        await pilot.pause()
        assert app.current_mode == "response" and not isinstance(app.screen, ActionEditor)
        assert app.typing_not_kept() == [
            'an unfinished action item "Item 1 soon Sam Whitaker High Open"']
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, ActionEditor) and editor.restored
        assert editor.query_one("#description", Input).value == "Item 1 soon"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.document.action_items[0].description == "Item 1 soon"
        assert app.typing_not_kept() == []


async def test_counts_and_detail_change_with_the_key_not_in_a_later_frame(tmp_path, monkeypatch):
    """p and s change the counts and the detail under the grid before the key's handler returns:
    drawn in the key's frame, not by a message handled after it (the screen drawn twice)."""
    frozen(monkeypatch, today=TODAY)
    app = make_app(tmp_path, action_items=[item_data(1, "High", "Open", "2026-03-01")])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        detail = app.screen.query_one("#action-detail", Static)
        assert "OVERDUE" in text_of(detail)
        grid = app.screen.query_one(ActionGrid)
        grid.action_cycle_status()  # as the key's binding runs it, with no pause after
        grid.action_cycle_status()
        grid.action_cycle_status()  # Completed: no longer overdue
        assert "OVERDUE" not in text_of(detail)
        assert "none overdue" in counts(app)
