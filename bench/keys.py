"""CPU time per keystroke in the real app, driven by Textual's pilot; prints one JSON object.

    python bench/keys.py FILE.toml

The app runs headless at 80x24 on FILE. Each keystroke is timed with time.process_time() (CPU
of the whole process, all threads) around `pilot.press(key)` plus one `pilot.pause()`, so the
screen update the key causes is included. The pilot itself burns a little CPU while it waits
for the app to go idle; that is measured with the same waits and no key ("idle") and taken
off every sample. Figures are medians and 95th percentiles in ms.

Widgets are found by type (TextArea, Input) or, for the timeline's table, as the widget the
Timeline opens with the focus in, never by id, so the screens may change under the benchmark.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, TypeVar

import key_kinds  # bench/ is this script's folder, so on its path
from core import peak_rss_kib
from textual._wait import wait_for_idle
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

PRESSES = 30
IDLE_SAMPLES = 15
SETTLE_SECONDS = 2.0
TYPED = "the quick brown fox jumps over"  # 30 keys

W = TypeVar("W", bound=Widget)


def make_app(path: Path) -> Any:
    """The app on path, opened as the command line opens it: the garbage collector paused
    while it starts, and what exists once the model is built frozen (opening.py)."""
    from postmortem.app.application import PostmortemApp
    from postmortem.storage import opening
    from postmortem.storage.toml_file import load

    if hasattr(opening, "pause_collection"):
        opening.pause_collection()

    parameters = inspect.signature(PostmortemApp).parameters
    if "document" in parameters:
        return PostmortemApp(path, load(path))  # type: ignore[call-arg]
    return PostmortemApp(path)  # type: ignore[call-arg]


async def idle_ms(pilot: Pilot[Any]) -> float:
    """The pilot's own CPU cost per key (median of IDLE_SAMPLES idle cycles): what a key's
    measure leaves out."""
    return statistics.median([await cpu_ms(idle_cycle(pilot)) for _ in range(IDLE_SAMPLES)])


async def idle_cycle(pilot: Pilot[Any]) -> None:
    """What pilot.press(key) + pilot.pause() waits for, without the key."""
    app = pilot.app
    await wait_for_idle(0)
    await app._animator.wait_until_complete()
    await wait_for_idle(0)
    await pilot._wait_for_screen()
    await pilot.pause()


async def key_cycle(pilot: Pilot[Any], key: str) -> None:
    await pilot.press(key)
    await pilot.pause()


async def cpu_ms(coroutine: Any) -> float:
    start = time.process_time()
    await coroutine
    return (time.process_time() - start) * 1000


def summary(samples: list[float], idle: float) -> dict[str, float]:
    net = sorted(max(sample - idle, 0.0) for sample in samples)
    return {
        "median": statistics.median(net),
        "p95": net[min(len(net) - 1, round(0.95 * (len(net) - 1)))],
        "max": net[-1],
    }


def first(screen: Widget, kind: type[W]) -> W:
    for widget in screen.query(kind):
        if widget.display:
            return widget
    raise LookupError(f"no {kind.__name__} on {type(screen).__name__}")


def focused_table(app: Any) -> Any:
    """The widget the Timeline opens with the focus in: its table, whatever its class (a
    DataTable once, a virtual table now), with row_count and move_cursor(row=...)."""
    table = app.focused
    if table is None or not hasattr(table, "move_cursor"):
        raise LookupError(f"no table has the focus on {type(app.screen).__name__}")
    return table


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the app has finished what it was doing (mounting a big table, say)."""
    await pilot.pause()
    await wait_for_idle(0.05, 30)


async def open_section(pilot: Pilot[Any], key: str) -> tuple[float, float]:
    """Open a section the way the app does; return (wall ms, CPU ms) until it is idle."""
    wall, cpu = time.perf_counter(), time.process_time()
    pilot.app.go_to(key)
    await settle(pilot)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


async def measure(pilot: Pilot[Any], keys: list[str], idle: float) -> dict[str, float]:
    return summary([await cpu_ms(key_cycle(pilot, key)) for key in keys], idle)


async def scenario(pilot: Pilot[Any], run: Any, idle: float, result: dict[str, Any]) -> None:
    """Run one of key_kinds' scenarios; each kind of key it timed goes into result."""
    samples: key_kinds.Samples = {}
    try:
        await run(pilot, samples)
    finally:
        for kind, taken in samples.items():
            result[kind] = summary(taken, idle)


async def background_ms(seconds: float) -> float:
    """CPU the app spends on its own (timers, debounced work) over `seconds` of no input."""
    start = time.process_time()
    await asyncio.sleep(seconds)
    return (time.process_time() - start) * 1000


async def after_one_edit(pilot: Pilot[Any]) -> float:
    """CPU the app spends on its own (autosave, the recovery copy) after one row is duplicated,
    beyond what it spends when nothing changed, over the autosave's delay and some."""
    await settle(pilot)
    await background_ms(SETTLE_SECONDS)  # the autosave of the edits timed before this one
    quiet = await background_ms(SETTLE_SECONDS)
    await key_cycle(pilot, "c")
    busy = await background_ms(SETTLE_SECONDS)
    await key_cycle(pilot, "u")
    await settle(pilot)
    return max(busy - quiet, 0.0)


async def preview_first_screen(pilot: Pilot[Any]) -> dict[str, float]:
    """F3 until the preview's first text shows (wall / CPU ms), and escape until it is gone."""
    from textual.widgets._markdown import MarkdownBlock

    app = pilot.app
    wall, cpu = time.perf_counter(), time.process_time()
    app.simulate_key("f3")
    while not any(block.region.height for block in app.screen.query(MarkdownBlock)):
        await asyncio.sleep(0.002)
    shown = {"wall": (time.perf_counter() - wall) * 1000,
             "cpu": (time.process_time() - cpu) * 1000}
    escape = time.perf_counter()
    app.simulate_key("escape")
    while type(app.screen).__name__ == "PreviewScreen":
        await asyncio.sleep(0.002)
    shown["escape_wall"] = (time.perf_counter() - escape) * 1000
    return shown


async def run(path: Path) -> dict[str, Any]:
    app = make_app(path)
    result: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        idle = await idle_ms(pilot)
        result["idle_ms"] = idle

        try:
            wall, cpu = await open_section(pilot, "timeline")
            result["timeline_open_ms"] = {"wall": wall, "cpu": cpu}
            table = focused_table(app)
            table.move_cursor(row=table.row_count // 2)
            await settle(pilot)
            result["timeline_down"] = await measure(pilot, ["down"] * PRESSES, idle)
            result["timeline_j"] = await measure(pilot, ["j"] * PRESSES, idle)
            result["timeline_edit"] = await measure(pilot, ["c", "u"] * (PRESSES // 2), idle)
            result["after_edit_ms"] = await after_one_edit(pilot)
            await scenario(pilot, key_kinds.timeline_rows, idle, result)
        except Exception as error:
            result["timeline_error"] = f"{type(error).__name__}: {error}"[:160]

        try:
            await open_section(pilot, "action_items")
            result["grid_p"] = await measure(pilot, ["p"] * PRESSES, idle)
            result["grid_s"] = await measure(pilot, ["s"] * PRESSES, idle)
            await scenario(pilot, key_kinds.action_editor, idle, result)
        except Exception as error:
            result["grid_error"] = f"{type(error).__name__}: {error}"[:160]

        try:
            await open_section(pilot, "root_cause")
            await scenario(pilot, key_kinds.list_item, idle, result)
        except Exception as error:
            result["list_error"] = f"{type(error).__name__}: {error}"[:160]

        try:
            await open_section(pilot, "five_whys")
            await scenario(pilot, key_kinds.wizard_because, idle, result)
        except Exception as error:
            result["wizard_error"] = f"{type(error).__name__}: {error}"[:160]

        try:
            result["preview_ms"] = await preview_first_screen(pilot)
        except Exception as error:
            result["preview_error"] = f"{type(error).__name__}: {error}"[:160]

        try:
            await open_section(pilot, "executive_summary")
            area = first(app.screen, TextArea)
            area.focus()
            area.move_cursor(area.document.end)
            await settle(pilot)
            quiet = await background_ms(SETTLE_SECONDS)
            result["type_textarea"] = await measure(pilot, list(TYPED), idle)
            result["after_typing_ms"] = max(await background_ms(SETTLE_SECONDS) - quiet, 0.0)
        except Exception as error:
            result["textarea_error"] = f"{type(error).__name__}: {error}"[:160]

        try:
            await open_section(pilot, "incident")
            field = first(app.screen, Input)
            field.focus()
            field.cursor_position = len(field.value)
            await settle(pilot)
            result["type_input"] = await measure(pilot, list(TYPED), idle)
        except Exception as error:
            result["input_error"] = f"{type(error).__name__}: {error}"[:160]
        app.exit()
    result["peak_rss_kib"] = peak_rss_kib()
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    result = asyncio.run(run(Path(argv[0])))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
