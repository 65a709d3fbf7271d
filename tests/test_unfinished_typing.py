"""Typing in an open editor, or kept as a draft, is kept like typing in a form: it reaches the
recovery copy within a second, and the next start hands it back to where it was typed."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from editor_helpers import open_section, start_adding, type_text, until
from textual.widgets import Input

from postmortem.app.application import PostmortemApp
from postmortem.dialogs.action_editor import ActionEditor
from postmortem.dialogs.event_editor import EventEditor
from postmortem.dialogs.recovery import RecoveryDialog
from postmortem.storage import toml_file as storage
from postmortem.storage.recovery import read_recovery_copy

pytestmark = pytest.mark.usefixtures("state_home")


async def wait_until(check: object, limit: float = 5.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        await asyncio.sleep(0.05)
    return False


def copy_holds(app: PostmortemApp, text: str) -> bool:
    path = app.session.recovery.path
    if not path.exists():
        return False
    _, unfinished = read_recovery_copy(path)
    return any(text in " ".join(item.values) for item in unfinished)


async def test_a_row_typed_in_the_open_editor_reaches_the_recovery_copy_and_comes_back(
        doc_path: Path) -> None:
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        assert isinstance(app.screen, EventEditor)
        await type_text(pilot, "14:20")
        await pilot.press("enter")
        await type_text(pilot, "db failover started")
        assert await wait_until(lambda: copy_holds(app, "db failover started"), 20.0)
        app.session.close()  # the link drops: nothing more is written
    assert storage.load(doc_path).timeline == []

    again = PostmortemApp(doc_path, storage.load(doc_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(again.screen, RecoveryDialog))
        shown = str(again.screen.query(".differences Static").first().content)
        assert 'unfinished timeline row "14:20 db failover started"' in shown
        await pilot.press("enter")
        await pilot.pause()
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.pause()
        editor = again.screen
        assert isinstance(editor, EventEditor)
        assert editor.query_one("#event", Input).value == "db failover started"
        assert editor.query_one("#time", Input).value == "14:20"


async def test_an_action_item_kept_with_escape_survives_the_end_of_the_run(
        doc_path: Path) -> None:
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "Alert on certificate expiry")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ActionEditor)
        assert app.session.keep_everything() == ""  # nothing in the document to save...
        assert copy_holds(app, "Alert on certificate expiry")  # ...but the draft is kept
        app.session.close()

    again = PostmortemApp(doc_path, storage.load(doc_path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert await until(pilot, lambda: isinstance(again.screen, RecoveryDialog))
        await pilot.press("enter")
        await pilot.pause()
        await open_section(pilot, "action_items")
        await start_adding(pilot)
        await pilot.pause()
        editor = again.screen
        assert isinstance(editor, ActionEditor)
        assert editor.query_one("#description", Input).value == "Alert on certificate expiry"


async def test_a_list_item_being_typed_is_named_when_quitting_would_lose_it(
        doc_path: Path) -> None:
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await start_adding(pilot)
        await pilot.pause()
        await type_text(pilot, "Rotate certificates automatically")
        await pilot.pause()
        unkept = app.typing_not_kept()
        assert any("Rotate certificates automatically" in line for line in unkept), unkept
