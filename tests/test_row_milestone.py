"""The milestone is typed in the row dialog: tab from Actions, then its letter (d: Detected),
which picks it and, adding rows, saves the row and goes on to the next. A milestone another
row holds moves to this one, as the table's digit keys move it; escape and the recovery copy
keep it with the draft."""

from __future__ import annotations

from editor_helpers import make_app, open_section, start_adding, until
from textual.widgets import Input

from postmortem.dialogs.event_editor import EventEditor
from postmortem.document.drafts import EventDraft
from postmortem.document.model import Milestone
from postmortem.markdown.export import export_markdown
from postmortem.screens.help import binding_rows
from postmortem.storage.toml_file import load
from postmortem.widgets.choice_field import ChoiceField

ROWS = [
    {"time": "2023-06-15T14:02:00Z", "event": "Errors start", "milestone": "impact_start"},
    {"time": "2023-06-15T14:10:00Z", "event": "Pager fired", "milestone": "detected"},
]


def marks(app) -> list[tuple[str, str | None]]:
    return [(event.event, event.milestone.value if event.milestone else None)
            for event in app.document.timeline]


async def test_tab_and_a_letter_mark_the_row_save_it_and_go_on_to_the_next(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        # one burst: the row, tab to Milestone, i picks Impact start and saves the row; the
        # rest of the word typed after it ("mpact") is the choice's, not the next row's time
        await pilot.press(*"14:02", *"Errors", "enter", "tab", "i", *"mpact", *"14:10", *"Pager",
                          "enter", "tab", "d", *"14:20", *"Unmarked", "enter", "enter")
        await until(pilot, lambda: len(app.document.timeline) == 3)
        assert marks(app) == [("Errors", "impact_start"), ("Pager", "detected"),
                              ("Unmarked", None)]
        editor = app.screen
        assert isinstance(editor, EventEditor)  # still adding, on the next new row
        assert editor.query_one("#milestone", ChoiceField).value == "none"
        assert editor.focused is editor.query_one("#time", Input)
        assert app.save()
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert "| 2023-06-15 14:10 | [Detected] Pager |" in markdown


async def test_enter_on_the_milestone_saves_the_row(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:02", *"Fixed", "enter", "tab", "space", "space", "space",
                          "enter")
        await until(pilot, lambda: len(app.document.timeline) == 1)
        assert marks(app) == [("Fixed", "mitigated")]  # space steps: impact, detected, ...


async def test_a_milestone_another_row_holds_moves_here_in_one_undo_step(tmp_path):
    app = make_app(tmp_path, timeline=ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press(*"14:15", *"Real detection", "enter", "tab", "d", "escape")
        await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        assert marks(app) == [("Errors start", "impact_start"), ("Pager fired", None),
                              ("Real detection", "detected")]
        await pilot.press("u")  # one step: the row goes, and the mark comes back
        await pilot.pause()
        assert marks(app) == [("Errors start", "impact_start"), ("Pager fired", "detected")]


async def test_editing_a_row_shows_its_milestone_and_changes_or_clears_it(tmp_path):
    app = make_app(tmp_path, timeline=ROWS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("k", "e")  # the first row, marked Impact start
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        editor = app.screen
        assert editor.query_one("#milestone", ChoiceField).value == "Impact start"
        await pilot.press("enter", "enter", "tab", "d")  # to Milestone; d picks Detected
        await pilot.pause()
        assert isinstance(app.screen, EventEditor)  # editing, the letter only picks...
        await pilot.press("enter")  # ...and enter saves
        await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        assert marks(app) == [("Errors start", "detected"), ("Pager fired", None)]
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        await pilot.press("enter", "enter", "tab", "n", "enter")  # n: none
        await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        assert marks(app) == [("Errors start", None), ("Pager fired", None)]


async def test_escape_keeps_the_milestone_with_the_draft_and_the_recovery_copy(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        await pilot.press(*"14:0", "tab", "tab", "tab", "r", "escape")  # half a row, Resolved
        await until(pilot, lambda: not isinstance(app.screen, EventEditor))
        [typing] = app.unfinished_typing()
        assert EventDraft.from_values(typing.values) == EventDraft("14:0", milestone="resolved")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, EventEditor))
        assert app.screen.query_one("#milestone", ChoiceField).value == "Resolved"


def test_a_draft_kept_before_the_milestone_was_a_field_reads_back():
    assert EventDraft.from_values(("14:0", "Errors", "")) == EventDraft("14:0", "Errors")
    assert EventDraft.from_values(("14:0", "", "", "bogus")) == EventDraft("14:0")
    assert EventDraft.from_values(("", "", "", "detected")).milestone == Milestone.DETECTED


async def test_the_dialog_says_how_to_mark_a_milestone(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await start_adding(pilot)
        editor = app.screen
        assert isinstance(editor, EventEditor)
        subtitle = str(editor.query_one("Vertical").border_subtitle)
        assert "tab: milestone" in subtitle
        assert "n/i/d/m/r: marks the row and saves it" in str(
            editor.query_one("#milestone", ChoiceField).content)
    help_rows = dict(binding_rows(EventEditor))  # F1
    assert "tab from Actions" in help_rows["n/i/d/m/r"]
    assert "moves on to Event" in help_rows["0-9"]
