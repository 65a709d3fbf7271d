"""The shelf in a real terminal (tmux at 80x24): enter hands the terminal to the editor, and
leaving the editor brings the shelf back as it was, search and cursor kept."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from shelf_helpers import write_shelf

from postmortem.storage.toml_file import load

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux not found (.ci/run installs it)")


class Terminal:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        assert TMUX is not None
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              timeout=10).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "shelf")

    def wait_for(self, check: Callable[[str], bool], limit: float = 20.0) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"never came:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "shelf", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "shelf", "-l", text)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    server = Terminal(f"postmortem-shelf-test-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    server.run("new-session", "-d", "-s", "keep", "sleep", "600")
    try:
        yield server
    finally:
        server.run("kill-server")


def test_enter_edits_and_leaving_the_editor_brings_the_shelf_back_as_it_was(
        terminal: Terminal, tmp_path: Path) -> None:
    folder = write_shelf(tmp_path / "shelf")
    command = ["env", "-u", "COLUMNS", "-u", "LINES", f"XDG_STATE_HOME={tmp_path / 'state'}",
               f"XDG_CACHE_HOME={tmp_path / 'cache'}", "TERM=xterm-256color",
               sys.executable, "-m", "postmortem", str(folder)]
    terminal.run("new-session", "-d", "-s", "shelf", "-x", "80", "-y", "24",
                 "exec " + shlex.join(command))
    terminal.wait_for(lambda screen: "3 post-mortems" in screen and "INC-2025-0909" in screen)
    terminal.type("orders")
    found = "1 of 3 post-mortems found"
    terminal.wait_for(lambda screen: found in screen and "matched: orders" in screen)
    terminal.keys("Enter")
    terminal.wait_for(lambda screen: "^q Shelf" in screen and "disk-full.toml" in screen)
    time.sleep(0.3)  # the first field takes the focus after the first refresh
    terminal.keys("End")
    terminal.type(" again")
    terminal.keys("C-q")
    back = terminal.wait_for(lambda screen: found in screen and "orders" in screen
                             and "Disk full on orders-db again" in screen)
    assert back.splitlines()[1].strip() == "orders"  # the search is kept
    assert "2026/disk-full.toml" in back  # the cursor is on the file it was on
    assert load(folder / "2026" / "disk-full.toml").title == "Disk full on orders-db again"
    terminal.keys("C-q")
    terminal.wait_for(lambda screen: "Shelf" not in screen, limit=10)
