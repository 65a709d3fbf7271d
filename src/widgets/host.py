"""The one way widgets, dialogs and screens reach the running app: the PostmortemHost protocol.

They ask the app only for what this protocol names, so they depend on it and not on the app's
class (which sits above them and imports them). The app declares that it serves the protocol
(SERVES_POSTMORTEM) and mypy checks that it really does (app/application.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard, runtime_checkable

from textual.dom import DOMNode
from textual.message import Message

if TYPE_CHECKING:
    from pathlib import Path

    from textual.widget import Widget

    from postmortem.document.model import Document
    from postmortem.document.unfinished import Unfinished
    from postmortem.storage.config import Settings
    from postmortem.storage.session import Session

# A command palette entry: its name, what it does when chosen, and a line of help.
PaletteEntry = tuple[str, Callable[[], object], str]


class PostmortemHost(Protocol):
    """What the running app offers the parts of the interface."""

    @property
    def session(self) -> Session:
        """The file being edited, its document and how it is kept on disk."""

    @property
    def document(self) -> Document:
        """The document: the single source of truth every screen edits."""

    @property
    def settings(self) -> Settings:
        """The user's settings (config.toml), as read when the app started."""

    @property
    def path(self) -> Path:
        """The file being edited."""

    @property
    def save_state(self) -> str:
        """How the file stands on disk, as the status line says it ("saved 14:02:11")."""

    @property
    def opened_from_shelf(self) -> bool:
        """Whether the shelf opened this editor: quitting goes back to it."""

    def document_changed(self) -> None:
        """Every edit ends here: the file is marked unsaved and kept soon."""

    def go_to(self, key: str) -> None:
        """Open a section (by its outline key) with the cursor in its first field."""

    def open_field(self, section: str, field: str) -> None:
        """Open a section with the cursor in the field of the value at a dotted path (as the
        review names it: "action_items.2.owner")."""

    def palette_entries(self) -> list[PaletteEntry]:
        """The app's own entries in the command palette: sections and actions, by name."""

    def typing_for(self, where: str) -> list[Unfinished]:
        """Unfinished typing from an earlier run that belongs to the widget named where,
        handed over once (the widget keeps it from then on)."""


@runtime_checkable
class HoldsTyping(Protocol):
    """A widget or dialog holding typing that is not in the document yet (kept drafts, an
    open editor): the app keeps it in the recovery copy and warns before quitting."""

    def unfinished_typing(self) -> list[Unfinished]:
        """What is typed here but not in the document, each piece named for a person."""


@runtime_checkable
class KeepsDrafts(HoldsTyping, Protocol):
    """A widget that keeps drafts of what its dialogs edit, and takes recovered ones back."""

    def take_typing_back(self) -> None:
        """Keep the unfinished typing the app holds for this widget (PostmortemHost.typing_for)."""


@runtime_checkable
class TakesTab(Protocol):
    """A screen that may take tab for itself (to accept a suggestion) instead of moving on."""

    def takes_tab(self) -> bool:
        """Whether tab, pressed now, is this screen's."""


@runtime_checkable
class MovesOn(Protocol):
    """A screen of fields where enter, having kept a field (or ended a list's run), moves on:
    to the next field, and from the form's last one to the next section."""

    def move_on_from(self, widget: Widget) -> None:
        """Put the cursor where the field after widget is."""


class TypingChanged(Message):
    """Posted by a dialog as its typing changes: the app keeps it in the recovery copy soon,
    as it does edits of the document."""


def serves_postmortem(app: Any) -> TypeGuard[PostmortemHost]:
    """Whether app is the postmortem app, which declares it serves PostmortemHost."""
    return getattr(type(app), "SERVES_POSTMORTEM", False) is True


class NotInPostmortem(RuntimeError):
    """A widget of this package was mounted in an app that is not the postmortem app."""


class UsesPostmortem(DOMNode):
    """A node of the interface that reads or edits the document through the app."""

    @property
    def postmortem(self) -> PostmortemHost:
        app = self.app
        if not serves_postmortem(app):
            raise NotInPostmortem(f"{type(self).__name__} needs the postmortem app, "
                                  f"not {type(app).__name__}")
        return app
