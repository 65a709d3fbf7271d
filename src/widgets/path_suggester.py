"""Path completion for the inputs that take a file name (save as, export): as the user types,
the rest of the first matching name in that folder is shown greyed, and → accepts it, as
Textual's Input does with any suggestion. A folder's name comes with its "/", so the next →
goes on into it.

The folder is listed in a thread (a hung network mount must not freeze the screen), at most
MAX_ENTRIES names of it, so the cost per key is bounded whatever the folder holds.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.suggester import Suggester

MAX_ENTRIES = 2000


class PathSuggester(Suggester):
    """Suggests the completion of the file or folder name being typed."""

    def __init__(self, suffixes: tuple[str, ...] = ()) -> None:
        # no cache: the folder changes (the file just exported, the one just saved)
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffixes = suffixes  # files with these endings come first, e.g. (".toml",)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value, self.suffixes)


def complete_path(value: str, suffixes: tuple[str, ...] = ()) -> str | None:
    """value with the rest of the first name in its folder that starts with what follows the
    last "/" (a folder with a "/" after it), or None. "~" stands for the home folder, and stays
    as typed in what is returned."""
    if not value:
        return None
    folder_text, separator, start = value.rpartition(os.sep)
    folder = Path(os.path.expanduser(folder_text or os.sep)) if separator else Path(".")
    best = _best_match(folder, start, suffixes)
    if best is None:
        return None
    name, is_folder = best
    return value + name[len(start):] + (os.sep if is_folder else "")


def _best_match(folder: Path, start: str, suffixes: tuple[str, ...]) -> tuple[str, bool] | None:
    """The name in folder that starts with start: files with one of suffixes first, then
    folders, then anything, each in name order; names that are not plain text are skipped."""
    found: list[tuple[int, str, bool]] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_ENTRIES:
                    break
                name = entry.name
                if not name.startswith(start) or not name.isprintable():
                    continue
                if name.startswith(".") and not start.startswith("."):
                    continue  # hidden unless asked for, as shells do
                is_folder = _entry_is_folder(entry)
                if name == start and not is_folder:
                    continue  # typed in full: nothing to add
                rank = 0 if name.endswith(suffixes) and suffixes else 1 if is_folder else 2
                found.append((rank, name, is_folder))
    except OSError:
        return None
    if not found:
        return None
    _, name, is_folder = min(found)
    return name, is_folder


def _entry_is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
