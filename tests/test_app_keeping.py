"""In the app: autosave, what the status line says, disk trouble, Save as…, a file changed by
someone else, the recovery offer, pasted escape sequences, and leaving on a signal."""

from __future__ import annotations

import errno
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from editor_helpers import until
from textual import events
from textual.widgets import Input, TextArea

from postmortem.app import keeping as keeping_module
from postmortem.app.application import PostmortemApp
from postmortem.dialogs.conflict import ConflictDialog
from postmortem.dialogs.recovery import RecoveryDialog
from postmortem.dialogs.save_as import SaveAsDialog
from postmortem.document.model import Document
from postmortem.storage import guarded
from postmortem.storage import toml_file as storage
from postmortem.storage.recovery import RecoveryStore
from postmortem.widgets.status_line import StatusLine

Pilot = Any


pytestmark = pytest.mark.usefixtures("state_home")


def open_app(path: Path) -> PostmortemApp:
    return PostmortemApp(path, storage.load(path))


def title_on_disk(path: Path) -> str:
    return storage.load(path).title


def status_text(app: PostmortemApp) -> str:
    return str(app.screen.query_one(StatusLine).content)


async def type_in_title(pilot: Pilot, text: str) -> None:
    app = pilot.app
    field = app.screen.query(Input).first()
    field.focus()
    field.cursor_position = len(field.value)
    await pilot.press(*text)


def disk_full_for(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Writing path fails as on a full disk; the list returned grows by one at each try."""
    real_replace = os.replace
    tries: list[str] = []

    def replace(source: str, target: str) -> None:
        if Path(target) == path:
            tries.append(target)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(storage.os, "replace", replace)
    monkeypatch.setattr(guarded, "exchange", lambda first, second: False)  # via os.replace
    return tries


def errors_told(app: PostmortemApp) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def someone_else_writes(path: Path, title: str) -> None:
    time.sleep(0.01)
    storage.write_atomic(path, storage.dumps(Document(title=title)))


# --- autosave ----------------------------------------------------------------------------------

async def test_typing_reaches_the_recovery_copy_before_the_file(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keeping_module, "AUTOSAVE_IDLE_SECONDS", 3600.0)
    monkeypatch.setattr(keeping_module, "AUTOSAVE_MAX_SECONDS", 3600.0)
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " again")
        assert app.save_state == "unsaved changes"
        recovery = app.session.recovery.path
        assert await until(pilot, lambda: recovery.exists()
                           and storage.load(recovery).title == "Checkout down again")
        assert title_on_disk(doc_path) == "Checkout down"


async def test_autosave_writes_the_file_and_the_status_line_says_when(doc_path: Path) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " again")
        recovery = app.session.recovery.path
        assert await until(pilot, lambda: title_on_disk(doc_path) == "Checkout down again")
        assert await until(pilot, lambda: app.save_state.startswith("saved "))
        assert await until(pilot, lambda: "saved " in status_text(app))
        assert not recovery.exists()


async def test_non_stop_typing_still_reaches_the_file(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keeping_module, "AUTOSAVE_IDLE_SECONDS", 0.5)
    monkeypatch.setattr(keeping_module, "AUTOSAVE_MAX_SECONDS", 0.8)
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for char in "abcdefghijklmnopqrstuvwxyz" * 4:
            await type_in_title(pilot, char)
            await pilot.pause(0.1)  # a typing pace: never idle long enough for the idle save
            if title_on_disk(doc_path) != "Checkout down":
                break
        assert title_on_disk(doc_path).startswith("Checkout downa")


# --- disk trouble and Save as… -------------------------------------------------------------------

async def test_disk_full_keeps_the_old_file_says_so_and_retries(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = doc_path.read_bytes()
    tries = disk_full_for(monkeypatch, doc_path)
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, "!")
        assert await until(pilot, lambda: app.save_state.startswith("NOT SAVED"))
        assert app.save_state == "NOT SAVED: disk is full (^s retry, F9 save as)"
        assert doc_path.read_bytes() == before
        assert storage.load(app.session.recovery.path).title == "Checkout down!"
        # the notice is a message posted with the state: it may arrive a moment later
        assert await until(pilot, lambda: errors_told(app) != [])
        errors = errors_told(app)
        assert len(errors) == 1 and "The file on disk is as it was" in errors[0]
        tried = len(tries)
        await type_in_title(pilot, "!")
        assert await until(pilot, lambda: len(tries) > tried)  # the next save failed too
        await pilot.pause()
        assert len(errors_told(app)) == 1  # told once
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: app.save_state.startswith("saved "))
        assert title_on_disk(doc_path) == "Checkout down!!"
        assert not app.session.recovery.exists()


async def test_save_as_after_disk_trouble_moves_the_work_elsewhere(
        doc_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk_full_for(monkeypatch, doc_path)
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, "!")
        await pilot.press("ctrl+s")
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsDialog)
        field = app.screen.query_one(Input)
        assert field.value == str(Path.home() / "incident.toml")
        target = tmp_path / "elsewhere.toml"
        field.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, SaveAsDialog)
        assert app.path == target and title_on_disk(target) == "Checkout down!"
        assert "elsewhere.toml" in status_text(app)
        await type_in_title(pilot, "?")
        assert await until(pilot, lambda: title_on_disk(target) == "Checkout down!?")


async def test_save_as_asks_before_replacing_a_file_and_shows_failures(
        doc_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("precious = true\n")
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f9")
        await pilot.pause()
        dialog = app.screen
        field = dialog.query_one(Input)
        field.value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        assert "press Enter again" in str(dialog.query_one("#save-as-problem").content)
        assert other.read_text() == "precious = true\n"
        field.value = str(tmp_path / "no-such-folder" / "x.toml")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen  # opened again, with the path as typed and why it failed
        assert isinstance(dialog, SaveAsDialog)
        assert "folder does not exist" in str(dialog.query_one("#save-as-problem").content)
        field = dialog.query_one(Input)
        assert field.value == str(tmp_path / "no-such-folder" / "x.toml")
        field.value = str(other)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert title_on_disk(other) == "Checkout down" and app.path == other


# --- someone else changed the file -------------------------------------------------------------

async def test_a_clean_document_reloads_silently(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        someone_else_writes(doc_path, "Renamed by git pull")
        assert await until(pilot, lambda: app.document.title == "Renamed by git pull")
        assert await until(
            pilot, lambda: app.screen.query(Input).first().value == "Renamed by git pull")
        assert not app.session.dirty


async def test_unsaved_edits_are_never_written_over_a_changed_file(
        doc_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " (mine)")
        someone_else_writes(doc_path, "Theirs")
        assert await until(pilot, lambda: app.save_state.startswith("NOT SAVED"))
        assert title_on_disk(doc_path) == "Theirs"
        assert app.save_state == "NOT SAVED: changed on disk (^s to choose)"
        assert not isinstance(app.screen, ConflictDialog)  # no dialog steals the keystrokes
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("enter")  # "Keep mine" has the focus
        await pilot.pause()
        assert title_on_disk(doc_path) == "Checkout down (mine)"
        theirs = list(tmp_path.glob("incident.theirs-*.toml"))
        assert [title_on_disk(p) for p in theirs] == ["Theirs"]
        assert app.save_state.startswith("saved ")


async def test_taking_theirs_keeps_mine_beside_the_file(
        doc_path: Path, tmp_path: Path) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " (mine)")
        someone_else_writes(doc_path, "Theirs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.document.title == "Theirs" and not app.session.dirty
        assert app.screen.query(Input).first().value == "Theirs"
        mine = list(tmp_path.glob("incident.mine-*.toml"))
        assert [title_on_disk(p) for p in mine] == ["Checkout down (mine)"]


async def test_deciding_later_changes_nothing(doc_path: Path) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, "!")
        someone_else_writes(doc_path, "Theirs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause(1.3)  # a while for a save that must not come: nothing to wait on
        assert title_on_disk(doc_path) == "Theirs" and app.document.title == "Checkout down!"
        assert storage.load(app.session.recovery.path).title == "Checkout down!"


# --- the recovery offer ----------------------------------------------------------------------

def leave_unsaved_work(path: Path, title: str) -> RecoveryStore:
    """A recovery copy left by an instance that ended without saving."""
    store = RecoveryStore(path)
    store.write(Document(title=title))
    store.close()
    return store


@pytest.mark.parametrize("keys", [["enter"], ["escape"]], ids=["enter", "escape"])
async def test_recovered_work_is_offered_and_kept(doc_path: Path, keys: list[str]) -> None:
    store = leave_unsaved_work(doc_path, "Checkout down for 40 minutes")
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryDialog)
        shown = str(app.screen.query(".differences Static").first().content)
        assert 'Title: 15 more characters, ending "Checkout down for 40 minutes"' in shown
        await pilot.press(*keys)
        await pilot.pause()
        assert app.document.title == "Checkout down for 40 minutes"
        assert app.screen.query(Input).first().value == "Checkout down for 40 minutes"
        assert title_on_disk(doc_path) == "Checkout down for 40 minutes"
        assert not store.exists()


async def test_dropped_recovery_is_moved_aside(doc_path: Path) -> None:
    store = leave_unsaved_work(doc_path, "Something else")
    before = doc_path.read_bytes()
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.document.title == "Checkout down"
        assert doc_path.read_bytes() == before
        assert not store.exists()
        assert len(list(store.folder.glob("*.set-aside-*.toml"))) == 1


async def test_an_unreadable_recovery_copy_is_reported_and_left_alone(doc_path: Path) -> None:
    store = RecoveryStore(doc_path)
    store.folder.mkdir(parents=True)
    store.path.write_bytes(b"title = \xff\n")
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, RecoveryDialog)
        assert any("cannot be read" in n.message for n in app._notifications)
        assert store.exists()


# --- hostile input ---------------------------------------------------------------------------

async def test_pasted_escape_sequences_never_reach_the_screen_or_the_model(
        doc_path: Path) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query(Input).first()
        field.focus()
        field.value = ""
        app.post_message(events.Paste("a\x1b[31mb\x1b]0;pwned\x07c\x1b[2J\x9bd\x00"))
        await pilot.pause()
        assert field.value == "abcd"
        assert app.document.title == "abcd"
        for y in range(field.size.height):
            assert all("\x1b" not in segment.text for segment in field.render_line(y))
        await pilot.press("f6")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.focus()
        app.post_message(events.Paste("line one\r\n\x1b[1mline\x1b[0m two\x1b]52;c;Zm9v\x07"))
        await pilot.pause()
        assert area.text == "line one\nline two"
        assert app.document.executive_summary == "line one\nline two"


async def test_a_megabyte_in_a_field_saves_and_loads_back(doc_path: Path) -> None:
    big = ("0123456789abcdef" * 65536)[:1_000_000]
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query(Input).first()
        field.focus()
        field.value = big  # a paste puts at most LINE_LIMIT characters there (test_pastes.py)
        await pilot.pause()
        assert app.save()
    assert title_on_disk(doc_path) == big


async def test_thousands_of_rows_open_edit_and_save(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    rows = [{"time": f"2026-01-01T{h:02d}:{m:02d}:00Z", "event": f"event {h}:{m}"}
            for h in range(24) for m in range(60)] * 2
    storage.save(Document.model_validate({"title": "Long night", "timeline": rows}), path)
    app = open_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = storage.load(path)
    assert saved.title == "Long night!" and len(saved.timeline) == 2880


# --- leaving ---------------------------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
async def test_a_signal_saves_at_once_and_leaves(doc_path: Path, signum: int) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, " hard")
        app.handle_signal(signum)
        assert title_on_disk(doc_path) == "Checkout down hard"  # before any timer ran
        await pilot.pause()
    assert app.return_code == 128 + signum


async def test_quitting_with_a_full_disk_asks_twice_and_keeps_a_recovery_copy(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    disk_full_for(monkeypatch, doc_path)
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_in_title(pilot, "!")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert "recovery" in app.farewell
    assert storage.load(app.session.recovery.path).title == "Checkout down!"


async def test_messages_about_hostile_files_carry_no_escape_sequences(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_app(doc_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        time.sleep(0.01)
        doc_path.write_text('"\\u001b[2J\\u001b]0;pwned\\u0007" = 1\n')
        assert await until(pilot, lambda: any("cannot be read" in n.message
                                              for n in app._notifications))
        shown = [n.message for n in app._notifications]
        assert any("cannot be read" in message for message in shown)
        assert not any("\x1b" in message or "\x07" in message for message in shown)
        assert app.document.title == "Checkout down"
