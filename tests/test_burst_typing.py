"""Keys that arrive in one burst, as over a laggy SSH link, land in the fields they were meant
for: moving focus (tab, enter) takes effect before the next key is read."""

from __future__ import annotations

import shutil
from pathlib import Path

from postmortem import storage
from tests.test_process_signals import Tmux, needs_tmux, tmux, wait_for  # noqa: F401

pytestmark = needs_tmux


def test_a_burst_of_keys_fills_each_field_in_turn(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "burst.toml"
    pane = tmux.start("burst", path, tmp_path / "state")
    pane.wait_ready()
    # one send-keys call: the terminal delivers all of it in a single read
    pane.keys("Checkout down", "Tab", "INC-2026-0042", "Enter", "2026-11-26", "Tab", "P2",
              "Enter", "C-s")
    assert wait_for(lambda: path.exists() and "P2" in path.read_text(encoding="utf-8"))
    document = storage.load(path)
    assert document.title == "Checkout down"
    assert document.incident.id == "INC-2026-0042"
    assert str(document.incident.date) == "2026-11-26"
    assert document.incident.severity is not None and document.incident.severity.value == "P2"
    pane.keys("C-q")
    shutil.rmtree(tmp_path / "state", ignore_errors=True)
