"""The hard cases of keeping work: a read-only file, and a machine where nothing can be
written anywhere. The app says so, and never quits having lost the work."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Input

from postmortem.app.application import PostmortemApp
from postmortem.storage import guarded, recovery
from postmortem.storage import toml_file as storage

pytestmark = pytest.mark.usefixtures("state_home")


async def type_at_the_end_of_the_title(app: PostmortemApp, pilot: object, text: str) -> None:
    field = app.screen.query(Input).first()
    field.focus()
    field.cursor_position = len(field.value)
    await pilot.press(*text)  # type: ignore[attr-defined]


async def test_a_read_only_file_is_never_rewritten_and_save_as_is_offered(
        doc_path: Path) -> None:
    doc_path.chmod(0o444)
    before = doc_path.read_bytes()
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_at_the_end_of_the_title(app, pilot, "!")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.save_state.startswith("NOT SAVED: file is read-only")
        assert "F9 save as" in app.save_state
        assert any("read-only" in note.message for note in app._notifications)
    assert doc_path.read_bytes() == before
    assert stat.S_IMODE(doc_path.stat().st_mode) == 0o444


def nothing_can_be_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A full disk everywhere: no rename lands, no folder is created, no fallback folder."""
    def replace(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(storage.os, "replace", replace)
    monkeypatch.setattr(guarded, "exchange", lambda first, second: False)
    monkeypatch.setattr(recovery, "_fallback_folders", lambda: [])
    (tmp_path / "state").write_text("not a folder")


async def test_with_nowhere_to_write_quitting_waits_until_the_work_is_somewhere(
        doc_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = PostmortemApp(doc_path, storage.load(doc_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        with monkeypatch.context() as disk:
            nothing_can_be_written(disk, tmp_path)
            await type_at_the_end_of_the_title(app, pilot, "!")
            for _ in range(3):  # asked twice, and once more for good measure
                await pilot.press("ctrl+q")
                await pilot.pause()
            assert app.is_running
            assert any("Not quitting" in note.message and "could not be written anywhere"
                       in note.message for note in app._notifications)
        (tmp_path / "state").unlink()  # space again
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert storage.load(doc_path).title == "Checkout down!"
