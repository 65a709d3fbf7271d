"""Appending timeline rows to a file from outside the app: in time order, duplicates skipped,
a new file created, and no row lost between processes appending at once (issue 17)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from postmortem.document.errors import DocumentError
from postmortem.document.model import Document, Milestone, TimelineEvent
from postmortem.storage import toml_file
from postmortem.storage.appending import append_events


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 6, 15, hour, minute, tzinfo=dt.UTC)


def event(hour: int, minute: int, text: str, **fields: object) -> TimelineEvent:
    return TimelineEvent.model_validate({"time": at(hour, minute), "event": text, **fields})


def existing_file(tmp_path: Path) -> Path:
    document = Document.model_validate({"title": "API outage", "incident": {"id": "INC-1"}})
    document.insert_event(event(14, 0, "first alert"))
    document.insert_event(event(14, 30, "rolled back"))
    path = tmp_path / "inc.toml"
    toml_file.save(document, path)
    return path


def test_rows_go_in_time_order_and_the_rest_of_the_file_stays(tmp_path: Path) -> None:
    path = existing_file(tmp_path)
    outcome = append_events(path, [event(14, 45, "resolved"), event(14, 10, "paged")])
    assert (outcome.added, outcome.duplicates, outcome.created) == (2, 0, False)
    document = toml_file.load(path)
    assert [row.event for row in document.timeline] == [
        "first alert", "paged", "rolled back", "resolved"]
    assert (document.title, document.incident.id) == ("API outage", "INC-1")


def test_duplicates_are_skipped_and_counted(tmp_path: Path) -> None:
    path = existing_file(tmp_path)
    before = path.read_bytes()
    outcome = append_events(path, [event(14, 0, "first alert")])
    assert (outcome.added, outcome.duplicates) == (0, 1)
    assert path.read_bytes() == before  # nothing to add: not even rewritten
    outcome = append_events(path, [event(14, 5, "x"), event(14, 5, "x"), event(14, 5, "y")])
    assert (outcome.added, outcome.duplicates) == (2, 1)
    assert len(toml_file.load(path).timeline) == 4


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    outcome = append_events(path, [event(9, 0, "started")],
                            new_document=lambda: Document.model_validate({"title": "New"}))
    assert outcome.created
    document = toml_file.load(path)
    assert (document.title, [row.event for row in document.timeline]) == ("New", ["started"])


def test_a_milestone_moves_to_the_new_row(tmp_path: Path) -> None:
    path = existing_file(tmp_path)
    append_events(path, [event(14, 0, "first alert", milestone="detected")])
    outcome = append_events(path, [event(14, 20, "really detected", milestone="detected")])
    assert outcome.moved_milestones == ("detected",)
    marked = [(row.event, row.milestone) for row in toml_file.load(path).timeline
              if row.milestone]
    assert marked == [("really detected", Milestone.DETECTED)]


def test_a_file_that_does_not_load_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("title = \n", "utf-8")
    with pytest.raises(DocumentError):
        append_events(path, [event(14, 0, "x")])
    assert path.read_text("utf-8") == "title = \n"


def test_rows_that_would_make_the_file_too_large_are_refused(tmp_path: Path) -> None:
    path = existing_file(tmp_path)
    before = path.read_bytes()
    rows = [event(15, minute % 60, f"{minute} " + "x" * 40_000) for minute in range(900)]
    with pytest.raises(DocumentError, match="larger than 32 MiB; nothing was added"):
        append_events(path, rows)
    assert path.read_bytes() == before


APPENDER = textwrap.dedent("""
    import datetime as dt, sys
    from pathlib import Path
    from postmortem.document.model import TimelineEvent
    from postmortem.storage.appending import append_events

    path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    start = dt.datetime(2026, 6, 15, 14, 0, tzinfo=dt.UTC)
    for number in range(count):
        row = TimelineEvent(time=start + dt.timedelta(minutes=number), event=f"{name} {number}")
        outcome = append_events(path, [row])
        assert outcome.added == 1, outcome
""")


def test_processes_appending_at_once_lose_no_row(tmp_path: Path) -> None:
    path = existing_file(tmp_path)
    names, count = ("alpha", "beta", "gamma", "delta"), 60
    processes = [subprocess.Popen([sys.executable, "-c", APPENDER, str(path), name, str(count)],
                                  stderr=subprocess.PIPE, text=True) for name in names]
    for process in processes:
        _, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
    document = toml_file.load(path)  # valid: it loads
    texts = [row.event for row in document.timeline]
    assert len(texts) == 2 + len(names) * count
    assert set(texts) >= {f"{name} {number}" for name in names for number in range(count)}
    assert [row.time for row in document.timeline] == sorted(
        row.time for row in document.timeline)
    assert list(tmp_path.glob("*.theirs-*")) == []  # no version was displaced
