"""The footer shows whole entries only, keeps the palette key at the right, and follows focus."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from postmortem.app.application import PostmortemApp
from postmortem.storage.toml_file import load
from postmortem.widgets.key_bar import KeyBar

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"


def demo_app(tmp_path: Path) -> PostmortemApp:
    path = Path(shutil.copyfile(DEMO, tmp_path / "incident.toml"))
    return PostmortemApp(path, load(path))


def shown_entries(bar: KeyBar) -> tuple[str, list[str]]:
    line = bar.render().plain
    entries, _ = bar.entries()
    return line, [entry.text for entry in entries]


@pytest.mark.parametrize(("width", "all_fit"), [(60, False), (80, True)])
async def test_entries_that_do_not_fit_are_left_out_whole(tmp_path: Path, width: int,
                                                          all_fit: bool) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(width, 24)) as pilot:
        app.go_to("action_items")  # the cursor in the grid, whose keys come first
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        line, drawn = shown_entries(bar)
        assert len(line) == width
        assert line.endswith("^p palette")
        left = line.removesuffix("^p palette").rstrip()
        fitting = [count for count in range(len(drawn) + 1)
                   if " ".join(drawn[:count]) == left]
        assert fitting, f"{left!r} is not a run of whole entries of {drawn}"
        assert (fitting[0] == len(drawn)) is all_fit
        assert "p Priority" in drawn[: fitting[0]]


async def test_the_bar_follows_the_focus(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to("action_items")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        in_grid = bar.render().plain
        await pilot.press("shift+tab")  # out of the grid, back to the section's guidance
        await pilot.pause()
        assert "p Priority" in in_grid
        assert "p Priority" not in bar.render().plain


async def test_the_bar_behind_a_dialog_waits_and_shows_its_screens_keys_again(
        tmp_path: Path) -> None:
    """A dialog has its own bar over the footer: the bar behind is not drawn again while the
    dialog is open (that drew the whole dimmed screen behind again), and shows its screen's
    keys once the dialog closes."""
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to("action_items")
        await pilot.pause()
        screen = app.screen
        bar = screen.query_one(KeyBar)
        repaints: list[bool] = []
        bar.refresh = lambda *regions, **kwargs: repaints.append(True) or bar  # type: ignore
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is not screen and repaints == []
        del bar.refresh
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert "p Priority" in bar.render().plain
        footer = str(app.export_screenshot())
        assert "Priority" in footer


async def test_a_focus_moved_draws_the_bar_once_and_keys_unchanged_not_again(
        tmp_path: Path) -> None:
    """Textual tells of a focus moved twice (the second time after the frame): the bar is
    drawn once for it; when the keys shown stay the same it is not drawn again."""
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to("action_items")
        await pilot.pause()
        bar = app.screen.query_one(KeyBar)
        renders: list[str] = []
        render = bar.render

        def counting() -> Any:
            line = render()
            renders.append(line.plain)
            return line

        bar.render = counting  # type: ignore[method-assign]
        await pilot.press("shift+tab")  # out of the grid: other keys
        await pilot.pause()
        await pilot.pause()
        assert len(renders) == 1 and "p Priority" not in renders[0]
        app.screen.refresh_bindings()  # the same keys
        await pilot.pause()
        assert len(renders) == 1
        await pilot.press("tab")  # back into the grid
        await pilot.pause()
        await pilot.pause()
        assert len(renders) == 2 and "p Priority" in renders[1]
