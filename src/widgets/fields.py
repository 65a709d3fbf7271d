"""Form fields bound to one place in the document: they read it, and write every change back."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from textual import events
from textual.actions import parse as parse_action
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from postmortem.widgets.host import MovesOn, UsesPostmortem
from postmortem.widgets.pasting import PasteJoiningInput

if TYPE_CHECKING:
    from postmortem.document.model import Document

Getter = Callable[["Document"], str]
Setter = Callable[["Document", str], None]
Problem = Callable[[str], "str | None"]


class Labelled(Vertical):
    """A form's block with its label drawn in its top edge, in line with the text of the
    editors below it. The same line as a Label above them, but one widget fewer on a screen
    of fields, each of which slows its first frame."""

    DEFAULT_CSS = """
    Labelled {
        height: auto;
        margin-bottom: 1;
        border-top: blank;
        border-title-color: $text-muted;
        border-title-align: left;
    }
    Labelled > .error { color: $error; height: auto; padding: 0 1; }
    Labelled > .hint { color: $text-muted; height: auto; padding: 0 1; }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.border_title = Content(label)  # plain text: a label is not markup


class Bound(UsesPostmortem):
    """What a form field bound to one text value of the document does, whatever its widget:
    shows the value, writes each valid change back, and says what is wrong with one that is
    not. The widget shows the problem (show_problem) and reloads the value (load)."""

    label: str
    get: Getter
    set: Setter
    problem: Problem | None
    source: str | None  # the value's dotted path in the file, for the first frame

    def bind(self, label: str, get: Getter, set: Setter, problem: Problem | None,
             source: str | None) -> None:
        self.label, self.get, self.set, self.problem, self.source = (
            label, get, set, problem, source)

    def shown_value(self) -> str:
        """The document's value; on the first screen, before the model is built, the file's
        (see opening.py). A field that cannot tell builds the model now."""
        session = self.postmortem.session
        if self in session.held:
            return session.held[self][0]
        if session.unchecked is not None and self.source is not None:
            return session.unchecked.text_at(self.source)
        return self.get(self.postmortem.document)

    def store(self, value: str) -> None:
        """Write value to the document when it is valid; an invalid value stays on screen."""
        if value == self.shown_value():
            return  # e.g. the editor announcing its initial value
        problem = self.problem(value) if self.problem else None
        if problem is None:
            self._write(value)
            self.show_problem(None)

    def _write(self, value: str) -> None:
        session = self.postmortem.session
        if not session.loaded and self.source is not None:  # written once the model is built
            session.hold(self, value, lambda document: self.set(document, value))
            return
        self.set(self.postmortem.document, value)
        self.postmortem.document_changed()

    def check(self, value: str) -> None:
        self.show_problem(self.problem(value) if self.problem else None)

    def refresh_from_document(self, before: Document | None = None) -> None:
        """Show the document's value after it changed under the field (a merge; before: the
        document shown until then), unless the change left this value alone, the field holds
        typing that is not valid yet, or it already shows that value."""
        value = self.get(self.postmortem.document)
        if before is not None and self.get(before) == value:
            return
        shown = self.shown_text()
        invalid = self.problem is not None and self.problem(shown) is not None
        if not invalid and shown.strip() != value.strip():  # not a mere trailing space
            self.load()

    if TYPE_CHECKING:

        def show_problem(self, problem: str | None) -> None: ...

        def load(self) -> None: ...

        def shown_text(self) -> str: ...


class BoundField(Labelled, Bound):
    """A labelled editor of one text value in the document, with an inline error line below
    it. Its subclass supplies the editor widget, of class "editor"."""

    DEFAULT_CSS = """
    BoundField > .error { display: none; }
    BoundField.-invalid > .error { display: block; }
    """

    def __init__(self, label: str, get: Getter, set: Setter, *, problem: Problem | None = None,
                 source: str | None = None, id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.bind(label, get, set, problem, source)
        self._problem_text = ""

    if TYPE_CHECKING:

        def editor(self) -> Widget: ...

    def compose(self) -> ComposeResult:
        yield self.editor()
        # the error line (a Static of class "error" after the editor) is mounted on the first
        # problem: most fields never have one, and each widget slows the first frame

    def show_problem(self, problem: str | None) -> None:
        """Show or clear the error line; it is written only when its text changes (writing it
        lays out the screen again, and store calls this on every key)."""
        self.set_class(problem is not None, "-invalid")
        text = f"✗ {problem}" if problem else ""
        if text != self._problem_text:
            self._problem_text = text
            lines = self.query_children(".error")
            if lines:
                lines.first(Static).update(text)
            else:
                editor = self.query_children(".editor").first()
                self.mount(Static(text, classes="error", markup=False), after=editor)


@cache
def own_bindings(widget_class: type[Widget]) -> dict[str, list[Binding]]:
    """The key bindings a widget class declares, its own and its bases' (a subclass's binding
    for a key replaces its bases'), read from their public BINDINGS as Textual merges them."""
    keys: dict[str, list[Binding]] = {}
    for base in reversed(widget_class.__mro__):
        if issubclass(base, Widget):
            keys.update(BindingsMap(base.__dict__.get("BINDINGS", [])).key_to_bindings)
    return keys


async def apply_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run the widget's own (not priority) binding for event's key now, as the widget handles
    the key, and stop the key there. Textual looks up a widget's bindings only once a key has
    bubbled up to the app, by when the keys after it may be handled already: in a burst from a
    laggy link, "abc", backspace, tab, "xyz" put the backspace into the next field."""
    bindings = own_bindings(type(widget))
    for key in event.aliases:
        for binding in bindings.get(key, []):
            _, name, parameters = parse_action(binding.action)
            if binding.priority or not widget.check_action(name, parameters):
                continue
            event.prevent_default()
            event.stop()
            await widget.run_action(binding.action)
            return True
    return False


class FieldInput(PasteJoiningInput):
    """An Input that applies its editing keys (backspace, ctrl+u, the arrows…) in order, and
    takes every line of a paste (see PasteJoiningInput).

    Its on_key runs before Input's own key handling (a subclass's handler comes first), and a
    key it applies is stopped there with prevent_default."""

    async def on_key(self, event: events.Key) -> None:
        await apply_own_binding(self, event)


class LineField(FieldInput, Bound):
    """A one-line value, checked when the cursor leaves it. One widget: the label is drawn in
    its top edge, and its bottom edge says what is wrong with the value, or what it means
    (describe). A screen of fields draws its first frame sooner for each widget fewer."""

    DEFAULT_CSS = """
    LineField {
        height: 3;
        margin: 0;
        padding: 0 1;
        border: none;
        border-top: wide $boost;
        border-bottom: wide $boost;
        background: $boost;
        border-title-color: $text-muted;
        border-title-align: left;
        border-subtitle-color: $text-muted;
        border-subtitle-align: left;
    }
    LineField:focus {
        border: none;
        border-top: wide $primary 40%;
        border-bottom: wide $primary 40%;
        background: $primary 40%;
    }
    LineField.-problem { border-subtitle-color: $error; }
    """

    def __init__(self, label: str, get: Getter, set: Setter, *, problem: Problem | None = None,
                 placeholder: str = "", suggest: list[str] | None = None,
                 describe: Callable[[str], str] | None = None, source: str | None = None,
                 id: str | None = None) -> None:
        self.bind(label, get, set, problem, source)
        self.describe = describe
        from textual.suggester import SuggestFromList

        suggester = SuggestFromList(suggest, case_sensitive=False) if suggest else None
        # validate_on=(): the field checks its value itself (problem); Textual's check would
        # only add a class, and restyle the input for it, on every change.
        # select_on_focus=False: a key pressed as the cursor arrives must not wipe the value
        # (an Input has no undo); ctrl+u clears it on purpose.
        super().__init__(self.shown_value(), placeholder=placeholder, suggester=suggester,
                         validate_on=(), select_on_focus=False, id=id)
        self.border_title = Content(label)  # plain text: a label is not markup
        self._problem: str | None = None
        self._note = ""
        self._show_note()

    @classmethod
    def at(cls, label: str, path: str, **options: Any) -> LineField:
        """A field for the text at a dotted path of the document, e.g. "incident.id"."""
        return cls(label, *attribute(path), source=path, **options)

    def _show_note(self) -> None:
        """The bottom edge: what is wrong with the value, else what it means (describe)."""
        if self._problem is not None:
            note = f"✗ {self._problem}"
        else:
            note = self.describe(self.value) if self.describe is not None else ""
        if note != self._note:
            self._note = note
            self.border_subtitle = Content(note)  # plain text: the note may quote the value

    def show_problem(self, problem: str | None) -> None:
        self.set_class(problem is not None, "-problem")
        self._problem = problem
        self._show_note()

    def on_focus(self) -> None:
        """The cursor arrives at the end of the value, in view, selecting nothing."""
        self.cursor_position = len(self.value)
        self._show_end()
        if not self.size.width:  # focused as its screen is first shown: not laid out yet
            self.call_after_refresh(self._show_end_if_focused)

    def _show_end(self) -> None:
        # Textual scrolls an input to its cursor once the cursor moves: a cursor already at
        # the end of a long value would be out of sight until the first key
        self.scroll_to(x=self.max_scroll_x, animate=False, immediate=True)

    def _show_end_if_focused(self) -> None:
        if self.has_focus:
            self._show_end()

    def on_blur(self) -> None:
        self.show_start()

    def watch_selection(self) -> None:
        # Input scrolls to the cursor whenever the value or the cursor changes, e.g. when the
        # document's value is loaded into a field without the focus
        if not self.has_focus:
            self.show_start()

    def show_start(self) -> None:
        """A field without the focus shows the start of its value: what it is about, where a
        long title cut at the left read "tage after payment-gateway certificate rotation"."""
        self.scroll_to(x=0, animate=False, immediate=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value or self.problem is None:
            # A checked field cleared on the way to a new value (ctrl+u, then typing) keeps its
            # old value until the new one is valid, or until the cursor leaves it empty.
            self.store(event.value)
        if self._problem is not None:
            self.check(event.value)
        else:
            self._show_note()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        self.check(event.value)
        if not event.value:
            self.store("")

    @property
    def invalid_text(self) -> str | None:
        """What is typed here when it is not valid (and so not in the document), else None."""
        return self.value if self.problem is not None and self.problem(self.value) else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        """Enter: check the value and, when it is good, go on to the next field."""
        self.check(self.value)
        if not self.value:
            self.store("")
        if self._problem is None:
            move_on_from(self)

    def shown_text(self) -> str:
        return self.value

    def load(self) -> None:
        with self.prevent(Input.Changed):
            self.value = self.get(self.postmortem.document)
        self.show_problem(None)


def move_on_from(widget: Widget) -> None:
    """Enter kept widget's value: the next field (on a section's last one, the next section,
    where the keys typed next belong, never the section list)."""
    screen = widget.screen
    if isinstance(screen, MovesOn):
        screen.move_on_from(widget)
    else:
        screen.focus_next()


def path_accessors(path: str) -> tuple[Callable[[Document], Any], Callable[[Document, Any], None]]:
    """Read and write the value at a dotted path of the document, e.g. "incident.id"; writes
    are held as loading holds them (document/edits.py)."""
    from postmortem.document.edits import get_at, set_at

    def get(document: Document) -> Any:
        return get_at(document, path)

    def set(document: Document, value: Any) -> None:
        set_at(document, path, value)

    return get, set


def attribute(path: str) -> tuple[Getter, Setter]:
    """A getter and setter of the text at a dotted path of the document."""
    get, set = path_accessors(path)
    return (lambda document: str(get(document))), set
