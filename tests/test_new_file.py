"""A new FILE is written at the first save, not at open: `postmortem x.toml` then ctrl+q leaves
no x.toml; the first edit creates it (with the author from the config); a file someone else
creates meanwhile is theirs, and never overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_process_signals import Pane, Tmux, needs_tmux, wait_for

from postmortem.app.application import PostmortemApp
from postmortem.cli.editing import new_name_in
from postmortem.document.errors import DocumentError
from postmortem.storage import opening
from postmortem.storage.session import DiskConflict, Session
from postmortem.storage.toml_file import load

NEW_STATE = "opened (new: written at the first save)"


@pytest.fixture
def terminal() -> Iterator[Tmux]:
    server = Tmux(f"postmortem-new-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    server.run("new-session", "-d", "-s", "keep", "sleep", "600")  # keeps the server up
    try:
        yield server
    finally:
        server.run("kill-server")


def start(terminal: Tmux, folder: Path, *args: str) -> Pane:
    """postmortem ARGS in an 80x24 pane, in folder, with this test's config and state folders;
    the pane stays after the app ends, so that what it said on stderr can be read."""
    env = " ".join(f"{name}={os.environ[name]}" for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"))
    line = (f"cd {folder} && env -u COLUMNS -u LINES {env} TERM=xterm-256color "
            f"{sys.executable} -m postmortem {' '.join(args)}; echo EXIT=$?; sleep 600")
    name = f"app{uuid.uuid4().hex[:6]}"
    terminal.run("new-session", "-d", "-s", name, "-x", "80", "-y", "24", line)
    pid = int(terminal.run("list-panes", "-t", name, "-F", "#{pane_pid}").strip())
    return Pane(terminal, name, pid)


def first_line(pane: Pane) -> str:
    return pane.screen().split("\n", 1)[0]


@needs_tmux
def test_opening_a_new_file_and_quitting_leaves_no_file(terminal: Tmux, tmp_path: Path) -> None:
    pane = start(terminal, tmp_path, "x.toml")
    assert wait_for(lambda: NEW_STATE in first_line(pane)), pane.screen()
    pane.keys("C-q")
    assert wait_for(lambda: "EXIT=0" in pane.screen()), pane.screen()
    assert list(tmp_path.iterdir()) == []


@needs_tmux
def test_the_first_edit_creates_the_file_with_the_author_from_the_config(
        terminal: Tmux, tmp_path: Path, private_config_folder: Path) -> None:
    config = private_config_folder / "postmortem" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('severity = "P3"\n[author]\nname = "Sam Okafor"\nrole = "Technical Lead"\n',
                      "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    pane = start(terminal, work, "x.toml")
    assert wait_for(lambda: NEW_STATE in first_line(pane)), pane.screen()
    assert "Sam Okafor" in pane.screen()  # shown before anything is written
    pane.type("Queue backlog")
    path = work / "x.toml"
    assert wait_for(lambda: path.exists() and "saved" in first_line(pane)), pane.screen()
    incident = load(path).incident
    assert (load(path).title, incident.technical_lead, incident.severity) == (
        "Queue backlog", "Sam Okafor", "P3")
    pane.keys("C-q")
    assert wait_for(lambda: "EXIT=0" in pane.screen()), pane.screen()


@needs_tmux
def test_a_bad_config_is_said_on_stderr_and_the_app_opens_all_the_same(
        terminal: Tmux, tmp_path: Path, private_config_folder: Path) -> None:
    config = private_config_folder / "postmortem" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('theme = "nord"\nseverity = "P0"\n', "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    pane = start(terminal, work, "x.toml")
    assert wait_for(lambda: NEW_STATE in first_line(pane)), pane.screen()
    assert "Config file" in pane.screen()  # and told in the app
    pane.keys("C-q")
    assert wait_for(lambda: "EXIT=0" in pane.screen()), pane.screen()
    said = [line for line in pane.screen().splitlines() if line.strip()][:2]
    assert "".join(said).startswith(f"{config}:2: severity: expected one of P1, P2, P3, P4,")
    assert list(work.iterdir()) == []


def test_a_folder_starts_a_new_post_mortem_in_it(tmp_path: Path) -> None:
    taken = new_name_in(tmp_path)
    taken.write_text("", "utf-8")
    second = new_name_in(tmp_path)
    assert second.parent == tmp_path and second != taken and second.suffix == ".toml"
    assert second.name.startswith("postmortem-")


def test_a_new_file_in_a_missing_folder_is_refused_before_the_app_starts(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "postmortem", str(tmp_path / "no" / "x.toml")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / 'no' / 'x.toml'}: the folder {tmp_path / 'no'} does " \
                            "not exist\n"


def test_a_folder_is_not_a_new_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="is a folder"):
        opening.new_file(tmp_path, {})


# --- the session of a file that does not exist yet -----------------------------------------------

def new_session(path: Path) -> Session:
    session = Session(path, opening.new_file(path, {"incident": {"severity": "P2"}}))
    session.load()
    return session


def test_a_new_file_is_not_reported_as_deleted(tmp_path: Path) -> None:
    session = new_session(tmp_path / "x.toml")
    assert session.not_created_yet()
    assert session.check_disk() is None
    session.changed()
    assert session.check_disk() is None  # unsaved, but nothing on disk to tell of
    session.save()
    assert not session.not_created_yet()
    assert load(tmp_path / "x.toml").incident.severity == "P2"
    (tmp_path / "x.toml").unlink()  # once written, losing it is news
    news = session.check_disk()
    assert news is not None and news.kind == "gone"


def test_a_file_someone_else_creates_meanwhile_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    session = new_session(path)
    session.document.title = "mine"
    session.changed()
    path.write_text('title = "theirs"\n', "utf-8")
    with pytest.raises(DiskConflict):
        session.save()
    with pytest.raises(DiskConflict):
        session.start_save()
    assert session.conflict and session.check_disk() is None  # told once, as a conflict
    assert path.read_text("utf-8") == 'title = "theirs"\n'
    assert session.keep_everything().startswith(f"{path} changed on disk; your work is in ")
    assert path.read_text("utf-8") == 'title = "theirs"\n'


def test_a_file_that_appears_while_nothing_was_typed_is_shown(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    session = new_session(path)
    path.write_text('title = "theirs"\n', "utf-8")
    news = session.check_disk()
    assert news is not None and news.kind == "reloaded"
    assert session.document.title == "theirs"


async def test_the_app_on_a_new_file_writes_it_once_something_is_typed(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    app = PostmortemApp(path, opening.new_file(path, {}))
    async with app.run_test() as pilot:
        assert app.save_state == NEW_STATE
        await pilot.pause(0.5)  # past the first poll of the disk: the file is not missed
        assert not path.exists() and app.save_state == NEW_STATE
        await pilot.press("Q", "b")
        started = time.monotonic()
        while not path.exists() and time.monotonic() - started < 10:
            await pilot.pause(0.1)
        assert load(path).title == "Qb"


async def test_ctrl_s_on_a_new_file_writes_it_at_once(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    app = PostmortemApp(path, opening.new_file(path, {"incident": {"severity": "P4"}}))
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load(path).incident.severity == "P4"
        assert app.save_state.startswith("saved ")
