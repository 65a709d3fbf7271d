"""What reading captured lines gives: the rows understood, the lines not understood, and the
limit on how much is read at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A paste, a pipe or a history file is read whole: past these it is refused, with a message
# that says which limit and by how much, rather than taking seconds and memory to grow.
MAX_CAPTURE_CHARACTERS = 4 * 2**20
MAX_CAPTURE_LINES = 100_000


class CaptureTooLarge(ValueError):
    """The text is past MAX_CAPTURE_CHARACTERS or MAX_CAPTURE_LINES."""


@dataclass(frozen=True)
class CapturedRow:
    when: dt.datetime  # aware, in UTC
    event: str  # the message ("" when the line is a shell command only)
    actions: str  # a shell command becomes Actions Taken
    line: int  # 1-based source line
    zone: str  # the source zone as understood, e.g. "Europe/London", "UTC", "+02:00"


@dataclass(frozen=True)
class Unparsed:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Captured:
    rows: tuple[CapturedRow, ...]
    unparsed: tuple[Unparsed, ...]


def check_size(text: str) -> None:
    """Raise CaptureTooLarge for text past the limits (counted before any work is done)."""
    if len(text) > MAX_CAPTURE_CHARACTERS:
        raise CaptureTooLarge(f"the input is {len(text) / 2**20:.1f} Mi characters; at most "
                              f"{MAX_CAPTURE_CHARACTERS // 2**20} Mi are read at once: split it")
    lines = text.count("\n") + 1
    if lines > MAX_CAPTURE_LINES:
        raise CaptureTooLarge(f"the input has {lines:,} lines; at most {MAX_CAPTURE_LINES:,} "
                              "are read at once: split it")


def within(when: dt.datetime, since: dt.datetime | None, until: dt.datetime | None) -> bool:
    """Whether when falls in the window [since, until]."""
    return (since is None or when >= since) and (until is None or when <= until)
