"""The app walks every section: palette, F-keys, escape, help, save, export, copy."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from editor_helpers import start_adding
from textual.binding import Binding
from textual.geometry import Region
from textual.widgets import Input, Static, TextArea

from postmortem.app.application import PostmortemApp
from postmortem.document.model import Document
from postmortem.document.sections import SECTIONS
from postmortem.screens.help import HelpScreen
from postmortem.screens.preview import PreviewScreen
from postmortem.storage.toml_file import load
from postmortem.widgets.fields import LineField

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"


def make_app(tmp_path: Path, demo: bool = False) -> PostmortemApp:
    path = tmp_path / "incident.toml"
    if demo:
        shutil.copyfile(DEMO, path)
        return PostmortemApp(path, load(path))
    return PostmortemApp(path, Document())


async def palette(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*text)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
async def test_palette_go_to_opens_section_with_cursor_in_first_field(tmp_path, section):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette(pilot, section.heading)
        assert app.current_mode == section.key
        if section.key in ("timeline", "action_items", "five_whys"):
            # empty, the section opened its first new row (or the wizard), cursor in it
            from postmortem.dialogs.editor_dialog import EditorDialog
            from postmortem.screens.why_wizard import WhyWizard

            await pilot.pause()
            assert isinstance(app.screen, EditorDialog | WhyWizard)
            assert isinstance(app.screen.focused, Input)
            return
        focused = app.focused
        assert focused is not None
        assert "form" in [ancestor.id for ancestor in focused.ancestors]


async def test_function_keys_walk_every_section_in_order(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen = [app.current_mode]
        for _ in SECTIONS[1:]:
            await pilot.press("f6")
            await pilot.pause()
            seen.append(app.current_mode)
        assert seen == [section.key for section in SECTIONS]
        await pilot.press("f6")  # past the end stays on the last section
        await pilot.pause()
        assert app.current_mode == SECTIONS[-1].key
        await pilot.press("f5")
        await pilot.pause()
        assert app.current_mode == SECTIONS[-2].key


async def test_escape_never_quits(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in SECTIONS:
            for _ in range(4):
                await pilot.press("escape")
            await pilot.press("f6")
            await pilot.pause()
        assert app.is_running
        assert app.return_code is None


async def test_summary_typed_and_saved_reaches_the_toml_file(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "Executive Summary")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"Checkout failed for 40 minutes.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(tmp_path / "incident.toml").executive_summary == "Checkout failed for 40 minutes."


async def test_words_typed_in_a_written_summary_go_on_from_its_end_and_stay_where_moved(tmp_path):
    app = make_app(tmp_path, demo=True)
    written = app.document.executive_summary.rstrip("\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "Executive Summary")
        assert isinstance(app.focused, TextArea)
        await pilot.press(*" More.")
        assert app.document.executive_summary.rstrip("\n").startswith(written)
        assert app.document.executive_summary.rstrip("\n").endswith(" More.")
        app.focused.move_cursor((0, 0))  # the user moved up to the start
        await pilot.press("X", "tab", "shift+tab", "Y")
        assert app.document.executive_summary.startswith("XY")


async def test_invalid_date_is_explained_inline_and_not_stored(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        date_input = app.screen.query_one("#incident-date", Input)
        date_input.focus()
        await pilot.press(*"2026-02-30", "tab")
        await pilot.pause()
        field = app.screen.query_one("#incident-date", LineField)
        assert field.has_class("-problem")
        assert "not a real date" in str(field.border_subtitle)  # drawn in its bottom edge
        assert app.document.incident.date is None
        date_input.focus()
        await pilot.press("end", "backspace", "backspace", "2", "8", "tab")
        await pilot.pause()
        assert str(app.document.incident.date) == "2026-02-28"
        assert not field.has_class("-problem")
        assert field.border_subtitle == ""


async def test_help_lists_every_app_binding(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(static.render()) for static in app.screen.query("Static"))
        for binding in PostmortemApp.BINDINGS:
            assert isinstance(binding, Binding)
            assert (binding.tooltip or binding.description) in text
            assert (binding.key_display or binding.key) in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_help_lists_each_action_once_and_long_rows_wrap_under_their_text(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        groups: dict[str, list[tuple[str, str]]] = {}
        for widget in app.screen.query(".group, .row"):
            if widget.has_class("group"):
                rows = groups.setdefault(str(widget.render()), [])
            else:
                rows.append((str(widget.query_one(".keys", Static).render()),
                             str(widget.query_one(".does", Static).render())))
        for rows in groups.values():
            for column in zip(*rows, strict=True):
                assert len(column) == len(set(column))  # no key, no action twice
        grid = dict(groups["Action-item grid"])
        assert "1-6" in grid and not {"2", "3", "4", "5", "6"} & set(grid)
        table = dict(groups["Timeline table"])
        assert "1-4" in table and not {"2", "3", "4"} & set(table)
        milestones = next(row for row in app.screen.query(".row")
                          if str(row.query_one(".keys", Static).render()) == "1-4")
        assert "2 detected, 3 mitigated, 4 resolved" in str(
            milestones.query_one(".does", Static).render())
        milestones.scroll_visible(animate=False)
        await pilot.pause()
        keys, does = milestones.query_one(".keys"), milestones.query_one(".does")
        assert does.region.height == 2 and does.region.x >= keys.region.right  # hangs


async def test_preview_shows_the_export_and_escape_returns(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "incident"
        assert not isinstance(app.screen, PreviewScreen)


async def test_export_writes_markdown_beside_the_file(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "Export Markdown")
        await pilot.press("enter")
        await pilot.pause()
    written = (tmp_path / "incident.md").read_text(encoding="utf-8")
    assert written.startswith("# Post-Mortem: Checkout outage")
    assert "## Action Items" in written


async def test_copy_markdown_goes_through_the_terminal_without_error(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "Copy Markdown to clipboard")
        assert app.clipboard.startswith("# Post-Mortem: Checkout outage")
        messages = [notification.message for notification in app._notifications]
        assert any("Copied" in message and "OSC 52" in message for message in messages)


async def test_list_editor_adds_edits_moves_and_deletes(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "Preventive Measures")
        # One a, then item after item; enter on the empty next one ends the run.
        await start_adding(pilot)
        await pilot.press(*"Canary every certificate", "enter")
        await pilot.press(*"Alert on declines", "enter")
        assert isinstance(app.focused, Input) and app.focused.value == ""
        await pilot.press("enter")
        assert not isinstance(app.focused, Input)
        assert app.document.preventive.technical == [
            "Canary every certificate", "Alert on declines"]
        await pilot.press("K")  # move the highlighted second item up
        assert app.document.preventive.technical[0] == "Alert on declines"
        await pilot.press("e", "end", *" rate", "enter")
        assert app.document.preventive.technical[0] == "Alert on declines rate"
        await pilot.press("d")
        assert app.document.preventive.technical == ["Canary every certificate"]
        await start_adding(pilot)
        await pilot.press(*"half typed", "escape")
        assert app.document.preventive.technical == ["Canary every certificate"]
        assert app.is_running
        await start_adding(pilot)  # escape kept the draft
        assert isinstance(app.focused, Input) and app.focused.value == "half typed"
        await pilot.press("enter", "enter")
        assert app.document.preventive.technical == ["Canary every certificate", "half typed"]


async def test_a_cleared_checked_field_keeps_its_value_until_a_valid_one(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#incident-date", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *"2026-03-32")
        assert str(app.document.incident.date) == "2026-03-14"
        await pilot.press("ctrl+q")  # refused: the typed date is not valid
        await pilot.pause()
        assert app.is_running
        assert any("Date: 2026-03-32" in n.message for n in app._notifications)


async def test_palette_also_holds_the_focused_widgets_keys(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await palette(pilot, "Preventive Measures")
        await start_adding(pilot)
        await pilot.press(*"First", "enter", *"Second", "enter", "enter")
        assert app.document.preventive.technical == ["First", "Second"]
        await palette(pilot, "Move up")
        await pilot.pause()
        assert app.document.preventive.technical == ["Second", "First"]


async def test_an_edit_while_the_next_section_is_still_being_built_does_not_crash(tmp_path):
    """F6 in the same burst as the key that closed a dialog: the edit lands while the next
    section's screen has no section list yet (this crashed the app)."""
    from postmortem.screens import screen_for

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        unbuilt = screen_for("response")
        unbuilt.schedule_mark_refresh()
        app.document_changed()
        await pilot.pause(0.5)
        assert app.is_running


async def test_a_resize_lays_the_screen_out_again(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        title = app.screen.query_one("#title", LineField)
        narrow = title.size.width
        await pilot.resize_terminal(80, 24)  # tmux repeats the size as panes are focused
        await pilot.pause(0.2)
        assert title.size.width == narrow
        await pilot.resize_terminal(120, 30)
        await pilot.pause(0.2)
        assert app.screen.size.width == 120
        assert title.size.width > narrow + 30  # the form takes the new columns
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        assert title.size.width == narrow


async def test_a_fields_note_is_drawn_as_written_not_read_as_markup(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#title", LineField)
        field.show_problem("not [/] valid [b]here")  # e.g. a problem that quotes the value
        await pilot.pause()
        width, height = field.outer_size
        drawn = [strip.text for strip in field.render_lines(Region(0, 0, width, height))]
        assert drawn[0].startswith("▁Title▁")  # the label in the top edge
        assert drawn[-1].startswith("▔✗ not [/] valid [b]here▔")  # the note in the bottom one


async def test_a_key_typed_as_the_cursor_arrives_adds_to_the_value_never_wipes_it(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = app.document.title
        await pilot.press("!")  # the Title field has the cursor as the app opens
        await pilot.pause()
        assert app.document.title == title + "!"
        await pilot.press("tab", "5")
        await pilot.pause()
        assert app.document.incident.id == "INC-2026-03145"


async def test_a_deleted_list_item_comes_back_with_u(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.go_to("preventive")
        await pilot.pause()
        await pilot.pause()
        await start_adding(pilot)
        await pilot.press(*"Rotate certificates automatically", "enter", "enter")
        await pilot.pause()
        assert app.document.preventive.technical == ["Rotate certificates automatically"]
        await pilot.press("d")
        await pilot.pause()
        assert app.document.preventive.technical == []
        await pilot.press("u")
        await pilot.pause()
        assert app.document.preventive.technical == ["Rotate certificates automatically"]


def rendered_lines_held(screen) -> int:  # type: ignore[no-untyped-def]
    return sum(len(widget._styles_cache._cache) for widget in screen.walk_children())


def screenshot(app: PostmortemApp) -> str:
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())  # an id, made anew


async def test_a_section_left_for_another_lets_go_of_its_lines_and_looks_the_same_again(
        tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen
        shown = screenshot(app)
        assert rendered_lines_held(first) > 0
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen is not first
        assert rendered_lines_held(first) == 0  # kept for a screen not shown: ~0.5 MiB each
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen is first
        assert screenshot(app) == shown


async def test_a_section_under_a_dialog_keeps_its_lines(tmp_path):
    app = make_app(tmp_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        section = app.screen
        await pilot.press("f1")  # help, over the section
        await pilot.pause()
        assert app.screen is not section
        assert rendered_lines_held(section) > 0  # it shows through, and comes back as it was
