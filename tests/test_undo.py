"""The undo history both editors keep: newest first out, bounded, forgettable."""

from __future__ import annotations

from postmortem.document.undo import NOTHING_TO_UNDO, UndoHistory


def test_steps_come_back_newest_first_with_what_they_were():
    history: UndoHistory[list[str]] = UndoHistory(depth=10)
    assert not history.can_undo and history.take_last() is None
    history.remember("add AI-1", [])
    history.remember("delete AI-1", ["AI-1"])
    step = history.take_last()
    assert step is not None and (step.what, step.before) == ("delete AI-1", ["AI-1"])
    assert step.undone_message == "Undid delete AI-1"
    last = history.take_last()
    assert last is not None and last.what == "add AI-1"
    assert not history.can_undo
    assert NOTHING_TO_UNDO == "Nothing to undo"


def test_only_the_last_depth_steps_are_kept():
    history: UndoHistory[int] = UndoHistory(depth=3)
    for number in range(5):
        history.remember(f"step {number}", number)
    assert len(history) == 3
    taken = [history.take_last() for _ in range(4)]
    assert [step.before if step else None for step in taken] == [4, 3, 2, None]


def test_forget_drops_every_step():
    history: UndoHistory[int] = UndoHistory(depth=3)
    history.remember("one", 1)
    history.forget()
    assert history.take_last() is None and len(history) == 0
