"""The half of the app that keeps the work safe: saving, autosave, the recovery copy, the watch
on the file, signals and quitting. PostmortemApp builds on it; it draws nothing itself."""

from __future__ import annotations

import asyncio
import contextlib
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.timer import Timer
from textual.widget import Widget

from postmortem.app.following import FollowsTheFile
from postmortem.document.errors import DocumentError, SaveError
from postmortem.storage.disk_changes import conflict_message
from postmortem.storage.recovery import printable, printable_path
from postmortem.storage.session import (
    AUTOSAVE_IDLE_SECONDS,
    AUTOSAVE_MAX_SECONDS,
    RECOVERY_SECONDS,
    DiskConflict,
    Session,
    reason,
)
from postmortem.widgets.host import HoldsTyping, KeepsDrafts, TypingChanged
from postmortem.widgets.key_order import typing_settled

if TYPE_CHECKING:
    from postmortem.document.model import Document
    from postmortem.document.unfinished import Unfinished
    from postmortem.screens.base import SectionScreen
    from postmortem.storage.background import SaveJob
    from postmortem.storage.opening import Unchecked
    from postmortem.storage.recovery import RecoveryOffer


# A timer fires a little late, and an edit can take a few keys: an autosave due this much past
# the next recovery copy's time still counts as due before it (_save_instead_of_copy).
TIMER_SLACK = 0.1


class KeepsWorkSafe(FollowsTheFile):
    """The file being edited, kept on disk: nothing typed is lost to a crash, a dropped link,
    a full disk or someone else changing the file."""

    # Shown by the status line, which watches it; a reactive would repaint the whole screen
    # (a grid or a table drawn again) each time it changes.
    save_state: var[str] = var("")

    def __init__(self, path: Path, document: Document | Unchecked, **options: Any) -> None:
        super().__init__(**options)
        self.session = Session(path, document)
        self.section_screens: dict[str, SectionScreen] = {}
        self.save_state = "opened"
        self._quit_refused_at = -10.0
        self.farewell = ""  # said on stderr once the terminal is back, e.g. where work went
        self._autosave_timer: Timer | None = None
        self._autosaving: SaveJob | None = None
        self._recovery_timer: Timer | None = None
        self._dirty_since: float | None = None
        self._last_change = 0.0
        self._conflict_told = False
        self._reported_error: str | None = None
        self._leaving = False
        self._terminal: int | None = None
        self._pending_typing: list[Unfinished] = []  # recovered, not taken by its widget yet
        self._typing_changed = False  # typed in a dialog since the last recovery copy
        self.session.unfinished_typing = self.unfinished_typing

    @property
    def document(self) -> Document:
        return self.session.document

    @property
    def path(self) -> Path:
        return self.session.path

    def document_changed(self) -> None:
        """Every edit ends here: the file is marked unsaved and the section marks refresh."""
        self.session.changed()
        self.keep_soon()
        if not self.session.last_error and not self.session.conflict:
            self.save_state = "unsaved changes"
        screen = self.screen
        from postmortem.screens.base import SectionScreen

        if isinstance(screen, SectionScreen):
            screen.schedule_mark_refresh()

    # --- typing that is not in the document yet ---------------------------------------------

    def unfinished_typing(self) -> list[Unfinished]:
        """Open dialogs' typing, drafts the widgets keep, and recovered typing not yet taken:
        one piece per thing it edits, the newest first."""
        holders = [screen for screen in reversed(self.screen_stack) if _holds_typing(screen)]
        for screen in self.section_screens.values():
            holders += [node for node in screen.walk_children(Widget) if _holds_typing(node)]
        found: dict[tuple[str, str], Unfinished] = {}
        for holder in holders:
            for item in holder.unfinished_typing():
                found.setdefault((item.where, item.edits), item)
        for item in self._pending_typing:
            found.setdefault((item.where, item.edits), item)
        return list(found.values())

    def typing_for(self, where: str) -> list[Unfinished]:
        mine = [item for item in self._pending_typing if item.where == where]
        self._pending_typing = [item for item in self._pending_typing if item.where != where]
        return mine

    def on_typing_changed(self, message: TypingChanged) -> None:
        """Typing in a dialog reaches the recovery copy as soon as an edit would."""
        self._typing_changed = True
        if self._recovery_timer is None:
            self._recovery_timer = self.set_timer(RECOVERY_SECONDS, self._recovery_due)

    def _hand_typing_back(self, unfinished: list[Unfinished]) -> None:
        """Recovered typing goes to the widgets it belongs to (now, or as they are built)."""
        self._pending_typing = list(unfinished)
        for screen in self.section_screens.values():
            for node in screen.query("*"):
                if isinstance(node, KeepsDrafts):
                    node.take_typing_back()

    def replace_document(self, document: Document) -> None:
        """Show another version of the document (reloaded or recovered) on every screen."""
        self.session.document = document
        self.session.changed()
        self.keep_soon()  # a changed document reaches disk like any edit
        for screen in self.section_screens.values():
            screen.load_from_model()
        self._review_again()

    def _review_again(self) -> None:
        """The Review screen, when open, reviews the document it now shows."""
        from postmortem.screens.review import ReviewScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.schedule_refresh()

    async def action_save(self) -> None:
        await typing_settled(self.focused)
        self.save(announce=True)

    def action_save_as(self) -> None:
        self._ask_where_to_save()

    def _ask_where_to_save(self, typed: str | None = None, problem: str = "") -> None:
        from postmortem.dialogs.save_as import SaveAsDialog

        self.clear_notifications()  # nothing may cover the dialog
        self.push_screen(SaveAsDialog(self.path, self.session.last_error, typed=typed,
                                      problem=problem), self._save_as_chosen)

    def _save_as_chosen(self, target: Path | None) -> None:
        if target is None:
            return
        problem = self.save_as(target)
        if problem is not None:
            from postmortem.dialogs.save_as import could_not_save_there

            self._ask_where_to_save(str(target), could_not_save_there(problem))

    def save(self, announce: bool = False, *, merged: bool = False) -> bool:
        """Write the file now. A file changed on disk by someone else is never overwritten:
        their change is merged with ours when the two touch different fields; otherwise an
        explicit save (announce) asks what to do, an autosave waits for the user to choose."""
        try:
            path = self.session.save()
        except DiskConflict:
            if not merged and self.take_their_change():
                return self.save(announce, merged=True)
            if announce:
                self.ask_about_conflict()
            return False
        except (SaveError, OSError, ValueError) as error:
            self._save_failed(reason(error))
            return False
        self.mark_saved()
        if announce:
            self.tell(f"Saved {printable_path(path)}", timeout=3)
        return True

    def save_as(self, target: Path) -> str | None:
        """Save to another file, which becomes the one being edited; the reason on failure."""
        try:
            path = self.session.save(target)
        except DiskConflict:
            return "this file changed on disk: press ctrl+s to choose which version to keep"
        except (SaveError, OSError, ValueError) as error:
            return reason(error)
        self.mark_saved()
        self.tell(f"Saved as {printable_path(path)}. From now on this is the file being edited "
                   "and autosaved.", title="Saved elsewhere")
        return None

    def tell(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
              timeout: float = 8) -> None:
        """A notification of plain text: file names and file contents are never markup."""
        self.notify(printable(message), title=title, severity=severity, timeout=timeout,
                    markup=False)

    def _start_keeping(self) -> None:
        self._start_following()
        self._offer_recovery()

    def _offer_recovery(self) -> None:
        """Ask about a recovery copy of the file, if there is one worth asking about."""
        from postmortem.dialogs.recovery import RecoveryDialog

        try:
            offer = self.session.recovery_offer()
        except DocumentError as error:
            self.tell(f"A recovery copy exists but cannot be read ({error}); it is left where "
                      "it is.", title="Recovery copy", severity="warning", timeout=15)
            return
        if offer is not None:
            self.push_screen(RecoveryDialog(offer, self.document),
                             partial(self._recovery_decided, offer))

    def _recovery_decided(self, offer: RecoveryOffer, keep: bool | None) -> None:
        if not keep:
            self.tell(self.session.drop_recovered(offer), title="Recovery copy dropped",
                      timeout=12)
            return
        self._hand_typing_back(offer.unfinished)
        try:
            message = self.session.take_recovered(offer)
        except (SaveError, OSError) as error:
            self.tell(f"Could not keep the file's newer version aside ({error}). Nothing was "
                      "changed; the recovery copy is still there.", title="Not recovered",
                      severity="error", timeout=15)
            return
        self.replace_document(self.session.document)
        self.save()
        self.tell(message, title="Recovered", timeout=10)

    def keep_soon(self) -> None:
        """After an edit: the recovery copy within RECOVERY_SECONDS, the file once typing pauses
        for AUTOSAVE_IDLE_SECONDS (or AUTOSAVE_MAX_SECONDS into non-stop typing)."""
        self._last_change = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = self._last_change
        if self._recovery_timer is None:
            self._recovery_timer = self.set_timer(RECOVERY_SECONDS, self._recovery_due)
        if self._autosave_timer is None:
            self._autosave_timer = self.set_timer(AUTOSAVE_IDLE_SECONDS, self._autosave_when_due)

    def _autosave_due(self) -> float:
        """When the autosave is due (time.monotonic): a pause in typing, or too long typing."""
        since = self._dirty_since if self._dirty_since is not None else self._last_change
        return min(self._last_change + AUTOSAVE_IDLE_SECONDS, since + AUTOSAVE_MAX_SECONDS)

    def _autosave_when_due(self) -> None:
        self._autosave_timer = None
        wait = self._autosave_due() - time.monotonic()
        if wait > 0.01:
            self._autosave_timer = self.set_timer(wait, self._autosave_when_due)
        else:
            self.autosave()

    def _stop_timers(self) -> None:
        for timer in (self._autosave_timer, self._recovery_timer):
            if timer is not None:
                timer.stop()
        self._autosave_timer = self._recovery_timer = None

    def autosave(self) -> None:
        """Save once typing pauses, written in the background: at 10,000 timeline rows
        rendering the file takes about 90 ms, which typing must not wait for."""
        if not self.session.dirty or self.session.conflict or self._leaving:
            return
        if self._autosaving is not None:  # one is being written: try again once it landed
            if self._autosave_timer is None:
                self._autosave_timer = self.set_timer(0.2, self._autosave_when_due)
            return
        try:
            job = self.session.start_save()
        except DiskConflict:
            self.take_their_change()
            return
        except (SaveError, OSError, ValueError) as error:
            self._save_failed(reason(error))
            return
        self._autosaving = job
        self.run_worker(self._autosave_landed(job), group="autosave", exit_on_error=False)

    async def _autosave_landed(self, job: SaveJob) -> None:
        with contextlib.suppress(Exception):  # finish_save says how it went
            await asyncio.wrap_future(job.written)
        self._autosaving = None
        if self._leaving:
            return
        try:
            self.session.finish_save(job)
        except DiskConflict:
            self.take_their_change()
            return
        except (SaveError, OSError, ValueError) as error:
            self._save_failed(reason(error))
            return
        if self.session.dirty:  # typed on while it was written: the timers see to that
            self.save_state = "unsaved changes"
        else:
            self.mark_saved()

    def _recovery_due(self) -> None:
        """The periodic recovery copy: snapshot now, write in a thread (at 10,000 rows writing
        takes about 90 ms, a stall twice a second while typing if done here); or, when typing
        has paused, the autosave in its place (_save_instead_of_copy)."""
        self._recovery_timer = None
        if not (self.session.dirty or self._typing_changed):
            return
        if self._save_instead_of_copy():
            self.autosave()
            return
        if self.session.write_recovery_in_background():
            self._typing_changed = False
        else:
            self._recovery_timer = self.set_timer(0.1, self._recovery_due)  # one still writing

    def _save_instead_of_copy(self) -> bool:
        """Whether the file itself, written now, keeps the edits as well as a recovery copy
        would: the autosave is due before the next copy would be (typing has paused), nothing
        typed waits outside the document (in a dialog), and the save can go ahead. One write
        instead of two (a copy, then the file: 7 MB each at 50,000 timeline rows), and the
        edit is on disk no later than the copy would have put it there."""
        session = self.session
        return (session.dirty and not self._typing_changed and not session.conflict
                and not session.last_error and not self._leaving and self._autosaving is None
                and not session.writing
                and self._autosave_due() <= time.monotonic() + RECOVERY_SECONDS + TIMER_SLACK)

    def _write_recovery(self) -> bool:
        kept = not self.session.dirty or self.session.write_recovery()
        self._tell_recovery_news()
        return kept

    def _tell_recovery_news(self) -> None:
        """Once: recovery copies had to go to another folder than the state folder."""
        news, self.session.recovery.news = self.session.recovery.news, None
        if news:
            self.tell(news, title="Recovery copies", severity="warning", timeout=15)

    def mark_saved(self) -> None:
        self.call_later(self._merge_displaced)
        self._stop_timers()
        self._dirty_since = None
        if self._reported_error is not None:
            self.clear_notifications()  # the failure they told of is over
            self.tell("Saved again: the file is up to date.", title="Saved", timeout=4)
        self._reported_error = None
        self.save_state = f"saved {self.session.saved_at:%H:%M:%S}"

    def _save_failed(self, why: str) -> None:
        self.session.last_error = why
        self._dirty_since = time.monotonic()  # the next try waits for a pause or the next poll
        kept = self._write_recovery()
        self.save_state = f"NOT SAVED: {why.removeprefix('the ')} (^s retry, F9 save as)"
        if why == self._reported_error:
            return
        self._reported_error = why
        self.tell(self.session.failure_message(why, kept), title="NOT SAVED", severity="error",
                  timeout=20)

    def _enter_conflict(self, why: str = "") -> None:
        self.session.conflict = True
        self._write_recovery()
        self.save_state = "NOT SAVED: changed on disk (^s to choose)"
        if not self._conflict_told:
            self._conflict_told = True
            because = f" ({why})" if why else ""
            self.tell(conflict_message(printable_path(self.path)) + because,
                      title="Changed on disk", severity="warning", timeout=20)

    def ask_about_conflict(self, problem: str = "") -> None:
        from postmortem.dialogs.conflict import ConflictDialog

        if not isinstance(self.screen, ConflictDialog):
            self.clear_notifications()  # nothing may cover the dialog
            self.push_screen(ConflictDialog(self.session, problem), self._conflict_chosen)

    def _conflict_chosen(self, choice: str | None) -> None:
        if choice is None:
            self.tell("Nothing changed. Autosave waits until you choose (ctrl+s); the recovery "
                      "copy keeps your work meanwhile.", timeout=8)
            return
        mine = choice == "mine"
        before = self._shown_document()
        try:
            message = self.session.keep_mine() if mine else self.session.take_theirs()
        except (SaveError, DocumentError, OSError, ValueError) as error:
            from postmortem.dialogs.conflict import choice_failed

            self.ask_about_conflict(choice_failed(str(error)))
            return
        if mine:
            self.mark_saved()
        else:
            self.show_reloaded(before)
        self._conflict_told = False
        self.tell(message, title="Both versions kept", timeout=12)


def _holds_typing(node: object) -> TypeGuard[HoldsTyping]:
    """isinstance(node, HoldsTyping), as a runtime protocol checks it (the method is there),
    without the protocol's machinery: every widget of every section is asked after each
    autosave, ~1 ms that way."""
    return getattr(node, "unfinished_typing", None) is not None
