"""What the editor dialogs share: they end by dismissing themselves with how they ended, and
never lose what was typed, however they are closed."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from typing import TypeVar

from textual.app import App
from textual.widget import AwaitMount

from postmortem.dialogs.quick_modal import QuickModal
from postmortem.dialogs.tinted_background import push_over
from postmortem.document.unfinished import Unfinished, describe_row
from postmortem.widgets.host import TypingChanged

Result = TypeVar("Result")


class EditorDialog(QuickModal[Result]):
    """A dialog that ends with dismiss(result): values to store, or a draft of what was typed.

    Closed any other way (the app pops it, as F5/F6 do), it still hands its draft to whoever
    opened it, as it unmounts: open it with `open_on`, and its result arrives exactly once."""

    def __init__(self, origin: tuple[str, str]) -> None:
        super().__init__()
        self.origin = origin  # where its unfinished typing belongs, and what it edits
        self._ended = False
        self._if_popped: Callable[[Result], object] | None = None

    def open_on(self, app: App[object], done: Callable[[Result], object]) -> AwaitMount:
        """Push the dialog onto app's screens; done gets its result once it is closed.
        Awaiting the return waits for the dialog to be mounted, ready for keys."""
        self._if_popped = done

        def dismissed(result: Result | None) -> None:
            if result is not None:
                done(result)

        return push_over(app, self, dismissed)

    @abstractmethod
    def draft_result(self) -> Result:
        """How the dialog ends without saving: what its fields hold now."""

    @abstractmethod
    def last_draft_result(self) -> Result:
        """The same, as the fields last held it: as the dialog unmounts they are gone."""

    @abstractmethod
    def typed_values(self) -> tuple[str, ...] | None:
        """The fields as last typed, when they hold something not in the document."""

    @abstractmethod
    def what_is_typed(self) -> str:
        """What the dialog edits, for a person: "timeline row"."""

    def unfinished_typing(self) -> list[Unfinished]:
        """What is typed here but not in the document yet (see widgets/host.HoldsTyping)."""
        values = self.typed_values()
        if values is None:
            return []
        where, edits = self.origin
        return [Unfinished(where, edits, values, describe_row(self.what_is_typed(), values))]

    def typing_changed(self) -> None:
        """Tell the app, which keeps the typing in the recovery copy soon."""
        self.app.post_message(TypingChanged())

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
