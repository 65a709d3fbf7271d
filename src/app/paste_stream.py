"""Bracketed pastes found in the terminal's input stream before any key parser sees it.

A terminal in bracketed-paste mode wraps what is pasted in START … END. Textual's key parser
reads the paste character by character and takes any ESC in it for the start of the closing
marker, so a coloured log line ends the paste early and the rest of it arrives as keystrokes
(a pasted ctrl+u clears the field, a pasted tab moves the focus). PasteSplitter finds the two
markers in the raw text itself, across read boundaries, and hands back what lies between them
as one paste, whatever it contains.

The first END closes a paste: a START inside one is text (cleaned away as an escape sequence
later). A stray END outside a paste is typed, and the key parser ignores it. The splitter knows
nothing of Textual.
"""

from __future__ import annotations

from typing import NamedTuple

START = "\x1b[200~"
END = "\x1b[201~"
# What a paste may hold; the rest of a longer one is dropped. A one-line field or a
# text area takes far less (widgets/pasting.py); this bounds the memory a runaway paste takes.
PASTE_LIMIT = 16 * 1024 * 1024


class Piece(NamedTuple):
    """A run of the input: typed (keys for the key parser) or pasted (one piece of text)."""

    text: str
    pasted: bool


class PasteSplitter:
    """Splits the terminal's input into typed runs and whole pastes, fed as it is read."""

    def __init__(self, limit: int = PASTE_LIMIT) -> None:
        self.limit = limit
        self.pasting = False
        self._held = ""  # the end of the last read, when it may be the start of a marker
        self._parts: list[str] = []
        self._size = 0

    @property
    def waiting_for_marker(self) -> bool:
        """Whether the last read ended in what may be a paste's START cut by the read boundary
        (or an Escape key: flush tells, when no more input follows)."""
        return bool(self._held) and not self.pasting

    def feed(self, text: str) -> list[Piece]:
        """The typed runs and the pastes completed by this much more input, in order."""
        text, self._held = self._held + text, ""
        pieces: list[Piece] = []
        while text:
            text = self._in_paste(text, pieces) if self.pasting else self._typed(text, pieces)
        return pieces

    def flush(self) -> list[Piece]:
        """No more input for now: what is held is typed after all (an Escape key, say, is not
        the start of a paste); a paste never closed is ended here with what it holds."""
        held, self._held = self._held, ""
        if self.pasting:
            self._keep(held)
            return [self._finish()]
        return [Piece(held, False)] if held else []

    def _typed(self, text: str, pieces: list[Piece]) -> str:
        """Take the typed run at the start of text; return what follows it (a paste)."""
        start = text.find(START)
        if start < 0:
            typed_end = len(text) - _marker_cut(text, START)
            typed, self._held, rest = text[:typed_end], text[typed_end:], ""
        else:
            typed, rest = text[:start], text[start + len(START):]
            self.pasting = True
        if typed:
            pieces.append(Piece(typed, False))
        return rest

    def _in_paste(self, text: str, pieces: list[Piece]) -> str:
        """Keep text as pasted up to the END that closes the paste; return what follows it."""
        end = text.find(END)
        if end < 0:
            cut = _marker_cut(text, END)
            self._keep(text[:len(text) - cut])
            self._held = text[len(text) - cut:]
            return ""
        self._keep(text[:end])
        pieces.append(self._finish())
        return text[end + len(END):]

    def _keep(self, text: str) -> None:
        text = text[:max(self.limit - self._size, 0)]  # beyond the limit: dropped
        if text:
            self._parts.append(text)
            self._size += len(text)

    def _finish(self) -> Piece:
        pasted = "".join(self._parts)
        self._parts, self._size, self.pasting = [], 0, False
        return Piece(pasted, True)


def _marker_cut(text: str, marker: str) -> int:
    """How many characters at the end of text could be the start of marker, cut by the read
    boundary (0 when none)."""
    escape = text.rfind("\x1b", -(len(marker) - 1))  # every marker starts with ESC
    if escape < 0 or not marker.startswith(text[escape:]):
        return 0
    return len(text) - escape
