"""Shared helpers for the editor tests: a fixed document, typing, and reading the screen."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static

from postmortem.app.application import PostmortemApp
from postmortem.document.model import Document
from postmortem.widgets.virtual_table import VirtualTable, cell_text

INCIDENT = {
    "id": "INC-2023-0042",
    "date": "2023-06-15",
    "severity": "P2",
    "commander": "Priya Raman",
    "technical_lead": "Sam Whitaker",
    "communications_lead": "Lena Fischer",
    "additional_responders": ["Yuki Tanaka (SRE)"],
}


def make_app(tmp_path: Path, **document: Any) -> PostmortemApp:
    data = {"title": "Checkout outage", "incident": INCIDENT} | document
    return PostmortemApp(tmp_path / "incident.toml", Document.model_validate(data))


def frozen(monkeypatch: Any, *, now: dt.datetime | None = None,
           today: dt.date | None = None) -> None:
    from postmortem.document import clock

    if now is not None:
        monkeypatch.setattr(clock, "utc_now", lambda: now)
    if today is not None:
        monkeypatch.setattr(clock, "today", lambda: today)


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*["space" if char == " " else char for char in text])


async def add_row(pilot: Any, time: str, event: str, actions: str = "") -> None:
    """Add a timeline row as a user does: a (an empty timeline opens its first row as the
    cursor arrives), then the three fields, enter after each; the
    editor stays open on the next new row, where one more enter ends the run."""
    from postmortem.dialogs.editor_dialog import EditorDialog

    if not isinstance(pilot.app.screen, EditorDialog):  # an empty table opened it already
        await pilot.press("a")
        await pilot.pause()
    await type_row(pilot, time, event, actions)
    await end_run(pilot)


async def type_row(pilot: Any, time: str, event: str, actions: str = "") -> None:
    """Type a timeline row into the open row editor, enter after each field."""
    await type_text(pilot, time)
    await pilot.press("enter")
    await type_text(pilot, event)
    await pilot.press("enter")
    await type_text(pilot, actions)
    await pilot.press("enter")
    await pilot.pause()


async def end_run(pilot: Any) -> None:
    """Enter on the empty new row a run of additions left open ends the run."""
    from postmortem.dialogs.editor_dialog import EditorDialog

    if isinstance(pilot.app.screen, EditorDialog):
        await pilot.press("enter")
        await pilot.pause()


async def open_section(pilot: Any, key: str) -> None:
    pilot.app.go_to(key)
    await pilot.pause()
    await pilot.pause()


def text_of(widget: Static) -> str:
    return str(widget.content)


def table_rows(table: VirtualTable) -> list[list[str]]:
    """Every row's cell texts, styled or not, uncropped."""
    return [[cell_text(cell) for cell in table.row_cells(index)]
            for index in range(table.row_count)]


def timeline_rows(table: VirtualTable) -> list[list[str]]:
    """Every row's cell texts, as the table shows them before cropping them to its columns."""
    return [list(table.row_cells(index)) for index in range(table.row_count)]


def drawn_strips(table: VirtualTable) -> list[Strip]:
    """The table's lines as the screen shows them, header first: what the widget last drew,
    kept by Textual, and drawn afresh only where the table asked to be redrawn."""
    return table.render_lines(Region(0, 0, table.size.width, table.size.height))


def drawn_lines(table: VirtualTable) -> list[str]:
    return [strip.text for strip in drawn_strips(table)]


async def until(pilot: Any, check: Callable[[], bool], limit: float = 30.0) -> bool:
    """Let the app run until check() holds, or the limit (generous, for a loaded machine)
    passes: a test waits on what it needs, never a fixed time."""
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


async def start_adding(pilot: Any, key: str = "a") -> None:
    """The key that starts a run of new items (w: the 5 Whys wizard), unless the cursor's
    arrival at an empty list or table, or at 5 Whys with no chain, opened it already."""
    from textual.widgets import Input

    from postmortem.dialogs.editor_dialog import EditorDialog
    from postmortem.screens.why_wizard import WhyWizard
    from postmortem.widgets.action_items.grid import ActionGrid
    from postmortem.widgets.list_editor import ListEditor
    from postmortem.widgets.timeline.table import TimelineTable

    app = pilot.app
    await pilot.pause()
    focused = app.screen.focused
    if isinstance(focused, TimelineTable | ActionGrid) and not focused.row_count:
        await until(pilot, lambda: isinstance(app.screen, EditorDialog))
    if key == "w" and app.current_mode == "five_whys":
        await until(pilot, lambda: isinstance(app.screen, WhyWizard))
    focused = app.screen.focused
    opened = isinstance(app.screen, EditorDialog | WhyWizard) or (
        isinstance(focused, Input) and any(isinstance(node, ListEditor)
                                           for node in focused.ancestors))
    if not opened:
        await pilot.press(key)
        await pilot.pause()


async def leave_opened(pilot: Any) -> None:
    """Escape from the new row an empty table opened as the cursor arrived."""
    from postmortem.dialogs.editor_dialog import EditorDialog

    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, EditorDialog))
    await pilot.press("escape")
    await until(pilot, lambda: not isinstance(app.screen, EditorDialog))
