"""A form field for free Markdown text over several lines.

Kept apart from the one-line fields so that the first screen, which has none, does not wait for
TextArea to be imported."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from postmortem.widgets.fields import BoundField, apply_own_binding
from postmortem.widgets.pasting import BLOCK_LIMIT, cut_note


class FieldTextArea(TextArea):
    """A TextArea that applies its editing keys in order (see apply_own_binding); its on_key
    runs before TextArea's own key handling, which a key it applies never reaches. It takes
    a paste's lines as they are, up to BLOCK_LIMIT characters of it."""

    async def on_key(self, event: events.Key) -> None:
        await apply_own_binding(self, event)

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
