"""At 80 columns every key the footer shows is whole, left of "^p palette", which ends the
line with nothing after it; the keys left out of the footer still work."""

from __future__ import annotations

from editor_helpers import make_app, open_section

from postmortem.app.application import PostmortemApp
from postmortem.screens.why_wizard import CHAIN, WhyWizard
from postmortem.widgets.key_bar import KeyBar

WHYS = {"problem_statement": "P", "steps": [{"why": f"W{n}", "because": f"B{n}"}
                                            for n in range(1, 4)]}
ITEMS = [{"id": "AI-1", "description": "Check trust", "priority": "High", "status": "Open"}]


def shown_actions(app: PostmortemApp) -> set[str]:
    """The actions of the footer's keys as drawn, after checking that each is whole and that
    "^p palette" ends the line."""
    bar = app.screen.query_one(KeyBar)
    line = bar.render().plain
    assert len(line) == app.size.width and line.endswith("^p palette"), line
    left = line.removesuffix("^p palette").rstrip()
    assert left == " ".join(entry.text for entry in bar.drawn), "an entry is cut or covered"
    return {entry.action for entry in bar.drawn}


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):  # the footer recomposes after the focus has settled
        await pilot.pause()


async def test_the_action_grid_footer_fits_and_the_left_out_keys_work(tmp_path):
    app = make_app(tmp_path, action_items=ITEMS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "action_items")
        await settle(pilot)
        assert {"add", "edit", "delete", "undo", "cycle_priority", "cycle_status", "sort('id')",
                "help"} <= shown_actions(app)
        await pilot.press("f6")
        await settle(pilot)
        assert app.current_mode == "preventive"


async def test_a_list_screen_footer_fits(tmp_path):
    app = make_app(tmp_path, response={"went_well": ["Fast page"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "response")
        await settle(pilot)
        assert {"add", "edit", "delete", "move(-1)", "move(1)", "help", "previous_section",
                "next_section"} <= shown_actions(app)


async def test_the_why_wizard_footer_fits_on_each_page(tmp_path):
    app = make_app(tmp_path, five_whys=WHYS)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await pilot.press("w")
        await settle(pilot)
        assert "back" not in shown_actions(app)  # nothing before the problem page
        await pilot.press("pagedown")
        await settle(pilot)
        actions = shown_actions(app)
        assert {"back", "forward", "close", "finish", "help"} <= actions
        assert "next_section" not in actions  # "F6 Next" beside "PgDn Next" would mislead
        await pilot.press("ctrl+f")
        await settle(pilot)
        wizard = app.screen
        assert isinstance(wizard, WhyWizard) and wizard.page == CHAIN
        assert {"screen.root_cause", "screen.another", "screen.drop_last", "close",
                "help"} <= shown_actions(app)
