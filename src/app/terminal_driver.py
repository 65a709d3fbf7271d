"""Textual's Linux terminal driver, hardened for tired people on flaky SSH links.

Textual's own input thread decodes strictly, so one byte that is not UTF-8 (a paste from a
Latin-1 terminal) ends the app with a traceback; and when the terminal hangs up it keeps
selecting a descriptor that only reports end-of-file, at 100% CPU. This driver reads the same
way but replaces bad bytes with U+FFFD and, when the terminal is gone, tells the app, which saves
and leaves.

Textual's key parser also ends a bracketed paste at the first ESC inside it, so the rest of a
pasted coloured log line arrives as keystrokes. This driver takes the pastes out of the input
before the parser sees it (app/paste_stream.py) and posts each as one Paste event, cleaned of
escape sequences and control characters, as the parser posts its own.
"""

from __future__ import annotations

import codecs
import os
import selectors
import time
from collections.abc import Callable
from typing import Protocol

from textual import events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from postmortem.app.paste_stream import PasteSplitter, Piece
from postmortem.document.text import sanitize

READ_BYTES = 4096
IDLE_SECONDS = 0.1  # how long one wait for input lasts (Textual's own)
# A read that ends in what may be the start of a paste's marker: the rest of a marker cut by a
# read boundary follows at once, and an Escape key must not wait much longer than it does.
MARKER_SECONDS = 0.03
# A paste whose end marker never comes (a terminal's fault) ends after this long without input.
UNENDED_PASTE_SECONDS = 2.0


class TerminalGone(Message):
    """The terminal hung up (end of input, or reading it fails): nobody is there any more."""


class SturdyDriver(LinuxDriver):
    """Textual's Linux driver, reading its input as the module's docstring says."""

    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        reader = InputReader(self, XTermParser(self._debug))
        try:
            while not self.exit_event.is_set():
                if not reader.pass_on(bool(selector.select(reader.wait_seconds()))):
                    self._app.post_message(TerminalGone())
                    return
            selector.unregister(self.fileno)
            reader.pass_on(bool(selector.select(IDLE_SECONDS)), final=True)
        finally:
            selector.close()
            reader.close()


class Terminal(Protocol):
    """What the reader needs of the driver: the terminal to read, and where its events go."""

    @property
    def fileno(self) -> int: ...

    def process_message(self, message: Message) -> None: ...


class InputReader:
    """Reads the terminal, takes the pastes out, and hands the rest to Textual's key parser."""

    def __init__(self, driver: Terminal, parser: XTermParser) -> None:
        self.driver = driver
        self.parser = parser
        self.splitter = PasteSplitter()
        self.decode: Callable[..., str] = codecs.getincrementaldecoder("utf-8")(
            errors="replace").decode
        self.last_input = time.monotonic()

    def wait_seconds(self) -> float:
        return MARKER_SECONDS if self.splitter.waiting_for_marker else IDLE_SECONDS

    def pass_on(self, ready: bool, final: bool = False) -> bool:
        """Read what is waiting (when ready) and hand its events to the app; False when the
        terminal is gone."""
        if ready:
            try:
                data = os.read(self.driver.fileno, READ_BYTES)
            except OSError:
                return False
            if not data:
                return False
            self.last_input = time.monotonic()
            self._post(self.splitter.feed(self.decode(data, final)))
        if final or self._nothing_more_to_come(ready):
            self._post(self.splitter.flush())
        for event in self.parser.tick():
            self.driver.process_message(event)
        return True

    def _nothing_more_to_come(self, read: bool) -> bool:
        """Whether what the splitter holds will not be completed: no more of a cut marker came
        in a wait, or no more of a paste for UNENDED_PASTE_SECONDS."""
        if self.splitter.waiting_for_marker:
            return not read
        return self.splitter.pasting and (
            time.monotonic() - self.last_input > UNENDED_PASTE_SECONDS)

    def _post(self, pieces: list[Piece]) -> None:
        for text, pasted in pieces:
            if not pasted:
                for event in self.parser.feed(text):
                    self.driver.process_message(event)
            elif cleaned := sanitize(text):
                self.driver.process_message(events.Paste(cleaned))

    def close(self) -> None:
        try:
            for _event in self.parser.feed(""):
                pass
        except (EOFError, ParseError):
            pass
