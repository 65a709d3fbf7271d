"""The 5 Whys helpers: suggestions, prefills, tidying and the root cause."""

from __future__ import annotations

from postmortem.document.model import Document, WhyStep
from postmortem.document.whys import (
    add_root_cause,
    drop_untouched_tail,
    last_answer,
    prefill_why,
    step,
    suggest_problem,
)


def test_problem_suggestion_from_summary_then_root_cause():
    document = Document(executive_summary="Checkout failed for 4 hours. Nobody lost data.")
    assert suggest_problem(document) == "Checkout failed for 4 hours."
    document = Document.model_validate(
        {"root_cause": {"why_it_happened": "1. **Trust** was never checked.\n2. More"}})
    assert suggest_problem(document) == "Trust was never checked."
    assert suggest_problem(Document()) == ""


def test_each_new_why_starts_from_the_answer_before():
    whys = Document().five_whys
    whys.problem_statement = "Payments failed"
    assert step(whys, 0).why == "Payments failed"
    whys.steps[0] = WhyStep(why="Why did payments fail?", because="TLS was rejected")
    assert step(whys, 1).why == "TLS was rejected"
    assert prefill_why(whys, 2) == ""


def test_untouched_trailing_steps_are_dropped_but_typing_is_kept():
    whys = Document().five_whys
    whys.problem_statement = "P"
    whys.steps = [WhyStep(why="P", because="A"), WhyStep(why="A"), WhyStep(why="")]
    assert drop_untouched_tail(whys) == 2
    assert len(whys.steps) == 1
    whys.steps.append(WhyStep(why="An edited question"))
    assert drop_untouched_tail(whys) == 0


def test_root_cause_is_added_once_as_its_own_paragraph():
    document = Document.model_validate({"root_cause": {"why_it_happened": "Existing text."}})
    document.five_whys.steps = [WhyStep(why="w", because="No trust check")]
    answer = last_answer(document.five_whys)
    assert add_root_cause(document, answer)
    assert document.root_cause.why_it_happened == "Existing text.\n\nNo trust check"
    assert not add_root_cause(document, answer)
    fresh = Document()
    assert add_root_cause(fresh, "Cause") and fresh.root_cause.why_it_happened == "Cause"
