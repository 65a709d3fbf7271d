"""Autosave renders and writes in the background: typing goes on meanwhile, and our own save
landing is never mistaken for someone else's change to the file."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from postmortem.app.application import PostmortemApp
from postmortem.storage import rendering
from postmortem.storage import session as session_module
from postmortem.storage import toml_file as storage
from postmortem.storage.session import Session


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


class Gate:
    """Holds background saves until opened, noting when each one finished writing."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.started = threading.Event()
        self.written: list[str] = []

    def __call__(self, renderer: rendering.Renderer, target: Path, data: dict[str, Any],
                 *more: Any) -> Any:
        self.started.set()
        self.open.wait(timeout=5)
        replaced = REAL_RENDER_AND_WRITE(renderer, target, data, *more)
        self.written.append(data["title"])
        return replaced


REAL_RENDER_AND_WRITE = session_module._render_and_write


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(session_module, "_render_and_write", held)
    yield held
    held.open.set()


async def test_typing_goes_on_while_an_autosave_is_written(doc_path: Path, gate: Gate) -> None:
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        title.focus()
        await pilot.press("end", "!")
        await pilot.pause(1.3)  # typing paused: the autosave starts, and is held
        assert gate.started.is_set()
        await pilot.press("?")
        await pilot.pause()
        assert app.document.title == "Checkout down!?"  # handled while the save is held
        assert gate.written == []
        gate.open.set()
        await pilot.pause(0.2)
        assert gate.written == ["Checkout down!"]
        assert app.save_state == "unsaved changes"  # the "?" came after the snapshot
        await pilot.pause(1.5)
        assert storage.load(doc_path).title == "Checkout down!?"
        assert app.save_state.startswith("saved ")


def test_our_own_save_landing_is_not_someone_elses_change(doc_path: Path) -> None:
    session = Session(doc_path, storage.load(doc_path))
    session.document.title = "Mine"
    session.changed()
    job = session.start_save()
    job.written.result()  # on disk, not yet accounted for
    assert session.check_disk() is None
    assert not session.conflict and not session.dirty
    assert session.finish_save(job) == doc_path


def test_an_explicit_save_waits_for_the_autosave_in_flight(doc_path: Path, gate: Gate) -> None:
    session = Session(doc_path, storage.load(doc_path))
    session.document.title = "First"
    session.changed()
    session.start_save()
    session.document.title = "Second"
    session.changed()
    threading.Timer(0.2, gate.open.set).start()
    session.save()  # no conflict with the autosave, and the newer text is the one kept
    assert gate.written == ["First"]
    assert storage.load(doc_path).title == "Second"
    assert not session.dirty


def test_a_failed_autosave_says_why_and_leaves_the_file(
        doc_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = doc_path.read_bytes()

    def disk_full(renderer: rendering.Renderer, target: Path, data: dict[str, Any],
                  *more: Any) -> str:
        raise storage.SaveError(target, "the disk is full")

    monkeypatch.setattr(session_module, "_render_and_write", disk_full)
    session = Session(doc_path, storage.load(doc_path))
    session.document.title = "Mine"
    session.changed()
    job = session.start_save()
    with pytest.raises(storage.SaveError, match="disk is full"):
        session.finish_save(job)
    assert doc_path.read_bytes() == before
    assert session.dirty
