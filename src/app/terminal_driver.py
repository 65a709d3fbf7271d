"""Textual's Linux terminal driver, hardened for tired people on flaky SSH links.

Textual's own input thread decodes strictly, so one byte that is not UTF-8 (a paste from a
Latin-1 terminal) ends the app with a traceback; and when the terminal hangs up it keeps
selecting a descriptor that only reports end-of-file, at 100% CPU. This driver reads the same
way but replaces bad bytes with U+FFFD and, when the terminal is gone, tells the app, which saves
and leaves.
"""

from __future__ import annotations

import codecs
import os
import selectors
from collections.abc import Callable

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

READ_BYTES = 4096


class TerminalGone(Message):
    """The terminal hung up (end of input, or reading it fails): nobody is there any more."""


class SturdyDriver(LinuxDriver):
    def run_input_thread(self) -> None:
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        try:
            while not self.exit_event.is_set():
                if not self._pass_on(selector.select(0.1), parser, decode):
                    self._app.post_message(TerminalGone())
                    return
            selector.unregister(self.fileno)
            self._pass_on(selector.select(0.1), parser, decode, final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass

    def _pass_on(self, ready: list[tuple[selectors.SelectorKey, int]], parser: XTermParser,
                 decode: Callable[..., str], final: bool = False) -> bool:
        """Read what is waiting and hand its events to the app; False when the terminal is
        gone."""
        if ready:
            try:
                data = os.read(self.fileno, READ_BYTES)
            except OSError:
                return False
            if not data:
                return False
            for event in parser.feed(decode(data, final)):
                self.process_message(event)
        for event in parser.tick():
            self.process_message(event)
        return True
