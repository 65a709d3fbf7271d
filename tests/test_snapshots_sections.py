"""80x24 snapshots of the section screens, the preview and the help, on the demo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from postmortem.app.application import PostmortemApp
from postmortem.storage.toml_file import load

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
SIZE = (80, 24)
# The timeline, 5 Whys and action-item editors have snapshots of their own.
FORM_SECTIONS = ["incident", "executive_summary", "impact", "root_cause", "response",
                 "preventive", "lessons_learned", "supporting"]


def demo_app(tmp_path: Path) -> PostmortemApp:
    path = tmp_path / "incident.toml"
    shutil.copyfile(DEMO, path)
    return PostmortemApp(path, load(path))


@pytest.mark.parametrize("key", FORM_SECTIONS)
def test_section_screen(snap_compare, tmp_path, key):
    async def open_section(pilot):  # type: ignore[no-untyped-def]
        pilot.app.go_to(key)
        await pilot.pause()

    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, run_before=open_section)


def test_empty_document_first_screen(snap_compare, tmp_path):
    from postmortem.document.model import Document

    app = PostmortemApp(tmp_path / "incident.toml", Document())
    assert snap_compare(app, terminal_size=SIZE)


def test_preview(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, press=["f3"])


def test_help(snap_compare, tmp_path):
    assert snap_compare(demo_app(tmp_path), terminal_size=SIZE, press=["f1"])
