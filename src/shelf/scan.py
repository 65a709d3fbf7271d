"""Finding the files a shelf holds: every `.toml` and Markdown file under its folder.

Folders whose name starts with a dot (.git, .venv) and the usual heavy ones are not entered,
nor are links to folders (no loops). A Markdown file with a TOML file of the same name beside it
is that file's export, and the TOML is the post-mortem; the copies a conflict keeps aside
(FILE.mine-….toml, FILE.theirs-….toml) are not post-mortems of their own. Whether a file is a
post-mortem at all is for reading.py to say.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from postmortem.shelf.reading import MARKDOWN_SUFFIXES

SUFFIXES = (".toml", *MARKDOWN_SUFFIXES)
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "venv", "site-packages",
                             "build", "dist", "target"})
PEEK_BYTES = 65536
MAX_FILES = 100_000  # a shelf stops looking after this many files, and says so
_ASIDE = re.compile(r"\.(mine|theirs)-\d{8}-\d{6}(-\d+)?\.toml$")


@dataclass(frozen=True)
class Found:
    """A file that may be a post-mortem: where it is and its size and time as last seen."""

    relative: str  # from the shelf's folder, with forward slashes
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Scan:
    files: list[Found]
    truncated: bool  # MAX_FILES were found and the rest not looked for


def scan(root: Path, limit: int = MAX_FILES) -> Scan:
    """Every candidate file under root, in a stable order."""
    found: list[Found] = []
    truncated = False
    for relative, stat in _walk(root):
        if len(found) >= limit:
            truncated = True
            break
        found.append(Found(relative, stat.st_size, stat.st_mtime_ns))
    return Scan(_without_exports(found), truncated)


def _walk(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    folders = [("", str(root))]
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda item: item.name)
        except OSError:
            continue  # unreadable or gone: nothing to list there
        subfolders = []
        for item in items:
            name = item.name
            try:
                if item.is_dir(follow_symlinks=False):
                    if not name.startswith(".") and name not in SKIPPED_FOLDERS:
                        subfolders.append((f"{prefix}{name}/", item.path))
                elif (name.lower().endswith(SUFFIXES) and not _ASIDE.search(name)
                      and item.is_file()):
                    yield f"{prefix}{name}", item.stat()
            except OSError:
                continue
        folders.extend(reversed(subfolders))


def _without_exports(found: list[Found]) -> list[Found]:
    """Drop each Markdown file that has a TOML file of the same name beside it."""
    tomls = {file.relative[:-5] for file in found if file.relative.lower().endswith(".toml")}
    return [file for file in found
            if not (file.relative.lower().endswith(MARKDOWN_SUFFIXES)
                    and file.relative.rsplit(".", 1)[0] in tomls)]


def holds_postmortems(folder: Path, look_at: int = 200) -> bool:
    """Whether folder, or a folder under it, seems to hold a post-mortem, from the start of the
    first look_at candidate files (this decides what `postmortem` with no argument opens)."""
    from postmortem.shelf.reading import looks_like_postmortem

    for relative, _ in _walk(folder):
        look_at -= 1
        if look_at < 0:
            return False
        try:
            with open(folder / relative, "rb") as handle:
                start = handle.read(PEEK_BYTES)
        except OSError:
            continue
        if looks_like_postmortem(start, relative):
            return True
    return False
