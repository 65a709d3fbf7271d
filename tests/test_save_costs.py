"""What keeping one edit safe costs (issue 15: background CPU after one row edit): the file we
wrote is not hashed unless its identity on disk changes, an edit followed by a pause in typing
is written once (the file, at the recovery copy's time) rather than twice, and a save's note in
the status line redraws that line, not the screen. Counted, never timed."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pytest
from editor_helpers import until
from textual.widgets import Input

from postmortem.app.application import PostmortemApp
from postmortem.document.model import Document
from postmortem.storage import toml_file as storage
from postmortem.storage.recovery import RecoveryStore
from postmortem.storage.session import Session
from postmortem.storage.watch import DiskState
from postmortem.widgets.status_line import StatusLine


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    path = tmp_path / "incident.toml"
    storage.save(Document(title="Checkout down"), path)
    return path


class HashedBytes:
    """Counts the bytes every sha256 made meanwhile is fed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = hashlib.sha256
        counter = self

        class Counting:
            def __init__(self, data: bytes = b"") -> None:
                self._hash = real(data)
                counter.count += len(data)

            def update(self, data: bytes) -> None:
                counter.count += len(data)
                self._hash.update(data)

            def hexdigest(self) -> str:
                return self._hash.hexdigest()

        monkeypatch.setattr(hashlib, "sha256", Counting)


def edited_session(doc_path: Path) -> Session:
    session = Session(doc_path, storage.load(doc_path))
    session.document.title = "Checkout down again"
    session.changed()
    return session


def test_saving_and_looking_at_the_file_after_hash_nothing(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = edited_session(doc_path)
    session.disk_state()  # the file as opened: hashed as it was read, before counting
    session.recovery.stem  # noqa: B018 - the copy's name, a hash of the path: before counting
    hashed = HashedBytes(monkeypatch)
    session.save()
    assert session.disk_state() is DiskState.SAME
    job = session.start_save()
    session.finish_save(job)
    assert session.disk_state() is DiskState.SAME
    assert hashed.count == 0


def test_the_hash_of_a_save_is_that_of_the_bytes_on_disk(doc_path: Path) -> None:
    """Computed once the file's identity changes (touched: the same bytes), it must match."""
    session = edited_session(doc_path)
    session.save()
    stat = doc_path.stat()
    os.utime(doc_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert session.disk_state() is DiskState.SAME
    assert session.watch.known is not None
    assert session.watch.known.digest == hashlib.sha256(doc_path.read_bytes()).hexdigest()


def test_other_bytes_of_the_same_size_are_a_change(doc_path: Path) -> None:
    session = edited_session(doc_path)
    session.save()
    data = doc_path.read_bytes()
    doc_path.write_bytes(data.replace(b"again", b"AGAIN"))  # in place: the same inode
    assert len(doc_path.read_bytes()) == len(data)
    assert session.disk_state() is DiskState.CHANGED


def copies_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one at each recovery copy written."""
    written: list[int] = []
    real = RecoveryStore.write_snapshot

    def counted(self: RecoveryStore, *args: Any, **kwargs: Any) -> None:
        written.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(RecoveryStore, "write_snapshot", counted)
    return written


async def test_one_edit_then_a_pause_is_written_to_the_file_alone(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written = copies_written(monkeypatch)
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query(Input).first()
        field.focus()
        field.cursor_position = len(field.value)
        await pilot.press("!")
        assert await until(pilot, lambda: storage.load(doc_path).title == "Checkout down!")
        assert await until(pilot, lambda: app.save_state.startswith("saved "))
        assert written == []  # the file holds the edit: no copy of it went anywhere else
        assert not app.session.recovery.exists()


async def test_a_save_redraws_the_status_line_not_the_screen(doc_path: Path) -> None:
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        repaints: list[bool] = []
        real = screen.refresh

        def refresh(*args: Any, **kwargs: Any) -> Any:
            repaints.append(True)
            return real(*args, **kwargs)

        screen.refresh = refresh  # type: ignore[method-assign]
        app.save_state = "saved 12:34:56"
        await pilot.pause()
        line = screen.query_one(StatusLine)
        assert await until(pilot, lambda: "saved 12:34:56" in str(line.content))
        assert repaints == []
