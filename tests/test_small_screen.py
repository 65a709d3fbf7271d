"""80x24 stays usable: the line being typed is on screen, an unfocused field shows the start of
its value, the timeline keeps most of the screen, and the action grid shows what matters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from editor_helpers import make_app, open_section, text_of, type_text
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static, TextArea

from postmortem.app.application import PostmortemApp
from postmortem.screens.review import ReviewScreen
from postmortem.storage.toml_file import load, save
from postmortem.widgets.action_items.grid import ActionGrid
from postmortem.widgets.fields import LineField
from postmortem.widgets.timeline.metrics_panel import MetricsPanel
from postmortem.widgets.timeline.table import TimelineTable

SIZE = (80, 24)
LONG_TITLE = ("Checkout outage after payment-gateway certificate rotation left card payments "
              "failing for four hours " * 4)[:300]


def drawn(widget: Widget) -> list[str]:
    """The widget's lines as the screen shows them."""
    size = widget.outer_size
    lines = widget.render_lines(Region(0, 0, size.width, size.height))
    return [line.text for line in lines]


def inside(point_y: int, widget: Widget) -> bool:
    region = widget.region
    return region.y <= point_y < region.bottom


async def test_the_line_typed_at_the_end_of_the_last_text_box_stays_on_screen(tmp_path):
    app = make_app(tmp_path, response={"resolution_challenges": "1. The old certificate was "
                                       "pruned.\n2. The provider needed 40 minutes."})
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "response")
        area = app.screen.query_one("#resolution-challenges TextArea", TextArea)
        area.focus()
        await pilot.press("down", "down", "end")
        form = app.screen.query_one("#form")
        for number in range(3, 12):  # the text box grows, past the bottom of the screen
            await pilot.press("enter")
            await type_text(pilot, f"{number}. Another challenge, written out at some length")
            await pilot.pause()
            await pilot.pause()
            assert inside(area.cursor_screen_offset.y, form), number
        assert "11. Another challenge" in app.document.response.resolution_challenges


async def test_the_cursor_line_stays_on_screen_when_typing_goes_back_up(tmp_path):
    text = "\n".join(f"{number}. line" for number in range(1, 30))
    app = make_app(tmp_path, response={"resolution_challenges": text})
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "response")
        area = app.screen.query_one("#resolution-challenges TextArea", TextArea)
        area.focus()
        form = app.screen.query_one("#form")
        for _ in range(40):
            await pilot.press("down")
        await pilot.pause()
        assert inside(area.cursor_screen_offset.y, form)
        for _ in range(40):
            await pilot.press("up")
        await pilot.pause()
        assert inside(area.cursor_screen_offset.y, form)


async def test_a_field_without_the_focus_shows_the_start_of_its_value(tmp_path):
    app = make_app(tmp_path, title=LONG_TITLE)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "incident")
        title = app.screen.query_one("#title", LineField)
        assert app.focused is title
        await pilot.press("tab")
        await pilot.pause()
        assert drawn(title)[1].strip().startswith("Checkout outage after payment-gateway")
        # back in it: the cursor at the end of the value, in view, nothing selected
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is title
        assert title.cursor_position == len(LONG_TITLE) and title.selection.is_empty
        assert title.region.x <= title.cursor_screen_offset.x < title.region.right
        await pilot.press("!")
        assert app.document.title == LONG_TITLE + "!"


async def test_a_field_left_with_the_cursor_inside_it_shows_its_start_and_takes_typing_at_the_end(
        tmp_path):
    app = make_app(tmp_path, title=LONG_TITLE)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "incident")
        title = app.screen.query_one("#title", LineField)
        await pilot.press("home", "right", "tab")
        await pilot.pause()
        assert drawn(title)[1].strip().startswith("Checkout outage")
        await pilot.press("shift+tab", "?")
        await pilot.pause()
        assert app.document.title == LONG_TITLE + "?"


async def test_a_value_loaded_into_an_unfocused_field_shows_its_start(tmp_path):
    app = make_app(tmp_path, title=LONG_TITLE[:200])
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "incident")
        await pilot.press("tab")  # left with the cursor at the end of its value
        title = app.screen.query_one("#title", LineField)
        app.document.title = LONG_TITLE
        title.load()  # as when the file changed on disk and was merged
        await pilot.pause()
        assert drawn(title)[1].strip().startswith("Checkout outage after")


def _at(minutes: int) -> str:
    time = dt.datetime(2023, 6, 15, 14, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    return time.isoformat()


def disagreeing_timeline() -> dict[str, Any]:
    """30 rows, milestones out of order, and every stated time at odds with the timeline."""
    rows: list[dict[str, Any]] = [{"time": _at(minute * 7), "event": f"Step {minute}: checked "
                                   "the gateway's certificate chain once more"}
                                  for minute in range(30)]
    rows[0]["milestone"], rows[5]["milestone"] = "impact_start", "resolved"
    rows[9]["milestone"], rows[20]["milestone"] = "mitigated", "detected"
    stated = {name: {"value": "9:59"} for name in ("duration", "time_to_detection",
                                                   "time_to_mitigation", "time_to_resolution")}
    return {"timeline": rows, "stated_times": stated}


async def test_the_metrics_warnings_take_two_lines_and_the_table_keeps_the_screen(tmp_path):
    app = make_app(tmp_path, **disagreeing_timeline())
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "timeline")
        panel = app.screen.query_one(MetricsPanel)
        warnings = [line for line in drawn(panel) if "⚠ " in line and "(stated" not in line]
        assert len(warnings) == 2
        assert "more warnings: F8 Review lists each in full" in warnings[1]
        assert len(drawn(panel)) == 1 + len(text_of(panel).splitlines())  # none wraps
        table = app.screen.query_one(TimelineTable)
        assert table.size.height >= 9  # header and 8 rows; 5 rows before
        # nothing hidden for good: the panel's tooltip, and the review, say each in full
        tooltip = str(panel.tooltip)
        assert "Duration: stated 9:59, but the milestones give" in tooltip
        assert "comes before" in tooltip
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_two_warnings_are_shown_whole(tmp_path):
    document = disagreeing_timeline()
    for row in document["timeline"]:
        row.pop("milestone", None)
    document["timeline"][0]["milestone"] = "impact_start"
    document["timeline"][3]["milestone"] = "detected"
    document["timeline"][2]["milestone"] = "mitigated"
    document["timeline"][9]["milestone"] = "resolved"
    document["stated_times"] = {"duration": {"value": "9:59"}}
    app = make_app(tmp_path, **document)
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "timeline")
        text = text_of(app.screen.query_one(MetricsPanel))
        assert "⚠ Mitigated (2023-06-15 14:14) comes before Detected" in text
        assert "⚠ Duration: stated 9:59, but the milestones give 1:03 (s to change)" in text
        assert "more warnings" not in text


ITEM = {"id": "AI-1", "description": "Add a pre-deploy handshake test against the provider's "
        "sandbox to the certificate rotation job, and page the owner when it fails",
        "owner": "Tomás Okafor", "priority": "Medium", "due": "2099-04-01",
        "status": "In Progress"}


def opened_file(tmp_path: Path, **document: Any) -> PostmortemApp:
    path = tmp_path / "incident.toml"
    save(make_app(tmp_path, **document).document, path)
    return PostmortemApp(path, load(path))


async def test_the_action_grid_gives_description_the_width_and_shows_the_row_whole(tmp_path):
    app = make_app(tmp_path, action_items=[ITEM])
    async with app.run_test(size=SIZE) as pilot:
        await open_section(pilot, "action_items")
        grid = app.screen.query_one(ActionGrid)
        assert grid.widths[1] >= 22  # the description's
        header = drawn(grid)[0]
        assert "Description" in header and "Status" in header and "Due Date" in header
        detail = text_of(app.screen.query_one("#action-detail", Static))
        assert ITEM["description"] in detail  # whole, however narrow the grid
        for value in ("Tomás Okafor", "Medium", "due 2099-04-01", "In Progress"):
            assert value in detail
        shown = drawn(app.screen.query_one("#action-detail", Static))
        assert "".join(line.strip() + " " for line in shown).count("page the owner") == 1


async def test_a_cell_is_shown_as_written_not_read_as_markup(tmp_path):
    item = ITEM | {"description": "Rotate [b]all[/b] certificates", "owner": "[red]Sam"}
    app = make_app(tmp_path, action_items=[item])
    async with app.run_test(size=(120, 24)) as pilot:
        await open_section(pilot, "action_items")
        row = drawn(app.screen.query_one(ActionGrid))[1]
        assert "Rotate [b]all[/b] certificates" in row and "[red]Sam" in row


async def test_a_grid_wider_than_the_terminal_scrolls_sideways_and_keeps_its_place(tmp_path):
    """At 60 columns the grid's columns do not fit: end and right scroll it (as a DataTable
    did), moving the cursor keeps the scroll, home goes back to the left edge."""
    app = make_app(tmp_path, action_items=[ITEM, ITEM | {"id": "AI-2"}])
    async with app.run_test(size=(60, 24)) as pilot:
        await open_section(pilot, "action_items")
        grid = app.screen.query_one(ActionGrid)
        header = lambda: drawn(grid)[0]  # noqa: E731
        assert header().startswith(" ID ") and "Status" not in header()
        await pilot.press("end", "j")
        await pilot.pause()
        assert grid.cursor_row == 1
        assert "Status" in header() and " ID " not in header()
        assert "In Progr…" in drawn(grid)[2]
        await pilot.press("home")
        await pilot.pause()
        assert header().startswith(" ID ")
        await pilot.press("right")
        await pilot.pause()
        assert header().startswith("ID ")
