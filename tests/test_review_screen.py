"""The Review screen (F8, or "Review" in the palette): the findings by section, Enter opens the
field; the section list's marks come from the same rules and refresh once typing pauses,
without a key lost; the Timeline offers the suggested milestones, and m marks them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from editor_helpers import make_app, open_section, type_text, until
from textual.widgets import Input, OptionList, Static, TextArea

from postmortem.app.application import PostmortemApp
from postmortem.document import clock
from postmortem.document.review.marks import MARKS, SectionState
from postmortem.screens.base import SectionScreen
from postmortem.screens.review import ReviewScreen
from postmortem.widgets.action_items.grid import ActionGrid
from postmortem.widgets.list_editor import ItemList
from postmortem.widgets.section_nav import SectionNav
from postmortem.widgets.timeline.metrics_panel import MetricsPanel
from postmortem.widgets.timeline.table import TimelineTable

TODAY = dt.date(2023, 6, 16)
ROWS = [
    {"time": "2023-06-15T14:02:00+00:00", "event": "Card payments start failing"},
    {"time": "2023-06-15T14:20:00+00:00", "event": "Incident declared", "actions": "Bridge"},
    {"time": "2023-06-15T14:40:00+00:00", "event": "Rollback finished; partial restoration"},
    {"time": "2023-06-15T16:30:00+00:00", "event": "Incident resolved", "actions": "All clear"},
]


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def prompts(app: Any) -> list[str]:
    found = app.screen.query_one("#review-findings", OptionList)
    return [str(found.get_option_at_index(index).prompt) for index in range(found.option_count)]


async def choose(pilot: Any, text: str) -> None:
    """Highlight the finding whose line holds text, and press enter."""
    found = pilot.app.screen.query_one("#review-findings", OptionList)
    found.highlighted = next(index for index, prompt in enumerate(prompts(pilot.app))
                             if text in prompt)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_f8_lists_the_findings_by_section_and_closes_again(tmp_path):
    app = make_app(tmp_path, action_items=[{"id": "AI-1", "description": "Improve monitoring"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        shown = prompts(app)
        assert shown[0] == "Executive Summary"
        assert shown[1] == "✗ Executive Summary is not written yet"
        heading = shown.index("Action Items")
        assert "⚠ AI-1 has no Owner" in shown[heading + 1:]
        assert "⚠ AI-1 is vague: “Improve” with nothing to measure it by" in shown
        counts = str(app.screen.query_one("#review-counts", Static).content)
        assert re.fullmatch(r"\d+ errors · \d+ warnings", counts), counts
        await pilot.press("f8")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        await pilot.press("f8", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)


async def test_the_palette_opens_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Review")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert await until(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_enter_opens_the_field_of_the_finding(tmp_path):
    app = make_app(tmp_path, incident={"id": "INC-1", "commander": "Ana"},
                   root_cause={"contributing_factors": ["A cache", "John forgot the TTL"]},
                   timeline=ROWS, action_items=[
                       {"id": "AI-1", "description": "Add a canary", "owner": "Ana",
                        "due": "2023-07-01"},
                       {"id": "AI-2", "description": "Add alerts", "due": "2023-07-01"}])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await choose(pilot, "Technical Lead is empty")
        assert app.current_mode == "incident"
        assert isinstance(app.focused, Input) and app.focused.id == "technical-lead"

        await pilot.press("f8")
        await pilot.pause()
        await choose(pilot, "“forgot” points at a person")
        assert app.current_mode == "root_cause"
        assert isinstance(app.focused, ItemList) and app.focused.highlighted == 1

        await pilot.press("f8")
        await pilot.pause()
        await choose(pilot, "AI-2 has no Owner")
        grid = app.screen.query_one(ActionGrid)
        assert app.focused is grid and app.screen.grid.current_item().id == "AI-2"

        await pilot.press("f8")
        await pilot.pause()
        await choose(pilot, "What Happened is empty")
        assert app.current_mode == "root_cause"
        assert isinstance(app.focused, TextArea) and app.focused.parent.id == "what-happened"


async def test_enter_on_a_timeline_row_puts_the_cursor_on_it(tmp_path):
    rows = [*ROWS, {"time": "2023-06-15T14:20:00+00:00", "event": "Incident declared"}]
    app = make_app(tmp_path, timeline=rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await choose(pilot, "repeats row")
        table = app.screen.query_one(TimelineTable)
        assert app.focused is table and table.cursor_row == 2


def mark(app: Any, key: str) -> str:
    nav = app.screen.query_one(SectionNav)
    index = [option.id for option in nav.options].index(key)
    return str(nav.get_option_at_index(index).prompt)[0]


async def test_the_marks_follow_the_rules_once_typing_pauses_and_no_key_is_lost(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "executive_summary")
        assert mark(app, "executive_summary") == MARKS[SectionState.EMPTY]
        typed = "Card payments failed for four hours in Europe."
        await type_text(pilot, typed)
        assert app.document.executive_summary == typed  # every key, in order
        assert await until(pilot, lambda: mark(app, "executive_summary") ==
                           MARKS[SectionState.COMPLETE])
        await pilot.press(*["backspace"] * len(typed))
        await type_text(pilot, "[Two or three sentences]")
        assert app.document.executive_summary == "[Two or three sentences]"
        assert await until(pilot, lambda: mark(app, "executive_summary") ==
                           MARKS[SectionState.EMPTY])  # a placeholder counts as empty


def app_with_a_disagreeing_stated_time(tmp_path: Path) -> PostmortemApp:
    """Every milestone marked (mitigation 0:20 after detection), and 0:05 stated for it."""
    marked = [{**row, "milestone": milestone} for row, milestone in zip(
        ROWS, ("impact_start", "detected", "mitigated", "resolved"), strict=True)]
    return make_app(tmp_path, timeline=marked,
                    stated_times={"time_to_mitigation": {"value": "0:05"}})


async def test_a_disagreeing_stated_time_marks_the_timeline_wrong(tmp_path):
    app = app_with_a_disagreeing_stated_time(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert mark(app, "timeline") == MARKS[SectionState.WRONG]
        assert mark(app, "incident") == MARKS[SectionState.COMPLETE]
        assert mark(app, "executive_summary") == MARKS[SectionState.EMPTY]


async def test_the_timeline_offers_the_suggested_milestones_and_m_marks_them(tmp_path):
    app = make_app(tmp_path, timeline=ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        panel = str(app.screen.query_one(MetricsPanel).content)
        assert ("Suggested milestones: impact start row 1, detected row 2, mitigated row 3, "
                "resolved row 4 (m marks them)") in panel
        await pilot.press("m")
        await pilot.pause()
        assert [row.milestone.value if row.milestone else None
                for row in app.document.timeline] == [
            "impact_start", "detected", "mitigated", "resolved"]
        panel = str(app.screen.query_one(MetricsPanel).content)
        assert "Suggested" not in panel and "Duration 2:28" in panel
        await pilot.press("u")  # each mark is undone on its own, as 1-4's are
        await pilot.pause()
        assert app.document.timeline[3].milestone is None
        assert app.document.timeline[2].milestone is not None


async def test_rows_that_say_no_milestone_get_the_keys_to_mark_them(tmp_path):
    rows = [{"time": "2023-06-15T14:02:00+00:00", "event": "Deploy of v2.3 starts"},
            {"time": "2023-06-15T14:40:00+00:00", "event": "Config reviewed"}]
    app = make_app(tmp_path, timeline=rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        panel = str(app.screen.query_one(MetricsPanel).content)
        assert "Mark a row to compute the times: 1 impact start, 2 detected" in panel
        await pilot.press("m")
        await pilot.pause()
        assert all(row.milestone is None for row in app.document.timeline)
        assert any("Nothing to suggest" in note.message for note in app._notifications)


async def test_marking_milestones_saves_the_file_as_loading_holds_it(tmp_path):
    """A stated time the new marks give (Duration 2:28 here) is what loading drops: the saved
    file leaves it out, so it passes `postmortem fmt --check`."""
    from postmortem import cli

    app = make_app(tmp_path, timeline=ROWS, stated_times={"duration": {"value": "2:28"}})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("m")
        await pilot.pause()
        assert app.save()
    assert cli.main(["fmt", "--check", str(tmp_path / "incident.toml")]) == 0


async def test_typing_runs_no_review_until_it_pauses(tmp_path, monkeypatch):
    """Off the per-key path: a burst of keys starts no review; the pause after it, one."""
    from postmortem.document import review as reviewing

    runs: list[int] = []
    real = reviewing.rule_by_rule

    def counted(*args: Any, **options: Any) -> Any:
        runs.append(1)
        return real(*args, **options)

    monkeypatch.setattr(reviewing, "rule_by_rule", counted)
    # a pause this long falls inside no burst, however busy the machine
    monkeypatch.setattr(SectionScreen, "MARKS_AFTER_SECONDS", 2.0)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "executive_summary")
        nav = app.screen.query_one(SectionNav)
        assert await until(pilot, lambda: nav.marks_current)  # the opening's review is done
        runs.clear()
        await pilot.press(*"Payments failed in Europe")  # one burst, as a fast typist
        assert runs == []
        assert await until(pilot, lambda: runs == [1])
        # the review started; its marks are shown once it is done
        assert await until(pilot, lambda: mark(app, "executive_summary")
                           == MARKS[SectionState.COMPLETE])
        assert runs == [1]


async def test_a_dialog_closed_without_an_edit_leaves_the_marks_as_they_were(tmp_path,
                                                                            monkeypatch):
    from postmortem.widgets import review_runner

    app = make_app(tmp_path, timeline=ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        reviews: list[object] = []
        real = review_runner.review_now
        monkeypatch.setattr(review_runner, "review_now",
                            lambda *args, **kwargs: reviews.append(args) or real(*args, **kwargs))
        await pilot.press("e")
        assert await until(pilot, lambda: type(app.screen).__name__ == "EventEditor")
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, SectionScreen))
        await pilot.pause()
        assert reviews == []  # nothing changed: no review of the whole document


async def test_a_dialog_that_saves_an_edit_marks_the_section_again(tmp_path):
    app = app_with_a_disagreeing_stated_time(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        assert mark(app, "timeline") == MARKS[SectionState.WRONG]  # stated 0:05, rows 0:20
        app.screen.query_one(TimelineTable).move_cursor(2)
        await pilot.press("e")
        assert await until(pilot, lambda: type(app.screen).__name__ == "EventEditor")
        await pilot.press("end", *["backspace"] * 40)
        await type_text(pilot, "2023-06-15 14:25")  # mitigated 5 minutes after detection
        await pilot.press("ctrl+n")
        assert await until(pilot, lambda: isinstance(app.screen, SectionScreen))
        assert await until(pilot, lambda: mark(app, "timeline") != MARKS[SectionState.WRONG])


async def test_a_section_switched_to_shows_the_marks_of_an_edit_made_elsewhere(tmp_path):
    app = make_app(tmp_path, timeline=ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await open_section(pilot, "executive_summary")
        assert mark(app, "executive_summary") == MARKS[SectionState.EMPTY]
        await type_text(pilot, "Card payments failed for four hours in Europe.")
        await open_section(pilot, "timeline")  # at once: its marks are from before the typing
        assert mark(app, "executive_summary") == MARKS[SectionState.COMPLETE]
