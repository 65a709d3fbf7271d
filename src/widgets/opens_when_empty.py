"""A table that opens its first new row as the cursor arrives while it is empty."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from textual.events import Focus


class _Table(Protocol):
    _opening: asyncio.Event | None

    @property
    def row_count(self) -> int: ...
    @property
    def app(self) -> Any: ...
    @property
    def screen(self) -> Any: ...
    async def action_add(self) -> None: ...
    async def arrived(self) -> None: ...


class OpensWhenEmpty:
    """Mixed into a table with `row_count` and `action_add()`: arriving at it while it is empty
    opens its first new row, cursor in its first field, so that what is typed next goes into
    it (no `a` needed). Escape leaves that row, and the table stays as it is."""

    _opening: asyncio.Event | None = None  # set once the first new row is open

    async def on_focus(self: _Table, event: Focus) -> None:
        if not event.from_app_focus:  # the terminal regaining focus is no arrival
            await self.arrived()

    async def arrived(self: _Table) -> None:
        """The cursor arrived here: open the first new row if the table is empty."""
        if self._opening is not None:  # opening already (the focus, and the app's F6)
            await self._opening.wait()
            return
        if self.row_count or self.app.screen is not self.screen:
            return
        self._opening = asyncio.Event()
        try:
            await self.action_add()
        finally:
            self._opening.set()
            self._opening = None
