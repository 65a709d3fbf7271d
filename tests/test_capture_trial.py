"""The trial of capture during an incident: two shells run `postmortem log` 200 times each, at
once, while the app is open on the same file in a terminal and its author keeps typing in
another section (the title), unsaved as the events land. In the end the file is valid and holds
all 400 events, in time order, and every word typed; nothing was set aside as a conflict.
Real processes throughout; every wait is on a condition."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from postmortem.document.model import Document
from postmortem.storage import toml_file as storage
from tests.test_process_signals import (  # noqa: F401
    Pane,
    Tmux,
    needs_tmux,
    tmux,
    wait_for,
    wait_gone,
)

pytestmark = needs_tmux
EVENTS = 200  # a shell
START = dt.datetime(2026, 6, 15, 14, 0, tzinfo=dt.UTC)
POSTMORTEM = Path(sys.executable).with_name("postmortem")
# A shell that logs each line of its list: "TIME|MESSAGE". A failed command says so.
SHELL_LOOP = """
while IFS='|' read -r at message; do
    "$POSTMORTEM" log "$FILE" "$message" --at "$at" >/dev/null 2>"$ERRORS" \
        || { echo "failed: $message"; cat "$ERRORS"; }
done < "$LIST"
"""


def shell(folder: Path, path: Path, label: str, offset: int) -> subprocess.Popen[str]:
    """A shell logging EVENTS events, two minutes apart from START + offset minutes: the two
    shells' events interleave in time."""
    listing = folder / f"{label}.list"
    listing.write_text("".join(
        f"{(START + dt.timedelta(minutes=2 * number + offset)).isoformat()}|{label} {number}\n"
        for number in range(EVENTS)), encoding="utf-8")
    env = {"POSTMORTEM": str(POSTMORTEM), "FILE": str(path), "LIST": str(listing),
           "ERRORS": str(folder / f"{label}.errors"), "PATH": "/usr/bin:/bin"}
    return subprocess.Popen(["sh", "-c", SHELL_LOOP], env=env, stdout=subprocess.PIPE,
                            text=True)


def title_field_line(pane: Pane) -> str:
    """The title field's line on the first screen (the field has the cursor, its end shown)."""
    lines = pane.screen().splitlines()
    below = [index for index, line in enumerate(lines) if "Title" in line]
    return lines[below[0] + 1] if below else ""


def typed_while_running(pane: Pane, shells: list[subprocess.Popen[str]], path: Path) -> str:
    """Type a word into the title, wait until it shows and a few more rows are logged, again,
    until both shells are done: the app holds unsaved typing while the events land."""
    typed, number = "", 0
    while any(process.poll() is None for process in shells):
        word = f" w{number}"
        pane.type(word)
        assert wait_for(lambda word=word: word in title_field_line(pane), 30), pane.screen()
        typed += word
        number += 1
        rows = rows_in(path)
        wait_for(lambda rows=rows: rows_in(path) >= rows + WORD_EVERY
                 or all(process.poll() is not None for process in shells), 60)
    return typed


WORD_EVERY = 5  # rows logged between two words typed


def rows_in(path: Path) -> int:
    """Rows in the file now (counted in its text: cheap, and a file being replaced is read
    whole, old or new)."""
    try:
        return path.read_text(encoding="utf-8").count("[[timeline]]")
    except OSError:
        return 0


def logged(path: Path) -> list[str]:
    return [event.event for event in storage.load(path).timeline]


def test_two_shells_log_200_events_each_while_the_author_types(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "incident.toml"
    storage.save(Document.model_validate({"title": "Checkout down",
                                          "incident": {"date": "2026-06-15"}}), path)
    pane = tmux.start("trial", path, tmp_path / "state")
    pane.wait_ready()
    pane.type(" (draft)")  # in the first section; the events go to the Timeline
    assert wait_for(lambda: "(draft)" in title_field_line(pane), 30), pane.screen()
    started = time.monotonic()
    shells = [shell(tmp_path, path, "alpha", 0), shell(tmp_path, path, "beta", 1)]
    typed = " (draft)" + typed_while_running(pane, shells, path)
    took = time.monotonic() - started
    failures = [process.communicate()[0] for process in shells]
    assert failures == ["", ""]
    assert all(process.returncode == 0 for process in shells)
    expected_title = f"Checkout down{typed}"

    def all_in_the_file() -> bool:
        document = storage.load(path)
        return document.title == expected_title and len(document.timeline) == 2 * EVENTS

    assert wait_for(all_in_the_file, 60), (storage.load(path).title, len(logged(path)))
    pane.keys("C-q")
    assert wait_gone(pane.pid, 15) < 15
    document = storage.load(path)  # valid: it loads
    assert document.title == expected_title
    events = [event.event for event in document.timeline]
    expected = {f"{label} {number}" for label in ("alpha", "beta") for number in range(EVENTS)}
    assert len(events) == 2 * EVENTS and set(events) == expected  # each once, none lost
    times = [event.time for event in document.timeline]
    assert times == sorted(times) and len(set(times)) == 2 * EVENTS
    assert events[:3] == ["alpha 0", "beta 0", "alpha 1"]  # interleaved, in time order
    assert not list(tmp_path.glob("incident.theirs-*")) + list(tmp_path.glob("incident.mine-*"))
    print(f"400 events logged by two shells in {took:.1f} s while {len(typed.split())} "
          "words were typed into the title")
