"""No keystroke is dropped in silence: enter on a section's last field goes on to the next
section; a key typed in the section list goes to the field the cursor left; one typed on a list
or table that has no use for it is said in the status line."""

from __future__ import annotations

from editor_helpers import make_app, open_section, type_text
from textual.widgets import TextArea

from postmortem.widgets.list_editor import ItemList
from postmortem.widgets.section_nav import SectionNav
from postmortem.widgets.status_line import StatusLine


async def test_enter_on_incident_informations_last_field_goes_on_to_the_summary(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#additional-responders").focus()
        await pilot.pause()
        await pilot.press("end", "enter", *"Customers", "space", *"waited")
        await pilot.pause()
        assert app.current_mode == "executive_summary"
        assert isinstance(app.focused, TextArea)
        assert app.document.executive_summary == "Customers waited"


async def test_enter_on_impacts_last_field_goes_on_to_root_cause(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "impact")
        app.screen.query_one("#downstream-services").focus()
        await pilot.pause()
        await pilot.press(*"none", "enter", *"Expired")
        await pilot.pause()
        assert app.document.impact.downstream_services == "none"
        assert app.current_mode == "root_cause"
        assert app.document.root_cause.what_happened == "Expired"


async def test_letters_typed_in_the_section_list_go_to_the_field_the_cursor_left(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#commander").focus()
        await pilot.pause()
        await pilot.press("escape")  # to the section list
        await pilot.pause()
        assert isinstance(app.focused, SectionNav)
        await type_text(pilot, " (IC)")
        await pilot.pause()
        assert app.document.incident.commander == "Priya Raman (IC)"
        assert "Typed into" in app.screen.query_one(StatusLine).note


async def test_a_letter_a_list_has_no_use_for_is_said_not_dropped_in_silence(tmp_path):
    app = make_app(tmp_path, preventive={"technical": ["Canary certs"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        assert isinstance(app.focused, ItemList)
        await pilot.press("x")
        await pilot.pause()
        assert "'x' not typed" in app.screen.query_one(StatusLine).note
        assert app.document.preventive.technical == ["Canary certs"]
