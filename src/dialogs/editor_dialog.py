"""What the editor dialogs share: they end by dismissing themselves with how they ended, and
never lose what was typed, however they are closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.app import App
from textual.screen import ModalScreen
from textual.widget import AwaitMount

Result = TypeVar("Result")


class EditorDialog(ModalScreen[Result]):
    """A dialog that ends with dismiss(result): values to store, or a draft of what was typed.

    Closed any other way (the app pops it, as F5/F6 do), it still hands its draft to whoever
    opened it, as it unmounts: open it with `open_on`, and its result arrives exactly once."""

    def __init__(self) -> None:
        super().__init__()
        self._ended = False
        self._if_popped: Callable[[Result], object] | None = None

    def open_on(self, app: App[object], done: Callable[[Result], object]) -> AwaitMount:
        """Push the dialog onto app's screens; done gets its result once it is closed.
        Awaiting the return waits for the dialog to be mounted, ready for keys."""
        self._if_popped = done

        def dismissed(result: Result | None) -> None:
            if result is not None:
                done(result)

        return app.push_screen(self, dismissed)

    def draft_result(self) -> Result:
        """How the dialog ends without saving: what its fields hold now."""
        raise NotImplementedError

    def last_draft_result(self) -> Result:
        """The same, as the fields last held it: as the dialog unmounts they are gone."""
        raise NotImplementedError

    def end(self, result: Result) -> None:
        """Close the dialog with result (once: a second call does nothing)."""
        if not self._ended:
            self._ended = True
            self.dismiss(result)

    def close_with_draft(self) -> None:
        """Close the dialog, handing back what was typed as a draft (what escape does)."""
        self.end(self.draft_result())

    def on_unmount(self) -> None:
        if not self._ended:  # popped without dismiss: the draft must not be lost
            self._ended = True
            if self._if_popped is not None:
                self._if_popped(self.last_draft_result())
