"""The four measured times: computed from the timeline milestones exactly as FORMAT.md defines
them, stated values overriding them in the export, and milestones out of order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from postmortem.document.metrics import (
    AUTO_NOTE,
    computed_minutes,
    computed_times,
    duplicate_milestones,
    format_hours_minutes,
    metric_values,
    milestone_order_problems,
    parse_hours_minutes,
)
from postmortem.document.model import Document, Milestone
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load

ROOT = Path(__file__).resolve().parents[1]
FORMAT_MD = ROOT.parent / "shared" / "FORMAT.md"

# FORMAT.md, "The three measured times": figure -> (from, to).
SPANS = {
    "duration": ("impact_start", "resolved"),
    "time_to_detection": ("impact_start", "detected"),
    "time_to_mitigation": ("detected", "mitigated"),
    "time_to_resolution": ("detected", "resolved"),
}
# The issue-4 example.
ISSUE_4 = {
    "impact_start": "2026-05-01T14:02:00Z",
    "detected": "2026-05-01T14:20:00Z",
    "mitigated": "2026-05-01T16:30:00Z",
    "resolved": "2026-05-01T18:00:00Z",
}


def document(marks: dict[str, str], stated: dict[str, dict[str, str]] | None = None) -> Document:
    timeline = [{"time": "2026-05-01T13:00:00Z", "event": "unmarked row before everything"}]
    timeline += [{"time": time, "event": name, "milestone": name} for name, time in marks.items()]
    return Document.model_validate({"timeline": timeline, "stated_times": stated or {}})


def export_labels(doc: Document) -> dict[str, str]:
    """Every `**Label:** value` line of the export, as label -> value."""
    found = re.findall(r"^\*\*([^*]+):\*\* (.*?) *$", export_markdown(doc), re.M)
    return dict(found)


def test_the_issue_4_example() -> None:
    doc = document(ISSUE_4)
    assert computed_times(doc.timeline) == {
        "duration": "3:58",
        "time_to_detection": "0:18",
        "time_to_mitigation": "2:10",
        "time_to_resolution": "3:40",
    }
    assert computed_minutes(doc.timeline) == {
        "duration": 238, "time_to_detection": 18, "time_to_mitigation": 130,
        "time_to_resolution": 220,
    }
    labels = export_labels(doc)
    assert labels["Duration"] == "3:58"
    assert labels["Time to Detection"] == f"0:18 ({AUTO_NOTE})"
    assert labels["Time to Mitigation"] == f"2:10 ({AUTO_NOTE})"
    assert labels["Time to Resolution"] == f"3:40 ({AUTO_NOTE})"


@pytest.mark.parametrize("missing", list(ISSUE_4))
def test_each_figure_needs_exactly_the_two_milestones_of_its_definition(missing: str) -> None:
    marks = {name: time for name, time in ISSUE_4.items() if name != missing}
    times = computed_times(document(marks).timeline)
    full = computed_times(document(ISSUE_4).timeline)
    for name, (start, end) in SPANS.items():
        expected = None if missing in (start, end) else full[name]
        assert times[name] == expected, name


def test_the_figures_match_the_table_in_format_md() -> None:
    if not FORMAT_MD.exists():
        pytest.skip(f"{FORMAT_MD} is not beside this checkout")
    words = {"impact starts": "impact_start", "the incident is discovered": "detected",
             "discovery": "detected", "impact is mitigated": "mitigated",
             "full resolution": "resolved"}
    names = {"Duration": "duration", "Time to Detection": "time_to_detection",
             "Time to Mitigation": "time_to_mitigation", "Time to Resolution": "time_to_resolution"}
    tokens = MarkdownIt("commonmark").enable("table").parse(FORMAT_MD.read_text("utf-8"))
    cells = [t.content for t in tokens if t.type == "inline"]
    start = cells.index("figure")
    rows = [cells[i:i + 3] for i in range(start + 3, start + 3 + 4 * 3, 3)]
    from_format = {names[figure]: (words[begin], words[end]) for figure, begin, end in rows}
    assert from_format == SPANS


def test_spans_are_measured_between_distinct_milestones() -> None:
    marks = {"impact_start": "2026-05-01T10:00:00Z", "detected": "2026-05-01T10:07:00Z",
             "mitigated": "2026-05-01T11:20:00Z", "resolved": "2026-05-01T13:45:00Z"}
    assert computed_times(document(marks).timeline) == {
        "duration": "3:45", "time_to_detection": "0:07", "time_to_mitigation": "1:13",
        "time_to_resolution": "3:38",
    }


def test_events_after_midnight_and_across_days() -> None:
    marks = {
        "impact_start": "2026-03-14T23:50:00Z",
        "detected": "2026-03-15T00:05:00Z",
        "mitigated": "2026-03-15T01:10:00Z",
        "resolved": "2026-03-16T02:00:00Z",
    }
    assert computed_times(document(marks).timeline) == {
        "duration": "26:10", "time_to_detection": "0:15", "time_to_mitigation": "1:05",
        "time_to_resolution": "25:55",
    }


def test_milestones_written_in_other_zones_are_measured_in_utc() -> None:
    marks = {"impact_start": "2026-03-15T01:50:00+02:00",  # 23:50 UTC the day before
             "detected": "2026-03-14T19:05:00-05:00"}  # 00:05 UTC
    assert computed_times(document(marks).timeline)["time_to_detection"] == "0:15"


def test_the_earliest_row_of_a_repeated_milestone_counts() -> None:
    marks = dict(ISSUE_4)
    doc = document(marks)
    doc = Document.model_validate({"timeline": [
        *[e.model_dump() for e in doc.timeline],
        {"time": "2026-05-01T14:40:00Z", "event": "paged again", "milestone": "detected"},
    ]})
    assert computed_times(doc.timeline)["time_to_detection"] == "0:18"
    assert duplicate_milestones(doc.timeline) == [Milestone.DETECTED]
    assert duplicate_milestones(document(ISSUE_4).timeline) == []


def test_the_demo_figures() -> None:
    values = metric_values(load(ROOT / "data" / "demo.toml"))
    assert {name: value.value for name, value in values.items()} == {
        "duration": "3:48", "time_to_detection": "0:29", "time_to_mitigation": "2:04",
        "time_to_resolution": "3:19",
    }


# --- stated values -------------------------------------------------------------------------------

def test_a_stated_value_overrides_the_computed_one_in_the_export_and_both_stay_available() -> None:
    doc = document(ISSUE_4, {
        "duration": {"value": "4:00", "note": ""},
        "time_to_detection": {"value": "0:15", "note": "from the first alert"},
    })
    values = metric_values(doc)
    assert (values["duration"].stated, values["duration"].computed) == ("4:00", "3:58")
    assert values["duration"].value == "4:00"
    assert values["duration"].disagrees
    assert values["time_to_detection"].value == "0:15"
    assert values["time_to_detection"].computed == "0:18"
    assert not values["time_to_mitigation"].is_stated
    assert values["time_to_mitigation"].value == "2:10"
    labels = export_labels(doc)
    assert labels["Duration"] == "4:00"
    assert labels["Time to Detection"] == "0:15 (from the first alert)"
    assert labels["Time to Mitigation"] == f"2:10 ({AUTO_NOTE})"


def test_a_stated_value_stands_in_when_milestones_are_missing() -> None:
    doc = document({}, {"time_to_resolution": {"value": "5:30", "note": "from the ticket"}})
    values = metric_values(doc)
    assert values["time_to_resolution"].computed is None
    assert not values["time_to_resolution"].disagrees
    labels = export_labels(doc)
    assert labels["Time to Resolution"] == "5:30 (from the ticket)"
    assert labels["Time to Detection"] == "_TBD_"
    assert labels["Duration"] == "_TBD_"


def test_a_stated_value_equal_to_the_computed_one_without_a_note_is_dropped() -> None:
    doc = document(ISSUE_4, {"duration": {"value": "3:58", "note": ""},
                             "time_to_detection": {"value": "0:18", "note": "by the pager"}})
    assert doc.stated_times.duration.value == ""
    assert doc.stated_times.time_to_detection.value == "0:18"  # its note says something
    assert metric_values(doc)["duration"].value == "3:58"
    assert export_labels(doc)["Time to Detection"] == "0:18 (by the pager)"


# --- milestones out of order ---------------------------------------------------------------------

def test_milestones_in_order_have_no_problems() -> None:
    assert milestone_order_problems(document(ISSUE_4).timeline) == []


def test_detection_before_impact_is_reported_and_gives_no_negative_time() -> None:
    marks = dict(ISSUE_4, detected="2026-05-01T13:50:00Z")
    doc = document(marks)
    assert milestone_order_problems(doc.timeline) == [
        "Detected (2026-05-01 13:50) comes before Impact start (2026-05-01 14:02)"]
    assert computed_minutes(doc.timeline)["time_to_detection"] == -12
    assert computed_times(doc.timeline)["time_to_detection"] is None
    assert computed_times(doc.timeline)["duration"] == "3:58"
    assert export_labels(doc)["Time to Detection"] == "_TBD_"


def test_every_inverted_pair_is_reported() -> None:
    marks = dict(ISSUE_4, resolved="2026-05-01T14:10:00Z")  # before detected and mitigated
    problems = milestone_order_problems(document(marks).timeline)
    assert problems == [
        "Resolved (2026-05-01 14:10) comes before Detected (2026-05-01 14:20)",
        "Resolved (2026-05-01 14:10) comes before Mitigated (2026-05-01 16:30)",
    ]


# --- H:MM ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0:00"), (5, "0:05"), (60, "1:00"), (1439, "23:59"),
                          (1570, "26:10"), (-12, "-0:12")],
)
def test_hours_and_minutes(minutes: int, text: str) -> None:
    assert format_hours_minutes(minutes) == text
    if minutes >= 0:
        assert parse_hours_minutes(text) == minutes


def test_with_no_time_stated_none_is_redundant_and_the_timeline_is_not_scanned(monkeypatch):
    from postmortem.document import model

    def no_scan(timeline: object) -> None:
        raise AssertionError("the timeline was scanned")

    document = Document(timeline=[{"time": "2023-06-15T14:02:00+00:00", "event": "down",
                                   "milestone": "impact_start"}])
    monkeypatch.setattr(model, "computed_times", no_scan)
    assert model.redundant_stated_times(document) == {}  # saved at every autosave
