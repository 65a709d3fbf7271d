"""Which timeline rows were changed in place, in the order they were changed.

A timeline row is an object the editors change in place (its time, its text, its milestone).
What keeps the rendered text of each row (storage/timeline_rows.py) asks this log which rows
changed since it last looked, instead of looking at every row: at 50,000 rows, reading every
row's fields costs tens of milliseconds, and an edit changes one or two."""

from __future__ import annotations

import threading
from typing import Any

KEPT = 4096  # changes remembered; a reader that fell further behind is told to look at all


class EditLog:
    """Rows changed in place, numbered: a reader keeps the number it read up to."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._rows: list[Any] = []
        self._start = 0  # the number of _rows[0]
        self._lock = threading.Lock()

    @property
    def end(self) -> int:
        """The number the next change will have: read up to here."""
        with self._lock:
            return self._start + len(self._rows)

    def note(self, row: Any) -> None:
        with self._lock:
            self._rows.append(row)
            if len(self._rows) > 2 * self._kept:
                del self._rows[:self._kept]
                self._start += self._kept

    def since(self, number: int) -> tuple[list[Any] | None, int]:
        """The rows changed from number on (None: too many to remember, look at every row),
        and the number to ask from next time."""
        with self._lock:
            end = self._start + len(self._rows)
            if number < self._start:
                return None, end
            return self._rows[number - self._start:], end


EDITED_ROWS = EditLog()  # every timeline row changed in place, whichever document holds it
