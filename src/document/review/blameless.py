"""Blameless language: a sentence that puts a failure on a person rather than asking what let
it happen.

Some words point at a person whoever the sentence is about ("human error", "careless",
"forgot", "mistakenly"). Others are about a person only when a person is their subject: "the
health check failed to connect" is about a system, "Sam failed to renew the certificate" is
about Sam. A clause's subject is a person when it opens with a responder's name (from Incident
Information), a personal pronoun or a role ("the on-call engineer", "our DBA"); a clause with no
subject of its own ("… and failed to …") has the one before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from postmortem.document.review.context import Context
from postmortem.document.review.finding import Level, field_name
from postmortem.document.review.rule import Hit, Rule
from postmortem.document.review.texts import texts
from postmortem.document.review.words import sentences, word_set


def _phrases(*patterns: str) -> re.Pattern[str]:
    # A hyphen counts as part of a word: the "forgotten-password" page blames nobody.
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


# Words that judge a person, whoever the subject: (pattern, what the rewording asks).
_JUDGING = _phrases(
    r"human errors?", r"user errors?", r"operator errors?", r"pilot errors?",
    r"careless(?:ly|ness)?", r"negligen(?:t|ce|tly)", r"sloppy", r"lazy", r"incompeten(?:t|ce)",
    r"(?:his|her|their) fault", r"fault of", r"to blame", r"blamed?", r"not paying attention",
    r"fat[- ]finger(?:ed|s)?",
)
_FORGOT = _phrases(r"forg[eo]t(?:s|ten|ting)?")
_MISTAKEN = _phrases(r"mistakenly", r"by mistake")
# Failures that are a person's only when a person does them.
_FAILED = _phrases(
    r"fail(?:s|ed|ing)? to", r"neglect(?:s|ed|ing)?(?: to)?",
    r"did(?:n't|n’t| not) (?:follow|check|read|test|verify|notice|review|update|run|wait|ask|"
    r"escalate|monitor|look)", r"skipped", r"missed", r"ignored", r"overlooked",
    r"should(?:n't|n’t| not)? have",
    r"accidentally", r"wrongly", r"incorrectly", r"(?:made|makes) an? (?:mistake|error)",
    r"misconfigured", r"the wrong", r"without (?:checking|testing|asking|reviewing)",
)
# Any of the words above: a text without one needs no closer reading (most texts).
_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in
                           (_JUDGING, _FORGOT, _MISTAKEN, _FAILED)), re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "i", "we", "you", "someone", "somebody", "nobody"})
_ROLES = word_set("""
    engineer engineers operator operators developer developers dev devs admin admins
    administrator administrators on-call oncall on-caller sre sres dba dbas reviewer reviewers
    author authors team teammate teammates staff manager managers lead commander responder
    responders person people human humans employee employees contractor contractors analyst
    analysts intern owner
""")
_OPENERS = frozenset({"then", "and", "but", "so", "also", "later", "unfortunately", "initially",
                      "apparently", "finally", "again"})
_DETERMINERS = frozenset({"the", "our", "a", "an", "one", "another", "their", "this", "that",
                          "his", "her", "my", "its", "same"})
_CLAUSE = re.compile(r"[;:,()–—]|\s-\s|(?<![\w-])(?:because|but|when|while|after|since|so|"
                     r"which|although|though|and)(?![\w-])", re.IGNORECASE)
_TOKEN = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Blame:
    words: str  # as written: "forgot", "human error", "failed to"
    who: str  # the person it points at, when the sentence names one
    rest: str  # what follows, for the rewording
    clause: str = ""  # the clause it is in, without those words


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """The clauses of a sentence and where each starts."""
    found, start = [], 0
    for match in _CLAUSE.finditer(sentence):
        found.append((start, sentence[start:match.start()]))
        start = match.end()
    found.append((start, sentence[start:]))
    return found


def responder_names(responders: Sequence[str]) -> list[tuple[str, ...]]:
    """Each responder as the tokens a sentence may open with: the full name, and each part of
    three letters or more (capitalised in the text, so the verb "will" does not name Will)."""
    names: list[tuple[str, ...]] = []
    for responder in responders:
        parts = tuple(_TOKEN.findall(responder))
        if parts:
            names.append(parts)
            names += [(part,) for part in parts if len(part) >= 3]
    return sorted(set(names), key=len, reverse=True)


def person_opening(clause: str, names: Sequence[tuple[str, ...]]) -> str | None:
    """The person a clause opens with (its subject), or None: a responder, a pronoun, a
    role."""
    tokens: list[str] = _TOKEN.findall(clause)
    while tokens and tokens[0].lower() in _OPENERS:
        tokens.pop(0)
    if not tokens:
        return None
    for name in names:
        opening = tuple(tokens[:len(name)])
        full = len(name) > 1 and tuple(t.lower() for t in opening) == tuple(
            n.lower() for n in name)
        if full or opening == name:
            return " ".join(opening)
    if tokens[0].lower() in _PRONOUNS:
        return tokens[0]
    for index, token in enumerate(tokens[:4]):
        if token.lower() in _ROLES:
            last = index
            while last + 1 < len(tokens) and tokens[last + 1].lower() in _ROLES:
                last += 1
            return " ".join(tokens[:last + 1])
        if index == 0 and token.lower() not in _DETERMINERS and not token.islower():
            return None
    return None


def _rest(clause: str, end: int) -> str:
    rest = clause[end:].strip(" .!?\"'“”")
    return rest[:60].rstrip() + ("…" if len(rest) > 60 else "")


def blame_in(sentence: str, names: Sequence[tuple[str, ...]]) -> Blame | None:
    """The first way a sentence puts a failure on a person, or None."""
    subject: str | None = None
    for _, clause in _clauses(sentence):
        opener = person_opening(clause, names)
        starts_with_verb = bool(_FAILED.match(clause.strip()) or _FORGOT.match(clause.strip()))
        subject = opener if opener is not None or not starts_with_verb else subject
        for pattern in (_JUDGING, _FORGOT, _MISTAKEN):
            match = pattern.search(clause)
            if match:
                return _found(match, subject or "", clause)
        match = _FAILED.search(clause)
        if match and subject:
            return _found(match, subject, clause)
    return None


def _found(match: re.Match[str], subject: str, clause: str) -> Blame:
    without = " ".join(f"{clause[:match.start()]} {clause[match.end():]}".split())
    return Blame(match.group(0), subject, _rest(clause, match.end()), without.strip(" .!?"))


def rewording(blame: Blame) -> str:
    """A one-line fix that asks what let it happen instead of who did it."""
    said = " ".join(blame.words.lower().replace("’", "'").split())
    rest = blame.rest
    if _JUDGING.fullmatch(said) or said.startswith(("made", "makes")):
        return ("name the conditions, not the person: what made the slip easy to make and hard "
                "to catch (tooling, alerts, checks, time pressure)?")
    if _FORGOT.fullmatch(said):
        what = rest if rest.startswith("to ") or not rest else f"about {rest}"
        return _ask(f"Nothing reminded anyone {what}".rstrip(), "what would have?")
    if _MISTAKEN.fullmatch(said) or said in ("wrongly", "incorrectly", "accidentally"):
        clause = blame.clause
        if clause.split(" ", 1)[0].lower() in _DETERMINERS:
            clause = clause[:1].lower() + clause[1:]
        return _ask(f"Nothing warned before {clause}", "what would have?")
    if said == "the wrong":
        return _ask(f"Nothing showed that it was the wrong {rest}", "what would have?")
    if said.startswith("should"):
        return _ask(f"What would have prompted us to have {rest}?", "")
    if said.startswith(("did not", "didn't")):
        return _ask(f"Nothing made sure we would {said.split()[-1]} {rest}", "what let it be "
                                                                             "missed?")
    if said in ("skipped", "missed", "ignored", "overlooked"):
        return _ask(f"Nothing flagged that {rest} was {said}", "what would have?")
    if said == "misconfigured":
        return _ask(f"Nothing caught the bad configuration of {rest}", "what would have?")
    if said.startswith("without"):
        return _ask(f"Nothing required {said.split()[-1]} first", "what would have?")
    return _ask(f"Nothing made sure we would {rest}", "what let it be missed?")


def _ask(sentence: str, question: str) -> str:
    sentence = " ".join(sentence.split())
    tail = f" — {question}" if question else ""
    return f"ask what let it happen, e.g. “{sentence}”{tail}"


class _Seen:
    """What each text was found to say, for one set of responders' names: the app reviews the
    document again after every pause in typing, and most of its text has not changed since."""

    LIMIT = 200_000

    def __init__(self) -> None:
        self.names: list[tuple[str, ...]] = []
        self.found: dict[str, list[tuple[str, Blame]]] = {}

    def start(self, names: list[tuple[str, ...]]) -> None:
        """Read with these names from now on (what was read with others is forgotten)."""
        if names != self.names or len(self.found) >= self.LIMIT:
            self.names, self.found = names, {}

    def worth_reading(self, text: str) -> bool:
        """Whether text (read before, or now) puts a failure on anyone: most text does not."""
        return bool(text) and bool(self.blames(text))

    def blames(self, text: str) -> list[tuple[str, Blame]]:
        found = self.found.get(text)
        if found is None:
            found = self.found[text] = _read(text, self.names)
        return found


def _read(text: str, names: list[tuple[str, ...]]) -> list[tuple[str, Blame]]:
    """Each sentence of text that puts a failure on a person, with how it does."""
    if not _ANY.search(text):
        return []
    found = []
    for sentence in sentences(text):
        blame = blame_in(sentence, names)
        if blame is not None:
            found.append((sentence, blame))
    return found


_SEEN = _Seen()


def _blame(context: Context) -> Iterator[Hit]:
    _SEEN.start(responder_names(context.responders))
    for text in texts(context.document, _SEEN.worth_reading):
        if not text.prose:
            continue
        for sentence, found in _SEEN.blames(text.text):
            who = f" puts it on {found.who}" if found.who else " points at a person"
            shown = sentence if len(sentence) <= 70 else sentence[:69] + "…"
            yield Hit(text.path, f"{field_name(text.path, context.document)}: \u201c{shown}\u201d:"
                                 f" \u201c{found.words}\u201d{who}", rewording(found))


RULES = (
    Rule("blame", Level.WARNING, None, None,
         "the text asks what let a failure happen, not who failed (blameless practice)",
         "ask what let it happen, not who did it", _blame),
)
