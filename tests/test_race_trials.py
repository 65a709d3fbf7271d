"""Races with the disk and with other instances, in a real terminal: a change made by `sed -i`
the instant the app saves is never lost, and two windows typing in different sections of one
file both end in it."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from postmortem.document.model import Document
from postmortem.storage import toml_file as storage
from tests.test_burst_typing import go_to_section
from tests.test_process_signals import (  # noqa: F401
    EXIT_LIMIT,
    Pane,
    Tmux,
    needs_tmux,
    tmux,
    wait_for,
    wait_gone,
)

pytestmark = needs_tmux
RACE_RUNS = 20
RACED: list[bool] = []  # whether each run's change landed as the save did (printed with -s)
INSTANCE_RUNS = 10

# The reproduction (`until ls .f.toml.*.tmp; do :; done; sed -i …`), as a tight loop in
# Python: spawning ls each time can miss a temporary file that exists for a few milliseconds.
SED_AS_THE_SAVE_LANDS = """
import os, re, sys, time
name, field = sys.argv[1], sys.argv[2]
give_up = time.monotonic() + 8  # a temporary file can exist too briefly to be seen: edit anyway
while not any(entry.startswith("." + name + ".") and entry.endswith(".tmp")
              for entry in os.listdir(".")):
    if time.monotonic() > give_up:
        print("late")
        break
else:
    print("raced")
text = open(name, encoding="utf-8").read()
text = re.sub(r'(?m)^(' + field + r' = ".*)"$', r'\\1 X"', text)
with open(".sed-tmp", "w", encoding="utf-8") as out:
    out.write(text)
os.replace(".sed-tmp", name)
"""


def start_sed_watch(folder: Path, name: str, field: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", SED_AS_THE_SAVE_LANDS, name, field],
                            cwd=folder, stdout=subprocess.PIPE, text=True)


def one_race(tmux: Tmux, folder: Path, number: int) -> str:  # noqa: F811
    """One run; what went wrong, or ""."""
    run = folder / f"run{number}"
    run.mkdir()
    path = run / "f.toml"
    storage.save(Document(title="Checkout down", lessons_learned="Rotate early"), path)
    # half the runs race on the field being typed in, half on another one
    field = "title" if number % 2 else "lessons_learned"
    pane = tmux.start(f"race{number}", path, run / "state")
    pane.wait_ready()
    # the first edit, seen on screen, shows the app is reading keys; the second races the watch
    pane.type("!")
    assert wait_for(lambda: "Checkout down!" in pane.screen(), 15), pane.screen()
    assert wait_for(lambda: " · saved " in pane.screen().split("\n", 1)[0], 15), pane.screen()
    watcher = start_sed_watch(run, "f.toml", field)
    pane.type("?")
    try:
        how, _ = watcher.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        watcher.kill()
        return f"run {number}: the watcher never ended"
    RACED.append(how.strip() == "raced")

    def both_kept() -> bool:
        texts = [path.read_text(encoding="utf-8")]
        texts += [aside.read_text(encoding="utf-8") for aside in run.glob("f.theirs-*.toml")]
        return (any('title = "Checkout down!?' in text for text in texts)
                and any(' X"' in text for text in texts))

    wait_for(both_kept, 10)  # a late change is reloaded at the next look at the file
    pane.keys("C-q")
    wait_gone(pane.pid)
    # every place a version is kept: the file, theirs and mine beside it, the recovery copies
    kept = [path.read_text(encoding="utf-8")]
    kept += [aside.read_text(encoding="utf-8") for aside in run.glob("f.theirs-*.toml")]
    kept += [aside.read_text(encoding="utf-8") for aside in run.glob("f.mine-*.toml")]
    kept += [copy.read_text(encoding="utf-8")
             for copy in (run / "state").glob("**/recovery/*.toml")]
    # sed -i takes no lock: one that read the file before our save landed renames its version
    # over ours after it. The app takes it for a change made to the version it read, so that
    # its edit and ours are both kept (in one file, or as a conflict held).
    mine = any('title = "Checkout down!?' in text for text in kept)
    theirs = any(" X\"" in text for text in kept)
    if not (mine and theirs):
        return f"run {number} ({field}): mine kept {mine}, theirs kept {theirs}"
    if field != "title" and " X\"" not in kept[0]:
        return f"run {number}: a change to another field was not merged into the file"
    return ""


def test_a_change_landing_as_the_app_saves_is_never_lost(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = list(pool.map(lambda number: one_race(tmux, tmp_path, number),
                                 range(RACE_RUNS)))
    print(f"{sum(RACED)} of {len(RACED)} changes landed as the app saved")
    assert [problem for problem in problems if problem] == []


def two_windows(tmux: Tmux, folder: Path, number: int) -> str:  # noqa: F811
    run = folder / f"two{number}"
    run.mkdir()
    path = run / "f.toml"
    storage.save(Document(title="Checkout down"), path)
    first = tmux.start(f"a{number}", path, run / "state")
    second = tmux.start(f"b{number}", path, run / "state")
    first.wait_ready()
    second.wait_ready()
    go_to_section(second, "Executive Summary")
    for word in ("alpha", "beta", "gamma"):
        first.type(f" {word}")
        second.type(f"{word}-summary ")
        time.sleep(0.4)
    for pane in (first, second):
        pane.keys("C-s")
    def both_in_file() -> bool:
        document = storage.load(path)
        return (document.title == "Checkout down alpha beta gamma"
                and document.executive_summary == "alpha-summary beta-summary gamma-summary")
    ok = wait_for(both_in_file, 15)
    for pane in (first, second):
        pane.keys("C-q")
        wait_gone(pane.pid)
    ok = ok and both_in_file()
    fields = storage.load(path).model_dump(include={"title", "executive_summary"})
    return "" if ok else f"run {number}: {fields}"


def test_two_windows_typing_in_different_sections_both_end_in_the_file(
        tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    problems = [two_windows(tmux, tmp_path, number) for number in range(INSTANCE_RUNS)]
    assert [problem for problem in problems if problem] == []


@pytest.fixture(autouse=True)
def _no_watchers_left() -> None:
    yield
    subprocess.run(["pkill", "-f", "SED_AS_THE_SAVE_LANDS|sed-tmp"], check=False)
