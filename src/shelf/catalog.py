"""A shelf: the post-mortems under one folder, kept up to date through the index.

look() compares the folder with the index (a stat per file, nothing read) and loads what the
index holds; read() reads the files that are new or changed, in batches, and can run on a thread
of its own (it writes through a connection of its own) while the interface shows and searches
what is there. update() does both, for the command line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.document.errors import DocumentError
from postmortem.shelf.entry import Entry
from postmortem.shelf.git import Commit
from postmortem.shelf.index import RANK_LIMIT, Index, Known, Matches
from postmortem.shelf.reading import Read, read_file
from postmortem.shelf.scan import Found, scan

if TYPE_CHECKING:
    from postmortem.shelf.writing import ItemChange

BATCH = 40  # files read between two commits (and two progress reports)


@dataclass(frozen=True)
class Batch:
    """Files read in one go: each one's path, row id, and new Entry (None: not a post-mortem)."""

    read: list[tuple[str, int, Entry | None]]
    done: int
    total: int


Progress = Callable[[Batch], None]


def shelf_folder(text: str | Path) -> Path:
    """The folder a shelf is opened on; a DocumentError when it is no folder."""
    folder = Path(text)
    if not folder.exists():
        raise DocumentError(folder, "no such folder")
    if not folder.is_dir():
        raise DocumentError(folder, "is a file, not a folder (open a file with: postmortem FILE)")
    return folder


class Shelf:
    def __init__(self, root: Path, index: Index | None = None) -> None:
        self.root = root
        self.index = index if index is not None else Index.open(root)
        self.entries: dict[str, Entry] = {}  # by path, relative to root
        self.ids: dict[str, int] = {}  # each entry's row id in the index
        self.truncated = False  # the folder held more files than a shelf looks at
        self.last_ranked = True  # whether the last search came best first
        # Worked out when first needed, forgotten when the entries change (changed()).
        self._order: list[Entry] | None = None
        self._paths: dict[int, str] | None = None
        self._position: dict[str, int] | None = None

    def changed(self) -> None:
        """The entries changed: forget what was worked out from them."""
        self._order = self._paths = self._position = None

    def update(self) -> Shelf:
        """Bring the index up to date with the folder, reading only what changed."""
        self.read(self.look())
        return self

    def look(self) -> list[Found]:
        """Compare the folder with the index: forget the files that are gone, take the entries
        the index holds, and return the files that are new or may have changed."""
        found = scan(self.root)
        self.truncated = found.truncated
        known = self.index.known()
        stale = [file for file in found.files
                 if not _unchanged(known.get(file.relative), file)]
        present = {file.relative for file in found.files}
        with self.index.db:
            self.index.forget([path for path in known if path not in present])
        self.entries, self.ids = {}, {}
        for file_id, entry in self.index.entries().items():
            self.entries[entry.path] = entry
            self.ids[entry.path] = file_id
        self.changed()
        return stale

    def read(self, files: list[Found], progress: Progress | None = None,
             index: Index | None = None) -> None:
        """Read the files (new or changed) into the index, BATCH at a time, telling progress
        after each batch; through index, a connection of the caller's thread, if given."""
        if not files:
            return
        index = index or self.index
        known = index.known()
        for start in range(0, len(files), BATCH):
            with index.db:  # one transaction a batch: what a search sees is whole batches
                batch = [self._read_one(index, known.get(file.relative), file)
                         for file in files[start:start + BATCH]]
            outcome = Batch([item for item in batch if item is not None],
                            min(start + BATCH, len(files)), len(files))
            if progress is not None:
                progress(outcome)
            else:
                self.take(outcome)

    def _read_one(self, index: Index, known: Known | None,
                  file: Found) -> tuple[str, int, Entry | None] | None:
        """Read one file into the index (the caller commits); None when its bytes are as
        indexed (only noted)."""
        from postmortem.storage.toml_file import MAX_FILE_BYTES
        from postmortem.storage.watch import digest_of

        path = self.root / file.relative
        now = time.time_ns()
        try:
            with open(path, "rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:  # kept with no hash: read again at the next look
            read, digest = Read(_unreadable(file.relative, error)), ""
        else:
            digest = digest_of(raw)
            if known is not None and known.digest == digest:
                index.touch(file.relative, file.size, file.mtime_ns, now)
                return None
            read = (Read(_unreadable(file.relative, None)) if len(raw) > MAX_FILE_BYTES
                    else read_file(path, file.relative, raw))
        file_id = index.store(file.relative, file.size, file.mtime_ns, digest, now, read)
        return file.relative, file_id, read.entry

    def reread(self, relative: str) -> Entry | None:
        """Read one file again now (after the shelf wrote it, or found it changed)."""
        import os

        try:
            stat = os.stat(self.root / relative)
        except OSError:
            with self.index.db:
                self.index.forget([relative])
            self.take(Batch([(relative, -1, None)], 1, 1))
            return None
        found = Found(relative, stat.st_size, stat.st_mtime_ns)
        with self.index.db:
            outcome = self._read_one(self.index, None, found)
        if outcome is not None:
            self.take(Batch([outcome], 1, 1))
        return self.entries.get(relative)

    def change_item(self, entry: Entry, change: ItemChange) -> Entry | None:
        """Write a change of one of entry's action items into its file (writing.py), and read
        the file again; raises as change_item does, having read the file again if it changed."""
        from postmortem.shelf.writing import FileChanged, change_item

        digest = self.index.digest(entry.path) or ""
        try:
            change_item(self.path_of(entry), digest, change)
        except FileChanged:
            self.reread(entry.path)
            raise
        return self.reread(entry.path)

    def take(self, batch: Batch) -> None:
        """Show what a batch of reading found (on the thread that owns the entries)."""
        for relative, file_id, entry in batch.read:
            if entry is None:
                self.entries.pop(relative, None)
                self.ids.pop(relative, None)
            else:
                self.entries[relative] = entry
                self.ids[relative] = file_id
        self.changed()

    # --- questions ---------------------------------------------------------------------------

    def sorted_entries(self) -> list[Entry]:
        """Every entry, the newest incident first, broken files last."""
        if self._order is None:
            self._order = newest_first(self.entries.values())
        return list(self._order)

    def search(self, query: str, rank_all: bool = False) -> list[Entry] | None:
        """The entries whose text holds every word of query, best first (newest first when so
        many match that ranking them is not worth it, unless rank_all); None when query has no
        words (then nothing is filtered)."""
        hits = self.index.search(query, None if rank_all else RANK_LIMIT)
        if hits is None:
            return None
        self.last_ranked = hits.ranked
        if self._paths is None:
            self._paths = {file_id: path for path, file_id in self.ids.items()}
        paths = self._paths
        found = [self.entries[paths[file_id]] for file_id in hits.ids if file_id in paths]
        if not hits.ranked:
            if self._position is None:
                self._position = {entry.path: place
                                  for place, entry in enumerate(self.sorted_entries())}
            position = self._position
            found.sort(key=lambda entry: position[entry.path])
        return found

    def matches(self, query: str, entry: Entry) -> Matches:
        file_id = self.ids.get(entry.path)
        return self.index.matches(query, file_id) if file_id is not None else Matches([], "")

    def path_of(self, entry: Entry) -> Path:
        return self.root / entry.path

    def commits(self, wanted: set[str] | None = None,
                index: Index | None = None) -> dict[str, Commit]:
        """The last commit of each wanted file (every entry's, by default), where the shelf is
        in a git repository: kept in the index for the HEAD it was worked out at, else from one
        `git log`. Through index, a connection of the caller's thread, if given."""
        from postmortem.shelf import git

        index = index or self.index
        wanted = set(self.entries) if wanted is None else wanted
        if git.repository_root(self.root) is None:
            return {}
        current = git.head(self.root)
        if current is None:
            return {}
        cached = index.cached_commits(current)
        if cached is None or not wanted <= set(cached):
            found = git.last_commits(self.root, wanted)
            cached = {path: (commit.author, commit.date) for path, commit in found.items()}
            cached |= {path: ("", "") for path in wanted - set(found)}  # not committed yet
            index.keep_commits(current, cached)
        return {path: git.Commit(*commit) for path, commit in cached.items()
                if path in wanted and commit[0]}


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Newest incident first (no date last), then by path; broken files at the end. Python's
    sort is stable, so three passes give that order."""
    ordered = sorted(entries, key=lambda entry: entry.path)
    ordered.sort(key=lambda entry: entry.date, reverse=True)  # "" (no date) sorts last
    ordered.sort(key=lambda entry: entry.broken)
    return ordered


def _unchanged(known: Known | None, file: Found) -> bool:
    return known is not None and known.surely_same(file.size, file.mtime_ns)


def _unreadable(relative: str, error: OSError | None) -> Entry:
    from postmortem.shelf.entry import broken_entry
    from postmortem.shelf.reading import kind_of
    from postmortem.storage.toml_file import MAX_FILE_BYTES

    if error is None:
        why = f" file is larger than {MAX_FILE_BYTES // 2**20} MiB"
    else:
        why = f" cannot read: {error.strerror or error}"
    return broken_entry(relative, kind_of(relative), why)
