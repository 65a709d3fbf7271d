"""A Static's text shown again lays the screen out only when its height may change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from postmortem.widgets.shown_text import height_may_change, show_text


class Two(App[None]):
    CSS = "#one { height: 1; } #auto { height: auto; width: 20; }"

    def compose(self) -> ComposeResult:
        yield Static("fixed", id="one", markup=False)
        yield Static("ab\ncd\n" + "w" * 30, id="auto", markup=False)


async def test_a_fixed_height_never_needs_a_layout():
    app = Two()
    async with app.run_test(size=(80, 24)):
        assert not height_may_change(app.query_one("#one", Static), "a\nb\nc\n" + "x" * 200)


async def test_an_auto_height_needs_one_when_lines_come_or_go_or_a_changed_line_wraps():
    app = Two()
    async with app.run_test(size=(80, 24)) as pilot:
        auto = app.query_one("#auto", Static)
        wide = "w" * 30  # wraps at 20 columns, but is in both texts: it takes the lines it took
        assert not height_may_change(auto, "ab\nce\n" + wide)
        assert height_may_change(auto, "ab\n" + wide)  # a line fewer
        assert height_may_change(auto, "ab\n" + "c" * 25 + "\n" + wide)  # the new line wraps
        height = auto.region.height
        show_text(auto, "ab\nce\n" + wide)
        await pilot.pause()
        assert auto.content == "ab\nce\n" + wide and auto.region.height == height
