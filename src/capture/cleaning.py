"""Making a captured line safe and plain: escape sequences (a coloured log), control and
bidirectional characters removed, the carriage returns of a progress bar resolved; and telling
a shell command (a prompt before it) from a message."""

from __future__ import annotations

import re

from postmortem.document.text import sanitize

_LINE_BREAKS = re.compile("[\u2028\u2029\x85]")


def clean_line(raw: str) -> str:
    """One source line (no newline in it), as a person saw it, trimmed."""
    raw = raw.removesuffix("\r")
    if "\r" in raw:  # a progress bar redrawing itself: its start (the time) and what it ended as
        seen = [part.strip() for part in raw.split("\r") if part.strip()]
        raw = " … ".join(seen[:1] + seen[-1:] if len(seen) > 1 else seen)
    text = sanitize(raw)
    return _LINE_BREAKS.sub(" ", text).replace("\n", " ").replace("\t", " ").strip()


# A prompt before a command: `$ cmd`, `# cmd` (root), `user@host:~/dir$ cmd`,
# `[user@host dir]$ cmd`, `user@host ~ % cmd` (zsh).
_PROMPT = re.compile(
    r"^(?:\[[\w.-]{1,64}@[\w.-]{1,64}[^\]]{0,200}\]\s?"
    r"|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s$#%]{0,200}|\s[^\s$#%]{1,200})?\s?)?"
    r"(?P<mark>[$#%])\s+(?P<command>\S.*)$"
)


def shell_command(text: str) -> str | None:
    """The command typed after a shell prompt at the start of text; None when text is not one.
    A bare `%` counts only after user@host (alone it is more often a percentage)."""
    match = _PROMPT.match(text)
    if match is None:
        return None
    if match.group("mark") == "%" and "@" not in text[: match.start("mark")]:
        return None
    return match.group("command").strip()


_SEPARATORS = re.compile(r"^(?:[\]\)]\s*)?(?:[-|:>»—–·,]+\s*)?")


def after_stamp(rest: str) -> str:
    """The message after a timestamp, without the punctuation that sets it off ("14:02 - x",
    "14:02: x", "[14:02] x")."""
    return _SEPARATORS.sub("", rest.strip(), count=1).strip()
