"""One line at the top of every screen: the file, where we are, and when it was last saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from postmortem.widgets.app_access import UsesPostmortem

if TYPE_CHECKING:
    pass


class StatusLine(Static, UsesPostmortem):
    DEFAULT_CSS = """
    StatusLine { dock: top; height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, heading: str) -> None:
        super().__init__("", markup=False)  # file names may contain [brackets]
        self.heading = heading


    def on_mount(self) -> None:
        self.watch(self.app, "save_state", self._show, init=True)

    def _show(self, save_state: str) -> None:
        self.update(f"{self.heading} · {self.postmortem.path.name} · {save_state}")
