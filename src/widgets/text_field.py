"""A form field for free Markdown text over several lines.

Kept apart from the one-line fields so that the first screen, which has none, does not wait for
TextArea to be imported."""

from __future__ import annotations

from textual import events
from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.geometry import Offset
from textual.widgets import TextArea

from postmortem.widgets.cursor_view import keep_cursor_in_view
from postmortem.widgets.external_editor import EditorFailed, edit_text, editor_name
from postmortem.widgets.fields import BoundField, apply_own_binding
from postmortem.widgets.pasting import BLOCK_LIMIT, cut_note
from postmortem.widgets.status_line import confirm

# ctrl+o ("open in the editor"): TextArea binds no ctrl+o, and it passes through SSH and tmux
# untouched; F8 is the Review screen's everywhere.
EDITOR_KEY = "ctrl+o"
EDITOR_KEY_SHOWN = "ctrl+o"
EDITOR_ACTION_NAME = "Edit the text in $EDITOR"


class FieldTextArea(TextArea):
    """A TextArea that applies its editing keys in order (see apply_own_binding); its on_key
    runs before TextArea's own key handling, which a key it applies never reaches. It takes
    a paste's lines as they are, up to BLOCK_LIMIT characters of it; ctrl+o hands its text to
    the user's own editor. The cursor first arrives at the end of the text, where writing goes
    on; after that it stays where the user left it."""

    BINDING_GROUP_TITLE = "Text areas (multi-line fields)"
    BINDINGS = [
        Binding(EDITOR_KEY, "edit_in_editor", "$EDITOR", key_display="^o", show=False,
                tooltip=EDITOR_ACTION_NAME),
    ]

    cursor_placed = False
    """Whether the cursor has been here since the text was loaded (not `arrived`: that name
    is the lists' and tables' method, called as the cursor arrives at an empty one)."""

    async def on_key(self, event: events.Key) -> None:
        await apply_own_binding(self, event)

    def on_focus(self) -> None:
        if not self.cursor_placed:
            self.cursor_placed = True
            if self.cursor_location == (0, 0):
                self.move_cursor(self.document.end)

    def scroll_cursor_visible(self, center: bool = False, animate: bool = False) -> Offset:
        """Scroll the text to the cursor (TextArea's own), and the form around it too."""
        offset = super().scroll_cursor_visible(center, animate)
        keep_cursor_in_view(self)
        return offset

    def on_resize(self) -> None:
        keep_cursor_in_view(self)  # a text area grows as lines are typed into it

    def on_paste(self, event: events.Paste) -> None:
        if len(event.text) <= BLOCK_LIMIT or self.read_only:
            return  # TextArea's own paste takes it
        event.prevent_default()
        event.stop()
        result = self.replace(event.text[:BLOCK_LIMIT], *self.selection,
                              maintain_selection_offset=False)
        self.move_cursor(result.end_location)
        self.notify(cut_note(BLOCK_LIMIT, len(event.text), "A text area", BLOCK_LIMIT),
                    title="Paste cut", severity="warning", timeout=10)

    def action_edit_in_editor(self) -> None:
        """Suspend the app, edit the text in $VISUAL / $EDITOR (vi when neither is set), and
        take what was saved back as if typed: one undoable change, stored and saved as any."""
        try:
            with self.app.suspend():
                edited = edit_text(self.text, self._file_name())
        except SuspendNotSupported:
            confirm(self, f"{EDITOR_KEY_SHOWN} {editor_name()}: not here (no terminal to hand "
                          "over); type in the field")
            return
        except EditorFailed as error:
            self.notify(str(error), title="Text unchanged", severity="warning", timeout=8,
                        markup=False)
            return
        if edited == self.text:
            confirm(self, f"{editor_name()}: no change")
            return
        self.replace(edited, self.document.start, self.document.end)
        confirm(self, f"Text from {editor_name()} kept")

    def _file_name(self) -> str:
        """The temporary file's name: the field's, so the editor's title says what it is."""
        field = self.parent
        label = getattr(field, "label", "") if field is not None else ""
        return f"postmortem-{label}" if isinstance(label, str) and label else "postmortem"


class TextField(BoundField):
    """Free Markdown text over several lines."""

    DEFAULT_CSS = """
    TextField > TextArea { height: auto; min-height: 5; max-height: 16; }
    """

    def editor(self) -> TextArea:
        return FieldTextArea(self.get(self.postmortem.document), soft_wrap=True,
                             tab_behavior="focus",
                             show_line_numbers=False, classes="editor")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.store(event.text_area.text)

    def shown_text(self) -> str:
        return self.query_one(TextArea).text

    def load(self) -> None:
        editor = self.query_one(TextArea)
        with editor.prevent(TextArea.Changed):
            editor.load_text(self.get(self.postmortem.document))
