"""The footer: the keys that work here, drawn as one line of text.

Textual's Footer builds a widget per key and rebuilds them all whenever the focus moves, which
cost about a fifth of the time to the first frame. This draws the same keys in one render, keeps
the palette key at the right edge, and leaves out whole entries that do not fit, so nothing is
ever cut in half at 80 columns; every key is still in F1 help and in the palette.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

# What a table, list or dialog leaves out of the footer to make room for its own keys at 80
# columns: the section keys and save. They still work, and F1 and the palette list them.
OWN_KEYS_FIRST: frozenset[str] = frozenset({"f2", "f3", "f5", "f6", "ctrl+s"})


@runtime_checkable
class LeavesKeysOut(Protocol):
    """A widget or screen whose footer leaves out the app keys named in FOOTER_OMITS."""

    FOOTER_OMITS: ClassVar[frozenset[str]]


@dataclass(frozen=True)
class KeyEntry:
    key: str  # what to press, as Textual names it ("f1", "ctrl+s")
    shown: str  # how it is drawn ("F1", "^s")
    description: str
    enabled: bool
    action: str

    @property
    def text(self) -> str:
        return f"{self.shown} {self.description}"


class KeyBar(Widget, can_focus=False):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
        .key-bar--key { color: $footer-key-foreground; text-style: bold; }
        .key-bar--description { color: $footer-description-foreground; }
        .key-bar--disabled { text-style: dim; }
    }
    """
    GAP = 1

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str]] = []  # x range of each entry drawn, and its key
        self.drawn: list[KeyEntry] = []  # the entries the last render found room for
        # the entries the last render was given, and those a change of bindings just found
        # (which the render then draws: found again, they cost as much as the rest of it)
        self._shown: tuple[list[KeyEntry], KeyEntry | None] | None = None
        self._fresh: tuple[list[KeyEntry], KeyEntry | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Repaint (same height whatever it shows: never a layout) if the keys shown change.
        Textual tells of a focus moved twice, the second time after the frame that shows it:
        drawing the same keys again was a second frame for the key that moved it.

        Not while a dialog is over this screen: its keys do not work then, and a repaint behind
        a dialog has the dialog draw the whole dimmed screen again (see tinted_background); the
        screen coming back changes its bindings again (Textual's stack_updates), and this
        repaints then."""
        if not self.screen.is_active:
            return
        entries = self.entries()
        if entries != self._shown:
            self._shown = self._fresh = entries
            self.refresh()

    def entries(self) -> tuple[list[KeyEntry], KeyEntry | None]:
        """The shown bindings, one per action, in the order Textual ranks them (the focused
        widget's first), less those the focused widget or its screen leaves out to make room
        for its own (FOOTER_OMITS); and the palette's key, which always goes at the right."""
        app = self.app
        omitted = self.omitted_keys()
        seen: set[str] = set()
        entries: list[KeyEntry] = []
        palette: KeyEntry | None = None
        for key, (_, binding, enabled, _) in self.screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = self._entry(binding, enabled)
            elif binding.show and binding.action not in seen and key not in omitted:
                seen.add(binding.action)
                entries.append(self._entry(binding, enabled))
        return entries, palette

    def omitted_keys(self) -> frozenset[str]:
        """Keys the focused widget, an ancestor or the screen names in FOOTER_OMITS: they
        still work, and F1 and the palette list them."""
        screen = self.screen
        where = screen.focused.ancestors_with_self if screen.focused is not None else [screen]
        omitted: frozenset[str] = frozenset()
        for node in where:
            if isinstance(node, LeavesKeysOut):
                omitted |= node.FOOTER_OMITS
        return omitted

    def _entry(self, binding: Binding, enabled: bool) -> KeyEntry:
        return KeyEntry(binding.key, self.app.get_key_display(binding), binding.description,
                        enabled, binding.action)

    def render(self) -> Text:
        self._shown = self._fresh or self.entries()
        self._fresh = None
        entries, palette = self._shown
        width = self.size.width
        tail = self._draw(palette) if palette is not None else Text()
        room = width - tail.cell_len - (1 if palette is not None else 0)
        line = Text(no_wrap=True, end="")
        self._spans = []
        self.drawn = []
        for entry in entries:
            drawn = self._draw(entry)
            needed = drawn.cell_len + (self.GAP if line else 0)
            if line.cell_len + needed > room:
                break
            if line:
                line.append(" " * self.GAP)
            self._spans.append((line.cell_len, line.cell_len + drawn.cell_len, entry.key))
            self.drawn.append(entry)
            line.append_text(drawn)
        if palette is not None:
            line.append(" " * (width - line.cell_len - tail.cell_len))
            self._spans.append((line.cell_len, line.cell_len + tail.cell_len, palette.key))
            line.append_text(tail)
        return line

    def _draw(self, entry: KeyEntry) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        text = Text.assemble((entry.shown, key_style), " ", (entry.description, description_style))
        if not entry.enabled:
            text.stylize(self.get_component_rich_style("key-bar--disabled"))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
