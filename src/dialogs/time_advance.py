"""A complete time moves on by itself: adding timeline rows, once Time holds a whole clock time
(14:20, or 2026-03-14 14:20) the cursor goes on to Event, so that a row is typed as its time
and its event with no key between them.

A time can go on after its minutes (14:20:30, 14:20 UTC, "14:20 db failover" typed on one
line): the first key typed into Event right after, when it is one of GOES_ON_KEYS, goes back to
Time instead. Enter or tab pressed out of habit right after the move does nothing; backspace
right after it mends the time (14:20 meant as 14:25).
"""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.widgets import Input

# H:MM or HH:MM, alone or after a date and a space or T: the minutes are typed, nothing can
# follow but seconds or a zone, which GOES_ON_KEYS take back to Time.
_COMPLETE = re.compile(r"(?:\d{4}-\d{1,2}-\d{1,2}[ T])?\d{1,2}:\d{2}")

# The keys that go on writing a time (seconds, a zone or an offset, the rest of a row typed on
# one line), by their key names, with the character each types.
GOES_ON_KEYS = {"colon": ":", "space": " ", "plus": "+"}

# priority: the cursor leaves Time for Event before the key after the time is read (each
# only when the dialog's check_action says so)
ADVANCE_BINDINGS = [
    *[Binding(digit, f"time_digit('{digit}')", "Complete time goes on" if digit == "0" else "",
              key_display="0-9" if digit == "0" else None, show=False, priority=True,
              tooltip="Adding rows: a complete time (14:20) moves on to Event by itself "
                      "(enter or tab right then does nothing); :, space or + right after "
                      "it goes on writing the time, backspace mends it")
      for digit in "0123456789"],
    Binding("tab", "tab_after_time", "", show=False, priority=True),
    Binding("backspace", "backspace_after_time", "", show=False, priority=True),
    *[Binding(key, f"time_goes_on('{character}')", "", show=False, priority=True)
      for key, character in GOES_ON_KEYS.items()],
]

ADVANCE_HINT = "A complete time moves on to Event (: or space goes on with the time)."


def complete_clock_time(text: str) -> bool:
    """Text is a whole clock time, optionally after a date: H:MM or HH:MM, minutes typed."""
    return _COMPLETE.fullmatch(text) is not None


def type_into(field: Input, character: str) -> None:
    """Type character into field as its own key handling would: at the cursor, over a
    selection."""
    selection = field.selection
    if selection.is_empty:
        field.insert_text_at_cursor(character)
    else:
        field.replace(character, *selection)
