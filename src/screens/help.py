"""F1: every key the app answers to, grouped by where it works, read from the bindings."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from postmortem.widgets.key_bar import OWN_KEYS_FIRST, KeyBar

FIXED_GROUPS = {
    "Command palette": [("ctrl+p", "Open the command palette: every action, searchable")],
    "Text fields": [
        ("ctrl+z / ctrl+y", "Undo / redo in a text area"),
        ("escape", "Leave the field for the section list (nothing is lost)"),
    ],
}


def group_title(source: type) -> str:
    """The heading of a class's keys: its BINDING_GROUP_TITLE, else its name."""
    title = getattr(source, "BINDING_GROUP_TITLE", None)  # the app class is not a DOMNode
    return title if isinstance(title, str) else source.__name__


def binding_rows(source: type) -> list[tuple[str, str]]:
    """One row per action. A binding shown as a range of keys ("1-4") says in its row what
    each key of the range does, so the bindings of the other keys get no row of their own; a
    key bound to two actions (the context picks one, check_action) has one row saying both."""
    rows: dict[str, tuple[list[str], str]] = {}  # action -> its keys, what it does
    in_a_range: set[str] = set()
    for binding in getattr(source, "BINDINGS", []):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.key in in_a_range:
            continue
        in_a_range |= keys_of_range(binding.key_display or "")
        keys = [binding.key_display] if binding.key_display else [
            key.strip() for key in binding.key.split(",")]
        text = binding.tooltip or binding.description
        same_keys = next((action for action, (known, _) in rows.items() if known == keys), None)
        if binding.action in rows:  # one action under two bindings, e.g. e and enter
            rows[binding.action][0].extend(keys)
        elif same_keys is not None:  # one key, two actions as the context says: one row
            rows[same_keys] = (rows[same_keys][0], f"{rows[same_keys][1]}; {text}")
        else:
            rows[binding.action] = (keys, text)
    return [(" / ".join(keys), text) for keys, text in rows.values()]


def keys_of_range(key_display: str) -> set[str]:
    """"1-4" -> {"1", "2", "3", "4"}; anything else -> nothing."""
    match = re.fullmatch(r"(\d)-(\d)", key_display)
    if match is None:
        return set()
    first, last = int(match[1]), int(match[2])
    return {str(number) for number in range(first, last + 1)}


class HelpScreen(ModalScreen[None]):
    """Every key of the given classes (the app hands them down), grouped by class."""

    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help", key_display="esc")]
    # The dialog's own keys in the footer (not the screen's behind it), and F1; the rest work.
    FOOTER_OMITS = OWN_KEYS_FIRST
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: 90%;
        border: round $accent; background: $surface; padding: 0 1; }
    HelpScreen .group { text-style: bold; color: $accent; margin-top: 1; }
    HelpScreen .row { height: auto; }
    HelpScreen .keys { width: 20; padding-left: 2; }
    HelpScreen .does { width: 1fr; }
    """

    def __init__(self, sources: list[type]) -> None:
        super().__init__()
        self.sources = sources

    def compose(self) -> ComposeResult:
        yield KeyBar()  # this dialog's keys, over the footer of the screen behind
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys — escape closes"
            for group, rows in self.groups():
                yield Static(group, classes="group")
                for keys, text in rows:
                    # a row of its own, so a long description wraps under itself
                    with Horizontal(classes="row"):
                        yield Static(keys, classes="keys", markup=False)
                        yield Static(text, classes="does", markup=False)

    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        groups = [
            (group_title(source), binding_rows(source))
            for source in self.sources
        ]
        groups += list(FIXED_GROUPS.items())
        return [(name, rows) for name, rows in groups if rows]

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
