"""Milestones suggested from a timeline nobody has marked: which row is the impact start, the
detection, the mitigation and the resolution, read from the rows' words and order and from the
stated times' own notes ("from declaration to partial restoration").

Suggestions are made only while no row is marked: once the author marks one, the marks are
theirs. The import applies them (and lists them in its report), the Timeline offers them for
one-key acceptance, and `check` uses them when none are marked, and says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from postmortem.document.milestones import SPANS
from postmortem.document.review.words import content_stems
from postmortem.document.vocabulary import Milestone

if TYPE_CHECKING:
    from postmortem.document.model import Document


class Row(Protocol):
    """A timeline row as the suggestions read it (the model's TimelineEvent)."""

    @property
    def time(self) -> dt.datetime: ...

    @property
    def event(self) -> str: ...

    @property
    def actions(self) -> str: ...

    @property
    def milestone(self) -> Milestone | None: ...


class Note(Protocol):
    """A stated time's note (the model's StatedTime)."""

    @property
    def note(self) -> str: ...


@dataclass(frozen=True)
class Suggestion:
    milestone: Milestone
    row: int  # the row's index in the timeline
    time: dt.datetime
    because: str  # what points to the row, for a person: 'it says "declared"'

    def describe(self, why: bool = True) -> str:
        """'Detected row 4 (2026-05-20 09:40): it says "declared"', or without the why:
        'Detected row 4 (09:40)'."""
        if not why:
            return f"{self.milestone.label} row {self.row + 1} ({self.time:%H:%M})"
        return f"{self.milestone.label} row {self.row + 1} ({self.time:%Y-%m-%d %H:%M}): " \
               f"{self.because}"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


# What a row says when it is the milestone. Each pattern is matched on the row's Event and
# Actions Taken together.
_IMPACT = _words(
    r"impact (?:start\w*|begins?)", r"first symptoms?", r"errors?", r"error rates?", r"5\d\d",
    r"5xx", r"fail(?:s|ed|ing|ures?)", r"outage", r"down", r"unavailable", r"degrad\w*",
    r"latency", r"slow\w*", r"time ?outs?", r"timing out", r"spikes?", r"stuck", r"stop(?:s|ped)",
    r"declin\w*", r"reject\w*", r"crash\w*", r"unreachable", r"broken", r"cannot", r"can't",
    r"drop(?:s|ped)", r"lost", r"missing", r"overload\w*", r"saturat\w*", r"exhaust\w*",
    r"backlog", r"oom", r"out of memory", r"disk full", r"not (?:load|respond|confirm)\w*",
)
_DETECTED = _words(
    r"declar\w*", r"incident (?:opened|created|raised|started)", r"open(?:s|ed)? an? incident",
    r"pag(?:e|ed|es|ing)", r"pager\w*", r"alert(?:s|ed)?", r"alarms?", r"detect\w*",
    r"notic(?:e|es|ed)", r"report(?:s|ed)", r"escalat\w*", r"acknowledg\w*", r"on-?call notified",
    r"bridge (?:opened|started)", r"war ?room",
)
_RESOLVED = _words(
    r"resolv\w*", r"resolution", r"all[- ]clear", r"fully (?:restor|recover|resolv|operational)\w*",
    r"full (?:recovery|restoration|resolution|service)", r"back to normal",
    r"incident (?:is )?(?:closed|resolved|over|ended)", r"clos(?:ed|es|ing) (?:the )?incident",
    r"(?:monitoring|metrics|dashboards?) (?:confirm|show)s? (?:full )?recover\w*",
    r"stand(?:s|ing)? down", r"(?:back )?(?:to|at) baseline",
    r"(?:issue|outage) (?:over|ended|resolved)", r"confirmed (?:fixed|resolved|stable)",
)
_MITIGATED = _words(
    r"mitigat\w*", r"partial(?:ly)? (?:restor|recover)\w*", r"restor(?:ed|es|ing|ation)",
    r"roll(?:ed|s)? ?back", r"rollback (?:complete\w*|done|finished|succeeded|deployed)",
    r"revert(?:ed|s)?", r"failed over", r"failover (?:complete\w*|done)", r"workaround",
    r"(?:hot)?fix (?:deployed|applied|rolled out)", r"recover(?:ed|ing|s|y)",
    r"back (?:under|below|within|online|up)", r"(?:errors?|error rates?|failures?|failure rates?)"
    r" (?:back|drop\w*|fall\w*|subsid\w*|decreas\w*)", r"traffic (?:restored|recover\w*|shifted)",
    r"stabili[sz]\w*", r"resum(?:e|es|ed|ing)", r"drain(?:ed|ing)", r"scaled? (?:up|out)",
    r"(?:feature )?flag (?:disabled|turned off)", r"disabled? the (?:feature )?flag",
    r"kill ?switch",
    r"(?:writes|traffic|requests|payments|orders) (?:flow|succeed)\w*",
)
# Said before a milestone's words, they mean it has not happened: "no alert fired".
_NOT_BEFORE = re.compile(r"(?:\b(?:no|not|never|without|nobody|none|before|yet to)|n't)\W+"
                         r"(?:\w+\W+)?$", re.IGNORECASE)
# A row about a try that did not work is no mitigation or resolution.
_TRIED = _words(r"attempt\w*", r"tr(?:y|ies|ied|ying)", r"fail(?:s|ed)?", r"unsuccessful",
                r"did not", r"didn't", r"no effect", r"still", r"not yet")

_PATTERNS = {Milestone.IMPACT_START: _IMPACT, Milestone.DETECTED: _DETECTED,
             Milestone.MITIGATED: _MITIGATED, Milestone.RESOLVED: _RESOLVED}
# "from declaration to partial restoration", "declaration -> restoration"
_FROM_TO = re.compile(r"(?:from\s+)?(?P<start>[^()]+?)\s+(?:to|until|till|→|->)\s+(?P<end>[^()]+)",
                      re.IGNORECASE)
_GENERIC = {"first", "incid", "time", "event", "when", "was", "the"}


def _text(row: Row) -> str:
    return f"{row.event} {row.actions}"


def says(milestone: Milestone, row: Row) -> str | None:
    """The words of the row that say it is the milestone, or None."""
    text = _text(row)
    for match in _PATTERNS[milestone].finditer(text):
        if _NOT_BEFORE.search(text[max(0, match.start() - 30):match.start()]):
            continue
        if milestone in (Milestone.MITIGATED, Milestone.RESOLVED) and _TRIED.search(text):
            return None
        if milestone is Milestone.MITIGATED and _RESOLVED.search(text):
            return None  # "fully restored" is the resolution, not a mitigation
        if milestone is Milestone.IMPACT_START and _says_recovery(text):
            return None  # "error rate back to baseline" is the end of the impact
        return match.group(0)
    return None


def _says_recovery(text: str) -> bool:
    return any(pattern.search(text) and not _TRIED.search(text)
               for pattern in (_MITIGATED, _RESOLVED))


def suggest_milestones(timeline: Sequence[Row], notes: dict[str, Note] | None = None,
                       ) -> list[Suggestion]:
    """The suggested milestones, in order, for a timeline with none marked (else none)."""
    if not timeline or any(row.milestone is not None for row in timeline):
        return []
    picks = _from_words(timeline)
    picks.update(_from_notes(timeline, notes or {}))
    return _in_order(timeline, picks)


def _from_words(timeline: Sequence[Row]) -> dict[Milestone, tuple[int, str]]:
    picks: dict[Milestone, tuple[int, str]] = {}
    symptom = _first(timeline, Milestone.IMPACT_START, 0)
    detected = _first(timeline, Milestone.DETECTED, symptom[0] if symptom else 0)
    if detected is None and symptom is not None:  # the alert came before the row with words
        detected = _first(timeline, Milestone.DETECTED, 0)  # of harm: it still is the alert
    if detected is not None:
        picks[Milestone.DETECTED] = detected
        symptom = _first(timeline, Milestone.IMPACT_START, 0, until=detected[0])
    if symptom is not None:
        picks[Milestone.IMPACT_START] = symptom
    after = detected[0] + 1 if detected else 0
    mitigated = _first(timeline, Milestone.MITIGATED, after)
    if mitigated is not None:
        picks[Milestone.MITIGATED] = mitigated
        after = mitigated[0] + 1
    resolved = _first(timeline, Milestone.RESOLVED, after)
    if resolved is not None:
        picks[Milestone.RESOLVED] = resolved
    return picks


def _first(timeline: Sequence[Row], milestone: Milestone, start: int,
           until: int | None = None) -> tuple[int, str] | None:
    last = len(timeline) - 1 if until is None else until
    for index in range(start, last + 1):
        words = says(milestone, timeline[index])
        if words is not None:
            return index, f"it says \u201c{words}\u201d"
    return None


def _from_notes(timeline: Sequence[Row], notes: dict[str, Note]
                ) -> dict[Milestone, tuple[int, str]]:
    """The rows a stated time's note names: "from declaration to partial restoration" names
    the detection and the mitigation for Time to Mitigation."""
    picks: dict[Milestone, tuple[int, str]] = {}
    stems = [_row_stems(row) for row in timeline]
    for name, stated in notes.items():
        match = _FROM_TO.fullmatch(stated.note.strip()) if name in SPANS else None
        if match is None:
            continue
        for milestone, phrase in zip(SPANS[name], (match["start"], match["end"]), strict=True):
            row = _best_row(stems, phrase)
            if row is not None and milestone not in picks:
                picks[milestone] = (row, f"a stated time's note says \u201c{phrase.strip()}\u201d")
    return picks


def _row_stems(row: Row) -> set[str]:
    return content_stems(_text(row))


def _best_row(stems: list[set[str]], phrase: str) -> int | None:
    wanted = content_stems(phrase) - _GENERIC
    best, best_score = None, 0
    for index, found in enumerate(stems):
        score = sum(1 for word in wanted if any(_same(word, other) for other in found))
        if score > best_score:
            best, best_score = index, score
    return best


def _same(one: str, other: str) -> bool:
    """Two stems of one word: equal, or one the start of the other ("page", "paged")."""
    return one == other or (min(len(one), len(other)) >= 4 and
                            (one.startswith(other) or other.startswith(one)))


def _in_order(timeline: Sequence[Row], picks: dict[Milestone, tuple[int, str]],
              ) -> list[Suggestion]:
    """The picks that keep the standard's order (impact, detected, mitigated, resolved)."""
    kept: list[Suggestion] = []
    for milestone in Milestone:
        if milestone not in picks:
            continue
        row, because = picks[milestone]
        if kept and row < kept[-1].row:
            continue
        kept.append(Suggestion(milestone, row, timeline[row].time, because))
    return kept


def suggested_milestones(document: Document) -> list[Suggestion]:
    """The milestones suggested for the document's timeline (none once a row is marked)."""
    stated = document.stated_times
    notes = {name: getattr(stated, name) for name in type(stated).model_fields}
    return suggest_milestones(document.timeline, notes)


def apply_suggestions(document: Document, suggestions: Sequence[Suggestion]) -> int:
    """Mark the suggested rows that are still unmarked; how many were marked."""
    count = 0
    for suggestion in suggestions:
        row = document.timeline[suggestion.row]
        if row.milestone is None:
            row.milestone = suggestion.milestone
            count += 1
    return count
