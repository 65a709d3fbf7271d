"""Keys that arrive in one burst (a laggy SSH link coalescing packets, a paste) must land in
the fields they were meant for.

Textual dispatches each key to the focused widget's queue and goes on to the next key at once.
Enter or tab as a priority binding moves the focus before the next key is dispatched, so the
keys after it go to the next field. But the binding also runs before the focused field has
handled the keys typed just before it, so a check of the field's value would see half of it:
keys_handled waits for them first.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Iterable

from textual.binding import Binding, BindingType
from textual.widget import Widget

# Handling a few hundred queued keys takes milliseconds; this only bounds a stuck widget.
WAIT_LIMIT_SECONDS = 2.0


async def typing_settled(widget: Widget | None) -> None:
    """Wait until widget has handled the keys already sent to it, and the widgets around it
    the messages those keys sent up (an input's Changed, which its field writes to the
    document): a save or quit in the same burst as the typing must see all of it."""
    if widget is None:
        return
    chain = [widget, *(node for node in widget.ancestors if isinstance(node, Widget))]
    for _ in range(2):  # the last key's message is queued behind the first wait
        for node in chain:
            await keys_handled(node)


async def keys_handled(widget: Widget | None) -> None:
    """Wait until widget has handled every key already sent to it. Called from a priority
    binding, this holds back the keys after the binding's own until the action is done."""
    if widget is None:
        return
    done = asyncio.Event()
    if widget.call_later(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), WAIT_LIMIT_SECONDS)


async def refreshed(widget: Widget) -> None:
    """Wait until widget has run what it asked to run after its next refresh (a screen shown
    the first time focuses its first field only once it is laid out)."""
    done = asyncio.Event()
    widget.call_after_refresh(done.set)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), WAIT_LIMIT_SECONDS)


def in_typed_order(bindings: Iterable[Binding]) -> list[BindingType]:
    """bindings, each a priority binding. A key that opens a dialog is one (what follows it in
    a burst lands in the dialog); a widget's other keys must be too, or it overtakes those
    typed before it, still on their way up to the app: in "k k e" the dialog of e opened
    first, and the k's, arriving behind it, were dropped."""
    return [dataclasses.replace(binding, priority=True) for binding in bindings]


def base_keys(bindings: Iterable[BindingType], *, leaving_out: str) -> list[Binding]:
    """A base widget's own keys (OptionList's or DataTable's cursor keys) listed again, so
    that in_typed_order makes them priority too, all but the action leaving_out; without
    their descriptions, so that F1 lists as before the keys the widget adds, not its base's."""
    return [dataclasses.replace(binding, description="") for binding in bindings
            if isinstance(binding, Binding) and binding.action != leaving_out]
