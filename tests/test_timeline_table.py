"""The timeline table at thousands of rows: what it draws is the document, wherever the cursor
goes and whatever is edited, and it renders only the rows on screen."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from editor_helpers import (
    add_row,
    drawn_lines,
    drawn_strips,
    make_app,
    open_section,
    text_of,
    type_text,
)
from textual.widgets import Static

from postmortem.document.model import Milestone, TimelineEvent
from postmortem.screens.help import binding_rows
from postmortem.screens.timeline import DetailLine
from postmortem.widgets.key_bar import KeyBar
from postmortem.widgets.status_line import StatusLine
from postmortem.widgets.timeline.metrics_panel import MetricsPanel
from postmortem.widgets.timeline.table import TimelineTable
from postmortem.widgets.virtual_table import column_widths

START = dt.datetime(2023, 6, 15, tzinfo=dt.UTC)
# The columns at 80x24 (the section list is hidden at that width), as a user sees them.
TIME, EVENT, ACTIONS, MILESTONE = 16, 22, 18, 12
HEADER = f" {'Time (UTC)':<{TIME}}  {'Event':<{EVENT}}  {'Actions Taken':<{ACTIONS}}  Milestone"


@pytest.mark.parametrize("width", [30, 52, 78, 80, 100, 131])
def test_columns_keep_their_widths_and_share_the_rest_11_to_9(width):
    free = max(width - 2 - 2 * 4 - TIME - MILESTONE, 10)  # less a scrollbar and the padding
    event = free * 11 // 20
    assert column_widths(TimelineTable.COLUMNS, width) == [TIME, event, free - event, MILESTONE]


async def test_with_the_section_list_shown_at_80_columns_every_column_still_shows(tmp_path):
    app = make_app(tmp_path, timeline=[{"time": START, "event": "x", "milestone": "detected"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await press(pilot, "f2")
        table = app.screen.query_one(TimelineTable)
        header, row = drawn_lines(table)[:2]
        assert header.rstrip().endswith("Milestone") and row.rstrip().endswith("Detected")


def rows(count: int) -> list[dict[str, Any]]:
    return [{"time": START + dt.timedelta(minutes=i), "event": f"event number {i} " * 3,
             "actions": f"a{i}" if i % 3 else ""} for i in range(count)]


def expected_line(event: TimelineEvent) -> str:
    milestone = event.milestone.label if event.milestone else ""
    return (f" {event.time:%Y-%m-%d %H:%M}  {event.event[:EVENT]:<{EVENT}}  "
            f"{event.actions[:ACTIONS]:<{ACTIONS}}  {milestone:<{MILESTONE}} ")


def expected_screen(table: TimelineTable) -> list[str]:
    """What the table must show: the header, then the document's rows from the first one in
    view, then blank lines."""
    width, height = table.size
    first = table.first_visible_row
    shown = table.document.timeline[first:first + height - 1]
    lines = [HEADER] + [expected_line(event) for event in shown]
    return [line.ljust(width) for line in lines + [""] * (height - len(lines))]


def cursor_lines(table: TimelineTable) -> list[int]:
    """The screen lines drawn in the cursor's colours."""
    cursor = table.get_component_rich_style("virtual-table--cursor").bgcolor
    return [y for y, strip in enumerate(drawn_strips(table))
            if y and list(strip)[0].style.bgcolor == cursor]


def check(app: Any, table: TimelineTable) -> None:
    """The screen shows the document, the cursor is on screen, the detail is its row's."""
    assert drawn_lines(table) == expected_screen(table)
    first = table.first_visible_row
    assert first <= table.cursor_row < first + table.page_height
    assert cursor_lines(table) == [table.cursor_row - first + 1]
    event = table.current_event()
    assert event is not None
    assert text_of(app.screen.query_one(DetailLine)).startswith(event.event.strip())


async def press(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def test_after_edits_undo_and_moves_the_lines_drawn_are_the_documents(tmp_path):
    app = make_app(tmp_path, timeline=rows(3000))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        assert table.size.height > 5
        check(app, table)
        await add_row(pilot, "2023-06-15 12:00:30", "in the middle")
        assert table.cursor_row == 721  # after the rows of 12:00, in view
        check(app, table)
        for keys in (["d"], ["u"], ["3"], ["k", "c"], ["j", "j", "2"], ["u"], ["G"], ["4"],
                     ["g"], ["pagedown"] * 3, ["pageup"], ["end"], ["home"]):
            await press(pilot, *keys)
            check(app, table)
        timeline = app.document.timeline
        assert table.row_count == len(timeline) == 3002  # one copy (c); u undid the mark


async def test_the_cursor_follows_a_row_that_moves_and_its_undo(tmp_path):
    app = make_app(tmp_path, timeline=rows(3000))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        await press(pilot, *["j"] * 10, "e")
        await type_text(pilot, "2023-06-20 09:00")  # the time field starts all selected
        await press(pilot, "ctrl+n")
        moved = table.current_event()
        assert moved is not None and moved.event.startswith("event number 10 ")
        assert table.cursor_row == 2999  # now the last row, and on screen
        check(app, table)
        await press(pilot, "u")
        assert table.current_event() is moved and table.cursor_row == 10
        check(app, table)
        await press(pilot, "c")
        assert table.cursor_row == 11 and table.current_event() is not moved
        check(app, table)


async def test_another_version_of_the_document_shows_from_its_first_row(tmp_path):
    app = make_app(tmp_path, timeline=rows(3000))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        await press(pilot, "G")
        other = app.document.model_copy(update={"timeline": [
            TimelineEvent.model_validate(row) for row in rows(5)]})
        app.replace_document(other)
        await pilot.pause()
        assert (table.cursor_row, table.first_visible_row, table.row_count) == (0, 0, 5)
        check(app, table)


async def test_keys_move_the_cursor_and_scroll_the_rows_with_it(tmp_path):
    app = make_app(tmp_path, timeline=rows(3000))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        page = table.page_height

        async def at(*keys: str) -> tuple[int, int]:
            await press(pilot, *keys)
            check(app, table)
            return table.cursor_row, table.first_visible_row

        assert await at("j") == (1, 0)
        assert await at("down", "k", "up") == (0, 0)
        assert await at(*["j"] * page) == (page, 1)  # one past the last line: one line down
        assert await at("pagedown") == (2 * page, page + 1)
        assert await at("pageup") == (page, 1)
        assert await at("G") == (2999, 3000 - page)
        assert await at("pagedown") == (2999, 3000 - page)
        assert await at("k") == (2998, 3000 - page)
        assert await at("g") == (0, 0)
        assert await at("pageup", "k") == (0, 0)
        assert await at("end") == (2999, 3000 - page)
        assert await at("home") == (0, 0)


async def test_a_click_puts_the_cursor_on_the_row(tmp_path):
    app = make_app(tmp_path, timeline=rows(3000))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        await press(pilot, "pagedown")
        await pilot.click(TimelineTable, offset=(30, 3))  # the third row on screen
        await pilot.pause()
        assert table.cursor_row == table.first_visible_row + 2
        check(app, table)
        await pilot.click(TimelineTable, offset=(30, 0))  # the header: nothing moves
        await pilot.pause()
        assert table.cursor_row == table.first_visible_row + 2


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, range]]:
    """Every row the timeline table reads to draw a line, with the rows on screen then."""
    seen: list[tuple[int, range]] = []
    original = TimelineTable.row_cells

    def recording(table: TimelineTable, row: int) -> Any:
        first = table.first_visible_row
        seen.append((row, range(first, first + table.page_height)))
        return original(table, row)

    monkeypatch.setattr(TimelineTable, "row_cells", recording)
    return seen


async def test_only_the_rows_on_screen_are_ever_rendered(tmp_path, rendered):
    app = make_app(tmp_path, timeline=rows(10_000))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        page = table.page_height
        assert all(row in on_screen for row, on_screen in rendered)
        assert 0 < len({row for row, _ in rendered}) <= page
        for keys in (["G"], ["pageup"], ["g"], ["pagedown"], ["2"], ["d"], ["u"], ["k"]):
            rendered.clear()
            await press(pilot, *keys)
            assert all(row in on_screen for row, on_screen in rendered)
            # a row once, or twice when an edit changes the lines under the table too
            assert len(rendered) <= 2 * (page + 1)
        rendered.clear()
        await press(pilot, "j")  # within the screen: at most the rows the cursor left and entered
        assert {row for row, _ in rendered} <= {table.cursor_row - 1, table.cursor_row}
        assert len(rendered) <= 2


async def test_the_footer_fits_in_80_columns(tmp_path):
    app = make_app(tmp_path, timeline=rows(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        assert len(line) == 80 and line.endswith("^p palette")
        assert [entry.text for entry in bar.drawn] == [
            "a Add", "e Edit", "d Del", "u Undo", "1-4 Milestone", "s Times", "l Log", "F1 Help"]
        assert line.removesuffix("^p palette").rstrip() == " ".join(
            entry.text for entry in bar.drawn)


async def test_the_keys_the_footer_leaves_out_are_in_help_and_the_palette(tmp_path):
    app = make_app(tmp_path, timeline=rows(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await press(pilot, "f1")
        text = "\n".join(str(static.render()) for static in app.screen.query(Static))
        for _keys, description in binding_rows(TimelineTable):  # a "1-4" row covers 2, 3, 4
            assert description in text
        assert "Mark impact start (2 detected, 3 mitigated, 4 resolved" in text
        await press(pilot, "escape")
        for name in ("Delete the row", "Undo the last add"):
            await press(pilot, "ctrl+p")
            await type_text(pilot, name)
            await pilot.pause(0.3)
            await press(pilot, "enter")
            assert len(app.document.timeline) == (2 if name.startswith("Delete") else 3)


async def test_cells_show_what_was_typed_cropped_to_their_columns(tmp_path):
    text = "[bold]not markup[/] and\ta tab, then a line\nbreak"
    wide = "日本語のテキストです"  # two cells a character: 20 cells in 18
    app = make_app(tmp_path, timeline=[{"time": START, "event": text, "actions": wide}])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        line = drawn_lines(table)[1]
        assert line.startswith(" 2023-06-15 00:00  [bold]not markup[/] an  日本語のテキストで  ")


async def test_a_delete_and_its_undo_are_told_in_the_status_line_not_over_the_table(tmp_path):
    app = make_app(tmp_path, timeline=rows(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await press(pilot, "d")
        status = str(app.screen.query_one(StatusLine).render())
        assert "Deleted" in status and "u to undo" in status
        await press(pilot, "u")
        assert "Undid delete" in str(app.screen.query_one(StatusLine).render())
        assert list(app._notifications) == []  # no toast over the Milestone column


async def test_the_detail_line_and_figures_change_with_the_key_not_in_a_later_frame(tmp_path):
    """A cursor move or an edit changes the detail line and the figures before its key's
    handler returns: drawn in the key's frame, not by a message handled after that frame (the
    screen drawn twice per key)."""
    app = make_app(tmp_path, timeline=rows(30))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        detail = app.screen.query_one(DetailLine)
        figures = app.screen.query_one(MetricsPanel)
        table.action_cursor_down()  # as the key's binding runs it, with no pause after
        assert detail.text.startswith("event number 1 ")
        table.action_delete()
        assert detail.text.startswith("event number 2 ")
        before = text_of(figures)
        table.action_milestone(Milestone.IMPACT_START.value)
        assert text_of(figures) != before


async def test_an_edit_in_a_full_table_redraws_it_without_laying_the_screen_out(tmp_path):
    app = make_app(tmp_path, timeline=rows(300))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        await press(pilot, "G")
        layouts: list[bool] = []
        refresh = table.refresh

        def counted(*regions: Any, **options: Any) -> Any:
            layouts.append(bool(options.get("layout")))
            return refresh(*regions, **options)

        table.refresh = counted  # type: ignore[method-assign]
        for keys in (["c"], ["d"], ["d"], ["u"], ["u"], ["k", "d"], ["G"]):
            await press(pilot, *keys)
            check_scrolling(app, table)
        assert table.row_count == 300
        assert layouts and not any(layouts)


async def test_rows_coming_and_going_at_the_table_s_height_show_and_hide_its_scrollbar(
        tmp_path):
    app = make_app(tmp_path, timeline=rows(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        table = app.screen.query_one(TimelineTable)
        room = table.scrollable_content_region.height
        await press(pilot, *["c"] * (room - 4))  # the rows and the header fill the table
        assert not table.show_vertical_scrollbar
        for keys, scrolls in ((["c"], True), (["c"], True), (["d"], True), (["d"], False)):
            await press(pilot, *keys)
            assert table.show_vertical_scrollbar is scrolls
            check_scrolling(app, table)


def check_scrolling(app: Any, table: TimelineTable) -> None:
    """check, and the table scrolls as far as its last row and no further."""
    check(app, table)
    room = table.scrollable_content_region.height
    assert table.max_scroll_y == max(table.row_count + 1 - room, 0)
    if table.show_vertical_scrollbar:
        assert table.vertical_scrollbar.window_virtual_size == table.row_count + 1
