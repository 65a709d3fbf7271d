"""The core of keeping work safe: fingerprints, recovery copies, saving without overwriting
someone else's change, and the last-resort save. Plain Python, no Textual."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from postmortem.document.compare import differences, label
from postmortem.document.errors import SaveError
from postmortem.document.model import Document
from postmortem.storage import guarded, recovery
from postmortem.storage import toml_file as storage
from postmortem.storage.lifeline import exit_code_for, terminal_alive
from postmortem.storage.recovery import RecoveryStore, copy_name, printable_path, state_dir
from postmortem.storage.session import DiskConflict, Session, aside_path
from postmortem.storage.watch import DiskState, DiskWatch, fingerprint


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def saved_session(tmp_path: Path, title: str = "first") -> Session:
    path = tmp_path / "incident.toml"
    storage.save(Document(title=title), path)
    return Session(path, storage.load(path))


def edit(session: Session, title: str) -> None:
    session.document.title = title
    session.changed()


def someone_else_writes(path: Path, title: str) -> None:
    time.sleep(0.01)  # a different mtime even on coarse clocks
    storage.write_atomic(path, storage.dumps(Document(title=title)))


def fail_replace(monkeypatch: pytest.MonkeyPatch, code: int = errno.ENOSPC) -> None:
    def replace(source: object, target: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(storage.os, "replace", replace)
    monkeypatch.setattr(guarded, "exchange", lambda first, second: False)  # via os.replace


# --- fingerprints ----------------------------------------------------------------------------

def test_a_touched_file_is_not_a_change(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("x = 1\n")
    watch = DiskWatch(path, fingerprint(path))
    os.utime(path, ns=(1, 1))
    assert watch.check() is DiskState.SAME


def test_different_bytes_are_a_change_and_a_missing_file_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text("x = 1\n")
    watch = DiskWatch(path, fingerprint(path))
    path.write_text("x = 2\n")
    assert watch.check() is DiskState.CHANGED
    path.unlink()
    assert watch.check() is DiskState.MISSING


# --- recovery copies -------------------------------------------------------------------------

def test_recovery_copies_live_in_the_state_folder_keyed_by_absolute_path(
        tmp_path: Path, state_home: Path) -> None:
    store = RecoveryStore(tmp_path / "incident.toml")
    assert state_dir() == state_home / "postmortem"
    assert store.path.parent == state_home / "postmortem" / "recovery"
    assert store.path.name.startswith("incident-")
    assert copy_name(tmp_path / "a" / "x.toml") != copy_name(tmp_path / "b" / "x.toml")
    assert copy_name(Path("x.toml")) == copy_name(Path.cwd() / "x.toml")


def test_state_folder_falls_back_to_home_when_xdg_is_unset(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_STATE_HOME")
    assert state_dir() == Path.home() / ".local" / "state" / "postmortem"


def test_recovery_copy_is_offered_when_it_differs_and_removed_when_it_does_not(
        tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "first, then more")
    assert session.write_recovery()
    assert session.recovery.path.read_text().startswith("# postmortem recovery copy")
    assert (session.recovery.folder.stat().st_mode & 0o777) == 0o700
    assert Session(session.path, storage.load(session.path)).recovery_offer() is None  # alive
    session.close()  # the instance ends without saving
    again = Session(session.path, storage.load(session.path))
    offer = again.recovery_offer()
    assert offer is not None and offer.document.title == "first, then more"
    assert not offer.file_is_newer
    assert differences(again.document, offer.document) == [
        'Title: 11 more characters, ending "first, then more"']
    same = Session(session.path, offer.document)
    assert same.recovery_offer() is None
    assert not session.recovery.exists()


def test_a_copy_written_after_the_instance_closed_is_still_offered(tmp_path: Path) -> None:
    # a write already under way as the app ends lands after close: its copy must not be held
    # (in the same process, as in the tests, nothing would ever release that lock)
    session = saved_session(tmp_path)
    edit(session, "typed as it closed")
    session.close()
    assert session.write_recovery()
    offer = Session(session.path, storage.load(session.path)).recovery_offer()
    assert offer is not None and offer.document.title == "typed as it closed"


def test_a_write_after_close_never_holds_the_copy_while_it_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the next start may look for copies while that late write is still under way
    session = saved_session(tmp_path)
    edit(session, "typed as it closed")
    session.close()
    lock = session.recovery.path.with_suffix(".lock")
    seen_while_writing: list[bool] = []
    real_write = recovery.storage.write_atomic

    def write_atomic(path: Path, *args: object, **options: object) -> object:
        seen_while_writing.append(recovery._unheld(lock))
        return real_write(path, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(recovery.storage, "write_atomic", write_atomic)
    assert session.write_recovery()
    assert seen_while_writing == [True]


def test_dropping_recovered_work_moves_the_copy_aside_never_deletes_it(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "unsaved")
    session.write_recovery()
    session.close()
    again = Session(session.path, storage.load(session.path))
    offer = again.recovery_offer()
    assert offer is not None
    message = again.drop_recovered(offer)
    aside = list(session.recovery.folder.glob("*.set-aside-*.toml"))
    assert len(aside) == 1 and storage.load(aside[0]).title == "unsaved"
    assert str(aside[0]) in message
    assert not session.recovery.exists()
    assert again.recovery_offer() is None


def test_a_save_reads_back_nothing_of_our_own_file_and_the_copy_is_not_hashed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own file, swapped out by the save, is known by its status: it is not read and hashed
    again (7 MB at 50,000 rows); nor is the recovery copy hashed, which nothing compares."""
    session = saved_session(tmp_path)
    read: list[Path] = []
    real = guarded.fingerprint

    def reading(path: Path) -> object:
        read.append(path)
        return real(path)

    monkeypatch.setattr(guarded, "fingerprint", reading)
    edit(session, "second")
    assert session.write_recovery()
    session.save()
    assert read == [] and storage.load(session.path).title == "second"
    assert list(tmp_path.glob("*.theirs-*")) == []
    from postmortem.storage import writing

    assert writing.write_temporary(tmp_path / "x.toml", "x", hashed=False).digest == ""


def test_a_successful_save_removes_the_recovery_copy(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "second")
    session.write_recovery()
    session.save()
    assert not session.recovery.exists()
    assert not session.dirty


def test_taking_recovered_work_keeps_a_newer_file_beside_it(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "mine")
    session.write_recovery()
    someone_else_writes(session.path, "theirs, later")
    os.utime(session.recovery.path, ns=(1, 1))
    session.close()
    again = Session(session.path, storage.load(session.path))
    offer = again.recovery_offer()
    assert offer is not None and offer.file_is_newer
    message = again.take_recovered(offer)
    assert again.document.title == "mine" and again.dirty
    theirs = list(tmp_path.glob("incident.theirs-*.toml"))
    assert len(theirs) == 1 and storage.load(theirs[0]).title == "theirs, later"
    assert str(theirs[0]) in message


# --- saving, conflicts, disk trouble ---------------------------------------------------------

def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "mine")
    someone_else_writes(session.path, "theirs")
    with pytest.raises(DiskConflict):
        session.save()
    assert session.conflict
    assert storage.load(session.path).title == "theirs"


def test_keep_mine_saves_theirs_aside_first(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "mine")
    someone_else_writes(session.path, "theirs")
    their_bytes = session.path.read_bytes()
    message = session.keep_mine()
    assert storage.load(session.path).title == "mine"
    aside = list(tmp_path.glob("incident.theirs-*.toml"))
    assert [p.read_bytes() for p in aside] == [their_bytes]
    assert "theirs is in" in message and not session.conflict


def test_take_theirs_saves_mine_aside_first(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "mine")
    someone_else_writes(session.path, "theirs")
    session.take_theirs()
    assert session.document.title == "theirs" and not session.dirty
    aside = list(tmp_path.glob("incident.mine-*.toml"))
    assert len(aside) == 1 and storage.load(aside[0]).title == "mine"


def test_take_theirs_writes_nothing_when_theirs_is_broken(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "mine")
    session.path.write_text("title = [broken\n")
    with pytest.raises(Exception, match="not valid TOML"):
        session.take_theirs()
    assert not list(tmp_path.glob("*.mine-*")) and session.document.title == "mine"


def test_check_disk_reloads_when_clean_and_reports_a_conflict_once_when_dirty(
        tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    someone_else_writes(session.path, "theirs")
    news = session.check_disk()
    assert news is not None and news.kind == "reloaded"
    assert session.document.title == "theirs" and not session.dirty
    assert session.check_disk() is None
    edit(session, "mine")
    someone_else_writes(session.path, "theirs again")
    news = session.check_disk()
    assert news is not None and news.kind == "conflict"
    assert session.check_disk() is None  # told once


def test_check_disk_keeps_ours_when_theirs_is_broken_and_tells_once(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    session.path.write_text("title = 3\n")
    news = session.check_disk()
    assert news is not None and news.kind == "unreadable" and ":1:" in news.message
    assert session.document.title == "first"
    assert session.check_disk() is None


def test_check_disk_tells_once_when_the_file_is_gone(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    session.path.unlink()
    news = session.check_disk()
    assert news is not None and news.kind == "gone"
    assert session.check_disk() is None
    edit(session, "back")
    session.save()
    assert storage.load(session.path).title == "back"


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"),
                                         (errno.EACCES, "permission denied"),
                                         (errno.EROFS, "read-only")])
def test_a_failed_write_leaves_the_old_file_intact_and_no_litter(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str) -> None:
    session = saved_session(tmp_path)
    before = session.path.read_bytes()
    edit(session, "unsaved")
    fail_replace(monkeypatch, code)
    with pytest.raises(SaveError, match=words):
        session.save()
    assert session.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["incident.toml"]  # no temporary file left
    assert session.dirty


def test_keep_everything_falls_back_to_the_recovery_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = saved_session(tmp_path)
    edit(session, "unsaved")
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        if Path(target) == session.path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(storage.os, "replace", replace)
    monkeypatch.setattr(guarded, "exchange", lambda first, second: False)  # via os.replace
    message = session.keep_everything()
    assert message.startswith("NOT SAVED: the disk is full; your work is in ")
    assert storage.load(session.recovery.path).title == "unsaved"


def test_keep_everything_never_overwrites_a_changed_file(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "mine")
    someone_else_writes(session.path, "theirs")
    message = session.keep_everything()
    assert "changed on disk" in message
    assert storage.load(session.path).title == "theirs"
    assert storage.load(session.recovery.path).title == "mine"


def test_an_unwritable_state_folder_sends_the_copy_elsewhere_and_says_so_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    (tmp_path / "state").write_text("not a folder")  # the state folder cannot be created
    session = saved_session(tmp_path)
    edit(session, "mine")
    assert session.write_recovery()
    assert session.recovery.path.is_relative_to(tmp_path / "tmp")
    assert storage.load(session.recovery.path).title == "mine"
    news = session.recovery.news
    assert news is not None and "cannot create the folder" in news and str(tmp_path / "tmp") in news
    session.recovery.news = None
    edit(session, "mine, more")
    assert session.write_recovery() and session.recovery.news is None  # said once
    session.close()
    again = Session(session.path, storage.load(session.path))
    offer = again.recovery_offer()
    assert offer is not None and offer.document.title == "mine, more"


def test_keep_everything_writes_aside_when_even_the_state_folder_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("postmortem.storage.recovery._fallback_folders", lambda: [])
    session = saved_session(tmp_path)
    edit(session, "mine")
    someone_else_writes(session.path, "theirs")
    (tmp_path / "state").write_text("not a folder")  # the state folder cannot be created
    message = session.keep_everything()
    aside = list(tmp_path.glob("incident.mine-*.toml"))
    assert len(aside) == 1 and storage.load(aside[0]).title == "mine"
    assert str(aside[0]) in message


def test_keep_everything_with_nothing_to_save_does_nothing(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    assert session.keep_everything() == ""


def test_save_as_moves_the_session_and_its_recovery_copy(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    edit(session, "moved")
    session.write_recovery()
    old_copy = session.recovery.path
    target = tmp_path / "elsewhere" / "copy.toml"
    target.parent.mkdir()
    session.save(target)
    assert session.path == target and storage.load(target).title == "moved"
    assert not old_copy.exists() and session.recovery.path != old_copy
    assert session.disk_state() is DiskState.SAME


def test_aside_names_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    first = aside_path(path, "mine")
    first.write_text("")
    assert aside_path(path, "mine") != first


# --- smaller helpers -------------------------------------------------------------------------

def test_printable_path_escapes_controls_and_odd_bytes() -> None:
    odd = Path(os.fsdecode(b"/tmp/\xff\x1b[31m\nx.toml"))
    text = printable_path(odd)
    assert "\x1b" not in text and "\n" not in text and "\\xff" in text


def test_differences_name_the_fields_and_count_rows() -> None:
    before = Document.model_validate({"incident": {"commander": "Ana"}})
    after = Document.model_validate({
        "incident": {"commander": "Bo"},
        "timeline": [{"time": "2026-01-01T10:00:00Z", "event": "Paged"}],
    })
    lines = differences(before, after)
    assert lines[0] == "Timeline: 0 rows → 1 rows"
    assert 'Incident Information › commander: "Ana" → "Bo"' in lines
    assert label(("timeline", 0, "event")) == "Timeline row 1 › event"
    assert differences(before, before) == []
    many = Document.model_validate({"response": {"went_well": [f"w{i}" for i in range(30)]}})
    assert differences(before, many, limit=5)[-1] == "… and 27 more differences"


def test_exit_codes_and_a_closed_terminal() -> None:
    assert exit_code_for(1) == 129 and exit_code_for(15) == 143
    read, write = os.pipe()
    assert not terminal_alive(read)  # not a terminal at all: treated as gone
    os.close(read)
    os.close(write)


def test_a_hostile_file_on_disk_is_reported_never_raised(tmp_path: Path) -> None:
    session = saved_session(tmp_path)
    session.path.write_bytes(b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n")
    news = session.check_disk()
    assert news is not None and news.kind == "unreadable" and "nested too deeply" in news.message
    edit(session, "mine")
    with pytest.raises(Exception, match="nested too deeply"):
        session.take_theirs()
    assert "theirs is in" in session.keep_mine()


def test_the_watchdog_ends_a_process_whose_shutdown_hangs() -> None:
    import subprocess
    import sys

    code = ("import time; from postmortem.storage.lifeline import start_watchdog; "
            "start_watchdog(7, 0.2); time.sleep(30)")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], timeout=20)
    assert done.returncode == 7 and time.monotonic() - started < 10


# --- typing not in the document yet travels with the recovery copy ----------------------------

def test_unfinished_typing_is_kept_in_the_recovery_copy_and_offered_back(tmp_path: Path) -> None:
    from postmortem.document.unfinished import NEW, Unfinished

    session = saved_session(tmp_path)
    typing = [Unfinished("timeline", NEW, ("14:20", "db failover started", ""),
                         'timeline row "14:20 db failover started"')]
    session.unfinished_typing = lambda: typing
    assert session.keep_everything() == ""  # the document is saved; the typing is not in it
    assert session.recovery.exists()
    session.close()
    again = Session(session.path, storage.load(session.path))
    offer = again.recovery_offer()
    assert offer is not None and offer.unfinished == typing
    assert offer.document == again.document


def test_a_save_keeps_the_copy_while_there_is_unfinished_typing(tmp_path: Path) -> None:
    from postmortem.document.unfinished import NEW, Unfinished

    session = saved_session(tmp_path)
    typing: list[Unfinished] = [Unfinished("action_items", NEW, ("Alert on expiry",), "x")]
    session.unfinished_typing = lambda: typing
    edit(session, "second")
    session.save()
    assert session.recovery.exists()
    typing.clear()
    edit(session, "third")
    session.save()
    assert not session.recovery.exists()


def test_hostile_unfinished_entries_in_a_copy_are_left_out(tmp_path: Path) -> None:
    from postmortem.document.unfinished import read_all

    assert read_all([{"where": "timeline", "edits": "add", "values": ["a", 1],
                      "describe": "x"}, "nonsense", {"where": 3}]) == []
    assert read_all("not a list") == []
