"""F3 on a long document: the first screen comes at once, long tables are drawn a line per
row, and escape is answered while the rest of the preview is still being put together."""

from __future__ import annotations

import datetime as dt

from editor_helpers import make_app
from textual.widgets import Markdown

from postmortem.screens.preview import PreviewScreen, PreviewTable
from postmortem.screens.preview_parts import LONG_TABLE_ROWS, LongTable, cell_text, parts

ROWS = 10_000


def long_timeline(rows: int) -> list[dict[str, object]]:
    start = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)
    return [{"time": start + dt.timedelta(minutes=index), "event": f"step {index} | *done*",
             "actions": "line one\nline two" if index % 2 else ""} for index in range(rows)]


def test_only_tables_longer_than_the_limit_are_cut_out():
    short = "\n".join(["| A | B |", "| --- | --- |", *["| 1 | 2 |"] * LONG_TABLE_ROWS])
    long = "\n".join(["| A | B |", "| --- | --- |", *["| 1 | 2 |"] * (LONG_TABLE_ROWS + 1)])
    assert list(parts(f"# T\n\n{short}\n")) == [f"# T\n\n{short}\n"]
    cut = list(parts(f"# T\n\n{long}\n\nafter\n"))
    assert cut[0] == "# T\n" and cut[2] == "\nafter\n"
    assert isinstance(cut[1], LongTable) and cut[1].header == ("A", "B")
    assert len(cut[1].lines) == LONG_TABLE_ROWS + 1


def test_a_table_inside_fenced_code_stays_text():
    long = "\n".join(["| A |", "| --- |", *["| 1 |"] * (LONG_TABLE_ROWS + 1)])
    source = f"```\n{long}\n```\n"
    assert list(parts(source)) == [source]


def test_a_cell_shows_its_text_without_markdown_marks():
    assert cell_text(r"step 1 \| *done* `code`<br>next") == "step 1 | done code ⏎ next"


async def test_f3_on_a_long_timeline_answers_escape_before_it_has_finished(tmp_path):
    app = make_app(tmp_path, timeline=long_timeline(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        app.simulate_key("f3")  # not pilot.press, which waits until the screen is idle
        while not any(part.children and part.region.height
                      for part in app.screen.query(Markdown)):  # the first screen shows
            await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        app.simulate_key("escape")
        while app.screen is preview:
            await pilot.pause()
        assert app.current_mode == "incident"
        assert not isinstance(app.screen, PreviewScreen)


async def test_the_long_table_draws_its_rows_as_a_reviewer_reads_them(tmp_path):
    app = make_app(tmp_path, timeline=long_timeline(ROWS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        while not screen.query(PreviewTable):
            await pilot.pause()
        table = screen.query_one(PreviewTable)
        assert table.row_count == ROWS
        assert list(table.row_cells(1)) == ["2026-03-14 00:01", "step 1 | done",
                                            "line one ⏎ line two"]
        assert screen.query(Markdown)  # the text around the table is still Markdown
