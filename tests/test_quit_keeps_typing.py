"""Quitting never silently drops what was typed: the text of an open dialog, a draft kept with
escape, or a field that is not valid yet make ctrl+q ask first; a second ctrl+q quits."""

from __future__ import annotations

from pathlib import Path

import pytest
from editor_helpers import make_app, open_section, start_adding, type_text

from postmortem.app.application import PostmortemApp


def warnings(app: PostmortemApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "warning"]


async def quit_twice(pilot, app: PostmortemApp, what: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+q")
    await pilot.pause()
    assert app.return_code is None  # still running
    told = [message for message in warnings(app) if message.startswith("Not quitting")]
    assert len(told) == 1 and what in told[0], warnings(app)
    await pilot.press("ctrl+q")
    await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize(("section", "text", "what"), [
    ("timeline", ["12:00", "enter", "Meeting held"], 'timeline row "12:00 Meeting held"'),
    ("action_items", ["Probe the gateway"], 'unfinished action item "Probe the gateway'),
])
async def test_the_open_dialog_holds_typing(tmp_path: Path, section: str, text: list[str],
                                            what: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, section)
        await start_adding(pilot)
        await pilot.pause()
        for part in text:
            await (pilot.press(part) if part == "enter" else type_text(pilot, part))
        await pilot.pause()
        await quit_twice(pilot, app, what)


async def test_a_draft_kept_with_escape(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "12:00")
        await pilot.press("escape")
        await pilot.pause()
        app.clear_notifications()
        await quit_twice(pilot, app, 'unfinished timeline row "12:00"')


async def test_an_invalid_field(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "incident")
        app.screen.query_one("#incident-date").focus()
        await pilot.press("ctrl+u")  # clear the date (arriving in a field selects nothing)
        await type_text(pilot, "2026-03-32")
        await pilot.pause()
        await quit_twice(pilot, app, "Date: 2026-03-32 (not valid)")


async def test_nothing_pending_quits_at_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0
