"""Signal trials in a real terminal with typing in an open editor dialog: hang up, terminate,
kill the pane or SIGKILL while a timeline row or an action item is being typed. Every word typed
more than a second before the signal is offered back on the next start and handed back to the
editor it was typed in."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from postmortem.storage import toml_file as storage
from postmortem.storage.recovery import RecoveryStore, read_recovery_copy
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
TYPED_BEFORE = 1.0  # words typed this long before the signal must be kept
EDITORS = {"timeline": ("Timeline", ["2026-03-14 14:20", "Enter"]),
           "action": ("Action Items", [])}


def type_words_for(pane: Pane, seconds: float) -> None:
    started = time.monotonic()
    word = 0
    while time.monotonic() - started < seconds:
        word += 1
        pane.type(f"w{word} ")
        time.sleep(0.05)


def end_run(pane: Pane, action: str) -> None:
    if action == "SIGKILL":
        pane.end("SIGKILL")
    else:
        pane.end(action)  # SIGHUP, SIGTERM or kill-pane (the terminal goes: SIGHUP)
    assert wait_gone(pane.pid) < EXIT_LIMIT


def typing_in_copies(state: Path) -> list[str]:
    """The unfinished typing in every recovery copy, held by a running instance or not."""
    texts = []
    for copy in (state / "postmortem" / "recovery").glob("*.toml"):
        try:
            _, unfinished = read_recovery_copy(copy)
        except Exception:  # noqa: BLE001 - a copy being replaced as we look: look again
            continue
        texts += [" ".join(item.values) for item in unfinished]
    return texts


def recovered_typing(path: Path, state: Path) -> list[str]:
    """What the copies left for path hold of unfinished typing."""
    texts = []
    for copy in RecoveryStore(path, state / "postmortem").left_behind():
        _, unfinished = read_recovery_copy(copy)
        texts += [" ".join(item.values) for item in unfinished]
    return texts


@pytest.mark.parametrize("editor", sorted(EDITORS))
@pytest.mark.parametrize("action", ["SIGHUP", "SIGTERM", "kill-pane", "SIGKILL"])
def test_typing_in_an_open_editor_survives_the_signal(
        tmux: Tmux, tmp_path: Path, editor: str, action: str) -> None:  # noqa: F811
    path, state = tmp_path / "incident.toml", tmp_path / "state"
    pane = tmux.start("first", path, state)
    pane.wait_ready()
    heading, first_keys = EDITORS[editor]
    pane.type("Checkout down")
    go_to_section(pane, heading)
    pane.keys("a", *first_keys)
    assert wait_for(lambda: "Add a" in pane.screen(), 5), pane.screen()
    pane.sent.clear()
    type_words_for(pane, 1.8)
    moment = time.monotonic()
    end_run(pane, action)
    must_have = pane.typed_before(moment - TYPED_BEFORE).strip()
    assert must_have

    # a killed process's lock on its copy goes as the kernel closes its files: allow it that
    wait_for(lambda: any(must_have in text for text in recovered_typing(path, state)), 5)
    kept = recovered_typing(path, state)
    assert any(must_have in text for text in kept), (must_have, kept)
    assert storage.load(path).title == "Checkout down"  # the form's typing is in the file

    again = tmux.start("second", path, state)
    assert wait_for(lambda: "Unsaved work found" in again.screen()), again.screen()
    assert "unfinished" in again.screen()
    again.keys("Enter")  # keep it
    assert wait_for(lambda: "Unsaved work found" not in again.screen()), again.screen()
    go_to_section(again, heading)
    again.keys("a")
    assert wait_for(lambda: "Restored what you typed" in again.screen(), 5), again.screen()
    # the restored typing is this instance's now: in its own recovery copy, whole
    assert wait_for(lambda: any(must_have in text for text in typing_in_copies(state)), 10)
    again.end("SIGTERM")
    assert wait_gone(again.pid) < EXIT_LIMIT


def problem_statements(path: Path, state: Path) -> list[str]:
    """The 5 Whys problem statement in the file and in every copy left behind."""
    # a new file is written at its first save: a SIGKILL may come before it
    found = [storage.load(path).five_whys.problem_statement] if path.exists() else []
    for copy in RecoveryStore(path, state / "postmortem").left_behind():
        document, _ = read_recovery_copy(copy)
        found.append(document.five_whys.problem_statement)
    return found


@pytest.mark.parametrize("action", ["SIGHUP", "SIGTERM", "kill-pane", "SIGKILL"])
def test_typing_in_the_five_whys_wizard_survives_the_signal(
        tmux: Tmux, tmp_path: Path, action: str) -> None:  # noqa: F811
    path, state = tmp_path / "incident.toml", tmp_path / "state"
    pane = tmux.start("first", path, state)
    pane.wait_ready()
    pane.type("Checkout down")
    go_to_section(pane, "5 Whys Analysis")
    pane.keys("w")
    assert wait_for(lambda: "5 Whys" in pane.screen() and "Problem" in pane.screen(), 5)
    pane.sent.clear()
    type_words_for(pane, 1.8)
    moment = time.monotonic()
    end_run(pane, action)
    must_have = pane.typed_before(moment - TYPED_BEFORE).strip()
    assert must_have
    wait_for(lambda: any(must_have in text for text in problem_statements(path, state)), 5)
    statements = problem_statements(path, state)
    assert any(must_have in statement for statement in statements), (must_have, statements)
