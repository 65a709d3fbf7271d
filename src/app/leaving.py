"""The app's way out: quitting, signals and a terminal that is gone, none of which may lose
what was typed. PostmortemApp builds on it; it draws nothing itself."""

from __future__ import annotations

import asyncio
import signal
import time
from typing import TYPE_CHECKING

from postmortem.app.keeping import KeepsWorkSafe
from postmortem.storage import lifeline
from postmortem.storage.session import QUIT_REFUSED
from postmortem.widgets.fields import LineField
from postmortem.widgets.key_order import typing_settled

if TYPE_CHECKING:
    from postmortem.app.terminal_driver import TerminalGone


class LeavesSafely(KeepsWorkSafe):
    """Quit, SIGHUP, SIGTERM or a hung-up terminal: the work is kept first, always."""

    def _start_keeping(self) -> None:
        if not self.is_headless:
            lifeline.install_signal_handlers(asyncio.get_running_loop(), self.handle_signal,
                                             self.session.keep_everything, lambda: self._leaving)
            self._terminal = lifeline.terminal_fd()
        super()._start_keeping()

    def _look_at_the_file(self) -> None:
        if self._leaving:
            return
        if self._terminal is not None and not lifeline.terminal_alive(self._terminal):
            self._leave(lifeline.exit_code_for(signal.SIGHUP))  # hung up without a SIGHUP
            return
        super()._look_at_the_file()

    def on_terminal_gone(self, message: TerminalGone) -> None:
        self._leave(lifeline.exit_code_for(signal.SIGHUP))

    def handle_signal(self, signum: int) -> None:
        """SIGHUP (link dropped, pane killed) or SIGTERM: save at once, then leave."""
        self._leave(lifeline.exit_code_for(signum))

    def _leave(self, code: int) -> None:
        if self._leaving:
            return
        self._leaving = True
        self._stop_timers()
        self.farewell = self.session.keep_everything()
        if not self.is_headless:
            lifeline.start_watchdog(code)  # Textual's shutdown can hang on a dead terminal
        self.exit(code, return_code=code)

    def _refuse_to_lose_the_work(self) -> None:
        """Nothing could be written anywhere: quitting now would lose the work, so it waits."""
        self._leaving = False
        self.keep_soon()
        self.tell(f"Not quitting: {self.farewell}. Free some space and press ctrl+s, or press "
                  "F9 to save somewhere else (another disk, /dev/shm); then quit.",
                  title="Your work is only here", severity="error", timeout=30)

    def invalid_fields(self) -> list[str]:
        """Fields whose typed text is not valid, so not in the document: "Date: 2026-03-32"."""
        return [
            f"{field.label.split(' (')[0]}: {field.invalid_text}"
            for screen in self.section_screens.values()
            for field in screen.query(LineField)
            if field.invalid_text is not None
        ]

    def typing_not_kept(self) -> list[str]:
        """What was typed but is not in the document, so would be lost by quitting: invalid
        fields, open dialogs' text, drafts kept when a dialog was closed with escape."""
        found = [f"{text} (not valid)" for text in self.invalid_fields()]
        return found + [f"an unfinished {item.describe}" for item in self.unfinished_typing()]

    async def action_quit(self) -> None:
        await typing_settled(self.focused)
        forced = time.monotonic() - self._quit_refused_at < 3
        unkept = self.typing_not_kept()
        if unkept and not forced:
            self._quit_refused_at = time.monotonic()
            self.tell(f"Not quitting, as this is not in the post-mortem yet: {'; '.join(unkept)}. "
                      "Finish it, or press ctrl+q again within 3 s to quit without it.",
                      severity="warning")
            return
        if forced or not self.session.dirty or self.save():
            self._leaving = True
            self._stop_timers()
            self.farewell = self.session.keep_everything()
            if self.session.kept_nowhere:
                self._refuse_to_lose_the_work()
                return
            if not self.is_headless:
                lifeline.start_watchdog(0)  # the work is kept: a hung shutdown must not stay
            self.exit(0)
            return
        self._quit_refused_at = time.monotonic()
        self.tell(QUIT_REFUSED, severity="error")
