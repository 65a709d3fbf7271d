"""Path completion in the save-as and export dialogs: the rest of a matching name is suggested
as the user types, and → takes it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input

from postmortem.app.application import PostmortemApp
from postmortem.document.model import Document
from postmortem.widgets import path_suggester
from postmortem.widgets.path_suggester import complete_path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "inc-42.toml").write_text("", "utf-8")
    (tmp_path / "incidents" / "inc-42.md").write_text("", "utf-8")
    (tmp_path / "index.txt").write_text("", "utf-8")
    (tmp_path / ".hidden").write_text("", "utf-8")
    return tmp_path


def test_a_name_is_completed_and_a_folder_gets_its_slash(folder: Path) -> None:
    assert complete_path(f"{folder}/ind") == f"{folder}/index.txt"
    assert complete_path(f"{folder}/inc") == f"{folder}/incidents/"
    assert complete_path(f"{folder}/incidents") == f"{folder}/incidents/"
    assert complete_path(f"{folder}/incidents/inc-42.md") is None  # typed in full


def test_the_dialogs_own_kind_of_file_comes_first(folder: Path) -> None:
    assert complete_path(f"{folder}/incidents/i", (".toml",)) == f"{folder}/incidents/inc-42.toml"
    assert complete_path(f"{folder}/incidents/i", (".md",)) == f"{folder}/incidents/inc-42.md"


def test_hidden_names_only_when_asked_for(folder: Path) -> None:
    assert complete_path(f"{folder}/.h") == f"{folder}/.hidden"
    assert complete_path(f"{folder}/") in (f"{folder}/incidents/", f"{folder}/index.txt")


def test_the_home_folder_stays_written_as_tilde(folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(folder))
    assert complete_path("~/ind") == "~/index.txt"


def test_a_relative_name_is_completed_in_the_current_folder(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder / "incidents")
    assert complete_path("inc-42.t") == "inc-42.toml"


def test_nothing_is_suggested_for_what_is_not_there(folder: Path) -> None:
    assert complete_path(f"{folder}/zzz") is None
    assert complete_path(f"{folder}/no/such/folder/x") is None
    assert complete_path("") is None


def test_a_name_with_control_characters_is_never_suggested(folder: Path) -> None:
    (folder / "evil\x1b[2Jname").write_text("", "utf-8")
    assert complete_path(f"{folder}/evi") is None


def test_a_huge_folder_is_looked_at_only_so_far(folder: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    many = folder / "many"
    many.mkdir()
    for number in range(50):
        (many / f"f{number:02d}").write_text("", "utf-8")
    monkeypatch.setattr(path_suggester, "MAX_ENTRIES", 10)
    listed = [entry.name for entry in os.scandir(many)][:10]
    assert complete_path(f"{many}/f") == f"{many}/{min(listed)}"


@pytest.mark.parametrize(("key", "selector", "field_text"), [
    ("f9", "#save-as-path", "incidents/inc-42.toml"),
    ("f4", "#export-path", "incidents/inc-42.md"),
])
async def test_right_arrow_takes_the_suggestion_in_the_dialog(
        folder: Path, key: str, selector: str, field_text: str) -> None:
    app = PostmortemApp(folder / "incident.toml", Document())
    async with app.run_test() as pilot:
        await pilot.press(key)
        await pilot.pause()
        field = app.screen.query_one(selector, Input)
        field.value = ""
        await pilot.press(*f"{folder}/incidents/i")
        for _ in range(50):
            await pilot.pause(0.02)
            if field._suggestion:  # the greyed rest is shown once the folder was listed
                break
        await pilot.press("right")
        await pilot.pause()
        assert field.value == f"{folder}/{field_text}"
