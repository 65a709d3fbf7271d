"""After an ending signal the process always ends, even when the event loop took the signal
and then hung on its way out (as Textual's shutdown can, on a terminal that is gone)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from postmortem.storage import lifeline

HANDLED_THEN_STUCK = """
import asyncio, threading
from postmortem.storage import lifeline
loop = asyncio.new_event_loop()
lifeline.install_signal_handlers(loop, lambda signum: None, rescue=lambda: None,
                                 handled=lambda: True)
print("ready", flush=True)
threading.Event().wait()  # the loop answered, then its shutdown hung
"""


def test_a_process_stuck_after_handling_the_signal_still_ends() -> None:
    process = subprocess.Popen([sys.executable, "-c", HANDLED_THEN_STUCK],
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        start = time.monotonic()
        process.send_signal(signal.SIGHUP)
        limit = lifeline.RESCUE_SECONDS + lifeline.WATCHDOG_SECONDS + 2
        assert process.wait(limit) == 128 + signal.SIGHUP
        assert time.monotonic() - start < limit
    finally:
        process.kill()
        process.wait()
