"""Textual's own floor for a key that opens or closes a dialog: a tiny app (a Footer and one
Static behind) that pushes a ModalScreen with three labelled Inputs on e and pops it on escape,
measured as bench/keys.py measures a key (CPU of the process per key and its screen update,
the pilot's idle cost taken off); prints one JSON object.

    python bench/dialog_floor.py [PRESSES] [--no-footer]

With --no-footer the app behind has no Footer (Textual's Footer rebuilds its keys on every
screen change; postmortem's KeyBar draws them as one line).

"open (new)" builds a new dialog per key; "open (kept)" pushes the same dialog again;
"enter (next field)" moves the focus to the next Input; "close" pops the dialog.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from typing import Any

import keys
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static


class Dialog(ModalScreen[None]):
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 76; height: auto; border: round $accent; background: $surface; }
    Dialog Horizontal { height: auto; }
    Dialog Label { width: 10; }
    Dialog Input { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "app.pop_screen", "Close"),
                Binding("enter", "app.focus_next", "Next", priority=True)]

    def compose(self) -> ComposeResult:
        with Vertical():
            for name in ("Time", "Event", "Actions"):
                with Horizontal():
                    yield Label(name)
                    yield Input(placeholder=name.lower())


class FloorDialogApp(App[None]):
    BINDINGS = [Binding("e", "open", "Edit"), Binding("k", "open_kept", "Edit (kept)")]

    def __init__(self, footer: bool) -> None:
        super().__init__()
        self.footer = footer
        self.kept = Dialog()

    def compose(self) -> ComposeResult:
        yield Static("A screen behind the dialog\n" * 20)
        if self.footer:
            yield Footer()

    def action_open(self) -> None:
        self.push_screen(Dialog())

    def action_open_kept(self) -> None:
        self.push_screen(self.kept)


async def run(presses: int, footer: bool) -> dict[str, Any]:
    app = FloorDialogApp(footer)
    samples: dict[str, list[float]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        idle = await keys.idle_ms(pilot)
        for opener, kind in (("e", "open (new)"), ("k", "open (kept)")):
            for _ in range(presses):
                samples.setdefault(kind, []).append(
                    await keys.cpu_ms(keys.key_cycle(pilot, opener)))
                await keys.settle(pilot)
                samples.setdefault("enter (next field)", []).append(
                    await keys.cpu_ms(keys.key_cycle(pilot, "enter")))
                samples.setdefault("close", []).append(
                    await keys.cpu_ms(keys.key_cycle(pilot, "escape")))
                await keys.settle(pilot)
        app.exit()
    result: dict[str, Any] = {"idle_ms": idle}
    result.update({kind: keys.summary(taken, idle) for kind, taken in samples.items()})
    return result


def main(argv: list[str]) -> int:
    footer = "--no-footer" not in argv
    numbers = [int(arg) for arg in argv if arg.isdigit()]
    result = asyncio.run(run(numbers[0] if numbers else 15, footer))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
