"""The notes on the four measured times reach the Markdown and come back: the Duration's note
(the standard's own example writes "**Duration:** 3:45 (3 hours, 45 minutes)"), and a note
whose time is left to the timeline or not known yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from postmortem.document.metrics import AUTO_NOTE
from postmortem.document.model import Document
from postmortem.markdown.export import export_markdown
from postmortem.markdown.importer import import_markdown
from postmortem.storage.toml_file import read_text

MD = Path(__file__).parent / "md"
NAMES = ("duration", "time_to_detection", "time_to_mitigation", "time_to_resolution")
LABELS = {"duration": "Duration", "time_to_detection": "Time to Detection",
          "time_to_mitigation": "Time to Mitigation", "time_to_resolution": "Time to Resolution"}
# Milestones 3:45 apart from impact to resolution: every measured time can be computed.
TIMELINE = [
    {"time": "2025-11-03T10:02:00Z", "event": "impact", "milestone": "impact_start"},
    {"time": "2025-11-03T10:31:00Z", "event": "seen", "milestone": "detected"},
    {"time": "2025-11-03T12:40:00Z", "event": "better", "milestone": "mitigated"},
    {"time": "2025-11-03T13:47:00Z", "event": "over", "milestone": "resolved"},
]


def round_trip(document: Document) -> str:
    markdown = export_markdown(document)
    again = import_markdown(markdown)
    assert again == document
    assert export_markdown(again) == markdown
    return markdown


def line_of(markdown: str, name: str) -> str:
    start = f"**{LABELS[name]}:** "
    return next(line for line in markdown.split("\n") if line.startswith(start))


def test_the_standards_own_duration_line_round_trips() -> None:
    document = import_markdown(read_text(MD / "complete.md"))
    assert document.stated_times.duration.model_dump() == {
        "value": "3:45", "note": "3 hours, 45 minutes"}
    markdown = round_trip(document)
    assert line_of(markdown, "duration") == "**Duration:** 3:45 (3 hours, 45 minutes)  "


@pytest.mark.parametrize("name", NAMES)
def test_a_stated_time_with_a_note_round_trips(name: str) -> None:
    document = Document.model_validate(
        {"stated_times": {name: {"value": "4:00", "note": "from the status page"}}})
    markdown = round_trip(document)
    assert line_of(markdown, name).startswith(f"**{LABELS[name]}:** 4:00 (from the status page)")


@pytest.mark.parametrize("name", NAMES)
def test_a_note_without_a_time_round_trips(name: str) -> None:
    document = Document.model_validate(
        {"stated_times": {name: {"value": "", "note": "not measured yet"}}})
    markdown = round_trip(document)
    assert line_of(markdown, name).startswith(f"**{LABELS[name]}:** _TBD_ (not measured yet)")


@pytest.mark.parametrize("name", NAMES)
def test_a_note_on_a_time_the_timeline_gives_round_trips(name: str) -> None:
    document = Document.model_validate(
        {"timeline": TIMELINE, "stated_times": {name: {"value": "", "note": "by the pager"}}})
    markdown = round_trip(document)
    assert f"({AUTO_NOTE}; by the pager)" in line_of(markdown, name)


@pytest.mark.parametrize("name", NAMES)
def test_a_stated_time_equal_to_the_timelines_keeps_the_authors_note(name: str) -> None:
    computed = {"duration": "3:45", "time_to_detection": "0:29", "time_to_mitigation": "2:09",
                "time_to_resolution": "3:16"}[name]
    data: dict[str, Any] = {"timeline": TIMELINE,
                            "stated_times": {name: {"value": computed, "note": "checked"}}}
    document = Document.model_validate(data)
    assert getattr(document.stated_times, name).model_dump() == {
        "value": computed, "note": "checked"}
    round_trip(document)


def test_a_document_without_notes_exports_as_before() -> None:
    document = Document.model_validate({"timeline": TIMELINE})
    markdown = round_trip(document)
    assert line_of(markdown, "duration") == "**Duration:** 3:45  "
    assert line_of(markdown, "time_to_detection") == f"**Time to Detection:** 0:29 ({AUTO_NOTE})  "
    assert line_of(export_markdown(Document()), "duration") == "**Duration:** _TBD_  "
