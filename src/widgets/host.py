"""The one way widgets, dialogs and screens reach the running app: the PostmortemHost protocol.

They ask the app only for what this protocol names, so they depend on it and not on the app's
class (which sits above them and imports them). The app declares that it serves the protocol
(SERVES_POSTMORTEM) and mypy checks that it really does (app/application.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

from textual.dom import DOMNode

if TYPE_CHECKING:
    from pathlib import Path

    from postmortem.document.model import Document
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

    def palette_entries(self) -> list[PaletteEntry]:
        """The app's own entries in the command palette: sections and actions, by name."""


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
