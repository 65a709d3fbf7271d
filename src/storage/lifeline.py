"""Staying alive only while it makes sense: signals that end the session, a watchdog that makes
sure the process really ends, and a check that the terminal is still there.

Plain Python (no Textual): the app wires these to its event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import termios
import threading
import time
from collections.abc import Callable

# SIGHUP: the SSH link dropped or the tmux pane was killed. SIGTERM: asked to stop.
ENDING_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
WATCHDOG_SECONDS = 1.5  # after the save, for Textual's shutdown to finish
RESCUE_SECONDS = 1.0  # for the event loop to answer a signal before a thread saves instead


def install_signal_handlers(
    loop: asyncio.AbstractEventLoop,
    handler: Callable[[int], None],
    rescue: Callable[[], object],
    handled: Callable[[], bool],
) -> None:
    """On an ending signal, run handler(signum) on the event loop, between other callbacks, so
    the document is never caught half-edited. Should the loop be stuck (its output blocked on a
    terminal that stopped reading, say), a thread runs rescue() after RESCUE_SECONDS unless
    handled() says the loop got there, and ends the process."""
    signalled: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        if signalled:
            return
        signalled.append(signum)
        with contextlib.suppress(RuntimeError):  # a closed loop: the rescue does it all
            loop.call_soon_threadsafe(handler, signum)
        start_rescue(exit_code_for(signum), rescue, handled)

    for signum in ENDING_SIGNALS:
        signal.signal(signum, on_signal)


def ignore_ending_signals() -> None:
    for signum in ENDING_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def start_rescue(code: int, rescue: Callable[[], object], handled: Callable[[], bool]) -> None:
    """After an ending signal the process ends, one way or the other: the loop saves and leaves
    (handled), or this thread saves and ends it. A loop that got there but then hangs on its
    way out (a shutdown blocked on a terminal that is gone) is ended after WATCHDOG_SECONDS."""

    def run() -> None:
        time.sleep(RESCUE_SECONDS)
        if not handled():
            with contextlib.suppress(Exception):  # the process ends whatever happens here
                rescue()
            os._exit(code)
        time.sleep(WATCHDOG_SECONDS)
        os._exit(code)

    threading.Thread(target=run, name="postmortem-rescue", daemon=True).start()


def exit_code_for(signum: int) -> int:
    """The shell's convention for a process ended by a signal."""
    return 128 + signum


def start_watchdog(code: int, seconds: float = WATCHDOG_SECONDS) -> threading.Thread:
    """End the process with code after seconds, whatever else is still running. Only started once
    the work is safe on disk: a shutdown that hangs on a dead terminal must not keep the
    process (and a CPU) busy."""

    def bite() -> None:
        time.sleep(seconds)
        os._exit(code)

    thread = threading.Thread(target=bite, name="postmortem-watchdog", daemon=True)
    thread.start()
    return thread


def terminal_fd() -> int | None:
    """The terminal we run in (stdin's descriptor), or None when there is none to watch."""
    return 0 if os.isatty(0) else None


def terminal_alive(descriptor: int) -> bool:
    """False once the terminal has hung up (its settings can no longer be read)."""
    try:
        termios.tcgetattr(descriptor)
    except (termios.error, OSError):
        return False
    return True
