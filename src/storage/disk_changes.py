"""Someone else changed the open file: reload it, merge their change with ours, or hold the
conflict, never dropping a word of either side.

Session takes these methods in (a mixin): they are the half of it that looks at the file on
disk, where the other half writes it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.document.errors import DocumentError
from postmortem.document.merge import keep_objects, merge_documents
from postmortem.storage import toml_file as storage
from postmortem.storage.recovery import parse_document, printable_path
from postmortem.storage.watch import DiskState, DiskWatch, Fingerprint, digest_of

if TYPE_CHECKING:
    from postmortem.document.model import Document
    from postmortem.storage.background import Writer
    from postmortem.storage.known_version import KnownVersion


@dataclass(frozen=True)
class MergeOutcome:
    """How taking someone else's change into ours went."""

    merged: bool
    conflicts: list[str] = field(default_factory=list)  # fields both sides changed
    problem: str = ""  # why no merge was tried
    kept: Path | None = None  # where their version is, when it was not merged

    def describe(self) -> str:
        if self.conflicts:
            return "both changed " + ", ".join(self.conflicts[:4]) + (
                "…" if len(self.conflicts) > 4 else "")
        return self.problem


@dataclass(frozen=True)
class TheirVersion:
    """Someone else's version of the file, read and parsed off the event loop (read_theirs),
    with the version of ours it most likely grew from: what is left for the event loop is the
    merge (cheap) and showing it."""

    known: Fingerprint | None  # ours, as the watch knew it when the reading began
    raw: bytes = b""
    print_: Fingerprint | None = None
    document: Document | None = None
    error: DocumentError | None = None  # theirs cannot be read
    base_text: str | None = None  # the version of ours theirs grew from (None: not known)
    newest: bool = True  # base_text is the newest version we know: theirs simply replaces it
    base: Document | None = None  # base_text parsed (see read_theirs), or None
    base_error: DocumentError | None = None


@dataclass(frozen=True)
class DiskNews:
    """Something that happened to the file on disk, told once."""

    kind: str  # "reloaded", "merged", "conflict", "unreadable" or "gone"
    message: str


def conflict_message(name: str) -> str:
    return (f"{name} was changed on disk by something else while you have unsaved edits. "
            "Nothing was overwritten and your work is kept. Press ctrl+s to choose: keep yours "
            "or take theirs (the other version is saved beside it).")


class DiskChanges:
    """The file on disk as Session sees it: what changed, and taking it in."""

    path: Path
    conflict: bool
    known_version: KnownVersion
    displaced: Path | None  # someone's version found in place as our save landed
    _told: Fingerprint | DiskState | None  # the change last reported, reported once
    _writer: Writer
    prepared: TheirVersion | None  # read ahead in a thread for the next look (read_theirs)

    if TYPE_CHECKING:
        @property
        def watch(self) -> DiskWatch: ...
        @property
        def document(self) -> Document: ...
        @document.setter
        def document(self, document: Document) -> None: ...
        @property
        def dirty(self) -> bool: ...
        @property
        def loaded(self) -> bool: ...
        def changed(self) -> None: ...
        def mark_clean(self) -> None: ...
        def wait_for_background(self) -> None: ...
        def _settle(self) -> None: ...

    def disk_state(self) -> DiskState:
        self._settle_if_written()
        return self.watch.check()

    def _settle_if_written(self) -> None:
        job = self._writer.job
        if job is not None and job.written.done():
            self._settle()

    def read_disk(self) -> Document:
        """The document as it is on disk now, remembering exactly the bytes it came from (the
        base of a later merge). Raises DocumentError when the file is missing or broken."""
        raw, print_ = self._read_steady()
        document = parse_document(raw, self.path)
        self._remember_theirs(raw, print_)
        return document

    def _remember_theirs(self, raw: bytes, print_: Fingerprint) -> None:
        self.watch.remember(print_)
        self.known_version.remember_bytes(raw)

    def _read_steady(self) -> tuple[bytes, Fingerprint]:
        """The file's bytes and fingerprint, read while nobody was replacing it."""
        for _attempt in range(3):
            raw, stat = storage.read_bytes(self.path)
            print_ = Fingerprint.of(stat, digest_of(raw))
            with contextlib.suppress(OSError):
                if print_.same_stat(self.path.stat()):
                    return raw, print_
        raise DocumentError(self.path, "keeps changing while being read; try again")

    # --- someone else's version, read in a worker thread ---------------------------------------

    def wants_their_version(self) -> bool:
        """Whether the next check_disk (or the merge after it) reads the file: it changed, and
        that change is not one told of already."""
        if self._writer.job is not None and not self._writer.job.written.done():
            return False
        if self.disk_state() is not DiskState.CHANGED:
            return False
        if self.dirty:
            return not self.conflict
        current = self.watch.current()
        return current is not None and current != self._told

    def read_theirs(self, known: Fingerprint | None, with_base: bool = False) -> TheirVersion:
        """The file's version, parsed, and the base of a merge with it (parsed when theirs did
        not grow from our newest version, or with_base: a merge with unsaved edits needs it),
        for the next check_disk or merge_from_disk to take (_their_version); safe in another
        thread: it reads the file and the versions we know, never the document."""
        try:
            raw, print_ = self._read_steady()
            theirs = parse_document(raw, self.path, yielding=True)
        except DocumentError as error:
            return TheirVersion(known, error=error)
        base_text = self.known_version.closest_to(raw)
        newest = base_text is None or base_text == self.known_version.text()
        base, base_error = None, None
        if base_text is not None and (with_base or not newest):
            try:
                base = storage.parse(base_text, self.path, yielding=True)
            except DocumentError as error:
                base_error = error
        return TheirVersion(known, raw, print_, theirs, None, base_text, newest, base,
                            base_error)

    def _their_version(self) -> TheirVersion:
        """The version read ahead in a thread, if our file is still as it was known then
        (no save of ours landed meanwhile); otherwise read now."""
        prepared, self.prepared = self.prepared, None
        known = self.watch.known
        if prepared is not None and prepared.known == known:
            return prepared
        return self.read_theirs(known)

    def reload(self) -> Document:
        """Replace the document with the file's version; raises DocumentError."""
        self._take(self.read_disk())
        self._now_clean()
        return self.document

    def _take(self, document: Document) -> None:
        """Show another version of the document, its rows that ours has too being ours (see
        keep_objects)."""
        self.document = keep_objects(self.document, document) if self.loaded else document

    def _now_clean(self) -> None:
        self.changed()
        self.mark_clean()
        self.conflict = False
        self._told = None

    def check_disk(self) -> DiskNews | None:
        """Look at the file: take someone else's change in when we have no unsaved edits;
        otherwise report it. Each change is reported once."""
        if self._writer.job is not None and not self._writer.job.written.done():
            return None  # our own save is landing: look next time
        state = self.disk_state()
        name = printable_path(self.path)
        if state is DiskState.SAME:
            self._told = None
            return None
        if state is DiskState.MISSING:
            if self.not_created_yet() or self._told is DiskState.MISSING:
                return None
            self._told = DiskState.MISSING
            return DiskNews("gone", f"{name} was deleted or moved away. Your work is still "
                                    "here; the next save writes the file again.")
        if self.dirty:
            return self._conflict_news(name)
        return self._reload_news(name)

    def _conflict_news(self, name: str) -> DiskNews | None:
        first = not self.conflict
        self.conflict = True
        return DiskNews("conflict", conflict_message(name)) if first else None

    def not_created_yet(self) -> bool:
        """The file did not exist when it was opened and has not been saved since: the first
        save creates it. (A file someone else creates meanwhile is a change: DiskWatch.)"""
        return self.watch.known is None

    def _reload_news(self, name: str) -> DiskNews | None:
        current = self.watch.current()
        if current is None or current == self._told:
            return None
        try:
            kept_ours = self._take_disk_version()
        except DocumentError as error:
            self._told = current
            return DiskNews("unreadable", f"{name} changed on disk but cannot be read: {error}. "
                                          "Still showing your version; saving asks first.")
        if kept_ours is None:
            self.changed()  # ours stays, unsaved, beside their change: the conflict is held
            return self._conflict_news(name)
        if kept_ours:
            return DiskNews("merged", f"{name} was changed on disk, starting from a version "
                                      "before your last edits; both are kept (unsaved).")
        return DiskNews("reloaded", f"Reloaded {name}: it was changed on disk (you had no "
                                    "unsaved edits).")

    def _take_disk_version(self) -> bool | None:
        """Take the file's version in, our edits all saved. Usually it grew from our last
        save and simply replaces ours (False). A writer that read the file before our last
        save landed and wrote after it has undone our last edits without meaning to: then
        both changes are merged (True, unsaved), or ours is held as a conflict (None)."""
        version = self._their_version()
        if version.error is not None:
            raise version.error
        assert version.document is not None and version.print_ is not None
        if version.newest:
            self._take(version.document)
            self._remember_theirs(version.raw, version.print_)
            self._now_clean()
            return False
        if version.base_error is not None:
            raise version.base_error
        assert version.base is not None
        theirs = version.document
        merged = merge_documents(version.base, self.document, theirs)
        if isinstance(merged, list):
            return None
        self._take(merged)
        self._remember_theirs(version.raw, version.print_)
        if merged == theirs:
            self._now_clean()
            return False
        self.changed()
        self.conflict = False
        self._told = None
        return True

    # --- merging someone else's change into unsaved edits -----------------------------------

    def merge_from_disk(self) -> MergeOutcome:
        """The file changed on disk while we hold unsaved edits: take both sides' changes
        when they touch different fields. Unsaved still (the next save writes the merge over
        their version); on conflicts, nothing changes and the fields are named."""
        self.wait_for_background()
        version = self._their_version()
        if version.error is not None:
            return MergeOutcome(False, problem=f"their version cannot be read: {version.error}")
        assert version.document is not None and version.print_ is not None
        parsed = (version.base, version.base_error) if (
            version.base is not None or version.base_error is not None) else None
        outcome = self._merge(version.document, version.base_text, parsed)
        if outcome.merged:
            self._remember_theirs(version.raw, version.print_)
        return outcome

    def merge_displaced(self) -> MergeOutcome | None:
        """Someone else's version, found in place the instant our save landed (and kept beside
        the file): take its changes into ours too. None when there was none."""
        if self.displaced is None:
            return None
        path, self.displaced = self.displaced, None
        try:
            raw = storage.read_bytes(path)[0]
            theirs = parse_document(raw, path)
        except DocumentError as error:
            return MergeOutcome(False, problem=f"their version cannot be read: {error}",
                                kept=path)
        outcome = self._merge(theirs, self.known_version.closest_to(raw))
        if outcome.merged:
            with contextlib.suppress(OSError):
                path.unlink()  # its changes are in ours now, and go to the file next save
            return outcome
        return MergeOutcome(False, outcome.conflicts, outcome.problem, kept=path)

    def _merge(self, theirs: Document, base_text: str | None,
               parsed: tuple[Document | None, DocumentError | None] | None = None
               ) -> MergeOutcome:
        """Merge theirs into ours from base_text (parsed already: the base, or why not)."""
        if base_text is None:
            return MergeOutcome(False, problem="the version both grew from is not known")
        try:
            base, error = parsed if parsed is not None else (
                storage.parse(base_text, self.path), None)
        except DocumentError as failed:
            base, error = None, failed
        if error is not None or base is None:
            return MergeOutcome(False, problem=f"the version both grew from: {error}")
        merged = merge_documents(base, self.document, theirs)
        if isinstance(merged, list):
            return MergeOutcome(False, conflicts=merged)
        self._take(merged)
        self.changed()
        self.conflict = False
        self._told = None
        return MergeOutcome(True)
