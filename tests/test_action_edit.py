"""Action-item edits: each says what to show and to say, IDs are never reused, and every
change can be undone."""

from __future__ import annotations

import datetime as dt

from postmortem.document.action_edit import ActionItemsEditor, item_from, next_in
from postmortem.document.drafts import ActionDraft, ActionEdit
from postmortem.document.model import ActionItem, Document, Priority, Status


def saved(description: str, due: dt.date | None = None, **fields: str) -> ActionEdit:
    return ActionEdit(ActionDraft(description, **fields), due=due, saved=True)


def ids(document: Document) -> list[str]:
    return [item.id for item in document.action_items]


def with_items(*descriptions: str) -> tuple[Document, ActionItemsEditor]:
    document, editor = Document(), ActionItemsEditor()
    for description in descriptions:
        editor.add(document, saved(description))
    editor.forget()
    return document, editor


def test_add_gives_the_next_id_and_focuses_the_new_item():
    document, editor = Document(), ActionItemsEditor()
    change = editor.add(document, saved("Probe", dt.date(2026, 4, 1), owner="Sam",
                                        priority="High", status="In Progress"))
    [item] = document.action_items
    assert (item.id, item.description, item.owner, item.priority, item.due, item.status) == (
        "AI-1", "Probe", "Sam", Priority.HIGH, dt.date(2026, 4, 1), Status.IN_PROGRESS)
    assert change.message == "Added AI-1"
    assert change.added is item and change.focus is item and change.edited


def test_ids_are_never_reused_not_even_by_undoing_an_add():
    document, editor = with_items("One", "Two")
    editor.delete(document, document.action_items[1])
    editor.add(document, saved("Three"))
    assert ids(document) == ["AI-1", "AI-3"]
    editor.undo(document)  # the add of AI-3
    editor.add(document, saved("Four"))
    assert ids(document) == ["AI-1", "AI-4"]


def test_edit_keeps_the_id_and_undo_puts_the_old_values_back():
    document, editor = with_items("One", "Two")
    two = document.action_items[1]
    change = editor.edit(document, two, saved("Two, renamed", owner="Yuki"))
    assert [item.description for item in document.action_items] == ["One", "Two, renamed"]
    assert change.message == "Changed AI-2"
    assert change.updated is document.action_items[1] and change.focus is change.updated
    undo = editor.undo(document, focus_id="AI-2")
    assert document.action_items[1].description == "Two" and document.action_items[1].owner == ""
    assert undo.message == "Undid edit AI-2" and undo.restored
    assert undo.focus is document.action_items[1]


def test_an_edit_of_an_item_no_longer_there_changes_nothing():
    document, editor = with_items("One")
    gone = document.action_items[0]
    editor.delete(document, gone)
    change = editor.edit(document, gone, saved("Back?"))
    assert not change.edited and change.message == "" and document.action_items == []
    assert editor.undo(document).message == "Undid delete AI-1"  # no step for the edit


def test_delete_says_how_to_bring_it_back_and_undo_does():
    document, editor = with_items("One", "Two")
    two = document.action_items[1]
    change = editor.delete(document, two)
    assert ids(document) == ["AI-1"]
    assert change.message == "Deleted AI-2 (u brings it back)"
    assert change.removed is two and change.focus is None
    undo = editor.undo(document, focus_id="AI-1")
    assert ids(document) == ["AI-1", "AI-2"] and document.action_items[1] == two
    assert undo.message == "Undid delete AI-2" and undo.focus is document.action_items[0]


def test_priority_and_status_cycle_round_and_each_step_is_undone():
    document, editor = with_items("One")
    item = document.action_items[0]
    messages = [editor.cycle_priority(document, item).message for _ in range(3)]
    assert messages == ["AI-1: priority Low", "AI-1: priority High", "AI-1: priority Medium"]
    change = editor.cycle_status(document, item)
    assert change.message == "AI-1: In Progress"
    assert change.updated is item and change.focus is item
    assert editor.undo(document).message == "Undid status of AI-1"
    assert document.action_items[0].status is Status.OPEN
    assert editor.undo(document).message == "Undid priority of AI-1"
    assert document.action_items[0].priority is Priority.HIGH


def test_undo_with_nothing_to_undo_changes_nothing():
    document, editor = with_items("One")
    change = editor.undo(document, focus_id="AI-1")
    assert change.message == "Nothing to undo" and not change.edited
    assert not editor.can_undo and ids(document) == ["AI-1"]


def test_undo_focuses_nothing_when_the_focused_item_did_not_exist_before():
    document, editor = Document(), ActionItemsEditor()
    editor.add(document, saved("One"))
    change = editor.undo(document, focus_id="AI-1")
    assert document.action_items == [] and change.focus is None and change.restored


def test_the_history_keeps_the_last_hundred_changes():
    document, editor = with_items("One")
    for _ in range(101):
        editor.cycle_status(document, document.action_items[0])
    undone = 0
    while editor.can_undo:
        editor.undo(document)
        undone += 1
    assert undone == 100


def test_save_adds_a_new_item_or_edits_the_one_given():
    document, editor = Document(), ActionItemsEditor()
    assert editor.save(document, None, saved("One")).message == "Added AI-1"
    change = editor.save(document, document.action_items[0], saved("One, renamed"))
    assert change.message == "Changed AI-1"
    assert [item.description for item in document.action_items] == ["One, renamed"]


def test_helpers():
    assert next_in([1, 2, 3], 3) == 1
    item = item_from(saved("D", dt.date(2026, 1, 2), owner="O", priority="Low"), "AI-7")
    assert item == ActionItem(id="AI-7", description="D", owner="O", priority=Priority.LOW,
                              due=dt.date(2026, 1, 2))
