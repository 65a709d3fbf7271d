"""Words as the review rules read them: content words and their stems, template placeholders
left in, and the sentences of a field. Plain string work, linear in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator


def word_set(text: str) -> frozenset[str]:
    """The words of a text, written as a paragraph: a list of words that reads as one."""
    return frozenset(text.split())


# Words that carry no content for comparing two sentences ("Why did the job fail?" and "The job
# failed because ..." share "job" and "fail", not "the" and "did").
STOP_WORDS = word_set("""
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either
    else ever every few for from further had has have having he her here hers him his how i if
    in into is it its itself just least less more most much must my no nor not now of off on
    once only or other our ours out over own same she should since so some still such than that
    the their theirs them then there these they this those though through thus to too under
    until up upon very via was we were what when where whether which while who whom whose why
    will with within without would yet you your
""")

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*")
STEM_LENGTH = 5  # "assumption" and "assumed" share "assum"; "declared" and "declaration" "decla"


def stem(word: str) -> str:
    """A crude stem: the word in lower case, cut to its first few letters."""
    return word.lower().replace("’", "'").split("'")[0][:STEM_LENGTH]


def content_stems(text: str) -> set[str]:
    """The stems of the words of text that carry meaning (three letters or more, not a stop
    word)."""
    return {stem(word) for word in _WORD.findall(text)
            if len(word) >= 3 and word.lower() not in STOP_WORDS}


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# --- template placeholders --------------------------------------------------------------------
# A template's placeholder is a bracketed phrase ([Name], <YYYY-MM-DD>, [Event description]) with
# a word that templates use for what to write; an author's own "[redacted]" or a Markdown link
# "[runbook](https://…)" is not one. The template's markers TBD, TODO and FIXME count too.

_CUE = (r"names?|dates?|events?|descriptions?|actions?|owners?|titles?|summary|details?|urls?"
        r"|labels?|free text|answers?|sentences?|values?|tbd|todo|fixme|h:mm|hh:mm|yyyy[^\]>]*"
        r"|\.{2,}|…|measured|comma-separated|placeholder|insert|describe|fill in|e\.g\."
        r"|example|one-line|p1 ?\| ?p2[^\]>]*")
# A bracketed phrase on one line, not a Markdown link's text ("[runbook](…)", "[ref]:").
_BRACKETED = re.compile(r"\[(?P<square>[^\[\]\n]{0,120})\](?![(\[:])|<(?P<angle>[^<>\n]{0,120})>")
_CUES = re.compile(rf"(?<![\w.])(?:{_CUE})(?![\w])", re.IGNORECASE)
_MARKER = re.compile(r"(?<![\w-])(?:TBD|TODO|FIXME|XXX+)(?![\w-])|lorem ipsum", re.IGNORECASE)
_UPPER_MARKER = re.compile(r"(?<![\w-])(?:TBD|TODO|FIXME|XXX+)(?![\w-])|[Ll]orem ipsum")


_MARKER_LETTERS = ("TBD", "TODO", "FIXME", "XXX", "orem")


def may_hold_placeholders(text: str) -> bool:
    """Whether text has what a placeholder starts with: a quick test, for most text fails it.
    (Written out, not any() over _MARKER_LETTERS: twice as fast, and the review runs it on
    every row of the timeline after each edit.)"""
    return ("[" in text or "<" in text or _has_marker_letters(text))


def _has_marker_letters(text: str) -> bool:
    return ("TBD" in text or "TODO" in text or "FIXME" in text or "XXX" in text
            or "orem" in text)


def placeholders(text: str) -> list[str]:
    """The template placeholders left in text, as written: "[Name]", "<H:MM>", "TBD"."""
    found = [match.group(0) for match in _template_brackets(text)]
    # The markers are template words only in capitals: "a todo list" is the author's.
    if _has_marker_letters(text):
        found += [match.group(0) for match in _UPPER_MARKER.finditer(text)]
    return found


def _template_brackets(text: str) -> list[re.Match[str]]:
    if "[" not in text and "<" not in text:
        return []
    found = []
    for match in _BRACKETED.finditer(text):
        square, angle = match.group("square"), match.group("angle")
        inside = square if square is not None else angle
        if _CUES.search(inside) and not (angle is not None and _is_html(angle)):
            found.append(match)
    return found


# Markdown may hold these HTML tags, whose names are also template words.
_HTML_TAGS = frozenset({"details", "/details", "summary", "/summary", "label", "/label", "title",
                        "/title"})


def _is_html(angle: str) -> bool:
    return angle.strip().lower() in _HTML_TAGS


def is_blank(text: str) -> bool:
    """Nothing but placeholders, punctuation and space: the template, not the author's words."""
    if not text.strip():
        return True
    rest = text
    for match in reversed(_template_brackets(text)):
        rest = rest[:match.start()] + " " + rest[match.end():]
    rest = _MARKER.sub(" ", rest)
    return not re.search(r"[A-Za-z0-9]", rest)


# --- sentences ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9])|\n\s*\n"
                           r"|\n(?=\s*(?:\d+[.)]|[-*+])\s)")


def sentences(text: str) -> Iterator[str]:
    """The sentences of text, and each list item or paragraph on its own."""
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if piece:
            yield piece
