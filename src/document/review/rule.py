"""A review rule as data: its id, severity, the section and field of the outline it reads, what
it checks, the one-line fix, and the function that finds where it applies.

A rule's function is handed the Context (the document and what several rules share) and yields
Hits: the field it found, what it says about it, and, where one fits better than the rule's own,
a fix of its own (a suggested rewording, say).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from postmortem.document.review.finding import Finding, Level, section_of

if TYPE_CHECKING:
    from postmortem.document.review.context import Context


@dataclass(frozen=True)
class Hit:
    field: str  # the dotted path of the value, rows counted from 0
    message: str
    fix: str = ""  # when empty, the rule's


Check = Callable[["Context"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Level
    section: str | None  # the app section it reads; None: any (its hits say which)
    field: str | None  # the outline path of the value it reads; None: several
    checks: str  # what it checks, in one line
    fix: str
    find: Check
    missing: bool = False  # a finding means something is still to be written (section marks)

    def findings(self, context: Context) -> list[Finding]:
        return [
            Finding(self.id, self.severity, self.section or section_of(hit.field), hit.field,
                    hit.message, hit.fix or self.fix)
            for hit in self.find(context)
        ]
