"""The review: what a reviewer would send a post-mortem back for, as rules that each find one
kind of problem (rule.py), grouped by what they read (completeness, times, action items, the
5 Whys, blameless language, links). `postmortem check`, the app's Review screen and the section
list's marks all run these rules.

Each rule's cost is linear in the document: one pass over what it reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postmortem.document.review import (
    actions,
    blameless,
    completeness,
    five_whys,
    links,
    times,
)
from postmortem.document.review.context import Context, SourceFacts
from postmortem.document.review.finding import LEVEL_ORDER, Finding, Level
from postmortem.document.review.rule import Rule
from postmortem.document.review.suggest import Suggestion
from postmortem.document.sections import SECTIONS

if TYPE_CHECKING:
    from postmortem.document.model import Document

__all__ = ["RULES", "RULE_BY_ID", "Finding", "Level", "Review", "Rule", "SourceFacts",
           "Suggestion", "review", "rule_by_rule"]

RULES: tuple[Rule, ...] = (*completeness.RULES, *times.RULES, *actions.RULES,
                           *five_whys.RULES, *blameless.RULES, *links.RULES)
RULE_BY_ID = {rule.id: rule for rule in RULES}
_SECTION_ORDER = {section.key: index for index, section in enumerate(SECTIONS)}
_RULE_ORDER = {rule.id: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True)
class Review:
    findings: list[Finding]
    suggested: list[Suggestion]  # the milestones it used in place of marks (none were marked)

    def count(self, severity: Level) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


def review(document: Document, today: dt.date, *, only: Collection[str] | None = None,
           facts: SourceFacts | None = None, suggest: bool = True) -> Review:
    """Run the rules (or only those named) over the document; findings in the order of the
    sections, then errors first, then in the order of the rules and of the fields."""
    *_, done = rule_by_rule(document, today, only=only, facts=facts, suggest=suggest)
    assert done is not None  # the last step is the review
    return done


def rule_by_rule(document: Document, today: dt.date, *, only: Collection[str] | None = None,
                 facts: SourceFacts | None = None, suggest: bool = True,
                 ) -> Iterator[Review | None]:
    """The review one rule at a time: None after each rule, then the Review. The app runs it
    between keys, so that no key waits for more than one rule."""
    context = Context(document, today, facts or SourceFacts(), use_suggestions=suggest)
    findings: list[Finding] = []
    for rule in RULES:
        if only is None or rule.id in only:
            findings += rule.findings(context)
            yield None
    findings.sort(key=_place)
    yield Review(findings, context.suggestions)


def _place(finding: Finding) -> tuple[int, int, int, tuple[int | str, ...]]:
    numbers = tuple(part if isinstance(part, int) else 0 for part in finding.location)
    return (_SECTION_ORDER.get(finding.section, len(_SECTION_ORDER)),
            LEVEL_ORDER[finding.severity], _RULE_ORDER[finding.rule], numbers)


def worst(findings: Collection[Finding]) -> Level | None:
    """The most serious level among the findings, or None when there are none."""
    return min((finding.severity for finding in findings), key=LEVEL_ORDER.__getitem__,
               default=None)
