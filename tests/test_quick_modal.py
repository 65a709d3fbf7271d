"""The dialogs' base (dialogs/quick_modal.py): styled once and laid out once as they open, the
dimmed screen behind them tinted once per line, and all of it looking and resizing exactly as
a plain ModalScreen does."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.css.stylesheet import Stylesheet
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from postmortem.dialogs.quick_modal import QuickModal

BOX = "> Vertical { width: 40; height: auto; border: round $accent; background: $surface; }"


def fields() -> ComposeResult:
    yield Label("Time")
    for value, name in (("14:02", "time"), ("", "event")):
        field = Input(value, id=name)
        field.cursor_blink = False  # screenshots taken apart in time compare equal
        yield field


class Quick(QuickModal[None]):
    DEFAULT_CSS = f"Quick {{ align: center middle; }} Quick {BOX}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield from fields()


class Plain(ModalScreen[None]):
    DEFAULT_CSS = f"Plain {{ align: center middle; }} Plain {BOX}"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield from fields()


class Behind(App[None]):
    CSS = "#status { dock: bottom; }"

    def compose(self) -> ComposeResult:
        yield Static("\n".join(f"line {n} of the screen behind" for n in range(20)),
                     id="behind")
        yield Static("status: opened", id="status")


def restyled_nodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    update_nodes = Stylesheet.update_nodes

    def counting(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        counted.append(len(nodes))
        update_nodes(self, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    return counted


async def test_a_new_dialog_is_not_styled_again_as_it_is_shown(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = Behind()
    async with app.run_test(size=(80, 24)) as pilot:
        counted = restyled_nodes(monkeypatch)
        await app.push_screen(Plain())
        await pilot.pause()
        assert max(counted) >= 5  # Textual restyles the whole new screen as it shows it
        app.pop_screen()
        await pilot.pause()
        counted.clear()
        await app.push_screen(Quick())
        await pilot.pause()
        assert max(counted) <= 2  # the focus moving only: the field and its screen


async def test_a_dialog_still_follows_the_terminal_resized_and_looks_as_a_plain_one() -> None:
    app = Behind()
    async with app.run_test(size=(80, 24)) as pilot:
        plain, quick = Plain(), Quick()
        await app.push_screen(plain)
        await pilot.pause()
        plain_box = plain.query_one(Vertical).region
        app.pop_screen()
        await app.push_screen(quick)
        await pilot.pause()
        assert quick.query_one(Vertical).region == plain_box
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        box = quick.query_one(Vertical).region
        assert box.size == plain_box.size and box.x == 30  # centred again: (100 - 40) / 2
        assert quick.size == (100, 30)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert quick.query_one(Vertical).region == plain_box


async def screenshot(pilot: Any, dialog: ModalScreen[None]) -> str:
    app = pilot.app
    await app.push_screen(dialog)
    await pilot.pause()
    shown = str(app.export_screenshot())
    app.pop_screen()
    await pilot.pause()
    return shown


async def test_the_dimmed_screen_behind_is_drawn_exactly_as_textual_draws_it() -> None:
    app = Behind()
    async with app.run_test(size=(80, 24)) as pilot:
        plain = await screenshot(pilot, Plain())
        assert await screenshot(pilot, Quick()) == plain
        assert await screenshot(pilot, Quick()) == plain  # from the lines kept
        app.query_one("#behind", Static).styles.color = "red"  # the same text, redder
        await pilot.pause()
        redder = await screenshot(pilot, Plain())
        assert redder != plain
        assert await screenshot(pilot, Quick()) == redder
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert await screenshot(pilot, Quick()) == await screenshot(pilot, Plain())


async def shown_after_changes_behind(pilot: Any, dialog: ModalScreen[None]) -> list[str]:
    """Screenshots with dialog open, as the screen behind changes under it: one line of it,
    its text, then the theme; each after the cursor moved (the dialog's whole screen drawn
    again) too."""
    app = pilot.app
    behind, status = app.query_one("#behind", Static), app.query_one("#status", Static)
    await app.push_screen(dialog)
    await pilot.pause()
    shots = []
    for change in (lambda: status.update("status: saved"),
                   lambda: behind.update("changed behind the dialog\n" * 20),
                   lambda: setattr(app, "theme", "textual-light")):
        change()
        await pilot.pause()
        shots.append(str(app.export_screenshot()))
        dialog.focus_next()
        await pilot.pause()
        shots.append(str(app.export_screenshot()))
    return shots


async def test_what_changes_behind_an_open_dialog_shows_as_with_textuals() -> None:
    shots = []
    for dialog in (Plain(), Quick()):
        async with Behind().run_test(size=(80, 24)) as pilot:
            shots.append(await shown_after_changes_behind(pilot, dialog))
    plain, quick = shots
    assert len(set(plain)) == 6  # each change shows
    assert quick == plain


async def test_pushed_over_the_screen_behind_is_drawn_once_and_as_textuals(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """push_over leaves out Textual's repaint of the whole screen it suspends: the lines
    behind are drawn once as the dialog opens, not a second time (all 24 marked changed)."""
    from postmortem.dialogs import tinted_background
    from postmortem.dialogs.tinted_background import push_over

    changed_lines: list[int] = []
    changed = tinted_background.Behind.changed

    def counting(self: tinted_background.Behind, regions: Any) -> None:
        changed_lines.extend(line for region in regions for line in region.line_range)
        changed(self, regions)

    monkeypatch.setattr(tinted_background.Behind, "changed", counting)
    for push in ("textual", "push_over"):
        app = Behind()
        async with app.run_test(size=(80, 24)) as pilot:
            plain = await screenshot(pilot, Plain())
            changed_lines.clear()
            quick = Quick()
            if push == "textual":
                await app.push_screen(quick)
            else:
                await push_over(app, quick, lambda _: None)
            await pilot.pause()
            assert str(app.export_screenshot()) == plain
            assert len(set(changed_lines)) == (24 if push == "textual" else 0)


async def test_a_change_behind_just_before_push_over_still_shows() -> None:
    """A repaint the screen behind was waiting for as the dialog was pushed is not lost."""
    from postmortem.dialogs.tinted_background import push_over

    shots = []
    for push in ("textual", "push_over"):
        app = Behind()
        async with app.run_test(size=(80, 24)) as pilot:
            app.query_one("#status", Static).update("status: saved")
            app.screen.styles.background = "darkred"  # the screen's own repaint
            dialog = Plain() if push == "textual" else Quick()
            if push == "textual":
                await app.push_screen(dialog)
            else:
                await push_over(app, dialog, lambda _: None)
            await pilot.pause()
            shots.append(str(app.export_screenshot()))
    assert "saved" in shots[0] and shots[1] == shots[0]


async def test_the_focus_moving_draws_the_two_fields_not_the_whole_dialog() -> None:
    """Enter to the next field: the fields the focus leaves and reaches are drawn again (their
    lines only, as their styles change), and the dialog looks exactly as a plain one does."""
    from textual._compositor import Compositor

    shots: dict[str, list[str]] = {}
    full_updates: dict[str, int] = {}
    render_full_update = Compositor.render_full_update
    for dialog in (Plain(), Quick()):
        name = type(dialog).__name__
        async with Behind().run_test(size=(80, 24)) as pilot:
            app = pilot.app
            await app.push_screen(dialog)
            await pilot.pause()
            counted: list[int] = []

            def counting(self: Compositor, *args: Any, counted: list[int] = counted,
                         **kwargs: Any) -> Any:
                counted.append(1)
                return render_full_update(self, *args, **kwargs)

            shots[name] = [str(app.export_screenshot())]
            for _ in range(2):
                Compositor.render_full_update = counting  # type: ignore[method-assign]
                try:
                    dialog.focus_next()
                    await pilot.pause()
                finally:
                    Compositor.render_full_update = render_full_update  # type: ignore
                shots[name].append(str(app.export_screenshot()))
            full_updates[name] = len(counted)
    assert shots["Quick"] == shots["Plain"]
    assert shots["Plain"][1] != shots["Plain"][0]  # the cursor shows where it moved (and back)
    assert full_updates["Plain"] >= 2 and full_updates["Quick"] == 0
