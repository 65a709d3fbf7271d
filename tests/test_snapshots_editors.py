"""80x24 snapshots of the three editors and their dialogs, on a fixed document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from editor_helpers import frozen, make_app, type_text

from postmortem.app.application import PostmortemApp
from postmortem.storage.toml_file import load, save

SIZE = (80, 24)
TODAY = dt.date(2023, 7, 1)


def _at(hhmm: str) -> str:
    return f"2023-06-15T{hhmm}:00+00:00"


TIMELINE = [
    {"time": _at("14:40"), "event": "Rollback of payments-api v2.3 finished",
     "actions": "Error rate falls to 5%"},
    {"time": _at("14:02"), "event": "Card payments start failing", "milestone": "impact_start"},
    {"time": _at("14:20"), "event": "Alert: checkout error rate > 20%",
     "actions": "Sam Whitaker paged", "milestone": "detected"},
    {"time": _at("16:30"), "event": "Config fix deployed", "actions": "Traffic recovers",
     "milestone": "mitigated"},
    {"time": _at("18:00"), "event": "Monitoring confirms full recovery",
     "milestone": "resolved"},
]
WHYS = {
    "problem_statement": "Card payments failed for almost four hours.",
    "steps": [
        {"why": "Why did card payments fail?", "because": "The gateway rejected our TLS cert."},
        {"why": "Why was the cert rejected?", "because": "It came from an untrusted CA."},
        {"why": "Why was an untrusted CA used?", "because": "Rotation never checks trust."},
        {"why": "Why does rotation not check trust?", "because": "Sam forgot to add it."},
    ],
}
ACTIONS = [
    {"id": "AI-1", "description": "Check provider trust before rotating certificates",
     "owner": "Sam Whitaker", "priority": "High", "due": "2023-06-30", "status": "Open"},
    {"id": "AI-2", "description": "Alert on payment decline rate", "owner": "Yuki Tanaka",
     "priority": "Medium", "due": "2023-06-20", "status": "Completed"},
    {"id": "AI-3", "description": "Keep the previous secret version for 30 days",
     "owner": "Lena Fischer", "priority": "Low", "due": "2023-07-15", "status": "In Progress"},
    {"id": "AI-4", "description": "Synthetic checkout probe through the real gateway",
     "owner": "Priya Raman", "priority": "High", "due": None, "status": "Verified"},
]


def opened_file(tmp_path: Path, **document: Any) -> PostmortemApp:
    """The app on a file that exists, as when the author opens one (nothing is edited in the
    flows below, so the status line stays "opened")."""
    path = tmp_path / "incident.toml"
    save(make_app(tmp_path, **document).document, path)
    return PostmortemApp(path, load(path))


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PostmortemApp:
    frozen(monkeypatch, today=TODAY, now=dt.datetime(2023, 6, 15, 19, 5, tzinfo=dt.UTC))
    return opened_file(tmp_path, timeline=TIMELINE, five_whys=WHYS, action_items=ACTIONS)


def opened(key: str, *keys: str, text: str = ""):  # type: ignore[no-untyped-def]
    async def run(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.go_to(key)
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*keys)
        if text:
            await type_text(pilot, text)
        await pilot.pause()

    return run


def test_timeline_table_with_metrics(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("timeline", "j"))


def test_timeline_row_editor_with_a_bad_time(snap_compare, app):
    run = opened("timeline", "G", "a", text="25:00")
    assert snap_compare(app, terminal_size=SIZE, run_before=run, press=["enter"])


def test_timeline_row_editor_shows_and_changes_the_rows_milestone(snap_compare, app):
    """Editing a row: its milestone in the fourth field, here changed to Detected (d)."""
    run = opened("timeline", "G", "e", "enter", "enter", "tab", "d")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_timeline_warns_of_inverted_milestones_and_stated_disagreement(snap_compare, tmp_path):
    timeline = [dict(row) for row in TIMELINE]
    timeline[2]["milestone"], timeline[4]["milestone"] = "resolved", "detected"
    stated = {"duration": {"value": "4:00", "note": "from the status page"}}
    app = opened_file(tmp_path, timeline=timeline, stated_times=stated)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("timeline"))


def test_stated_times_dialog(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("timeline", "s"))


def test_five_whys_section(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("five_whys"))


def test_why_wizard_step_with_blame_warning(snap_compare, app):
    run = opened("five_whys", "w", *["pagedown"] * 4)
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_why_wizard_chain(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("five_whys", "w", "ctrl+f"))


def test_action_grid_with_overdue_item(snap_compare, app):
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("action_items"))


def test_action_item_editor(snap_compare, app):
    run = opened("action_items", "e", "tab", "tab", "tab", "ctrl+u", text="+2w")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_paste_log_lines_preview(snap_compare, app, monkeypatch):
    from textual.events import Paste

    from postmortem.widgets.timeline.table import TimelineTable

    monkeypatch.setenv("TZ", "Europe/Berlin")  # the zone of lines that give none
    lines = ("chat: is checkout down for anyone else?\n"
             "2023-06-15T14:25:03Z checkout-api 502 rate 31%\n"
             "Jun 15 16:27:40 db-1 postgres: failover to replica started\n"
             "$ kubectl rollout undo deploy/payments-api\n"
             "[4:31 PM] Sam Whitaker: error rate back under 1%\n")

    async def pasted(pilot) -> None:  # type: ignore[no-untyped-def]
        await opened("timeline")(pilot)
        table = pilot.app.screen.query_one(TimelineTable)
        table.focus()
        table.post_message(Paste(lines))
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=pasted)
