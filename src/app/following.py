"""The half of the app that follows the file as others change it: `postmortem log` appending
events from any shell, a second window, a `git pull`. The file is looked at four times a
second (a stat; it is read only when it changed), and a change is shown within a second:
merged with the author's unsaved edits field by field, every screen redrawn from the model
with its cursor on the same row, and what is being typed (a field, an open row editor, a
dialog) left as it is. KeepsWorkSafe builds on it; it draws nothing itself."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import SeverityLevel
from textual.timer import Timer

from postmortem.storage.recovery import printable_path
from postmortem.widgets.key_order import typing_settled

if TYPE_CHECKING:
    from postmortem.document.model import Document
    from postmortem.screens.base import SectionScreen
    from postmortem.storage.session import Session

DISK_POLL_SECONDS = 0.25  # how often the file is looked at (a stat) for someone else's change
# A change costs reading, parsing (in a thread) and merging the file (a few ms; ~0.3 s at
# 10,000 rows): the next look waits at least this many times as long, so a stream of appends to
# a long file never takes more than a fifth of the machine.
POLL_COST_FACTOR = 4.0
SAVE_RETRY_SECONDS = 2.0  # a save that failed (a full disk) is tried again this often
BURST_SECONDS = 3.0  # changes closer together than this are one burst: told once


class FollowsTheFile(App[int]):
    """Shows someone else's change to the open file as it lands, never losing a word of ours."""

    if TYPE_CHECKING:
        session: Session
        section_screens: dict[str, SectionScreen]
        save_state: str
        _leaving: bool
        _dirty_since: float | None

        def tell(self, message: str, *, title: str = "",
                 severity: SeverityLevel = "information", timeout: float = 8) -> None: ...
        def keep_soon(self) -> None: ...
        def autosave(self) -> None: ...
        def replace_document(self, document: Document) -> None: ...
        def _stop_timers(self) -> None: ...
        def _enter_conflict(self, why: str = "") -> None: ...
        def _tell_recovery_news(self) -> None: ...
        def _review_again(self) -> None: ...

    _poll_timer: Timer | None = None
    _last_disk_news = -BURST_SECONDS  # when a change on disk was last shown (monotonic)
    _last_save_retry = -SAVE_RETRY_SECONDS

    def _start_following(self) -> None:
        self._poll_after(DISK_POLL_SECONDS)

    def _poll_after(self, seconds: float) -> None:
        if not self._leaving:
            self._poll_timer = self.set_timer(seconds, self._poll_disk)

    async def _poll_disk(self) -> None:
        """Look at the file, take someone else's change in, and look again soon."""
        if self._leaving:
            return
        # keys already sent reach the document first: a merge sees all that was typed
        await typing_settled(self.focused if self.screen_stack else None)
        started = time.monotonic()
        await self._read_their_version()
        self._look_at_the_file()
        self.session.prepared = None  # taken, or stale
        cost = time.monotonic() - started
        self._poll_after(max(DISK_POLL_SECONDS, cost * POLL_COST_FACTOR))

    async def _read_their_version(self) -> None:
        """Someone else's change is read and parsed in a thread (0.3 s at 10,000 rows, which
        typing used to wait for); the look that follows merges it (cheap) on the event loop."""
        session = self.session
        if self._leaving or not session.wants_their_version():
            return
        import asyncio

        session.prepared = await asyncio.to_thread(session.read_theirs, session.watch.known,
                                                   session.dirty)

    def _look_at_the_file(self) -> None:
        if self._leaving:
            return
        self._tell_recovery_news()
        before = self._shown_document()
        news = self.session.check_disk()
        if news is None:
            self._retry_failed_save()
        elif news.kind == "conflict":
            self.take_their_change(before)
        elif news.kind == "merged":
            self.show_merged(news.message, before)
        elif news.kind == "reloaded":
            self.show_reloaded(before)
            self._tell_once_per_burst(news.message, "Reloaded")
        else:
            self.tell(news.message, title="File changed", severity="warning", timeout=15)

    def _retry_failed_save(self) -> None:
        """A save that failed is tried again now and then, e.g. once the disk has room."""
        now = time.monotonic()
        last_try = max(self._last_save_retry, self._dirty_since or 0.0)  # set as it failed
        if (self.session.dirty and self.session.last_error
                and now - last_try >= SAVE_RETRY_SECONDS):
            self._last_save_retry = now
            self.autosave()

    def _shown_document(self) -> Document | None:
        """The document the screens show now (None: not built yet, the first screen shows the
        file's text): after a change, only what the change touched is drawn again."""
        return self.session.document if self.session.loaded else None

    def _tell_once_per_burst(self, message: str, title: str) -> None:
        """A stream of appends (two shells logging) is told once, not once an event; the
        status line says when the last one came."""
        now = time.monotonic()
        quiet = now - self._last_disk_news > BURST_SECONDS
        self._last_disk_news = now
        if quiet:
            self.tell(message, title=title, timeout=6)

    def take_their_change(self, before: Document | None = None) -> bool:
        """The file changed on disk under unsaved edits: take both sides' changes when they
        touch different fields (True; unsaved until the next save), else hold the conflict."""
        if before is None:
            before = self._shown_document()
        outcome = self.session.merge_from_disk()
        if not outcome.merged:
            self._enter_conflict(outcome.describe())
            return False
        self.show_merged("The file was changed elsewhere; that change is merged with yours.",
                         before)
        return True

    def show_merged(self, message: str, before: Document | None = None) -> None:
        """Show the merged document without moving the cursor or dropping what is typed."""
        self._show_disk_change(before)
        self.keep_soon()
        self.save_state = "unsaved changes"
        self._tell_once_per_burst(message, "Merged")

    def show_reloaded(self, before: Document | None = None) -> None:
        """Show the session's document, just read from disk, on every screen."""
        self._show_disk_change(before)
        self.session.mark_clean()
        self._stop_timers()
        self._dirty_since = None
        self.save_state = f"reloaded {time.strftime('%H:%M:%S')}"

    def _show_disk_change(self, before: Document | None) -> None:
        """Every screen shows the document as the change left it: only what changed is drawn
        again, each cursor stays on its row, typing not in the document yet stays."""
        if before is None:  # the screens showed the file's text: show the model whole
            self.replace_document(self.session.document)
            return
        for screen in self.section_screens.values():
            screen.refresh_from_model(before)
        self._review_again()

    def _merge_displaced(self) -> None:
        """Someone's rename landed the instant our save did: their version was kept beside the
        file; merge it in too."""
        before = self._shown_document()
        outcome = self.session.merge_displaced()
        if outcome is None:
            return
        if outcome.merged:
            self.show_merged("The file was changed elsewhere as it was saved; that change is "
                             "merged with yours.", before)
            return
        where = printable_path(outcome.kept) if outcome.kept else "beside the file"
        self.tell(f"The file was changed elsewhere as it was saved ({outcome.describe()}). "
                  f"Yours is in the file; theirs is kept in {where}.", title="Both versions kept",
                  severity="warning", timeout=20)
