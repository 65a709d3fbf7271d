"""A dialog that opens without the work Textual repeats for a screen it has just built.

Opening a dialog is a key (e on the timeline, a, ctrl+n saving one row and opening the next):
Textual styles every widget of the new screen again as it is shown, although they were styled
as they were mounted a moment before, and lays the screen out twice, the second time because
the first layout tells the screen its own size (a Resize it then answers by laying itself out
again, and every screen under it too). Together ~30% of the key's CPU.
"""

from __future__ import annotations

from typing import Self, TypeVar

from textual import events, on
from textual.app import RenderResult
from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import ModalScreen
from textual.widget import Widget

from postmortem.dialogs.tinted_background import Behind, tinted_once

Result = TypeVar("Result")


class QuickModal(ModalScreen[Result]):
    """A ModalScreen styled once as it opens, and laid out again only for a new size."""

    # The focus moving (enter: the next field) repaints the two fields it moves between, as
    # their styles change; Textual's Screen repaints all of itself too, which redraws every
    # line of the dialog and of the dimmed screen behind, none of them changed.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        self._shown_before = False
        self._behind = Behind()  # the screen behind, as it last drew itself

    @on(events.ScreenResume)
    def _styled_already(self, event: events.ScreenResume) -> None:
        """The first time, every widget was styled as it was mounted (see SectionScreen)."""
        if not self._shown_before:
            event.refresh_styles = False
            self._shown_before = True

    @on(events.Resize)
    def _laid_out_already(self, event: events.Resize) -> None:
        """A Resize to the size the screen was just laid out at is its own layout's echo:
        nothing to lay out again (a terminal resized arrives before the layout, with a new
        size, and is Textual's as before)."""
        if event.size == self.outer_size:
            event.stop()
            event.prevent_default()

    def render(self) -> RenderResult:  # type: ignore[override]  # Widget.render's type
        """The screen behind, dimmed, from lines drawn once (see tinted_background)."""
        return tinted_once(super().render(), self._behind)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False,
                recompose: bool = False) -> Self:
        """Regions refreshed are where the screen behind changed (a dialog's own widgets
        refresh themselves): those lines of it are drawn again. The dialog's whole screen is
        refreshed for its own reasons (the cursor moved to another field), the screen behind
        unchanged."""
        if regions:
            self._behind.changed(regions)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
