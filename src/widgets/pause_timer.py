"""One timer for what waits until a run of keys pauses."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class PauseTimer:
    """Calls back `seconds` after the last push(), however many pushes came before: a run of
    keys keeps one timer (a new one per key is work per key); when it ends before the pause
    is long enough, it waits out what is left."""

    def __init__(self, owner: MessagePump, seconds: float, callback: Callable[[], object]) -> None:
        self._owner = owner
        self._seconds = seconds
        self._callback = callback
        self._timer: Timer | None = None
        self._due_at = 0.0  # time.monotonic() when it is due

    def push(self) -> None:
        self._due_at = time.monotonic() + self._seconds
        if self._timer is None:
            self._timer = self._owner.set_timer(self._seconds, self._ended)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _ended(self) -> None:
        self._timer = None
        left = self._due_at - time.monotonic()
        if left > 0:
            self._timer = self._owner.set_timer(left, self._ended)
        else:
            self._callback()
