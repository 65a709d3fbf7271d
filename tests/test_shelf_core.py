"""The shelf's core, without a screen: finding and reading the files, the index (a cache that
reads only what changed), search, action items across files, related incidents and git."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from shelf_helpers import GOOD_FILES, OPEN_ITEMS, file_bytes, git, write_shelf

from postmortem.shelf import catalog, reading
from postmortem.shelf.actions import (
    ActionFilter,
    FilterError,
    action_rows,
    in_follow_up_order,
    parse_filter,
)
from postmortem.shelf.catalog import Shelf
from postmortem.shelf.formats import actions_ics, folded
from postmortem.shelf.index import Index, database_for, match_expression
from postmortem.shelf.related import link_to, related_to

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_shelf(tmp_path / "shelf")


def reads_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the shelf reads from now on."""
    seen: list[str] = []
    real = reading.read_file

    def counting(path: Path, relative: str, raw: bytes) -> reading.Read:
        seen.append(relative)
        return real(path, relative, raw)

    monkeypatch.setattr(catalog, "read_file", counting)
    return seen


def test_the_shelf_holds_the_post_mortems_and_the_broken_file_and_nothing_else(
        folder: Path) -> None:
    shelf = Shelf(folder).update()
    assert set(shelf.entries) == GOOD_FILES | {"2026/broken.toml"}
    broken = shelf.entries["2026/broken.toml"]
    assert broken.error_at("2026/broken.toml") == (
        "2026/broken.toml:6: incident.severity: Input should be 'P1', 'P2', 'P3' or 'P4', got 5")
    disk = shelf.entries["2026/disk-full.toml"]
    assert (disk.incident_id, disk.date, disk.severity, disk.title) == (
        "INC-2026-0101", "2026-01-05", "P2", "Disk full on orders-db")
    assert (disk.open_count, disk.overdue_count(TODAY)) == (2, 1)
    assert shelf.entries["2025/search.md"].kind == "markdown"
    assert [entry.path for entry in shelf.sorted_entries()] == [
        "2026/certificate.toml", "2026/disk-full.toml", "2025/search.md", "2026/broken.toml"]


def test_reading_the_shelf_writes_no_file(folder: Path) -> None:
    before = file_bytes(folder)
    Shelf(folder).update()
    assert file_bytes(folder) == before


def test_a_markdown_export_beside_its_toml_is_not_a_second_post_mortem(folder: Path) -> None:
    (folder / "2026" / "disk-full.md").write_text("# Post-Mortem: Disk full on orders-db\n")
    assert "2026/disk-full.md" not in Shelf(folder).update().entries


def test_a_second_look_reads_only_what_changed(folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    Shelf(folder).update()
    reads = reads_counted(monkeypatch)
    old = time.time() - 60  # older than the look, so size and time are trusted
    for path in folder.rglob("*"):
        os.utime(path, (old, old))
    Shelf(folder).update()  # settles the times just set: the bytes are the same, none is read
    reads.clear()
    assert set(Shelf(folder).update().entries) == GOOD_FILES | {"2026/broken.toml"}
    assert reads == []
    changed = folder / "2026" / "certificate.toml"
    changed.write_text(changed.read_text().replace("two hours", "three hours"))
    (folder / "2025" / "search.md").unlink()
    shelf = Shelf(folder).update()
    assert reads == ["2026/certificate.toml"]
    assert "2025/search.md" not in shelf.entries
    assert shelf.search("three hours") == [shelf.entries["2026/certificate.toml"]]


def test_a_file_touched_but_not_changed_is_not_read_again(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Shelf(folder).update()
    reads = reads_counted(monkeypatch)
    os.utime(folder / "2026" / "disk-full.toml")
    Shelf(folder).update()
    assert reads == []  # hashed, found the same, noted


def test_the_index_is_only_a_cache(folder: Path) -> None:
    first = Shelf(folder).update()
    found = [entry.path for entry in first.search("certificate") or []]
    first.index.close()
    database = database_for(folder)
    assert database.exists()
    database.unlink()
    again = Shelf(folder).update()
    assert [entry.path for entry in again.search("certificate") or []] == found
    assert again.entries == first.entries


def test_a_damaged_index_is_built_again(folder: Path) -> None:
    Shelf(folder).update().index.close()
    database = database_for(folder)
    database.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    assert set(Shelf(folder).update().entries) == GOOD_FILES | {"2026/broken.toml"}


def test_an_unwritable_cache_folder_keeps_the_index_in_memory(
        folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    shelf = Shelf(folder).update()
    assert not shelf.index.kept
    assert [entry.path for entry in shelf.search("disk") or []] == ["2026/disk-full.toml"]


def test_search_ranks_finds_word_starts_and_names_the_matching_words(folder: Path) -> None:
    shelf = Shelf(folder).update()
    assert shelf.search("   ") is None
    assert [entry.path for entry in shelf.search("cert") or []] == ["2026/certificate.toml"]
    assert [entry.path for entry in shelf.search("checkout") or []][0] == "2026/certificate.toml"
    assert shelf.search("certificate disk") == []
    matches = shelf.matches("rotat provider", shelf.entries["2026/certificate.toml"])
    assert matches.words == ["rotation", "provider", "rotating"]  # title first, then the rest
    assert "\x01rotation\x02" in matches.snippet


@pytest.mark.parametrize("typed", ['"', "AND", "a OR", "NEAR(x", "*", "col:x", "-x", "^"])
def test_nothing_typed_is_read_as_search_syntax(folder: Path, typed: str) -> None:
    shelf = Shelf(folder).update()
    found = shelf.search(typed)
    assert found is None or isinstance(found, list)
    expression = match_expression(typed)
    assert expression is None or all(part.startswith('"') for part in expression.split(" AND "))


def test_action_items_across_the_shelf_in_follow_up_order(folder: Path) -> None:
    shelf = Shelf(folder).update()
    rows = in_follow_up_order(action_rows(shelf.entries.values()), TODAY)
    open_rows = ActionFilter(status="open").apply(rows, TODAY)
    assert [(row.incident_id, row.item.item_id) for row in open_rows] == OPEN_ITEMS
    priya = ActionFilter(owner="PRIYA").apply(rows, TODAY)
    assert [(row.incident_id, row.item.item_id) for row in priya] == [("INC-2026-0101", "AI-3")]


def test_the_filter_reads_owner_status_priority_and_words() -> None:
    chosen = parse_filter('owner:"Sam W" status:over prio:h rotate  logs')
    assert chosen == ActionFilter("Sam W", "overdue", "High", ("rotate", "logs"))
    assert parse_filter("status:in") == ActionFilter(status="In Progress")
    assert parse_filter("owner: status:") == ActionFilter()
    with pytest.raises(FilterError, match="no status 'later'"):
        parse_filter("status:later")


def test_related_incidents_share_systems_people_or_rare_root_cause_words(folder: Path) -> None:
    shelf = Shelf(folder).update()
    disk = shelf.entries["2026/disk-full.toml"]
    found = related_to(disk, shelf.entries.values(), folder)
    assert [related.entry.path for related in found] == ["2026/certificate.toml"]
    assert found[0].systems == ("checkout-api",)
    assert found[0].responders == ("Sam Whitaker",)
    label, url = link_to(disk, found[0].entry)
    assert (label, url) == ("INC-2026-0202 — Checkout down after certificate rotation",
                            "certificate.toml")


def test_a_linked_incident_is_not_offered_again(folder: Path) -> None:
    from dataclasses import replace

    shelf = Shelf(folder).update()
    disk = replace(shelf.entries["2026/disk-full.toml"], linked=("./certificate.toml",))
    assert related_to(disk, shelf.entries.values(), folder) == []


def test_git_gives_each_file_its_last_commit_from_one_log(folder: Path) -> None:
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "first", author="Ana Souza")
    first = git(folder, "rev-parse", "HEAD").strip()
    (folder / "2026" / "certificate.toml").write_text(
        (folder / "2026" / "certificate.toml").read_text() + "\n")
    git(folder, "commit", "-qam", "second", author="Lena Fischer")
    shelf = Shelf(folder).update()
    commits = shelf.commits()
    assert commits["2026/certificate.toml"].author == "Lena Fischer"
    assert commits["2026/disk-full.toml"].author == "Ana Souza"
    assert commits["2026/disk-full.toml"].date == dt.date.today().isoformat()
    from postmortem.shelf.git import changed_since

    assert changed_since(folder, first) == {"2026/certificate.toml"}
    assert shelf.index.cached_commits(git(folder, "rev-parse", "HEAD").strip()) is not None


def test_outside_a_repository_there_is_no_git_and_no_error(folder: Path) -> None:
    assert Shelf(folder).update().commits() == {}


def test_the_calendar_folds_long_lines_and_escapes_text() -> None:
    line = "DESCRIPTION:" + "é" * 60
    assert all(len(part.encode()) <= 75 for part in folded(line).split("\r\n"))
    assert folded(line).replace("\r\n ", "") == line
    text = actions_ics([{"id": "INC-1", "item": "AI-1", "description": "a, b; c\\d",
                         "owner": "", "priority": "High", "due": "2026-03-01",
                         "status": "Open", "path": "x.toml", "title": "T"}],
                       dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert "SUMMARY:AI-1 (INC-1): a\\, b\\; c\\\\d\r\n" in text
    assert "DTSTART;VALUE=DATE:20260301\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")


def test_an_index_in_memory_is_shared_by_its_connections() -> None:
    index = Index.in_memory()
    other = index.another()
    assert other.known() == {}
    other.close()
