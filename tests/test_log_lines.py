"""Paste log lines in the Timeline: a paste into the table (or l) opens a preview of the rows
read from the lines, in UTC with the zone each was written in, and the lines not understood by
their number; enter adds the rows as one step of undo, duplicates skipped; escape backs out
and keeps the text as a draft, which l (and the recovery copy) hands back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from editor_helpers import leave_opened, make_app, open_section, type_text
from textual.events import Paste
from textual.widgets import Static, TextArea

from postmortem.dialogs.log_lines import LogLinesDialog
from postmortem.widgets.status_line import StatusLine
from postmortem.widgets.timeline.table import LOG_WHERE, TimelineTable

PASTED = """\
hello from the chat
2023-06-15T14:02:11Z api-1 error rate 12%
Jun 15 16:05:00 db-1 failover started
$ kubectl rollout undo deploy/api
2023-06-15T14:00:00Z Alert fired
"""
ROW = {"time": dt.datetime(2023, 6, 15, 14, 0, tzinfo=dt.UTC), "event": "Alert fired"}


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local times in the lines are this machine's zone's (no timezone in the config)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


def events(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{row.time:%H:%M} {row.event}{' → ' + row.actions if row.actions else ''}"
            for row in app.document.timeline]


async def at_the_table(pilot) -> None:  # type: ignore[no-untyped-def]
    """Open the Timeline with the cursor in its table (escaping the row an empty one opens)."""
    from postmortem.dialogs.editor_dialog import EditorDialog

    await open_section(pilot, "timeline")
    if isinstance(pilot.app.screen, EditorDialog):
        await leave_opened(pilot)


async def paste_into_table(pilot, text: str) -> LogLinesDialog:  # type: ignore[no-untyped-def]
    await at_the_table(pilot)
    table = pilot.app.screen.query_one(TimelineTable)
    table.focus()
    table.post_message(Paste(text))
    await pilot.pause()
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, LogLinesDialog)
    return dialog


async def first_hit(pilot, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Wait (on the condition, with a generous deadline) for the palette's first hit."""
    from textual.command import CommandList

    for _ in range(600):
        hits = pilot.app.screen.query(CommandList)
        if hits and hits.first().option_count and text in str(
                hits.first().get_option_at_index(0).prompt):
            return True
        await pilot.pause(0.05)
    return False


def preview(dialog: LogLinesDialog) -> str:
    return "\n".join(str(dialog.query_one(selector, Static).render())
                     for selector in ("#summary", "#preview-text"))


async def test_a_paste_previews_the_rows_in_utc_with_their_zone_and_the_lines_not_read(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await paste_into_table(pilot, PASTED)
        shown = preview(dialog)
        assert "2023-06-15 14:02 UTC (given in UTC)  api-1 error rate 12%" in shown
        # syslog has no zone: read in this machine's (summer: UTC+2)
        assert "2023-06-15 14:05 UTC (16:05 Europe/Berlin)  db-1 failover started" in shown
        assert "→ kubectl rollout undo" in shown
        assert "✗ line 1:" in shown and "hello from the chat" in shown
        assert "times without a zone read as Europe/Berlin" in shown


async def test_enter_adds_the_rows_as_one_undo_step_skipping_duplicates_and_keeps_the_rest(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        await paste_into_table(pilot, PASTED)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, LogLinesDialog)
        assert events(app) == ["14:00 Alert fired", "14:02 api-1 error rate 12%",
                               "14:05 db-1 failover started",
                               "14:05  → kubectl rollout undo deploy/api"]
        status = str(app.screen.query_one(StatusLine).content)
        assert "Added 3 rows; skipped 1 row already in the timeline" in status
        table = app.screen.query_one(TimelineTable)
        assert table.log_draft == "hello from the chat"  # not understood: kept, not dropped
        await pilot.press("u")  # one step takes every row back out
        assert events(app) == ["14:00 Alert fired"]


async def test_the_same_lines_pasted_twice_add_nothing_the_second_time(tmp_path: Path) -> None:
    app = make_app(tmp_path, timeline=[ROW])
    lines = "2023-06-15T14:02Z api-1 error rate 12%\n2023-06-15T14:03Z paged\n"
    async with app.run_test(size=(80, 24)) as pilot:
        await paste_into_table(pilot, lines)
        await pilot.press("enter")
        await pilot.pause()
        table = app.screen.query_one(TimelineTable)
        table.post_message(Paste(lines))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.document.timeline) == 3
        status = str(app.screen.query_one(StatusLine).content)
        assert "Added 0 rows; skipped 2 rows already in the timeline" in status


async def test_escape_keeps_the_paste_as_a_draft_that_l_opens_again(tmp_path: Path) -> None:
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await paste_into_table(pilot, "14:10 cache flushed")
        assert dialog.unfinished_typing()[0].values == ("14:10 cache flushed",)  # recovery
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LogLinesDialog)
        assert events(app) == ["14:00 Alert fired"]
        table = app.screen.query_one(TimelineTable)
        kept = [item for item in app.unfinished_typing() if item.where == LOG_WHERE]
        assert [item.values for item in kept] == [("14:10 cache flushed",)]
        await pilot.press("l")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogLinesDialog)
        assert dialog.query_one(TextArea).text == "14:10 cache flushed"
        await pilot.press("ctrl+j")
        await type_text(pilot, "14:12 cache warm")
        await pilot.press("enter")
        await pilot.pause()
        assert events(app) == ["12:10 cache flushed", "12:12 cache warm", "14:00 Alert fired"]
        assert table.log_draft == ""


async def test_enter_with_no_line_read_says_so_and_keeps_the_dialog(tmp_path: Path) -> None:
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("l")
        await pilot.pause()
        await type_text(pilot, "no time here")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LogLinesDialog)
        assert "Nothing to add" in preview(dialog)


async def test_paste_log_lines_is_in_the_palette(tmp_path: Path) -> None:
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "paste log lines")
        assert await first_hit(pilot, "Paste log lines")  # searched in a worker
        await pilot.press("enter")
        for _ in range(50):
            if isinstance(app.screen, LogLinesDialog):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, LogLinesDialog)


async def test_pasted_lines_in_the_open_dialog_survive_the_end_of_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from postmortem.app.application import PostmortemApp
    from postmortem.dialogs.recovery import RecoveryDialog
    from postmortem.document.model import Document
    from postmortem.storage import toml_file as storage
    from postmortem.storage.recovery import read_recovery_copy

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "incident.toml"
    storage.save(Document(title="Checkout down"), path)
    app = PostmortemApp(path, storage.load(path))

    def kept() -> bool:
        copy = app.session.recovery.path
        return copy.exists() and any(
            "db failover" in " ".join(item.values) for item in read_recovery_copy(copy)[1])

    async with app.run_test(size=(80, 24)) as pilot:
        await paste_into_table(pilot, "14:20 db failover started\n")
        for _ in range(600):  # the copy follows within a second: wait on it, generously
            if kept():
                break
            await pilot.pause(0.05)
        assert kept()
        app.session.close()  # the link drops with the dialog open: nothing more is written

    again = PostmortemApp(path, storage.load(path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, RecoveryDialog)
        await pilot.press("enter")
        await pilot.pause()
        await at_the_table(pilot)
        await pilot.press("l")
        await pilot.pause()
        dialog = again.screen
        assert isinstance(dialog, LogLinesDialog)
        assert dialog.query_one(TextArea).text.startswith("14:20 db failover started")
