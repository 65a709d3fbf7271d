"""A widget's request for a dialog is answered once the screen has opened it, whatever
happens; an unanswered one lets the keyboard go after a bound."""

from __future__ import annotations

import asyncio
import time

import pytest

from postmortem.widgets import dialog_request
from postmortem.widgets.dialog_request import DialogRequest


async def test_the_binding_waits_until_the_screen_answers():
    request = DialogRequest()
    waiting = asyncio.create_task(request.answered())
    await asyncio.sleep(0.05)
    assert not waiting.done()
    with request.answering():
        await asyncio.sleep(0)
    await asyncio.wait_for(waiting, 1)


async def test_a_failed_opening_is_answered_too():
    request = DialogRequest()
    with pytest.raises(RuntimeError), request.answering():
        raise RuntimeError("no dialog")
    await asyncio.wait_for(request.answered(), 1)


async def test_a_request_nobody_answers_lets_go_after_the_wait_limit(monkeypatch):
    monkeypatch.setattr(dialog_request, "WAIT_LIMIT_SECONDS", 0.1)
    started = time.monotonic()
    await DialogRequest().answered()
    assert time.monotonic() - started >= 0.09  # it waited, and then let go
