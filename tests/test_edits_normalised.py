"""What the app saves is held as loading holds it: its own file passes `postmortem fmt --check`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import TextArea

from postmortem.app.application import PostmortemApp
from postmortem.document.edits import set_at
from postmortem.document.model import Document
from postmortem.storage.toml_file import load


def fmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "postmortem", "fmt", "--check", str(path)],
                          capture_output=True, text=True, timeout=60)


async def test_a_title_typed_with_trailing_spaces_saves_a_file_that_passes_fmt_check(
        tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    app = PostmortemApp(path, Document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "title"
        await pilot.press(*"Checkout", "space", *"down", "space", "space")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.focused.value == "Checkout down  "  # type: ignore[attr-defined]
    assert load(path).title == "Checkout down"
    result = fmt_check(path)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_text_typed_into_a_text_area_is_saved_as_loading_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    app = PostmortemApp(path, Document())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        await pilot.press("enter", *"Checkout", "space", "space", "enter", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(path).executive_summary == "Checkout"
    assert fmt_check(path).returncode == 0


def test_set_at_normalises_and_says_whether_anything_changed() -> None:
    document = Document()
    assert set_at(document, "title", "  Checkout down \t")
    assert document.title == "Checkout down"
    assert not set_at(document, "title", "Checkout down  ")
    assert set_at(document, "root_cause.contributing_factors", ["One ", "", "  "])
    assert document.root_cause.contributing_factors == ["One"]
    assert set_at(document, "impact.affected_users", "a\nb")
    assert document.impact.affected_users == "a b"
