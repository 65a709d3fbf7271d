"""Text hygiene shared by the model, the exporter and the importer.

Every string that enters the document goes through one of the normalisers here, so the
document can hold only text that exports safely: no terminal escape sequences or control
characters, no heading that would break the standard's skeleton, no unterminated code or HTML
block and no blocks nested so deeply that they would swallow the sections after it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from postmortem.document.limits import check_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# What the exporter writes for a field the author has not filled in; reading it back means empty.
EMPTY_MARKER = "_TBD_"

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    # OSC (titles, clipboard, hyperlinks) and DCS, SOS, PM, APC strings. One left unterminated
    # ends at the line's end: the lines after it are the author's words, not its payload.
    r"|\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b\n]*(?:\x1b\\)?"
    r"|\x1b[ -/]+[0-~]"  # nF: character sets, e.g. the "\x1b(B" that tput sgr0 writes
    r"|\x1b[@-Z\\-_]?"  # any other escape
)
# Control characters, and lone surrogates (from undecodable bytes): UTF-8 cannot encode them,
# so a document holding one could never be saved. And the bidirectional controls (embeddings,
# overrides, isolates, marks): they make a reviewer read the text in another order than the
# file holds it ("Trojan Source"). None of these is printable, so text that is printable
# (str.isprintable, the fast paths below) holds none of them.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_BIDI_CONTROLS}]")


@cache
def _blocks() -> MarkdownIt:
    """A CommonMark parser of blocks only (with tables, as the importer reads): headings,
    fences and HTML are blocks, and the inline pass would double the cost of a long text.
    Built on first use: most text never needs it (see normalize_block), and importing
    markdown-it costs the app's first frame about 15 ms."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable("inline")


def sanitize(value: str) -> str:
    """Drop terminal escape sequences, control characters and bidirectional controls; keep
    tabs and newlines (a carriage return becomes a newline)."""
    if value.isprintable() or _CONTROL.search(value) is None:
        return value  # nothing to drop: every escape sequence starts with a control character
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _ESCAPE_SEQUENCE.sub("", value)
    return _CONTROL.sub("", value)


def _is_marker(value: str) -> bool:
    return value.strip() == EMPTY_MARKER


def normalize_line(value: str) -> str:
    """A one-line field: clean, newlines folded to spaces, trimmed."""
    # Printable text (the common case) has nothing to clean and no newline to fold.
    value = value.strip() if value.isprintable() else " ".join(sanitize(value).split("\n")).strip()
    return "" if value == EMPTY_MARKER else value


def normalize_cell(value: str) -> str:
    """A table cell: clean and trimmed; inner newlines are kept (exported as <br>)."""
    # Printable text (the common case) is one line with nothing to clean.
    value = value.strip() if value.isprintable() else "\n".join(
        line.rstrip() for line in sanitize(value).split("\n")).strip()
    return "" if value == EMPTY_MARKER else value


def normalize_block(value: str) -> str:
    """Free Markdown text: clean, trimmed, and made safe to place inside the skeleton. Raises
    TooLarge (a ValueError) for text past the limits of limits.py."""
    value = sanitize(value)
    lines = [_leading_tabs_as_spaces(line.rstrip()) for line in value.split("\n")]
    value = "\n".join(lines).strip("\n")
    if not value.strip() or _is_marker(value):
        return ""
    check_text(value)  # before parsing: a wide table of short rows costs seconds per 60 KB
    if not _may_hold_blocks(value):
        return value  # no heading, code fence or HTML to parse for: the same result, faster
    tokens = _blocks().parse(value)  # once: what follows reads the one parse, in linear time
    if any(token.level > MAX_BLOCK_LEVEL and token.type != "inline" for token in tokens):
        return _fenced(value)
    lines = value.split("\n")
    ending = _open_block_ending(tokens, lines)
    return _demote_headings(tokens, lines) + ending


# How deeply blocks may nest in free text: markdown-it stops parsing at 20 levels and takes
# the rest of the file into the block it was in, so text nested deeper, placed inside a list
# item (2 levels more), would swallow the sections after it. 14 is a list seven deep (its
# innermost paragraph's level); eight deep still parses in a list item, nine does not.
MAX_BLOCK_LEVEL = 14


def _fenced(value: str) -> str:
    """Text that cannot be placed as Markdown, kept word for word in a code block that nothing
    in it can close."""
    longest = max((len(run) for run in _BACKTICKS.findall(value)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{value}\n{fence}"


_BACKTICKS = re.compile(r"`+")


def is_empty_block(value: str) -> bool:
    """Whether normalize_block(value) is empty, without parsing the text."""
    value = sanitize(value).strip()
    return not value or value == EMPTY_MARKER


def _leading_tabs_as_spaces(line: str) -> str:
    # A tab's width depends on the column it starts in, so the same text indented inside a
    # list item could change from code to a heading; spaces mean the same everywhere.
    if not line.startswith(("\t", " \t", "  \t", "   \t")):
        return line
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].expandtabs(4) + body


# A line that could underline a setext heading (=== or ---), inside quotes or lists too.
_SETEXT_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.MULTILINE)


# A line that starts with enough container marks (indents, >, list markers) to be nested
# near MAX_BLOCK_LEVEL: each level takes at least one character.
_DEEP_PREFIX = re.compile(r"^[ \t>*+\-0-9.)]{12,}", re.MULTILINE)


def _may_hold_blocks(value: str) -> bool:
    """Whether markdown-it could find in value a heading (ATX needs a #, setext an underline
    line), a code fence or HTML block (``` or ~~~, or a <), or blocks nested too deeply, for
    normalize_block to deal with."""
    return ("#" in value or "<" in value or "```" in value or "~~~" in value
            or _SETEXT_UNDERLINE.search(value) is not None
            or _DEEP_PREFIX.search(value) is not None)


def _demote_headings(tokens: list[Token], lines: list[str]) -> str:
    """The text of lines with headings of levels 1-3 made level 4, so they cannot pose as
    sections."""
    dropped: set[int] = set()  # the underlines of setext headings, and their other lines
    for token in tokens:
        if token.type != "heading_open" or token.map is None or token.tag not in ("h1", "h2", "h3"):
            continue
        start, end = token.map
        if token.markup.startswith("#"):
            lines[start] = _ATX_LEVEL.sub(r"\1####", lines[start], count=1)
        else:  # a setext heading: text lines followed by an underline
            lines[start] = "#### " + " ".join(line.strip() for line in lines[start:end - 1])
            dropped.update(range(start + 1, end))
    if dropped:
        return "\n".join(line for index, line in enumerate(lines) if index not in dropped)
    return "\n".join(lines)


_ATX_LEVEL = re.compile(r"^(\s*(?:[>*+-]\s*|\d+[.)]\s*)*)#{1,3}(?=\s|$)")
_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_ENDS = (
    (re.compile(r"^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)", re.I), "</{}>"),
    (re.compile(r"^ {0,3}<!--"), "-->"),
    (re.compile(r"^ {0,3}<\?"), "?>"),
    (re.compile(r"^ {0,3}<![A-Za-z]"), ">"),
    (re.compile(r"^ {0,3}<!\[CDATA\["), "]]>"),
)


def _open_block_ending(tokens: list[Token], lines: list[str]) -> str:
    """What closes a code fence or raw-HTML block that would otherwise run to the end of the
    file: "" when the text ends with no such block open."""
    for token in reversed(tokens):
        if token.map is None or token.level != 0:
            continue
        if token.map[1] < len(lines):
            return ""
        first = lines[token.map[0]]
        if token.type == "fence":
            fence = _FENCE_OPEN.match(first)
            if fence and not _fence_closed(lines[token.map[0] + 1:], fence.group(1)):
                return "\n" + fence.group(1)
            return ""
        if token.type == "html_block":
            return _html_terminator(first, token.content)
        return ""
    return ""


def _fence_closed(rest: list[str], opener: str) -> bool:
    closer = re.compile(r"^ {0,3}" + re.escape(opener[0]) + "{" + str(len(opener)) + r",}\s*$")
    return any(closer.match(line) for line in rest)


def _html_terminator(first: str, content: str) -> str:
    for pattern, end in _HTML_ENDS:
        match = pattern.match(first)
        if not match:
            continue
        terminator = end.format(match.group(1).lower()) if "{}" in end else end
        body = content[match.end():] if end != "</{}>" else content
        return "" if terminator.lower() in body.lower() else "\n" + terminator
    return ""


# --- table cells -------------------------------------------------------------------------------
# A cell holds one line of Markdown, so the exporter escapes the pipe and writes newlines as
# <br>. A literal "<br>" the author typed gains a backslash (<br\>), and one that already had
# backslashes gains one more, so decoding is an exact inverse.

_BR = re.compile(r"<br(\\*)>")


def encode_cell(value: str) -> str:
    if not value:
        return EMPTY_MARKER
    if "<br" in value:
        value = _BR.sub(lambda m: "<br\\" + m.group(1) + ">", value)
    value = value.replace("|", "\\|")
    return value.replace("\n", "<br>")


def decode_cell(source: str) -> str:
    """Invert encode_cell on a cell's text as markdown-it gives it (pipes already unescaped)."""
    if "<br" not in source:  # the common cell: no line break to decode
        return "" if source.strip() == EMPTY_MARKER else source
    if source.strip() == EMPTY_MARKER:
        return ""

    def replace(match: re.Match[str]) -> str:
        slashes = match.group(1)
        return "\n" if not slashes else "<br" + slashes[1:] + ">"

    return _BR.sub(replace, source)


# --- inline text ------------------------------------------------------------------------------

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_inline(value: str) -> str:
    """Backslash-escape every ASCII punctuation character: the text renders literally and
    cannot open a code span, raw HTML or link that would run on into the next line."""
    return _PUNCTUATION.sub(r"\\\1", value)


def unescape_inline(source: str) -> str:
    """Invert escape_inline."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source)


# --- template placeholders ----------------------------------------------------------------------
# A value that is all one [bracketed phrase] is the template's placeholder and reads back as
# empty. The export gives a value of that shape one more leading backslash, which renders as
# nothing, so an author's "[redacted]" survives the round trip.

_PLACEHOLDER = re.compile(r"(\\*)\[[^\[\]]*\]")


def protect_placeholder(value: str) -> str:
    return "\\" + value if _PLACEHOLDER.fullmatch(value) else value


def read_placeholder(source: str) -> str:
    """Invert protect_placeholder: a bare [placeholder] is empty."""
    if "[" not in source:  # the common value: no bracket, no placeholder
        return source
    match = _PLACEHOLDER.fullmatch(source)
    if match is None:
        return source
    return source[1:] if match.group(1) else ""


# --- link labels -------------------------------------------------------------------------------

def encode_link_label(label: str) -> str:
    return label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def decode_link_label(source: str) -> str:
    return re.sub(r"\\([\\\[\]])", r"\1", source)


def encode_link_url(url: str) -> str:
    if not url or any(char in url for char in " ()<>"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


def normalize_url(value: str) -> str:
    return normalize_line(value).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
