"""CPU per key of the plain key kinds only (issue 15's per-key work), as bench/keys.py measures
them, without the slow scenarios (the row editor's and action editor's opening, the preview,
background CPU). Prints one JSON object. For A/B work: run it on two trees in the same run.

    python bench/plain_keys.py FILE.toml [ROUNDS]

For an A/B against another tree (say main), unpack its src/ and data/ into a folder with a
`postmortem` link to its src (and src/data to ../data) and run this script once with that folder
on PYTHONPATH, once without, each on a fresh copy of FILE (the app saves into it: a second run
on the same file types into longer texts).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import key_kinds
import keys
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

Samples = key_kinds.Samples


async def timeline(pilot: Pilot[Any], samples: Samples, rounds: int) -> None:
    await keys.open_section(pilot, "timeline")
    table = keys.focused_table(pilot.app)
    table.move_cursor(row=table.row_count // 2)
    await keys.settle(pilot)
    for _ in range(rounds):
        for kind, key in (("timeline_down", "down"), ("timeline_j", "j")):
            for _ in range(3):
                await key_kinds.timed(pilot, samples, kind, key)
        for kind, key in (("timeline_c", "c"), ("timeline_d", "d")):
            await key_kinds.timed(pilot, samples, kind, key)
            await key_kinds.timed(pilot, samples, "timeline_u", "u")
    await key_kinds.timed(pilot, samples, "timeline_open_editor", "e")
    await key_kinds.expect_screen(pilot, "EventEditor")
    await pilot.press("enter")
    await pilot.press("end")
    for _ in range(rounds):
        await key_kinds.type_word(pilot, samples, "type_row_editor")
    await pilot.press("escape")
    await keys.settle(pilot)


async def grid(pilot: Pilot[Any], samples: Samples, rounds: int) -> None:
    await keys.open_section(pilot, "action_items")
    for _ in range(rounds):
        for key in "ps":
            for _ in range(3):
                await key_kinds.timed(pilot, samples, f"grid_{key}", key)
    for _ in range(max(rounds // 3, 1)):
        await pilot.press("e")
        await key_kinds.expect_screen(pilot, "ActionEditor")
        await pilot.press("end")
        await key_kinds.type_word(pilot, samples, "type_action_editor")
        await pilot.press("ctrl+n")
        await key_kinds.expect_screen(pilot, "ActionItemsScreen")
        await key_kinds.timed(pilot, samples, "grid_u", "u")


async def fields(pilot: Pilot[Any], samples: Samples, rounds: int) -> None:
    await keys.open_section(pilot, "root_cause")
    await key_kinds.list_item(pilot, samples)
    await keys.open_section(pilot, "five_whys")
    await key_kinds.wizard_because(pilot, samples)
    app = pilot.app
    for section, kind, name in (("executive_summary", TextArea, "type_textarea"),
                                ("incident", Input, "type_input")):
        await keys.open_section(pilot, section)
        widget: Any = keys.first(app.screen, kind)
        widget.focus()
        if isinstance(widget, TextArea):
            widget.move_cursor(widget.document.end)
        else:
            widget.cursor_position = len(widget.value)
        await keys.settle(pilot)
        for key in keys.TYPED * max(rounds // 10, 1):
            await key_kinds.timed(pilot, samples, name, "space" if key == " " else key)


async def run(path: Path, rounds: int) -> dict[str, Any]:
    app = keys.make_app(path)
    samples: Samples = {}
    result: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        idle = await keys.idle_ms(pilot)
        result["idle_ms"] = idle
        for part in (timeline, grid, fields):
            try:
                await part(pilot, samples, rounds)
            except Exception as error:
                result[f"{part.__name__}_error"] = f"{type(error).__name__}: {error}"[:160]
        app.exit()
    for kind, taken in samples.items():
        result[kind] = keys.summary(taken, idle)
    return result


if __name__ == "__main__":
    figures = asyncio.run(run(Path(sys.argv[1]), int(sys.argv[2]) if sys.argv[2:] else 10))
    sys.stdout.write(json.dumps(figures) + "\n")
    sys.stdout.flush()
    os._exit(0)
