"""The shelf's commands for scripts and cron, run as real processes: list, actions, search."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from shelf_helpers import GOOD_FILES, OPEN_ITEMS, OVERDUE_ITEMS, file_bytes, git, write_shelf

from postmortem.cli import main


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "postmortem", *map(str, args)],
                          capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_shelf(tmp_path / "shelf", broken=False)


@pytest.fixture
def with_broken(tmp_path: Path) -> Path:
    return write_shelf(tmp_path / "shelf")


def test_actions_open_csv_lists_exactly_the_open_items_across_the_files(folder: Path) -> None:
    before = file_bytes(folder)
    result = run("actions", folder, "--open", "--format", "csv")
    assert (result.returncode, result.stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["id"], row["item"]) for row in rows] == OPEN_ITEMS
    assert rows[0] == {
        "id": "INC-2026-0101", "item": "AI-1", "description": "Rotate debug logs daily",
        "owner": "Sam Whitaker", "priority": "High", "due": "2020-01-20", "status": "Open",
        "overdue": "yes", "path": str(folder / "2026" / "disk-full.toml"),
        "title": "Disk full on orders-db"}
    assert {row["path"] for row in rows} == {
        str(folder / "2026" / "disk-full.toml"), str(folder / "2026" / "certificate.toml"),
        str(folder / "2025" / "search.md")}
    assert file_bytes(folder) == before  # nothing written, the Markdown one included


def test_actions_overdue_exits_1_for_a_cron_reminder_and_0_when_none_is(folder: Path) -> None:
    result = run("actions", folder, "--overdue")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [list(item) for item in OVERDUE_ITEMS]
    assert "!2020-01-20" in lines[0] and lines[0].endswith("disk-full.toml")
    result = run("actions", folder, "--overdue", "--owner", "lena")
    assert (result.returncode, result.stdout) == (0, "")


def test_actions_by_owner_as_json(folder: Path) -> None:
    result = run("actions", folder, "--owner", "SAM", "--format", "json")
    assert result.returncode == 0
    items = json.loads(result.stdout)
    assert [(item["id"], item["item"], item["status"]) for item in items] == [
        ("INC-2026-0101", "AI-1", "Open"), ("INC-2026-0202", "AI-2", "Verified")]


def test_actions_as_a_calendar_of_due_dates(folder: Path) -> None:
    result = run("actions", folder, "--open", "--format", "ics")
    assert result.returncode == 0
    text = result.stdout
    assert text.count("BEGIN:VEVENT") == 4
    assert "DTSTART;VALUE=DATE:20200120" in text
    assert "SUMMARY:AI-1 (INC-2026-0101): Rotate debug logs daily" in text


def test_list_shows_every_post_mortem_and_the_broken_file_with_its_line(
        with_broken: Path) -> None:
    before = file_bytes(with_broken)
    result = run("list", with_broken)
    assert result.returncode == 2
    assert result.stderr == (
        f"{with_broken / '2026' / 'broken.toml'}:6: incident.severity: Input should be 'P1', "
        "'P2', 'P3' or 'P4', got 5\n")
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "INC-2026-0202", "INC-2026-0101", "INC-2025-0909"]
    assert "Traceback" not in result.stderr
    assert file_bytes(with_broken) == before


def test_list_as_json_and_csv(folder: Path) -> None:
    records = json.loads(run("list", folder, "--format", "json").stdout)
    assert {record["path"] for record in records} == {str(folder / name) for name in GOOD_FILES}
    disk = next(record for record in records if record["id"] == "INC-2026-0101")
    assert (disk["open"], disk["overdue"], disk["review"]) == (2, 1, "1/11")
    rows = list(csv.DictReader(io.StringIO(run("list", folder, "--format", "csv").stdout)))
    assert len(rows) == 3 and rows[0]["id"] == "INC-2026-0202"


def test_list_since_a_revision_shows_what_changed(folder: Path) -> None:
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "first")
    (folder / "2026" / "certificate.toml").write_text(
        (folder / "2026" / "certificate.toml").read_text() + "\n")
    git(folder, "commit", "-qam", "second", author="Lena Fischer")
    result = run("list", folder, "--since", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["INC-2026-0202"]
    assert "Lena Fischer" in result.stdout
    bad = run("list", folder, "--since", "no-such-rev")
    assert bad.returncode == 2 and "--since: git does not know 'no-such-rev'" in bad.stderr
    assert git(folder, "status", "--porcelain") == ""  # nothing committed, nothing changed


def test_search_ranks_and_shows_the_matching_words(folder: Path) -> None:
    result = run("search", folder, "certif", "rotat")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("INC-2026-0202  2026-02-10  Checkout down after certificate")
    assert lines[1].startswith("    matched: certificate, rotation, rotating, certificates — ")
    assert run("search", folder, "nothing-like-this").returncode == 1


def test_a_folder_that_is_not_there_exits_2(tmp_path: Path) -> None:
    result = run("list", tmp_path / "missing")
    assert result.returncode == 2
    assert result.stderr == f"{tmp_path / 'missing'}: no such folder\n"


def test_a_closed_pipe_is_quiet(folder: Path) -> None:
    for number in range(40):
        (folder / f"copy-{number}.toml").write_text(
            (folder / "2026" / "disk-full.toml").read_text())
    result = subprocess.run(f"{sys.executable} -m postmortem actions {folder} | head -1",
                            shell=True, capture_output=True, text=True, timeout=120)
    assert result.stdout.count("\n") == 1
    assert result.stderr == ""


@pytest.mark.parametrize("command", [["list"], ["actions", "--open"], ["search", "disk"]])
def test_the_shelf_commands_never_load_textual(folder: Path, command: list[str]) -> None:
    code = (
        "import sys\n"
        "from postmortem.cli import main\n"
        f"code = main({[command[0], str(folder), *command[1:]]!r})\n"
        "print('TEXTUAL', sorted(m for m in sys.modules if m.split('.')[0] == 'textual'),"
        " file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL []" in result.stderr


def test_a_folder_opens_the_shelf_and_a_file_the_editor(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import postmortem.app.shelf_app as shelf_app
    import postmortem.cli.editing as editing

    opened: list[tuple[str, object]] = []
    monkeypatch.setattr(shelf_app, "run_shelf",
                        lambda path, only=None: opened.append(("shelf", path)) or 0)
    monkeypatch.setattr(editing, "_run_app",
                        lambda path, from_shelf=False: opened.append(("editor", path)) or 0)
    assert main([str(folder)]) == 0
    assert main([str(folder / "2026" / "disk-full.toml")]) == 0
    monkeypatch.chdir(folder)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main([]) == 0  # in a folder of post-mortems, in a terminal: the shelf
    assert opened == [("shelf", folder), ("editor", folder / "2026" / "disk-full.toml"),
                      ("shelf", Path("."))]
