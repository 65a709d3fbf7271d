"""Textual's own floor for a keystroke: what a key costs in a tiny app with an Input, a
TextArea and a DataTable, measured as bench/keys.py measures postmortem (CPU of the whole
process per key and screen update, the pilot's idle cost taken off). Prints one JSON object.

    python bench/key_floor.py

table_update_cell is a key that changes one cell of a DataTable (the floor of the action grid's
p and s: any change draws every visible cell again).
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

import keys
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, TextArea

PRIORITIES = ("High", "Medium", "Low")


class CyclingTable(DataTable[str]):
    """p cycles the cursor row's last cell, as the action grid's p does its priority."""

    BINDINGS = [Binding("p", "cycle", "Cycle")]

    def action_cycle(self) -> None:
        row = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        shown = str(self.get_cell(row, "actions"))
        following = PRIORITIES[(PRIORITIES.index(shown) + 1) % 3] if shown in PRIORITIES else "High"
        self.update_cell(row, "actions", following)


class KeyFloorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input("A title", id="title")
        yield TextArea("Some text to type after.", id="area")
        table = CyclingTable(id="table")
        table.add_column("time", key="time")
        table.add_column("event", key="event")
        table.add_column("actions", key="actions")
        table.add_rows([(f"10:{n % 60:02d}", f"event {n}", "none") for n in range(200)])
        yield table
        yield Footer()


async def run() -> dict[str, Any]:
    app = KeyFloorApp()
    result: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        idle = await keys.idle_ms(pilot)
        result["idle_ms"] = idle
        field = app.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)
        await keys.settle(pilot)
        result["type_input"] = await keys.measure(pilot, list(keys.TYPED), idle)
        area = app.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await keys.settle(pilot)
        result["type_textarea"] = await keys.measure(pilot, list(keys.TYPED), idle)
        table = app.query_one(DataTable)
        table.focus()
        table.move_cursor(row=100)
        await keys.settle(pilot)
        result["table_down"] = await keys.measure(pilot, ["down"] * keys.PRESSES, idle)
        result["table_update_cell"] = await keys.measure(pilot, ["p"] * keys.PRESSES, idle)
        app.exit()
    return result


if __name__ == "__main__":
    sys.stdout.write(json.dumps(asyncio.run(run())) + "\n")
