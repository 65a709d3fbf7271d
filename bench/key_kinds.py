"""The key kinds bench/keys.py measures beyond moving and typing in the section fields: the
timeline's add, edit, delete and undo, typing in the row editor, the action editor, a list item
and the 5-Whys wizard's "Because". Each scenario drives the app as a user would, from the
section it opens, and adds CPU samples (ms, the pilot's idle cost not yet taken off) to a dict
of lists named as run.py's table names them.

Widgets are found by type or by the focus, as keys.py finds them; a scenario that cannot find
what it needs raises, and keys.py reports its error in place of its figures.
"""

from __future__ import annotations

from typing import Any

import keys
from textual.pilot import Pilot

ROUNDS = 10  # each round is one add (or edit) of a row: several keys of every kind
WORD = "fix it"  # typed into a field each round: 6 keys


Samples = dict[str, list[float]]


async def timed(pilot: Pilot[Any], samples: Samples, kind: str, key: str) -> None:
    samples.setdefault(kind, []).append(await keys.cpu_ms(keys.key_cycle(pilot, key)))


async def type_word(pilot: Pilot[Any], samples: Samples, kind: str) -> None:
    for key in WORD:
        await timed(pilot, samples, kind, "space" if key == " " else key)


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


async def expect_screen(pilot: Pilot[Any], name: str) -> None:
    await keys.settle(pilot)
    if screen_name(pilot) != name:
        raise LookupError(f"expected {name}, found {screen_name(pilot)}")


async def timeline_rows(pilot: Pilot[Any], samples: Samples) -> None:
    """On the Timeline, the cursor on a middle row: add a row (a, its time, its text, ctrl+n,
    escape from the next new row's editor) and undo it; edit a row's text (e, enter to the
    text, typing, ctrl+n) and undo it; delete a row and undo it."""
    for _ in range(ROUNDS):
        await timed(pilot, samples, "timeline_open_editor", "a")
        await expect_screen(pilot, "EventEditor")
        for key in "now":
            await timed(pilot, samples, "type_row_editor", key)
        await timed(pilot, samples, "row_editor_enter", "enter")
        await type_word(pilot, samples, "type_row_editor")
        await timed(pilot, samples, "timeline_add", "ctrl+n")
        await expect_screen(pilot, "EventEditor")  # a run of additions: the next new row
        await pilot.press("escape")
        await expect_screen(pilot, "TimelineScreen")
        await timed(pilot, samples, "timeline_undo", "u")
    for _ in range(ROUNDS):
        await timed(pilot, samples, "timeline_open_editor", "e")
        await expect_screen(pilot, "EventEditor")
        await timed(pilot, samples, "row_editor_enter", "enter")
        await pilot.press("end")
        await type_word(pilot, samples, "type_row_editor")
        await timed(pilot, samples, "timeline_edit_row", "ctrl+n")
        await expect_screen(pilot, "TimelineScreen")
        await timed(pilot, samples, "timeline_undo", "u")
    for _ in range(ROUNDS):
        await timed(pilot, samples, "timeline_delete", "d")
        await timed(pilot, samples, "timeline_undo", "u")


async def action_editor(pilot: Pilot[Any], samples: Samples) -> None:
    """On the Action Items grid: e opens the item's editor (in its description), typing, ctrl+n
    saves, u undoes it."""
    for _ in range(ROUNDS // 2):
        await timed(pilot, samples, "grid_open_editor", "e")
        await expect_screen(pilot, "ActionEditor")
        await pilot.press("end")
        await type_word(pilot, samples, "type_action_editor")
        await timed(pilot, samples, "grid_save", "ctrl+n")
        await expect_screen(pilot, "ActionItemsScreen")
        await timed(pilot, samples, "grid_undo", "u")


async def list_item(pilot: Pilot[Any], samples: Samples) -> None:
    """On Root Cause Analysis, in its list (contributing factors): a adds an item, typing,
    enter keeps it (and opens the next, which escape leaves)."""
    from postmortem.widgets.list_editor import ListEditor

    editor = keys.first(pilot.app.screen, ListEditor)
    editor.query_one("ItemList").focus()
    await keys.settle(pilot)
    for _ in range(ROUNDS // 2):
        await pilot.press("a")
        await keys.settle(pilot)
        await type_word(pilot, samples, "type_list_item")
        await timed(pilot, samples, "list_keep", "enter")
        await pilot.press("escape")
        await keys.settle(pilot)


async def wizard_because(pilot: Pilot[Any], samples: Samples) -> None:
    """The 5-Whys wizard (w), on its first why's "Because": typing there."""
    await pilot.press("w")
    await expect_screen(pilot, "WhyWizard")
    for _ in range(2):  # the problem statement, then the why: enter moves on to Because
        await pilot.press("enter")
        await keys.settle(pilot)
    focused = pilot.app.focused
    if focused is None or focused.id != "because":
        raise LookupError(f"the wizard's focus is on {focused!r}, not Because")
    await pilot.press("end")
    for _ in range(ROUNDS // 2):
        await type_word(pilot, samples, "type_wizard_because")
    await pilot.press("escape")
    await keys.settle(pilot)
