"""Copying the export to the clipboard in a way that also works over SSH.

The terminal route (OSC 52) reaches the clipboard of the machine the user sits at, through SSH
and tmux; the app supplies it as a callable. A local clipboard program, through pyperclip, is
tried as well; on a headless jump host there is none, and that is not an error.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

TMUX_HINT = "inside tmux, run: tmux set -g set-clipboard on"


@dataclass
class CopyResult:
    lines: int
    routes: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        noun = "line" if self.lines == 1 else "lines"
        if not self.routes:
            return (f"Could not copy {self.lines} {noun}: no clipboard reachable. "
                    "Use Export Markdown and copy the file instead.")
        text = f"Copied {self.lines} {noun} via {' and '.join(self.routes)}."
        if self.routes == [TERMINAL_ROUTE]:
            hint = f"; {TMUX_HINT}" if os.environ.get("TMUX") else ""
            text += f" Nothing arrived? Your terminal may block OSC 52{hint}, or export to a file."
        return text


TERMINAL_ROUTE = "the terminal (OSC 52)"
LOCAL_ROUTE = "the local clipboard"


def copy_text(text: str, terminal: Callable[[str], None] | None) -> CopyResult:
    result = CopyResult(lines=len(text.splitlines()))
    if terminal is not None and _try(lambda: terminal(text)):
        result.routes.append(TERMINAL_ROUTE)
    if _local_clipboard_available() and _try(lambda: _pyperclip_copy(text)):
        result.routes.append(LOCAL_ROUTE)
    return result


def _try(action: Callable[[], None]) -> bool:
    try:
        action()
    except Exception:  # a clipboard failure must never reach the user as a crash
        return False
    return True


def _local_clipboard_available() -> bool:
    """A local clipboard only makes sense with a desktop session on this machine."""
    if os.environ.get("SSH_CONNECTION") and not os.environ.get("DISPLAY"):
        return False
    import sys

    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _pyperclip_copy(text: str) -> None:
    import pyperclip

    pyperclip.copy(text)
