"""A keyboard list editor for the standard's numbered lists and link lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from postmortem.document.drafts import Drafts
from postmortem.document.undo import NOTHING_TO_UNDO, UndoHistory
from postmortem.document.unfinished import Unfinished, describe_row
from postmortem.widgets.fields import Labelled, move_on_from, path_accessors
from postmortem.widgets.host import TypingChanged, UsesPostmortem
from postmortem.widgets.key_order import base_keys, in_typed_order, keys_handled
from postmortem.widgets.pasting import PasteJoiningInput
from postmortem.widgets.shown_text import show_text

if TYPE_CHECKING:
    from postmortem.document.model import Document

Row = tuple[str, ...]
GetRows = Callable[["Document"], list[Row]]
SetRows = Callable[["Document", list[Row]], None]
RowProblem = Callable[[Row], "tuple[int, str] | None"]  # (column, what is wrong)


UNDO_DEPTH = 100


class ItemList(OptionList):
    """The items; its keys act on the highlighted one."""

    BINDING_GROUP_TITLE = "Lists (contributing factors, improvements, links)"
    FOOTER_OMITS: ClassVar[frozenset[str]] = frozenset({"f2", "f3", "ctrl+s"})  # fits 80 cols
    # priority, every key (in_typed_order): the item opens before the next key of a burst is
    # read (see the timeline), and the keys before it are handled before it. OptionList's
    # cursor keys are here again to be priority too.
    BINDINGS = in_typed_order([
        Binding("a", "add", "Add"),
        Binding("enter,e", "edit", "Edit"),
        Binding("d,delete", "delete", "Delete", tooltip="Delete the item (u brings it back)"),
        Binding("u,ctrl+z", "undo", "Undo", show=False,
                tooltip="Undo the last delete, move or change"),
        Binding("K,shift+up", "move(-1)", "Move up"),
        Binding("J,shift+down", "move(1)", "Move down"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        *base_keys(OptionList.BINDINGS, leaving_out="select"),
    ])

    def on_focus(self, event: events.Focus) -> None:
        if not event.from_app_focus:  # the terminal regaining focus is no arrival
            self.arrived()

    def arrived(self) -> None:
        self._editor.arrived()

    def action_add(self) -> None:
        self._editor.start_edit(None)

    def action_edit(self) -> None:
        if self.highlighted is not None:
            self._editor.start_edit(self.highlighted)
        else:
            self._editor.start_edit(None)

    def action_delete(self) -> None:
        if self.highlighted is not None:
            self._editor.delete(self.highlighted)

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self._editor.move(self.highlighted, step)

    def action_undo(self) -> None:
        self._editor.undo()

    @property
    def _editor(self) -> ListEditor:
        return self.query_ancestor(ListEditor)


class ListEditor(Labelled, UsesPostmortem):
    DEFAULT_CSS = """
    ListEditor ItemList { height: auto; max-height: 12; min-height: 3; }
    /* A list with the cursor looks like no text field (those have a tall frame): a double
       frame and a filled item, so a word typed there is not mistaken for text */
    ListEditor ItemList:focus { border: double $accent; background: $accent 8%; }
    ListEditor ItemList:focus > .option-list--option-highlighted {
        background: $accent; color: $text; text-style: bold;
    }
    ListEditor > .editing { height: auto; display: none; }
    ListEditor.-editing > .editing { display: block; }
    ListEditor .editing Input { width: 1fr; }
    ListEditor > .hint { height: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel edit", show=False),
        # priority, while an item is typed: the focus moves (or the next new item opens)
        # before the next key of a burst is read, so it lands where it was meant to.
        Binding("enter", "next_or_keep", "Next field / keep", show=False, priority=True),
        # tab keeps the item being typed and goes on to the next field (the screen hands it
        # here: see takes_tab), rather than leaving it behind as a draft
        Binding("tab", "keep_and_move_on", "Keep, next field", show=False, priority=True),
    ]

    def __init__(self, label: str, get: GetRows, set: SetRows, *, columns: tuple[str, ...] = ("",),
                 problem: RowProblem | None = None, source: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(label, id=id)
        self.get = get
        self.set = set
        self.source = source  # the dotted path of the list it edits, e.g. "preventive.process"
        self.columns = columns
        self.problem = problem
        self.editing: int | None = None  # index being edited; len(rows) when adding
        # typing closed with escape, by the item it edits; and undo of the list's changes
        self.drafts: Drafts[Row] = Drafts(f"{label} item", blank=lambda row: not any(row))
        self.history: UndoHistory[list[Row]] = UndoHistory(UNDO_DEPTH)
        self._back_from_item = False  # the focus returns to the list from its own item
        self._opened_on_arrival = False  # the new item open is the one arriving opened

    def arrived(self) -> None:
        """The cursor arrived at the list: an empty one opens its first item at once, so that
        what is typed next goes into it (no `a` needed). Back from its own item (escape, or
        enter ending a run), it stays as it is."""
        if self._back_from_item:
            self._back_from_item = False
            return
        if self.editing is None and not self.rows:
            self.start_edit(None)
            self._opened_on_arrival = True

    def compose(self) -> ComposeResult:
        yield ItemList()
        with Horizontal(classes="editing"):
            for column in self.columns:
                yield PasteJoiningInput(placeholder=column or "Type the item; enter keeps it "
                                        "and opens the next (enter on an empty one: done)")
        yield Static("", classes="error", markup=False)
        yield Static("a add · enter edit · d delete · J/K move", classes="hint")

    def on_mount(self) -> None:
        self.load()
        self.take_typing_back()

    # --- typing that is not in the document yet ----------------------------------------------

    @property
    def where(self) -> str:
        """The name this list's unfinished typing goes by."""
        return f"list:{self.id or self.label}"

    def unfinished_typing(self) -> list[Unfinished]:
        """Items typed but not kept yet: drafts left by escape, and the item being edited."""
        found = dict(self.drafts.items())
        if self.editing is not None:
            typed = tuple(editor.value for editor in self.query(".editing Input").results(Input))
            if any(typed) and typed != self._start_values(self.editing):
                found[self._draft_key(self.editing)] = typed
        return [Unfinished(self.where, key, values, describe_row(f"{self.label} item", values))
                for key, values in found.items()]

    def _start_values(self, index: int) -> Row:
        rows = self.rows
        return rows[index] if index < len(rows) else ("",) * len(self.columns)

    def take_typing_back(self) -> None:
        """Keep as drafts the unfinished typing an earlier run left for this list."""
        for item in self.postmortem.typing_for(self.where):
            self.drafts.keep(item.edits, item.values, ())

    @on(Input.Changed, ".editing Input")
    def _typing_changed(self) -> None:
        self.post_message(TypingChanged())

    @property
    def rows(self) -> list[Row]:
        return self.get(self.postmortem.document)

    def load(self, highlight: int | None = None) -> None:
        items = self.query_one(ItemList)
        rows = self.rows
        items.set_options(self._option(number, row) for number, row in enumerate(rows, 1))
        if rows:
            items.highlighted = min(highlight or 0, len(rows) - 1)

    def refresh_from_document(self, before: Document | None = None) -> None:
        """Show the list after someone else's change (before: the document shown until then),
        the same item highlighted; a list the change left alone is not touched."""
        if before is not None and self.get(before) == self.rows:
            return
        self.load(self.query_one(ItemList).highlighted)

    def _option(self, number: int, row: Row) -> Option:
        text = "  ".join(part.replace("\n", " ⏎ ") for part in row if part)
        return Option(Content(f"{number}. {text}"))  # as typed: a str prompt is markup

    def start_edit(self, index: int | None) -> None:
        rows = self.rows
        self.editing = len(rows) if index is None else index
        values = rows[index] if index is not None else ("",) * len(self.columns)
        draft = self.drafts.take(self._draft_key(index))
        if draft is not None and draft != values:
            values = draft
            self.notify("Restored what you typed before escape.", timeout=3)
        inputs = list(self.query(".editing Input").results(Input))
        for editor, value in zip(inputs, values, strict=True):
            editor.value = value
        self.add_class("-editing")
        self._show_problem(None)
        self.screen.set_focus(inputs[0])  # at once: the next key of a burst lands in it
        self.call_after_refresh(self._show_editor)

    def _show_editor(self) -> None:
        self.query_one(".editing").scroll_visible(animate=False)

    def _draft_key(self, index: int | None) -> str:
        """Escape keeps what was typed as a draft: for the item it belonged to, or a new one."""
        rows = self.rows
        return "new" if index is None or index >= len(rows) else f"{index}:{rows[index]}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter and tab are this list's only while an item is typed; else the item list's own
        # enter, and the app's tab.
        return action not in ("next_or_keep", "keep_and_move_on") or self.takes_tab()

    def takes_tab(self) -> bool:
        """Whether an item is being typed here, so that tab keeps it and moves on."""
        return self._typing_in() is not None

    def _typing_in(self) -> Input | None:
        """The item field that has the cursor, if one has."""
        focused = self.screen.focused if self.is_attached else None
        if self.editing is None or not isinstance(focused, Input):
            return None
        return focused if focused in self.query(".editing Input") else None

    async def action_next_or_keep(self) -> None:
        """Enter: the next field; on the last one, keep the item (and, adding, open the next
        new one); on an empty new item, end the run of additions."""
        field = self._typing_in()
        if field is None:
            return
        await keys_handled(field)
        inputs = list(self.query(".editing Input").results(Input))
        row = tuple(editor.value.strip() for editor in inputs)
        adding = self.editing is not None and self.editing >= len(self.rows)
        if adding and not any(row):
            passing = self._opened_on_arrival  # nothing to add here: on to the next field
            self._close_editor()  # enter on an empty new item: the run is done
            if passing:
                move_on_from(self.query_one(ItemList))
            return
        position = inputs.index(field)
        if position < len(inputs) - 1:
            self.screen.set_focus(inputs[position + 1])
            return
        self.commit(row, then_new=adding)

    async def action_keep_and_move_on(self) -> None:
        """Tab while an item is typed: the next column; on the last, keep the item (an empty
        new one adds nothing) and go on to the field after the list."""
        field = self._typing_in()
        if field is None:
            return
        await keys_handled(field)
        inputs = list(self.query(".editing Input").results(Input))
        position = inputs.index(field)
        if position < len(inputs) - 1:
            self.screen.set_focus(inputs[position + 1])
            return
        if self.commit(tuple(editor.value.strip() for editor in inputs)):
            move_on_from(self.query_one(ItemList))

    def commit(self, row: Row, *, then_new: bool = False) -> bool:
        """Keep row where it is being edited; False (and the problem shown) if it is refused.
        then_new: a new item opens next, in the same fields."""
        if self.editing is None:
            return False
        problem = self.problem(row) if self.problem and any(row) else None
        if problem is not None:
            column, message = problem
            self._show_problem(message)
            list(self.query(".editing Input").results(Input))[column].focus()
            return False
        rows = self.rows
        index = self.editing
        if any(row):
            if index >= len(rows):
                rows.append(row)
            else:
                rows[index] = row
        elif index < len(rows):
            del rows[index]  # an emptied item is removed; an empty new one adds nothing
        self._save(rows, highlight=index)
        self._close_editor(reopening=then_new)
        if then_new:
            self.start_edit(None)
        return True

    def action_cancel(self) -> None:
        if self.editing is None:
            return
        typed = tuple(editor.value for editor in self.query(".editing Input").results(Input))
        self.drafts.keep(self._draft_key(self.editing), typed, self._start_values(self.editing))
        self._close_editor()

    def _close_editor(self, *, reopening: bool = False) -> None:
        """Close the item's fields, the cursor back on the list; reopening: a new item opens
        in them at once, so they stay (hiding and showing them, and the cursor going to the
        list and back, was half the time of keeping an item)."""
        self.editing = None
        self._opened_on_arrival = False
        if reopening:
            self._back_from_item = False  # as once the list has had the cursor and lost it
            return
        self._back_from_item = not self.query_one(ItemList).has_focus
        self.remove_class("-editing")
        self._show_problem(None)
        self.screen.set_focus(self.query_one(ItemList))  # at once, as start_edit's

    def delete(self, index: int) -> None:
        rows = self.rows
        removed = rows.pop(index)
        self._save(rows, highlight=index, what=f"delete of item {index + 1}")
        self.notify(f"Deleted item {index + 1}: {removed[0][:40]} (u brings it back)",
                    timeout=3, markup=False)

    def move(self, index: int, step: int) -> None:
        rows = self.rows
        target = index + step
        if 0 <= target < len(rows):
            rows[index], rows[target] = rows[target], rows[index]
            self._save(rows, highlight=target, what=f"move of item {index + 1}")

    def undo(self) -> None:
        """Put the list back as it was before its last change."""
        step = self.history.take_last()
        if step is None:
            self.notify(NOTHING_TO_UNDO, timeout=3)
            return
        self.set(self.postmortem.document, step.before)
        self.postmortem.document_changed()
        self.load()
        self.notify(step.undone_message, timeout=3, markup=False)

    def _save(self, rows: list[Row], highlight: int, what: str = "change") -> None:
        self.history.remember(what, self.rows)
        self.set(self.postmortem.document, rows)
        self.postmortem.document_changed()
        self.load(highlight)

    def _show_problem(self, problem: str | None) -> None:
        show_text(self.query_one(".error", Static), f"✗ {problem}" if problem else "")

    def focus_item(self, index: int) -> None:
        """Focus the list with item index (counted from 0) highlighted."""
        items = self.query_one(ItemList)
        if items.option_count:
            items.highlighted = min(max(index, 0), items.option_count - 1)
        items.focus()

    def focus_first(self) -> None:
        self.query_one(ItemList).focus()


def string_list(path: str) -> tuple[GetRows, SetRows]:
    """Rows for a list of strings at a dotted path of the document, e.g. "preventive.process"."""
    get, set = path_accessors(path)

    def get_rows(document: Document) -> list[Row]:
        return [(item,) for item in get(document)]

    def set_rows(document: Document, rows: list[Row]) -> None:
        set(document, [row[0] for row in rows])

    return get_rows, set_rows
