"""A Textual internal a dialog needs: the screen behind it, dimmed, drawn from lines kept.

A dialog (a ModalScreen) is drawn over the screen it opened on, dimmed: Textual's
BackgroundScreen draws that whole screen from its private compositor and tints every piece of
text, which the dialog's screen then styles and cuts into lines again, each time the dialog is
drawn in full (two or three times as it opens, and again on every move of its cursor from one
field to the next): about a third of the CPU of opening one. The lines behind a dialog rarely
change, so each line is tinted, styled and cut once, and kept while it still shows; a line
that changed is drawn again, so the dimmed screen is always exactly Textual's. This is the
only module that touches the compositor; tests/test_textual_internals.py fails if Textual
changes how a dialog's background is drawn, and tests/test_quick_modal.py compares the two.

Textual's push_screen also repaints the whole screen it suspends, which has the dialog draw
every line behind it a second time as it opens; `push_over` leaves that out (see there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.app import App
from textual.color import Color
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import AwaitMount

Line = tuple[Color, RichStyle, int, tuple[Segment, ...]]
# The lines last drawn behind a dialog (whichever dialog: the next one opens on the same
# screen), by the tint, the dialog's style, the width and the line as the screen drew it.
_kept: dict[Line, Strip] = {}


class Behind:
    """One dialog's copy of the lines of the screen behind it, as that screen drew them.

    Only the lines that changed are drawn again: that screen tells the dialog which, by
    refreshing the regions that changed (see Screen._compositor_refresh), and the dialog
    calls changed() with them."""

    def __init__(self) -> None:
        self._strips: list[Strip] | None = None
        self._size: tuple[int, int] = (0, 0)
        self._changed_lines: set[int] = set()

    def changed(self, regions: tuple[Region, ...]) -> None:
        if self._strips is not None:
            for region in regions:
                self._changed_lines.update(region.line_range)

    def strips(self, screen: Screen[object]) -> list[Strip]:
        compositor = screen._compositor
        size = (compositor.size.width, compositor.size.height)
        if self._strips is None or size != self._size:
            self._strips, self._size = compositor.render_strips(), size
        elif self._changed_lines:
            lines = self._changed_lines & set(range(min(len(self._strips), size[1])))
            chops = compositor._render_chops(compositor.size.region, lines.__contains__)
            for y in lines:
                self._strips[y] = Strip.join(chops[y].values())
        self._changed_lines.clear()
        return self._strips


class TintedOnce(Visual):
    """What BackgroundScreen draws, as the dialog's screen draws it, each line drawn once."""

    def __init__(self, background: BackgroundScreen, behind: Behind) -> None:
        self.background = background
        self.behind = behind

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        global _kept
        color, base_style = self.background.color, style.rich_style
        drawn: dict[Line, Strip] = {}
        strips = []
        for strip in self.behind.strips(self.background.screen)[:height]:
            key = (color, base_style, width, tuple(strip))
            line = drawn.get(key) or _kept.get(key) or _draw(strip, color, base_style, width)
            drawn[key] = line
            strips.append(line)
        _kept = drawn
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.background.screen.size.width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.background.screen.size.height


def _draw(strip: Strip, color: Color, base_style: RichStyle, width: int) -> Strip:
    """One line as Textual draws it: tinted (BackgroundScreen), on the screen's style (the
    widget's post_render; the tint left no links to style), cut to the width (RichVisual)."""
    segments = list(BackgroundScreen.process_segments(strip, color))
    if base_style:
        segments = [Segment(text, base_style + style, None) for text, style, _ in segments]
    line = Strip(segments)
    return line.crop(0, width) if line.cell_length > width else line


def tinted_once(rendered: RenderableType, behind: Behind) -> RenderableType | Visual:
    """A screen's render(): the dimmed screen behind it drawn from lines kept."""
    if isinstance(rendered, BackgroundScreen):
        return TintedOnce(rendered, behind)
    return rendered


Result = TypeVar("Result")


def push_over(app: App[Any], dialog: Screen[Result],
              callback: Callable[[Result | None], None]) -> AwaitMount:
    """app.push_screen(dialog, callback), less the repaint of the whole screen suspended that
    Textual asks for as it suspends it: that screen draws nothing new for being covered (a
    widget of it that changes repaints itself, and a Screen's own render is its background),
    but a repaint of all of it marks every line behind the dialog as changed, which the dialog
    then draws again. A repaint the screen was already waiting for stays."""
    behind = app.screen
    repaint_waiting = behind._repaint_required
    mounted = app.push_screen(dialog, callback)
    behind._repaint_required = repaint_waiting
    return mounted
