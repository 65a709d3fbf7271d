"""The 5 Whys chain: what the wizard suggests, and what it does with the result.

The chain lives in document.five_whys; nothing here keeps a copy of it.
"""

from __future__ import annotations

import re

from postmortem.document.limits import TooLarge
from postmortem.document.model import Document, FiveWhys, WhyStep
from postmortem.document.text import normalize_block, normalize_line

MIN_STEPS, USUAL_STEPS, MAX_STEPS = 3, 5, 7

_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[-*+])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def suggest_problem(document: Document) -> str:
    """A first problem statement: the executive summary's first sentence, else the first line
    of Why It Happened."""
    for source in (document.executive_summary, document.root_cause.why_it_happened):
        sentence = _first_sentence(source)
        if sentence:
            return sentence
    return ""


def _first_sentence(text: str) -> str:
    for line in text.splitlines():
        line = normalize_line(_LIST_MARKER.sub("", line).replace("**", ""))
        if line:
            return _SENTENCE_END.split(line, maxsplit=1)[0]
    return ""


def prefill_why(whys: FiveWhys, index: int) -> str:
    """What step index's "Why?" starts as: the answer before it (or the problem statement)."""
    if index == 0:
        return whys.problem_statement
    if index - 1 < len(whys.steps):
        return whys.steps[index - 1].because
    return ""


def step(whys: FiveWhys, index: int) -> WhyStep:
    """Step index of the chain, created (with its prefilled Why?) when it is new."""
    while len(whys.steps) <= index:
        whys.steps.append(WhyStep(why=prefill_why(whys, len(whys.steps))))
    return whys.steps[index]


def drop_untouched_tail(whys: FiveWhys) -> int:
    """Remove trailing steps with no answer whose Why? is still the prefill; return how many."""
    dropped = 0
    while whys.steps:
        last = whys.steps[-1]
        untouched = last.why in ("", prefill_why(whys, len(whys.steps) - 1))
        if last.because or not untouched:
            break
        whys.steps.pop()
        dropped += 1
    return dropped


def answered(whys: FiveWhys) -> int:
    return sum(1 for item in whys.steps if item.why and item.because)


def add_root_cause(document: Document, answer: str) -> bool:
    """Add answer to Why It Happened, as its own paragraph; False when it is already there (or
    when that text is as long as a post-mortem's free text may be: limits.py)."""
    answer = normalize_line(answer)
    current = document.root_cause.why_it_happened
    if not answer or answer in current:
        return False
    text = f"{current}\n\n{answer}" if current.strip() else answer
    try:
        document.root_cause.why_it_happened = normalize_block(text)
    except TooLarge:
        return False
    return True


def last_answer(whys: FiveWhys) -> str:
    """The answer the chain ends on: the root cause candidate."""
    for item in reversed(whys.steps):
        if item.because:
            return item.because
    return ""

