"""The guided 5 Whys wizard, driven like a user."""

from __future__ import annotations

from editor_helpers import make_app, open_section, start_adding, text_of, type_text
from textual.widgets import Input, Static

from postmortem.document.model import WhyStep
from postmortem.markdown.export import export_markdown
from postmortem.screens.why_wizard import CHAIN, ChainView, WhyWizard
from postmortem.storage.toml_file import load
from postmortem.widgets.five_whys.chain import ChainDisplay, ChainStep

SUMMARY = "Customers could not pay by card for four hours. No data was lost."
ANSWERS = ["TLS was rejected", "Untrusted CA", "No trust check", "Job skips it", "No spec"]


def field(app, name: str) -> Input:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#{name}", Input)


async def palette(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.2)


async def answer(pilot, why: str, because: str) -> None:  # type: ignore[no-untyped-def]
    """The cursor starts in Why?, whose suggestion the typing replaces; enter goes on to
    Because:, and from there to the next why."""
    await type_text(pilot, why)
    await pilot.press("enter")
    await type_text(pilot, because)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_full_run_of_five_whys_exports_the_standard_list(tmp_path):
    app = make_app(tmp_path, executive_summary=SUMMARY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette(pilot, "Start 5 Whys wizard")
        wizard = app.screen
        assert isinstance(wizard, WhyWizard)
        assert app.focused is field(app, "problem")
        # The summary's first sentence, as a suggestion: enter keeps it.
        problem = "Customers could not pay by card for four hours."
        assert (field(app, "problem").value, field(app, "problem").placeholder) == ("", problem)
        await pilot.press("enter")
        assert (field(app, "why").value, field(app, "why").placeholder) == ("", problem)
        for number, because in enumerate(ANSWERS, start=1):
            assert wizard.page == number
            if number > 1:  # each next Why? suggests the answer before
                assert field(app, "why").value == ""
                assert field(app, "why").placeholder == ANSWERS[number - 2]
            assert app.focused is field(app, "why")
            await answer(pilot, f"Why {number}?", because)
        assert wizard.page == CHAIN
        assert app.focused is wizard.query_one(ChainView)
        assert len(wizard.query(ChainStep)) == 5
        await pilot.press("r")
        await pilot.pause()
        assert app.document.root_cause.why_it_happened == "No spec"
        await pilot.press("enter")  # the chain done: on to the next section
        await pilot.pause()
        assert app.current_mode == "response" and not isinstance(app.screen, WhyWizard)
        chain = app.section_screens["five_whys"].query_one(ChainDisplay)
        assert len(chain.query(ChainStep)) == 5
        assert app.save()
    document = load(tmp_path / "incident.toml")
    assert [step.because for step in document.five_whys.steps] == ANSWERS
    markdown = export_markdown(document)
    assert (
        "### 5 Whys Analysis\n\n"
        "**Problem Statement:** Customers could not pay by card for four hours.\n\n"
        "1. **Why?** Why 1?\n\n   - **Because:** TLS was rejected\n\n"
        "2. **Why?** Why 2?\n\n   - **Because:** Untrusted CA\n\n"
        "3. **Why?** Why 3?\n\n   - **Because:** No trust check\n\n"
        "4. **Why?** Why 4?\n\n   - **Because:** Job skips it\n\n"
        "5. **Why?** Why 5?\n\n   - **Because:** No spec\n"
    ) in markdown
    assert "### Why It Happened\n\nNo spec\n" in markdown


async def test_enter_keeps_the_suggested_why_and_the_answer_goes_under_because(tmp_path):
    app = make_app(tmp_path, five_whys={"problem_statement": "Card payments failed"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        await pilot.press("enter")
        assert app.focused is field(app, "why")
        await pilot.press("enter")  # the suggestion kept
        await type_text(pilot, "TLS was rejected")
        await pilot.pause()
        assert app.focused is field(app, "because")
        assert field(app, "why").placeholder == "Card payments failed"  # suggested
        assert field(app, "because").value == "TLS was rejected"
        await pilot.press("shift+tab", "right")  # → takes the suggestion, to edit
        await type_text(pilot, "?")
        await pilot.pause()
    assert app.document.five_whys.steps == [WhyStep(why="Card payments failed?",
                                                    because="TLS was rejected")]


async def test_back_and_forward_keep_everything_typed(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        await type_text(pilot, "Pay failed")
        await pilot.press("pagedown")
        await answer(pilot, "Why A?", "Because A")
        await pilot.press("tab")  # the suggestion, to edit
        await pilot.press("ctrl+u")
        await type_text(pilot, "Why B?")
        await pilot.press("enter")
        await type_text(pilot, "half")
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WhyWizard) and wizard.page == 0
        assert field(app, "problem").value == "Pay failed"
        await pilot.press("pagedown")
        assert (field(app, "why").value, field(app, "because").value) == ("Why A?", "Because A")
        await pilot.press("pagedown")
        assert (field(app, "why").value, field(app, "because").value) == ("Why B?", "half")
        await pilot.press("ctrl+f")  # only one answer so far: not finished yet
        await pilot.pause()
        assert wizard.page == 2
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WhyWizard) and app.is_running
    assert app.document.five_whys.steps == [WhyStep(why="Why A?", because="Because A"),
                                            WhyStep(why="Why B?", because="half")]


async def test_an_answer_naming_a_responder_or_blame_is_flagged(tmp_path):
    app = make_app(tmp_path, five_whys={"problem_statement": "P"})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        await pilot.press("enter", "enter")
        await type_text(pilot, "Sam pushed it")
        await pilot.pause()
        warning = text_of(app.screen.query_one("#blame", Static))
        assert "it names Sam Whitaker, a responder" in warning
        assert "ask why the system let it happen" in warning
        await pilot.press("ctrl+u")
        await type_text(pilot, "human error")
        assert "human error" in text_of(app.screen.query_one("#blame", Static))
        await pilot.press("ctrl+u")
        await type_text(pilot, "no canary")
        assert text_of(app.screen.query_one("#blame", Static)) == ""


async def test_reopening_edits_the_existing_chain_and_can_go_to_seven(tmp_path):
    steps = [{"why": f"W{n}", "because": f"B{n}"} for n in range(1, 4)]
    app = make_app(tmp_path, five_whys={"problem_statement": "P", "steps": steps})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        assert field(app, "problem").value == "P"
        await pilot.press("pagedown", "pagedown", "enter")
        assert field(app, "because").value == "B2"
        await type_text(pilot, "!")
        await pilot.press("ctrl+f")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, WhyWizard) and wizard.page == CHAIN
        for _ in range(4):
            await pilot.press("a")
            await pilot.pause()
            await pilot.press("tab")  # tab takes the suggestion, to edit
            await type_text(pilot, "?")
            await pilot.press("enter")
            await type_text(pilot, "more")
            await pilot.press("ctrl+f")
            await pilot.pause()
        assert len(app.document.five_whys.steps) == 7  # the most
        await pilot.press("x")
        await pilot.pause()
        assert len(app.document.five_whys.steps) == 6
        await pilot.press("escape")
        await pilot.pause()
    whys = app.document.five_whys
    assert whys.steps[1].because == "B2!"
    assert whys.steps[3] == WhyStep(why="B3?", because="more")


async def test_an_untouched_new_step_is_not_left_behind(tmp_path):
    steps = [{"why": "W1", "because": "B1"}]
    app = make_app(tmp_path, five_whys={"problem_statement": "P", "steps": steps})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert len(app.document.five_whys.steps) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.document.five_whys.steps == [WhyStep(why="W1", because="B1")]


async def test_typing_replaces_a_suggestion_and_an_untyped_one_is_kept(tmp_path):
    app = make_app(tmp_path, executive_summary="Checkout failed. For hours.")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        await type_text(pilot, "Cards declined")  # replaces the summary's sentence
        await pilot.press("enter", *"Why TLS?", "enter", *"TLS failed", "enter", "enter")
        await type_text(pilot, "Bad CA")  # its Why? left as suggested: the answer before
        await pilot.press("enter")
        await pilot.pause()
        whys = app.document.five_whys
        assert whys.problem_statement == "Cards declined"
        assert whys.steps[:2] == [WhyStep(why="Why TLS?", because="TLS failed"),
                              WhyStep(why="TLS failed", because="Bad CA")]
        assert field(app, "why").placeholder == "Bad CA"
        await pilot.press("pageup")  # back: the Why? as suggested shows as the suggestion
        await pilot.pause()
        assert (field(app, "why").value, field(app, "because").value) == ("", "Bad CA")
