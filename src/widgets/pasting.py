"""What a paste puts into a one-line field: every line of it, joined, up to a bounded size.

Textual's Input keeps only the first line of a paste and drops the rest without a word; a log
excerpt pasted into a title kept 12 of its 23,457 words. PasteJoiningInput joins the lines with
a visible separator instead, and says so. An Input slows with every character it holds that is
not ASCII (each key lays out the whole value), so a one-line field takes at most LINE_LIMIT
characters of a paste, and says what it left out; a text area takes at most BLOCK_LIMIT
(widgets/text_field.py). This module does not import TextArea: the first screen has none.

The app has cleaned the paste of escape sequences and control characters before it arrives
(app/terminal_driver.py, and the app's on_event for pastes from anywhere else).
"""

from __future__ import annotations

from typing import NamedTuple

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from postmortem.widgets.status_line import confirm

SEPARATOR = " ⏎ "  # where a line of the paste ended; the list editor shows newlines so too
LINE_LIMIT = 10_000  # characters a one-line field holds after a paste (about 10 ms a key)
BLOCK_LIMIT = 256 * 1024  # characters one paste puts into a text area


class Joined(NamedTuple):
    """A paste made one line: the text that fits, how many lines it joined and how many of
    them fit whole, and how many characters did not fit."""

    text: str
    lines: int
    whole_lines: int
    left_out: int


def join_lines(pasted: str, room: int) -> Joined:
    """The paste's lines that are not blank as one line, each with the space around it
    trimmed where the lines meet, tabs as spaces; cut to room characters."""
    lines = [line.replace("\t", " ") for line in pasted.split("\n")]
    kept = [line for line in lines if line.strip()]
    if len(kept) > 1:
        kept = [kept[0].rstrip(), *(line.strip() for line in kept[1:-1]), kept[-1].lstrip()]
    joined = SEPARATOR.join(kept)
    room = max(room, 0)
    return Joined(joined[:room], len(kept), _whole_lines(kept, room), max(len(joined) - room, 0))


def _whole_lines(lines: list[str], room: int) -> int:
    """How many of lines fit whole in room characters, joined."""
    used = -len(SEPARATOR)
    for count, line in enumerate(lines):
        used += len(SEPARATOR) + len(line)
        if used > room:
            return count
    return len(lines)


def paste_note(joined: Joined, limit: int) -> str:
    """What to tell the author about a paste made one line ("" when there is nothing to say)."""
    if joined.left_out and joined.lines > 1:
        return (f"A one-line field holds at most {limit:,} characters: it kept "
                f"{joined.whole_lines:,} of the {joined.lines:,} pasted lines whole. "
                "Paste long text into a text area.")
    if joined.left_out:
        return cut_note(len(joined.text), len(joined.text) + joined.left_out, "A one-line field",
                        limit) + " Paste long text into a text area."
    if joined.lines > 1:
        return f"Joined {joined.lines:,} pasted lines with {SEPARATOR.strip()}"
    return ""


def cut_note(taken: int, pasted: int, where: str, limit: int) -> str:
    """The warning for a paste cut to fit where it went."""
    return (f"{where} holds at most {limit:,} characters of a paste: it kept {taken:,} of the "
            f"{pasted:,} pasted.")


class PasteJoiningInput(Input):
    """An Input that takes every line of a paste, joined into one (see join_lines)."""

    # Input sets its virtual size (its text's width, what it scrolls over) on every key; as
    # Widget's reactive, with layout, that laid out the whole screen per key. A field's size
    # never follows its text (its width is never auto), so a repaint is all it needs.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0))

    def on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own paste keeps the first line only
        event.stop()
        start, end = sorted(self.selection)
        joined = join_lines(event.text, LINE_LIMIT - (len(self.value) - (end - start)))
        if joined.text:
            self.replace(joined.text, start, end)
        note = paste_note(joined, LINE_LIMIT)
        if joined.left_out:
            self.notify(note, title="Paste cut", severity="warning", timeout=10)
        elif note:
            confirm(self, note)
