"""ctrl+o in a text area hands its text to $VISUAL / $EDITOR, as git commit does, and takes the
saved text back through the field's own store path. Tested with fake editor scripts: in a real
terminal (tmux), under Textual's pilot, and on their own."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_process_signals import Pane, Tmux, needs_tmux, wait_for

from postmortem.app.application import PostmortemApp
from postmortem.storage.toml_file import load
from postmortem.widgets.external_editor import EditorFailed, edit_text, editor_command
from postmortem.widgets.status_line import StatusLine
from postmortem.widgets.text_field import FieldTextArea

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"

# Puts a line before the text and one after it, with what a hostile editor might leave: a
# carriage return, an escape sequence, trailing spaces.
REWRITER = """#!/bin/sh
{ printf 'From the editor:\\n'; cat "$1"; printf 'Last line\\033[31m  \\r\\n'; } > "$1.new"
mv "$1.new" "$1"
"""


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, "utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def rewriter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    editor = script(tmp_path, "fake-editor", REWRITER)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(editor))
    return editor


# --- on its own ----------------------------------------------------------------------------------

def test_the_editor_rewrites_the_text_and_leaves_nothing_behind(
        rewriter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    assert edit_text("Users could not pay.", "Executive Summary") == (
        "From the editor:\nUsers could not pay.\nLast line  ")
    assert list(private.iterdir()) == []


def test_visual_comes_before_editor_and_vi_comes_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "nano")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert editor_command() == ["nano"]
    monkeypatch.setenv("EDITOR", "  ")
    assert editor_command() == ["vi"]


@pytest.mark.parametrize(("editor", "message"), [
    ("false", "false ended with status 1: the text was left as it was"),
    ("/no/such/editor", "could not run /no/such/editor"),
    ("'unclosed", "$EDITOR cannot be read as a command"),
])
def test_an_editor_that_fails_leaves_the_text_as_it_was(
        monkeypatch: pytest.MonkeyPatch, editor: str, message: str) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", editor)
    with pytest.raises(EditorFailed, match=message.replace("$", r"\$")):
        edit_text("kept")


# --- in the app, with the terminal handed over (suspend) -----------------------------------------

@contextlib.contextmanager
def handed_over() -> Iterator[None]:
    yield  # Textual's pilot has no terminal to hand over; the hand-off itself is the same


def demo_app(tmp_path: Path) -> PostmortemApp:
    path = tmp_path / "incident.toml"
    shutil.copyfile(DEMO, path)
    return PostmortemApp(path, load(path))


async def open_summary(app: PostmortemApp, pilot: object) -> FieldTextArea:
    app.go_to("executive_summary")
    for _ in range(20):
        await pilot.pause()  # type: ignore[attr-defined]
        if isinstance(app.focused, FieldTextArea):
            return app.focused
    raise AssertionError(f"the summary's text area never had the cursor: {app.focused}")


async def test_f8_takes_the_edited_text_back_normalised_saved_and_undoable(
        tmp_path: Path, rewriter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PostmortemApp, "suspend", lambda self: handed_over())
    app = demo_app(tmp_path)
    original = app.document.executive_summary
    async with app.run_test() as pilot:
        area = await open_summary(app, pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert area.text == f"From the editor:\n{original}\nLast line  "
        assert app.document.executive_summary == f"From the editor:\n{original}\nLast line"
        status = app.screen.query_one(StatusLine)
        assert "Text from fake-editor kept" in str(status.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load(app.path).executive_summary == app.document.executive_summary
        await pilot.press("ctrl+z")  # one change, undone as one
        await pilot.pause()
        assert area.text == original and app.document.executive_summary == original


async def test_the_palette_entry_does_what_f8_does(
        tmp_path: Path, rewriter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PostmortemApp, "suspend", lambda self: handed_over())
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await open_summary(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"$EDITOR")
        await pilot.pause(0.3)
        names = [str(option.prompt) for option in app.screen.query_one("CommandList").options]
        assert sum("$EDITOR" in name for name in names) == 1, names  # listed once, not twice
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
            if app.document.executive_summary.startswith("From the editor:"):
                break
        assert app.document.executive_summary.startswith("From the editor:\n")


async def test_the_palette_entry_away_from_a_text_area_says_where_to_go(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.action_edit_in_editor()
        await pilot.pause()
        assert any("Put the cursor in a text area first" in n.message
                   for n in app._notifications)


async def test_where_the_app_cannot_be_suspended_the_status_line_says_so(
        tmp_path: Path, rewriter: Path) -> None:
    app = demo_app(tmp_path)  # Textual's headless driver cannot suspend, as the browser's
    async with app.run_test() as pilot:
        area = await open_summary(app, pilot)
        before = area.text
        await pilot.press("ctrl+o")
        await pilot.pause()
        status = str(app.screen.query_one(StatusLine).render())
        assert "ctrl+o fake-editor: not here (no terminal to hand over)" in status
        assert area.text == before and not app.session.dirty


async def test_f1_lists_the_editor_key(tmp_path: Path) -> None:
    app = demo_app(tmp_path)
    async with app.run_test(size=(80, 200)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        shown = [str(static.render()) for static in app.screen.query("Static")]
        assert "^o" in shown
        assert "Edit the text in $EDITOR" in shown


# --- in a real terminal --------------------------------------------------------------------------

@pytest.fixture
def terminal() -> Iterator[Tmux]:
    server = Tmux(f"postmortem-editor-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    server.run("new-session", "-d", "-s", "keep", "sleep", "600")
    try:
        yield server
    finally:
        server.run("kill-server")


@needs_tmux
def test_f8_in_a_real_terminal_hands_over_and_comes_back(
        terminal: Tmux, tmp_path: Path, rewriter: Path) -> None:
    path = tmp_path / "incident.toml"
    shutil.copyfile(DEMO, path)
    original = load(path).executive_summary
    env = " ".join(f"{name}={os.environ[name]}" for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"))
    line = (f"env -u COLUMNS -u LINES -u VISUAL {env} EDITOR={rewriter} TERM=xterm-256color "
            f"{sys.executable} -m postmortem {path}; echo EXIT=$?; sleep 600")
    terminal.run("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", line)
    pane = Pane(terminal, "app", 0)
    assert wait_for(lambda: "opened" in pane.screen().split("\n", 1)[0]), pane.screen()
    pane.keys("F6")
    assert wait_for(lambda: pane.screen().startswith(" Executive Summary")), pane.screen()
    pane.keys("C-o")
    assert wait_for(lambda: "From the editor:" in pane.screen()), pane.screen()
    assert "Text from fake-editor kept" in pane.screen().split("\n", 1)[0]
    pane.keys("C-s")
    assert wait_for(lambda: load(path).executive_summary.startswith("From the editor:\n"))
    assert load(path).executive_summary == f"From the editor:\n{original}\nLast line"
    pane.keys("C-q")
    assert wait_for(lambda: "EXIT=0" in pane.screen()), pane.screen()
