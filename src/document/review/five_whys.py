"""The 5 Whys: at least three steps, each Why asking about the Because before it, and the last
answer (the root cause) carried into Why It Happened."""

from __future__ import annotations

from collections.abc import Iterator

from postmortem.document.outline import BECAUSE, WHY, heading
from postmortem.document.review.context import Context
from postmortem.document.review.finding import Level
from postmortem.document.review.rule import Hit, Rule
from postmortem.document.review.words import content_stems
from postmortem.document.whys import MAX_STEPS, MIN_STEPS, answered, last_answer

WHYS = heading("five_whys")
ROOT = heading("root_cause.why_it_happened")
# The share of the last answer's words that Why It Happened must hold to carry it.
CARRIED_SHARE = 1 / 3


def _too_short(context: Context) -> Iterator[Hit]:
    whys = context.document.five_whys
    count = answered(whys)
    started = bool(whys.problem_statement or whys.steps)
    if started and not context.severe and count < MIN_STEPS:
        yield Hit("five_whys.steps", f"the chain has {count} answered step"
                                     f"{'' if count == 1 else 's'}; a chain that stops sooner "
                                     "than three rarely reaches a cause you can change")


def _unfollowed(context: Context) -> Iterator[Hit]:
    whys = context.document.five_whys
    previous = whys.problem_statement
    for index, step in enumerate(whys.steps):
        if step.why and previous and not content_stems(step.why) & content_stems(previous):
            asked = "the problem statement" if index == 0 else \
                f"step {index}'s {BECAUSE.text}"
            yield Hit(f"five_whys.steps.{index}.why",
                      f"step {index + 1}'s {WHY.text} (\u201c{step.why[:50]}\u201d) does not ask "
                      f"about {asked} (\u201c{previous[:50]}\u201d)")
        previous = step.because


def _root_not_carried(context: Context) -> Iterator[Hit]:
    last = last_answer(context.document.five_whys)
    wanted = content_stems(last)
    if not wanted:
        return
    have = content_stems(context.document.root_cause.why_it_happened)
    shared = len(wanted & have)
    if shared < 3 and shared < len(wanted) * CARRIED_SHARE:
        yield Hit("root_cause.why_it_happened",
                  f"the {WHYS} ends on \u201c{last[:60]}\u201d, which {ROOT} does not say")


RULES = (
    Rule("whys-steps", Level.WARNING, "five_whys", "five_whys",
         f"a started 5 Whys chain has {MIN_STEPS} to {MAX_STEPS} answered steps",
         "ask why again about the last answer, until it is something you can change",
         _too_short, missing=True),
    Rule("whys-chain", Level.WARNING, "five_whys", "five_whys.steps.why",
         f"each {WHY.text} asks about the {BECAUSE.text} before it (the first about the "
         "problem statement)",
         f"start the {WHY.text} from the answer above it: the wizard fills it in for you",
         _unfollowed),
    Rule("whys-root-carried", Level.WARNING, "root_cause", "root_cause.why_it_happened",
         f"the chain's last answer, its root cause, is carried into {ROOT}",
         f"add the last answer to {ROOT} (on the wizard's last page, r does it)",
         _root_not_carried),
)
