"""The floor: the smallest Textual app, measured the same way as postmortem."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

TEXT = "Hello from the floor app"


class FloorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(TEXT)


if __name__ == "__main__":
    FloorApp().run()
