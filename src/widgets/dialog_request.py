"""A widget asking its screen for a dialog: widgets never open dialogs themselves.

The request is a message, posted up to the screen, which opens the dialog and hands the result
back down to the widget. A key binding that posts one awaits its answer: the keys typed right
after the binding's key, in one burst (a laggy SSH link, a paste), wait for the dialog and land
in it instead of on the widget.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

from textual.message import Message

from postmortem.widgets.key_order import WAIT_LIMIT_SECONDS


class DialogRequest(Message):
    """Open a dialog; the screen that does answers once it is mounted (see answering)."""

    def __init__(self) -> None:
        super().__init__()
        self._answered = asyncio.Event()

    def answer(self) -> None:
        """The dialog is open (or will not be): the widget's binding may return."""
        self._answered.set()

    async def answered(self) -> None:
        """Wait for the screen's answer, at most WAIT_LIMIT_SECONDS: a request no screen
        handles must not hold the keyboard."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._answered.wait(), WAIT_LIMIT_SECONDS)

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Around opening the dialog: the request goes no further up, and is answered when
        the opening is done, however it ends."""
        self.stop()
        try:
            yield
        finally:
            self.answer()
