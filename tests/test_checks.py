"""`postmortem check`: what a reviewer would flag."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from postmortem import cli
from postmortem.document.checks import run_checks
from postmortem.document.model import Document
from postmortem.storage.toml_file import load, save

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"


def messages(document: Document, today: dt.date = dt.date(2026, 3, 15)) -> list[str]:
    return [str(finding) for finding in run_checks(document, today)]


def test_the_demo_on_the_day_after_has_nothing_to_flag() -> None:
    assert messages(load(DEMO)) == []


def test_overdue_action_items_are_flagged_later() -> None:
    found = messages(load(DEMO), today=dt.date(2026, 4, 10))
    assert "warning: Action Items: AI-1 is overdue (due 2026-03-28)" in found
    assert not any("AI-2" in line for line in found)  # completed items are never overdue


def test_missing_incident_facts_are_named() -> None:
    document = Document.model_validate({"title": "x", "incident": {"id": "INC-1"}})
    found = messages(document)
    assert "warning: Incident Information: no date" in found
    assert "warning: Incident Information: no severity" in found
    assert not any("no title" in line or "no incident ID" in line for line in found)


def test_inverted_milestones_are_an_error_and_stated_disagreement_a_warning() -> None:
    document = Document.model_validate({
        "stated_times": {"duration": {"value": "9:00"}},
        "timeline": [
            {"time": dt.datetime(2026, 3, 14, 14, 0, tzinfo=dt.UTC), "milestone": "impact_start"},
            {"time": dt.datetime(2026, 3, 14, 13, 0, tzinfo=dt.UTC), "milestone": "detected"},
            {"time": dt.datetime(2026, 3, 14, 15, 0, tzinfo=dt.UTC), "milestone": "resolved"},
        ],
    })
    found = messages(document)
    assert any(line.startswith("error: Timeline: milestones out of order: Detected")
               for line in found)
    assert "warning: Duration: stated 9:00 but the timeline milestones give 1:00" in found


def test_a_link_that_is_not_a_web_address_is_flagged() -> None:
    document = Document.model_validate(
        {"supporting": {"metrics_and_logs": [{"label": "Dash", "url": "grafana/d/1"}]}})
    assert "warning: Metrics and Logs: Dash: not an http(s) URL: grafana/d/1" in messages(document)


def test_check_exits_1_on_an_error_and_0_on_warnings(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "p.toml"
    save(Document.model_validate({"title": "x"}), path)
    assert cli.main(["check", str(path)]) == 0
    save(Document.model_validate({"timeline": [
        {"time": dt.datetime(2026, 3, 14, 14, 0, tzinfo=dt.UTC), "milestone": "resolved"},
        {"time": dt.datetime(2026, 3, 14, 15, 0, tzinfo=dt.UTC), "milestone": "impact_start"},
    ]}), path)
    assert cli.main(["check", str(path)]) == 1
    assert "milestones out of order" in capsys.readouterr().out
