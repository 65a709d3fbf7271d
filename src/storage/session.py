"""The open file: the document being edited, where it lives, and whether disk has caught up.

Everything here is plain Python; the app decides *when* to call it (timers, signals), the session
decides *how* to keep the work safe: the file is written atomically and never over someone
else's change, a recovery copy holds anything the file does not, and when all else fails the
work is written aside, never dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError, SaveError
from postmortem.document.unfinished import Unfinished
from postmortem.storage import rendering
from postmortem.storage import toml_file as storage
from postmortem.storage.background import SaveJob, Writer
from postmortem.storage.disk_changes import DiskChanges, TheirVersion
from postmortem.storage.guarded import Replaced, StaleFile, aside_path, replace_file
from postmortem.storage.known_version import KnownVersion, Recording
from postmortem.storage.opening import ModelBuild, Unchecked
from postmortem.storage.recovery import (
    RecoveryOffer,
    RecoveryStore,
    absolute,
    forget_copy,
    printable_path,
    read_document,
)
from postmortem.storage.watch import (
    DiskState,
    DiskWatch,
    Fingerprint,
    fingerprint,
)

if TYPE_CHECKING:
    from postmortem.document.model import Document

AUTOSAVE_IDLE_SECONDS = 1.0  # the file is written this long after the last keystroke
AUTOSAVE_MAX_SECONDS = 4.0  # ... or at the latest this long into non-stop typing
RECOVERY_SECONDS = 0.5  # the recovery copy is at most this old while typing


class DiskConflict(Exception):
    """The file changed on disk since we read or wrote it: saving would overwrite that."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{printable_path(path)} changed on disk since it was opened")
        self.path = path


def reason(error: Exception) -> str:
    """What went wrong, in the words we show a person."""
    if isinstance(error, SaveError):
        return error.reason
    return str(error) or type(error).__name__


@dataclass
class Session(DiskChanges):
    path: Path
    opened: InitVar[Document | Unchecked]  # Unchecked: the model is built on first use
    revision: int = 0  # bumped on every edit
    saved_revision: int = 0
    saved_at: dt.datetime | None = None
    last_error: str | None = field(default=None)
    conflict: bool = False  # the file changed on disk while we hold unsaved edits
    kept_nowhere: bool = False  # the last-resort save found no place at all for the work
    _watch: DiskWatch = field(init=False, repr=False)
    recovery: RecoveryStore = field(init=False)
    _told: Fingerprint | DiskState | None = field(default=None, init=False)
    _writer: Writer = field(default_factory=Writer, init=False, repr=False)
    # Renders the file and the recovery copy, on the writer thread or (after waiting for it)
    # here: one thread at a time.
    _renderer: rendering.Renderer = field(default_factory=rendering.Renderer, init=False,
                                        repr=False)
    _document: Document | None = field(default=None, init=False, repr=False)
    unchecked: Unchecked | None = field(default=None, init=False, repr=False)
    # the file as we last read or wrote it: the base of a merge with someone else's change
    known_version: KnownVersion = field(default_factory=KnownVersion, init=False, repr=False)
    # someone else's version found in place as a save landed (kept beside the file)
    displaced: Path | None = field(default=None, init=False, repr=False)
    # someone else's version, read and parsed in a thread for the next look (disk_changes.py)
    prepared: TheirVersion | None = field(default=None, init=False, repr=False)
    # what is typed but not in the document yet (open editors, kept drafts): the app says
    unfinished_typing: Callable[[], list[Unfinished]] = field(
        default_factory=lambda: _no_typing, init=False, repr=False)
    # edits typed before the model was built, by field: the value and how to write it there
    held: dict[object, tuple[str, Callable[[Document], None]]] = field(
        default_factory=dict, init=False, repr=False)
    _build: ModelBuild | None = field(default=None, init=False, repr=False)

    def __post_init__(self, opened: Document | Unchecked) -> None:
        self._first_print: Callable[[], Fingerprint | None] | None = None
        if isinstance(opened, Unchecked):
            self.unchecked = opened
            self._build = ModelBuild(opened)
            self._watch = DiskWatch(self.path)
            # the file as it was read, hashed when first needed: after the first frame
            self._first_print = opened.fingerprint
        else:
            self._document = opened
            self._watch = DiskWatch(self.path)
            self._remember_disk()
        self.recovery = RecoveryStore(self.path)

    def _remember_disk(self) -> None:
        """Take the file as it is now as the version we know (see read_disk)."""
        try:
            self.read_disk()
        except DocumentError:
            self._watch.remember(fingerprint(self.path))
            self.known_version.forget()

    @property
    def watch(self) -> DiskWatch:
        if self._first_print is not None:
            first, self._first_print = self._first_print, None
            self._watch.remember(first())
            if self.unchecked is not None:
                self.known_version.remember_bytes(self.unchecked.raw)
        return self._watch

    @watch.setter
    def watch(self, watch: DiskWatch) -> None:
        self._watch, self._first_print = watch, None

    @property
    def loaded(self) -> bool:
        """Whether the model of the file is built (see opening.py)."""
        return self._document is not None

    @property
    def document(self) -> Document:
        return self._document if self._document is not None else self.load()

    @document.setter
    def document(self, document: Document) -> None:
        self._document = document
        self.unchecked = None

    def load(self) -> Document:
        """Build the model of the file opened unchecked, with the edits held meanwhile written
        to it; raises DocumentError."""
        document = self._document
        if document is None:
            assert self.unchecked is not None and self._build is not None
            self.watch  # noqa: B018 - the file's fingerprint, before the file is let go
            document = self.document = self._build.finish()
            self._build = None  # it holds the file as read: let go of it too
            for _, write in self.held.values():
                write(document)
                self.changed()
            self.held.clear()
        return document

    def build_step(self) -> bool:
        """Build one more step of the model (opening.ModelBuild), and load it once it is
        built; True then. Raises DocumentError."""
        if self._document is None:
            assert self._build is not None
            if not self._build.step():
                return False
            self.load()
        return True

    def hold(self, where: object, value: str, write: Callable[[Document], None]) -> None:
        """An edit typed before the model is built (the first key need not wait for it): load
        writes it, after any held before it."""
        self.held[where] = (value, write)

    @property
    def dirty(self) -> bool:
        return self.revision != self.saved_revision or bool(self.held)

    def changed(self) -> None:
        self.revision += 1

    def mark_clean(self) -> None:
        self.saved_revision = self.revision

    # --- saving ------------------------------------------------------------------------------

    def save(self, path: Path | None = None, *, overwrite: bool = False) -> Path:
        """Write the document atomically. Raises SaveError (the old file is intact) or, when the
        file changed on disk since we last read or wrote it, DiskConflict (nothing written)."""
        self.wait_for_background()  # an autosave in flight lands, and is accounted for, first
        target = path or self.path
        moving = absolute(target) != absolute(self.path)
        if not moving and not overwrite and self.disk_state() is DiskState.CHANGED:
            self.conflict = True
            raise DiskConflict(self.path)
        known = fingerprint(target) if moving or overwrite else self.watch.known
        revision = self.revision
        recording = Recording()
        chunks = self._renderer.chunks(rendering.snapshot(self.document, self._renderer))
        replaced = _replace(target, recording, chunks, known)
        if moving:
            self._move_to(target)
        self._saved(target, revision, replaced, recording)
        return target

    def _saved(self, target: Path, revision: int, replaced: Replaced,
               recording: Recording) -> None:
        if replaced.displaced is not None:
            self.displaced = replaced.displaced
        self.watch.remember(replaced.fingerprint)
        self.known_version.remember_written(recording)
        self.saved_revision = max(self.saved_revision, revision)
        self.saved_at = dt.datetime.now()
        self.last_error = None
        self.conflict = False
        self._told = None
        self.wait_for_background()
        if self.unfinished_typing():
            self.write_recovery()  # the file has the document; the copy keeps the rest
        else:
            self.recovery.remove()  # a newer copy follows if typing went on meanwhile

    # --- autosave, written in the background -------------------------------------------------

    def start_save(self) -> SaveJob:
        """Save without holding up typing: snapshot the document now (quick) and render and
        write it in the background. Raises DiskConflict at once, as save does; finish_save
        takes note of the outcome."""
        self.wait_for_background()  # the file as the last write left it, accounted for
        if self.disk_state() is DiskState.CHANGED:
            self.conflict = True
            raise DiskConflict(self.path)
        data = rendering.snapshot(self.document, self._renderer)
        recording = Recording()
        written = self._writer.submit(_render_and_write, self._renderer, self.path, data,
                                      self.watch.known, recording)
        job = self._writer.job = SaveJob(self.path, self.revision, written, recording)
        return job

    def finish_save(self, job: SaveJob) -> Path:
        """Take note of a background save that is done: raises its SaveError or DiskConflict
        (the file on disk is then as it was). Only the first call takes note; later ones just
        say the same."""
        replaced = job.written.result()  # raises the failure, every time it is asked
        if not job.accounted:
            job.accounted = True
            if self._writer.job is job:
                self._writer.job = None
            self._saved(job.target, job.revision, replaced, job.recording)
        return job.target

    def _settle(self) -> None:
        """Take note of the background save once written, so that the file on disk is known
        to be ours before it is looked at."""
        job = self._writer.job
        if job is not None:
            with contextlib.suppress(Exception):  # the app reports it (finish_save)
                job.written.result()
                self.finish_save(job)
            self._writer.job = None

    def _move_to(self, target: Path) -> None:
        self.wait_for_background()
        self.recovery.remove()
        self.path = target
        self.watch = DiskWatch(target)
        self.recovery = RecoveryStore(target)

    @property
    def writing(self) -> bool:
        """Whether a write (autosave or recovery copy) is in flight in the background."""
        return self._writer.busy

    def write_recovery(self) -> bool:
        """Put the current document in the recovery copy; False when that failed too."""
        self.wait_for_background()
        try:
            data = rendering.snapshot(self.document, self._renderer)
            self.recovery.write_snapshot(data, self._renderer.chunks, self.unfinished_typing())
        except (SaveError, OSError, ValueError):
            return False
        return True

    # --- the recovery copy, written in the background ----------------------------------------

    def write_recovery_in_background(self) -> bool:
        """Snapshot the document now (quick) and write the recovery copy in a thread, so that
        typing never waits for it; False (nothing done) while the previous one is still being
        written. Copies land in order, and every other write to the copy or the file waits for
        the one in flight first (wait_for_background), so an older copy never lands last."""
        if self._writer.busy:
            return False
        data, store = rendering.snapshot(self.document, self._renderer), self.recovery
        self._writer.submit(self._write_snapshot, store, data, self._renderer,
                            self.unfinished_typing())
        return True

    @staticmethod
    def _write_snapshot(store: RecoveryStore, data: dict[str, Any],
                        renderer: rendering.Renderer, unfinished: list[Unfinished]) -> None:
        with contextlib.suppress(SaveError, OSError, ValueError):  # as write_recovery
            store.write_snapshot(data, renderer.chunks, unfinished)

    def wait_for_background(self) -> None:
        """Let the write in flight in the background land (at most one) and take note of it."""
        self._writer.wait()
        self._settle()

    def save_aside(self) -> Path:
        """Write the document beside the file as FILE.mine-<time>.toml, or into the state folder
        when the file's folder refuses it; raises SaveError when neither works."""
        target = aside_path(self.path, "mine")
        text = storage.dumps(self.document)
        try:
            storage.write_atomic(target, text)
        except SaveError:
            target = aside_path(self.recovery.folder / self.path.name, "mine")
            self.recovery.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            storage.write_atomic(target, text)
        return target

    def copy_file_aside(self) -> Path | None:
        """Copy the file as it is on disk, byte for byte, to FILE.theirs-<time>.toml."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None  # nothing there to keep
        target = aside_path(self.path, "theirs")
        try:
            target.write_bytes(data)  # a new name: nothing there to damage
        except OSError as error:
            raise SaveError(target, error.strerror or str(error)) from error
        return target

    def keep_typing(self) -> bool:
        """Keep what is typed but not in the document in the recovery copy (after a signal,
        the file holding the rest); True when there was none or it is kept."""
        return not self.unfinished_typing() or self.write_recovery()

    def keep_everything(self) -> str:
        """The last-resort save (a signal, the terminal gone, the app stopping): never raises,
        never overwrites someone else's change; says where the work went (kept_nowhere: it
        found no place at all)."""
        self.kept_nowhere = False
        if not self.dirty:
            return "" if self.keep_typing() else "unfinished typing could not be kept"
        try:
            saved = f"saved {printable_path(self.save())}"
            return saved if self.keep_typing() else f"{saved}; unfinished typing was not kept"
        except DiskConflict:
            return self._keep_aside(f"{printable_path(self.path)} changed on disk")
        except (SaveError, OSError, ValueError) as error:
            return self._keep_aside(f"NOT SAVED: {reason(error)}")

    def _keep_aside(self, why: str) -> str:
        if self.write_recovery():
            return f"{why}; your work is in {printable_path(self.recovery.path)}"
        try:
            return f"{why}; your work was saved as {printable_path(self.save_aside())}"
        except (SaveError, OSError, ValueError) as error:
            self.kept_nowhere = True
            return f"{why}; your work could not be written anywhere: {reason(error)}"

    def failure_message(self, why: str, kept: bool) -> str:
        """What to tell when a save failed; kept: the recovery copy holds the work."""
        where = (f"Your work is safe in memory and in {printable_path(self.recovery.path)}"
                 if kept else "Your work is only in memory: do not quit")
        return (f"Could not save {printable_path(self.path)}: {why}. The file on disk is as it "
                f"was. {where}. Fix the problem and press ctrl+s, or press F9 to save elsewhere.")

    # --- resolving a conflict ----------------------------------------------------------------

    def keep_mine(self) -> str:
        """Resolve a conflict for our version; theirs is copied aside first. Raises SaveError."""
        theirs = self.copy_file_aside()
        path = self.save(overwrite=True)
        kept = f"; theirs is in {printable_path(theirs)}" if theirs else ""
        return f"Kept your version in {printable_path(path)}{kept}."

    def take_theirs(self) -> str:
        """Resolve a conflict for their version; ours is saved aside first.
        Raises SaveError or DocumentError (theirs cannot be read)."""
        read_document(self.path)  # fails early, before anything is written
        mine = self.save_aside()
        self.reload()
        return f"Took their version; yours is in {printable_path(mine)}."

    # --- unsaved work from an earlier run ----------------------------------------------------

    def recovery_offer(self) -> RecoveryOffer | None:
        """Unsaved work from an earlier run; raises DocumentError when the copy is unreadable."""
        return self.recovery.offer(self.document)

    def take_recovered(self, offer: RecoveryOffer) -> str:
        """Use the recovered document (unsaved until the next save; in this instance's own
        recovery copy at once). Should the file have changed after the copy was made, its
        version is kept aside first."""
        theirs = self.copy_file_aside() if offer.file_is_newer else None
        self.document = offer.document
        self.changed()
        if self.write_recovery():
            with contextlib.suppress(OSError):
                offer.copy.unlink()
            forget_copy(offer.copy)
        if theirs is None:
            return "Recovered your unsaved work."
        return ("Recovered your unsaved work. The file's newer version is in "
                f"{printable_path(theirs)}.")

    def drop_recovered(self, offer: RecoveryOffer) -> str:
        self.wait_for_background()
        aside = self.recovery.set_aside(offer.copy)
        where = f" The recovery copy was moved to {printable_path(aside)}." if aside else ""
        return f"Opened the file as it was saved.{where}"

    def close(self) -> None:
        """The app is done with the file: what is left of its recovery copy is for the next
        start to offer."""
        self.wait_for_background()
        self.recovery.close()


def _no_typing() -> list[Unfinished]:
    return []


def _replace(target: Path, recording: Recording, chunks: rendering.Chunks,
             known: Fingerprint | None) -> Replaced:
    """Write the chunks to target, kept in recording; the file's hash is computed from the
    recording only when someone else's change makes it needed (see Fingerprint)."""
    try:
        return replace_file(target, recording.tee_chunks(chunks), known, new_file=known is None,
                            digest=recording.digest)
    except StaleFile as error:
        raise DiskConflict(target) from error


def _render_and_write(renderer: rendering.Renderer, target: Path, data: dict[str, Any],
                      known: Fingerprint | None, recording: Recording) -> Replaced:
    return _replace(target, recording, renderer.chunks(data), known)


QUIT_REFUSED = ("Not quitting: the last changes are not in the file. Press ctrl+q again within "
                "3 s to quit anyway: your work then goes to a recovery copy, offered the next "
                "time you open this file.")
