"""Related incidents: the post-mortems on a shelf that share affected systems, words of the
root cause or responders with one of them, ranked.

A shared system counts most, then a shared responder; a shared root-cause word counts as much
as it is rare on the shelf (a word in every post-mortem says nothing). Post-mortems already
linked from Related Documentation are left out.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from postmortem.shelf.entry import Entry

SYSTEM_WEIGHT = 3.0
RESPONDER_WEIGHT = 1.5
MIN_SHARED_WORDS = 2  # with no system or responder in common, at least this many words
SHOWN = 30


@dataclass(frozen=True)
class Related:
    entry: Entry
    score: float
    systems: tuple[str, ...]
    responders: tuple[str, ...]
    words: tuple[str, ...]

    def reasons(self) -> str:
        """"systems: pay-gw · people: Priya Raman · words: certificate, rotation"."""
        parts = []
        if self.systems:
            parts.append("systems: " + ", ".join(self.systems))
        if self.responders:
            parts.append("people: " + ", ".join(self.responders))
        if self.words:
            parts.append("words: " + ", ".join(self.words[:6]))
        return " · ".join(parts)


def related_to(current: Entry, others: Iterable[Entry], folder: Path,
               limit: int = SHOWN) -> list[Related]:
    """The post-mortems among others that are related to current (whose file is in folder),
    best first; current itself, broken files and those current already links to left out."""
    linked = linked_paths(current, folder)
    candidates = [entry for entry in others
                  if not entry.broken and entry.path != current.path
                  and os.path.normpath(entry.path) not in linked]
    rarity = _rarity(candidates)
    systems = _folded(current.systems)
    people = _folded(current.responders)
    words = set(current.cause_words)
    found = []
    for entry in candidates:
        shared_systems = tuple(name for name in entry.systems if name.casefold() in systems)
        shared_people = tuple(name for name in entry.responders if name.casefold() in people)
        shared_words = tuple(sorted((word for word in entry.cause_words if word in words),
                                    key=lambda word: -rarity[word]))
        if not shared_systems and not shared_people and len(shared_words) < MIN_SHARED_WORDS:
            continue
        score = (SYSTEM_WEIGHT * len(shared_systems) + RESPONDER_WEIGHT * len(shared_people)
                 + sum(rarity[word] for word in shared_words))
        found.append(Related(entry, score, shared_systems, shared_people, shared_words))
    found.sort(key=lambda related: (-related.score, related.entry.path))
    return found[:limit]


def _folded(names: Iterable[str]) -> set[str]:
    return {name.casefold() for name in names}


def _rarity(entries: list[Entry]) -> dict[str, float]:
    """How much a shared word says: the rarer on the shelf, the more (inverse document
    frequency)."""
    counts = Counter(word for entry in entries for word in set(entry.cause_words))
    total = len(entries) + 1
    return {word: math.log(total / count) for word, count in counts.items()}


def linked_paths(current: Entry, folder: Path) -> set[str]:
    """The shelf paths (relative, normalised) that current's Related Documentation links to."""
    base = os.path.dirname(current.path)
    paths = set()
    for url in current.linked:
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc:
            continue
        paths.add(os.path.normpath(os.path.join(base, unquote(parsed.path))))
    return paths


def link_to(current: Entry, other: Entry) -> tuple[str, str]:
    """The (label, url) of a link from current's file to other's: its path relative to
    current's folder, which a repository's web view follows."""
    base = os.path.dirname(current.path) or "."
    url = os.path.relpath(other.path, base).replace(os.sep, "/")
    label = " — ".join(part for part in (other.incident_id, other.title) if part) or other.path
    return label, url


@dataclass(frozen=True)
class Found:
    """What a look for related incidents found: the shelf's folder, the open post-mortem as
    seen from there, and the related ones, best first."""

    folder: Path
    current: Entry
    related: list[Related]


def shelf_folder_of(path: Path) -> Path:
    """The shelf an open post-mortem belongs to: its git repository, else its folder."""
    from postmortem.shelf.git import repository_root

    folder = path.resolve().parent
    return repository_root(folder) or folder


def related_on_shelf(path: Path, current: Entry) -> Found:
    """The post-mortems related to current (the open file at path, as the editor holds it now)
    on its shelf, the index brought up to date first."""
    from dataclasses import replace

    from postmortem.shelf.catalog import Shelf

    folder = shelf_folder_of(path)
    shelf = Shelf(folder)
    try:
        shelf.update()
    finally:
        shelf.index.close()
    current = replace(current, path=path.resolve().relative_to(folder).as_posix())
    return Found(folder, current, related_to(current, shelf.entries.values(), folder))
