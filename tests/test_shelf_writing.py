"""Changing an action item from the shelf: into its own file, atomically, through the model,
and never over a change someone else made in the meantime."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from shelf_helpers import write_shelf

from postmortem.document.errors import DocumentError
from postmortem.document.model import Document
from postmortem.shelf import writing
from postmortem.shelf.catalog import Shelf
from postmortem.shelf.writing import FileChanged, ItemChange, NotWritable
from postmortem.storage.toml_file import dumps, load


@pytest.fixture
def shelf(tmp_path: Path) -> Shelf:
    return Shelf(write_shelf(tmp_path / "shelf")).update()


def test_a_status_change_lands_in_the_items_own_file(shelf: Shelf) -> None:
    path = shelf.root / "2026" / "disk-full.toml"
    entry = shelf.entries["2026/disk-full.toml"]
    shelf.change_item(entry, ItemChange("AI-1", status="Completed"))
    document = load(path)
    assert [item.status.value for item in document.action_items] == [
        "Completed", "In Progress", "Completed"]
    assert path.read_text("utf-8") == dumps(document)  # canonical: passes fmt --check
    assert document.title == "Disk full on orders-db"
    assert shelf.entries["2026/disk-full.toml"].actions[0].status == "Completed"
    other = shelf.root / "2026" / "certificate.toml"
    assert load(other).action_items[0].status.value == "Open"


def test_a_due_date_is_set_and_cleared(shelf: Shelf) -> None:
    path = shelf.root / "2026" / "certificate.toml"
    shelf.change_item(shelf.entries["2026/certificate.toml"],
                      ItemChange("AI-1", due=dt.date(2031, 5, 6), change_due=True))
    assert load(path).action_items[0].due == dt.date(2031, 5, 6)
    shelf.change_item(shelf.entries["2026/certificate.toml"],
                      ItemChange("AI-1", due=None, change_due=True))
    assert load(path).action_items[0].due is None


def test_a_file_changed_since_the_shelf_read_it_is_not_written(shelf: Shelf) -> None:
    path = shelf.root / "2026" / "disk-full.toml"
    theirs = path.read_text("utf-8").replace("Rotate debug logs daily", "Rotate logs hourly")
    path.write_text(theirs, "utf-8")
    with pytest.raises(FileChanged, match="changed on disk since the shelf read it"):
        shelf.change_item(shelf.entries["2026/disk-full.toml"],
                          ItemChange("AI-1", status="Verified"))
    assert path.read_text("utf-8") == theirs  # their change kept, ours not written
    assert shelf.entries["2026/disk-full.toml"].actions[0].description == "Rotate logs hourly"


def test_a_change_landing_while_the_shelf_writes_is_not_overwritten(
        shelf: Shelf, monkeypatch: pytest.MonkeyPatch) -> None:
    path = shelf.root / "2026" / "disk-full.toml"
    theirs = path.read_text("utf-8") + "\n# a note added at that very moment\n"
    real_dumps = writing.toml_file.dumps

    def someone_writes_meanwhile(document: Document) -> str:
        path.write_text(theirs, "utf-8")
        return real_dumps(document)

    monkeypatch.setattr(writing.toml_file, "dumps", someone_writes_meanwhile)
    with pytest.raises(FileChanged):
        shelf.change_item(shelf.entries["2026/disk-full.toml"],
                          ItemChange("AI-1", status="Verified"))
    assert path.read_text("utf-8") == theirs


def test_a_markdown_post_mortem_is_never_written(shelf: Shelf) -> None:
    path = shelf.root / "2025" / "search.md"
    before = path.read_bytes()
    with pytest.raises(NotWritable, match="is Markdown"):
        shelf.change_item(shelf.entries["2025/search.md"], ItemChange("AI-1", status="Verified"))
    assert path.read_bytes() == before


def test_a_broken_file_is_never_written(shelf: Shelf) -> None:
    path = shelf.root / "2026" / "broken.toml"
    before = path.read_bytes()
    with pytest.raises(DocumentError, match=r"broken.toml:6: incident.severity"):
        shelf.change_item(shelf.entries["2026/broken.toml"], ItemChange("AI-1", status="Open"))
    assert path.read_bytes() == before


def test_an_item_that_is_gone_is_said_so(shelf: Shelf) -> None:
    with pytest.raises(DocumentError, match="has no action item AI-9"):
        shelf.change_item(shelf.entries["2026/disk-full.toml"],
                          ItemChange("AI-9", status="Open"))


def test_a_status_the_model_does_not_know_is_refused(shelf: Shelf) -> None:
    path = shelf.root / "2026" / "disk-full.toml"
    before = path.read_bytes()
    with pytest.raises(DocumentError, match="AI-1.status"):
        shelf.change_item(shelf.entries["2026/disk-full.toml"],
                          ItemChange("AI-1", status="Abandoned"))
    assert path.read_bytes() == before
