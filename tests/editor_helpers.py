"""Shared helpers for the editor tests: a fixed document, typing, and reading the screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from postmortem.app import PostmortemApp
from postmortem.model import Document

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
    from postmortem import clock

    if now is not None:
        monkeypatch.setattr(clock, "utc_now", lambda: now)
    if today is not None:
        monkeypatch.setattr(clock, "today", lambda: today)


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*["space" if char == " " else char for char in text])


async def open_section(pilot: Any, key: str) -> None:
    pilot.app.go_to(key)
    await pilot.pause()
    await pilot.pause()


def text_of(widget: Static) -> str:
    return str(widget.content)


def table_rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
