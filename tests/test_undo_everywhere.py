"""Every delete can be undone with the same key everywhere: u, and ctrl+z, in the timeline,
the action items, the lists and the 5 Whys wizard's chain."""

from __future__ import annotations

import pytest
from editor_helpers import make_app, open_section

from postmortem.screens.why_wizard import CHAIN, WhyWizard

ROW = {"time": "2023-06-15T14:02:00Z", "event": "Errors start", "actions": ""}
ITEM = {"id": "AI-1", "description": "Add alerting", "owner": "Sam", "priority": "High",
        "status": "Open"}
STEPS = [{"why": f"W{n}", "because": f"B{n}"} for n in range(1, 4)]


@pytest.mark.parametrize("undo", ["u", "ctrl+z"])
async def test_a_timeline_row_deleted_comes_back(tmp_path, undo):
    app = make_app(tmp_path, timeline=[ROW])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "timeline")
        await pilot.press("d")
        await pilot.pause()
        assert app.document.timeline == []
        await pilot.press(undo)
        await pilot.pause()
        assert [row.event for row in app.document.timeline] == ["Errors start"]


@pytest.mark.parametrize("undo", ["u", "ctrl+z"])
async def test_an_action_item_deleted_or_changed_comes_back(tmp_path, undo):
    app = make_app(tmp_path, action_items=[ITEM], last_action_number=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await pilot.press("s")  # status: the next one
        await pilot.pause()
        assert app.document.action_items[0].status.value != "Open"
        await pilot.press(undo)
        await pilot.pause()
        assert app.document.action_items[0].status.value == "Open"
        await pilot.press("d")
        await pilot.pause()
        assert app.document.action_items == []
        await pilot.press(undo)
        await pilot.pause()
        assert [item.id for item in app.document.action_items] == ["AI-1"]


@pytest.mark.parametrize("undo", ["u", "ctrl+z"])
async def test_a_list_item_deleted_comes_back(tmp_path, undo):
    app = make_app(tmp_path, preventive={"technical": ["Canary certs", "Alert"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await pilot.press("d")
        await pilot.pause()
        assert app.document.preventive.technical == ["Alert"]
        await pilot.press(undo)
        await pilot.pause()
        assert app.document.preventive.technical == ["Canary certs", "Alert"]


@pytest.mark.parametrize("undo", ["u", "ctrl+z"])
async def test_a_why_dropped_from_the_chain_comes_back(tmp_path, undo):
    app = make_app(tmp_path, five_whys={"problem_statement": "P", "steps": STEPS})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WhyWizard) and wizard.page == CHAIN
        await pilot.press("x")
        await pilot.pause()
        assert [step.why for step in app.document.five_whys.steps] == ["W1", "W2"]
        await pilot.press(undo)
        await pilot.pause()
        assert [step.why for step in app.document.five_whys.steps] == ["W1", "W2", "W3"]
        assert wizard.page == CHAIN
