"""The shelf's index: an SQLite database with FTS5 in the user's cache folder.

One database per shelf folder, keyed by the folder's absolute path; a row per file, keyed by
its path, with the size, modification time and hash it had when read, the Entry made of it, and
its text in a full-text table. It is only a cache: deleted, damaged, or of another version, it
is built again from the files, which are the truth; where it cannot be written at all, it is
kept in memory for the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from postmortem.shelf.entry import Entry
from postmortem.shelf.reading import Read

INDEX_VERSION = "1"  # raise it when what an Entry holds, or how it is worked out, changes
# Weights of the full-text columns in the ranking: ident, title, summary, cause, body.
WEIGHTS = (10.0, 8.0, 3.0, 4.0, 1.0)
MAX_QUERY_WORDS = 12
MIN_WORD = 2  # characters before a word filters (see match_expression)
RANK_LIMIT = 1500  # more matches than this come unranked (see Index.search)
MATCHED_WORDS_SHOWN = 8
_WORDS = re.compile(r"[^\W_]+")  # a word as FTS5's unicode61 tokenizer cuts them
_MARKED = re.compile("\x01(.*?)\x02", re.S)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    digest TEXT NOT NULL,
    checked_ns INTEGER NOT NULL,
    entry TEXT  -- the Entry as JSON; NULL: not a post-mortem
);
CREATE VIRTUAL TABLE IF NOT EXISTS text USING fts5(
    ident, title, summary, cause, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TABLE IF NOT EXISTS commits (path TEXT PRIMARY KEY, author TEXT, date TEXT);
"""
TABLES = ("meta", "files", "text", "commits")


def cache_folder() -> Path:
    """$XDG_CACHE_HOME/postmortem/shelf (~/.cache/postmortem/shelf), as platformdirs says."""
    import platformdirs

    return platformdirs.user_cache_path("postmortem") / "shelf"


def database_for(root: Path) -> Path:
    key = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_folder() / f"{key[:24]}.sqlite3"


@dataclass(frozen=True)
class Known:
    """A file as the index last saw it."""

    file_id: int
    size: int
    mtime_ns: int
    digest: str
    checked_ns: int

    def surely_same(self, size: int, mtime_ns: int) -> bool:
        """Same size and time, and the time was not so close to the check that a change in the
        same tick could hide behind it (then the hash decides); a file that could not be read
        (no hash) is never the same."""
        return (self.size == size and self.mtime_ns == mtime_ns and bool(self.digest)
                and mtime_ns < self.checked_ns - 2_000_000_000)


@dataclass(frozen=True)
class Hits:
    """The row ids a search found, best first if ranked."""

    ids: list[int]
    ranked: bool


@dataclass(frozen=True)
class Matches:
    """What a query found in one post-mortem: the words, and a line of text around them."""

    words: list[str]
    snippet: str


class Index:
    def __init__(self, connection: sqlite3.Connection, location: str) -> None:
        self.db = connection
        self.location = location  # the database's file, or the URI of one in memory

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, database: Path | None = None) -> Index:
        """The index of root's shelf, built anew if it is missing, damaged or outdated, and in
        memory when the cache folder cannot be written."""
        database = database or database_for(root)
        with contextlib.suppress(OSError, sqlite3.Error):
            return cls._open_file(database, str(root.resolve()))
        with contextlib.suppress(OSError, sqlite3.Error):  # damaged: start again
            database.unlink(missing_ok=True)
            return cls._open_file(database, str(root.resolve()))
        return cls.in_memory()

    @classmethod
    def in_memory(cls) -> Index:
        """An index for this run only; other connections of this process share it (another)."""
        _memory_count[0] += 1
        where = f"file:postmortem-shelf-{_memory_count[0]}?mode=memory&cache=shared"
        index = cls(_connect(where), where)
        index._prepare("")
        return index

    @property
    def kept(self) -> bool:
        """Whether the index is kept on disk for the next run (not in memory)."""
        return not self.location.startswith("file:")

    def another(self) -> Index:
        """A connection of its own to the same index, for another thread: one writes while the
        other searches."""
        return Index(_connect(self.location), self.location)

    @classmethod
    def _open_file(cls, database: Path, root: str) -> Index:
        database.parent.mkdir(parents=True, exist_ok=True)
        connection = _connect(str(database))
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")  # a cache: speed over durability
            index = cls(connection, str(database))
            index._prepare(root)
        except BaseException:
            connection.close()
            raise
        return index

    def _prepare(self, root: str) -> None:
        db = self.db
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("version") != INDEX_VERSION or meta.get("root", root) != root:
            with db:
                for table in TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
        with db:
            db.executescript(SCHEMA)
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?), ('root', ?)",
                       (INDEX_VERSION, root))
        db.execute("SELECT count(*) FROM files").fetchone()  # fails here if damaged

    def close(self) -> None:
        self.db.close()

    # --- files -------------------------------------------------------------------------------

    def known(self) -> dict[str, Known]:
        rows = self.db.execute("SELECT path, id, size, mtime_ns, digest, checked_ns FROM files")
        return {path: Known(*rest) for path, *rest in rows}

    def digest(self, relative: str) -> str | None:
        """The hash of the file's bytes as the index read them."""
        row = self.db.execute("SELECT digest FROM files WHERE path = ?", (relative,)).fetchone()
        return str(row[0]) if row is not None else None

    def entries(self) -> dict[int, Entry]:
        """Every post-mortem the index holds, by its file's row id."""
        rows = self.db.execute("SELECT id, entry FROM files WHERE entry IS NOT NULL")
        return {file_id: Entry.from_json(json.loads(text)) for file_id, text in rows}

    def store(self, relative: str, size: int, mtime_ns: int, digest: str, checked_ns: int,
              read: Read) -> int:
        """Keep what reading a file gave; returns its row id (the caller commits)."""
        entry = json.dumps(read.entry.to_json(), ensure_ascii=False) if read.entry else None
        row = self.db.execute(
            "INSERT INTO files (path, size, mtime_ns, digest, checked_ns, entry) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, digest=excluded.digest, "
            "checked_ns=excluded.checked_ns, entry=excluded.entry RETURNING id",
            (relative, size, mtime_ns, digest, checked_ns, entry)).fetchone()
        file_id = int(row[0])
        self.db.execute("DELETE FROM text WHERE rowid = ?", (file_id,))
        if read.text is not None:
            self.db.execute("INSERT INTO text (rowid, ident, title, summary, cause, body) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (file_id, *read.text.columns()))
        return file_id

    def touch(self, relative: str, size: int, mtime_ns: int, checked_ns: int) -> None:
        """The file's bytes are as indexed; only its size or time moved (or it was too new to
        trust): note them."""
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ?, checked_ns = ? WHERE path = ?",
                        (size, mtime_ns, checked_ns, relative))

    def forget(self, relatives: list[str]) -> None:
        """Files that are gone. Call inside `with index.db:`."""
        for relative in relatives:
            row = self.db.execute("DELETE FROM files WHERE path = ? RETURNING id",
                                  (relative,)).fetchone()
            if row is not None:
                self.db.execute("DELETE FROM text WHERE rowid = ?", (row[0],))

    # --- search ------------------------------------------------------------------------------

    def search(self, query: str, rank_limit: int | None = RANK_LIMIT) -> Hits | None:
        """The row ids of the post-mortems whose text holds every word of query; None for no
        words. Best first, unless more than rank_limit match: ranking costs about a
        microsecond a match, and a word so common ranks nothing worth the wait (then they come
        unranked, and the caller orders them)."""
        expression = match_expression(query)
        if expression is None:
            return None
        try:
            found = [row[0] for row in self.db.execute(
                "SELECT rowid FROM text WHERE text MATCH ?", (expression,))]
            if rank_limit is not None and len(found) > rank_limit:
                return Hits(found, ranked=False)
            weights = ", ".join(str(weight) for weight in WEIGHTS)
            ranked = self.db.execute(f"SELECT rowid FROM text WHERE text MATCH ? "
                                     f"ORDER BY bm25(text, {weights})", (expression,))
            return Hits([row[0] for row in ranked], ranked=True)
        except sqlite3.OperationalError:
            return Hits([], ranked=True)

    def matches(self, query: str, file_id: int) -> Matches:
        """The words of query found in one post-mortem, and a snippet around the first."""
        expression = match_expression(query)
        if expression is None:
            return Matches([], "")
        marks = ", ".join(f"highlight(text, {column}, x'01', x'02')" for column in range(5))
        try:
            row = self.db.execute(
                f"SELECT {marks}, snippet(text, -1, x'01', x'02', '…', 10) FROM text "
                f"WHERE text MATCH ? AND rowid = ?", (expression, file_id)).fetchone()
        except sqlite3.OperationalError:
            row = None
        if row is None:
            return Matches([], "")
        *columns, snippet = (str(value) for value in row)
        words: dict[str, None] = {}
        for column in columns:
            for word in _MARKED.findall(column):
                words.setdefault(word.casefold(), None)
        return Matches(list(words)[:MATCHED_WORDS_SHOWN], " ".join(snippet.split()))

    # --- git ---------------------------------------------------------------------------------

    def cached_commits(self, head: str) -> dict[str, tuple[str, str]] | None:
        """The last commit of each file as worked out at head, or None if not at head."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'git_head'").fetchone()
        if row is None or row[0] != head:
            return None
        return {path: (author, date) for path, author, date
                in self.db.execute("SELECT path, author, date FROM commits")}

    def keep_commits(self, head: str, commits: dict[str, tuple[str, str]]) -> None:
        with self.db:
            self.db.execute("DELETE FROM commits")
            self.db.executemany("INSERT INTO commits VALUES (?, ?, ?)",
                                [(path, *commit) for path, commit in commits.items()])
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('git_head', ?)", (head,))


_memory_count = [0]


def _connect(where: str) -> sqlite3.Connection:
    uri = where.startswith("file:")
    return sqlite3.connect(where, timeout=5.0, uri=uri, check_same_thread=False)


def match_expression(query: str) -> str | None:
    """The FTS5 query for what was typed: every word must be there, each as the start of a word
    ("cert" finds certificate; the last one may be half typed). A word counts from its second
    character: one letter starts nearly every post-mortem, and looking through them all for it
    would cost every key as much as the rest of the search. Words are quoted, so nothing typed
    is read as FTS5 syntax."""
    words = [word for word in _WORDS.findall(query) if len(word) >= MIN_WORD][:MAX_QUERY_WORDS]
    if not words:
        return None
    return " AND ".join(f'"{word}"*' for word in words)
