"""One value of a fixed set, typed by its first letters (priority and status in the
action-item dialog), and the field after it, which takes the rest of a word typed whole."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding
from textual.events import Key
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from postmortem.document.model import Priority, Status
from postmortem.widgets.key_order import keys_handled
from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.shown_text import show_text

NEXT_VALUE_KEYS, PREVIOUS_VALUE_KEYS = ("space", "right"), ("left",)
STEP_OF_KEY = dict.fromkeys(NEXT_VALUE_KEYS, 1) | dict.fromkeys(PREVIOUS_VALUE_KEYS, -1)
# The first letters of the priorities and statuses, and the choice each names
DECIDING_LETTERS = {choice.value[0].lower(): choice.value for choice in (*Priority, *Status)}


def choice_typed(choices: Sequence[str], typed: str) -> str | None:
    """The first of choices that starts with what was typed (any case), if one does."""
    wanted = typed.casefold()
    return next((choice for choice in choices if choice.casefold().startswith(wanted)), None)


def choice_decided(choices: Sequence[str], letter: str) -> str | None:
    """The one choice a first letter names, when it names exactly one (h: High)."""
    found = [choice for choice in choices if choice.casefold().startswith(letter.casefold())]
    return found[0] if len(found) == 1 else None


def letter_decides(field: Widget | None, letter: str) -> bool:
    """Whether letter, typed in field, picks one choice there (a choice field not typed in)."""
    return (isinstance(field, ChoiceField) and not field.typed
            and choice_decided(field.choices, letter) is not None)


async def decide_by_letter(field: Widget | None, letter: str) -> str | None:
    """Pick the one choice letter names in field, once the keys typed before it are in;
    the choice picked, or None when letter names none there."""
    await keys_handled(field)
    if not isinstance(field, ChoiceField):
        return None
    chosen = choice_decided(field.choices, letter)
    if chosen is not None:
        field.choose(chosen)
    return chosen


def spell_on(field: Widget | None, chosen: str) -> None:
    """The field the cursor went on to takes the rest of the chosen word as the choice's."""
    if isinstance(field, TailInput):
        field.tail = chosen[1:].casefold()


class TailInput(PasteJoiningInput):
    """A field that comes after a choice picked by its first letter: the letters that go on
    to spell the picked word, typed straight after it ("igh" after h for High), are the
    choice's, not this field's."""

    tail = ""  # what is left of the picked word

    def on_key(self, event: Key) -> None:
        tail, self.tail = self.tail, ""
        if tail and event.character is not None and event.character.casefold() == tail[0]:
            event.stop()
            event.prevent_default()
            self.tail = tail[1:]

    def on_blur(self) -> None:
        self.tail = ""


class ChoiceField(Static, can_focus=True):
    """One value of a fixed set: typing its first letters picks it (h for High, in for In
    Progress); left/right or space step through them."""

    BINDING_GROUP_TITLE = "Priority and status (in the action-item dialog)"
    BINDINGS = [
        Binding(",".join(NEXT_VALUE_KEYS), "step(1)", "Next value"),
        Binding(",".join(PREVIOUS_VALUE_KEYS), "step(-1)", "Previous value"),
    ]
    DEFAULT_CSS = """
    ChoiceField { width: 1fr; height: 1; padding: 0 1; background: $boost; }
    ChoiceField:focus { background: $primary 40%; }
    """

    def __init__(self, choices: Sequence[str], value: str, id: str | None = None,
                 hint: str | None = None) -> None:
        self.hint = hint  # what the field says in brackets (None: its letters, and space)
        self.choices = list(choices)
        self.value = value if value in self.choices else self.choices[0]
        self.typed = ""  # the letters typed since the field took the cursor
        self._note = ""
        super().__init__(self._text(), markup=False, id=id)

    class Changed(Message):
        def __init__(self, field: ChoiceField) -> None:
            super().__init__()
            self.field = field

    def on_key(self, event: Key) -> None:
        # As bindings these keys would wait for the app to reach them, after the enter of the
        # same burst (a priority binding) had saved the item; here they count in turn.
        step = STEP_OF_KEY.get(event.key)
        if step is not None:
            event.stop()
            event.prevent_default()
            self.action_step(step)
        elif event.is_printable and event.character is not None:
            event.stop()
            event.prevent_default()
            self._pick(event.character)

    def _pick(self, character: str) -> None:
        """Take the choice the letters typed so far start; a letter that starts none is said,
        not dropped silently."""
        for typed in (self.typed + character, character):
            chosen = choice_typed(self.choices, typed)
            if chosen is not None:
                self.typed, self._note = typed, ""
                self.choose(chosen)
                return
        self.typed = ""
        self._note = f"no choice starts with {character!r}"
        self._show()

    def on_blur(self) -> None:
        self.typed, self._note = "", ""
        self._show()

    def action_step(self, step: int) -> None:
        index = (self.choices.index(self.value) + step) % len(self.choices)
        self.choose(self.choices[index])

    def choose(self, value: str) -> None:
        """Show value (one of the choices) and say it changed."""
        self.value = value
        self._show()
        self.post_message(self.Changed(self))

    def _show(self) -> None:
        show_text(self, self._text())

    def _text(self) -> str:
        letters = "/".join(choice[0].lower() for choice in self.choices)
        said = (f"✗ {self._note}" if self._note else self.hint if self.hint is not None
                else f"type {letters}, or space ←/→")
        return f"◀ {self.value} ▶   ({said})"
