"""Incident IDs for `postmortem new`: the settings' prefix and the next number.

The numbers given out are remembered in the state folder (incident-ids.json, one last number
per prefix), never in the user's config. Two `new` commands at once each get their own number:
the counter is read and advanced under a lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from postmortem.document.errors import DocumentError, SaveError
from postmortem.storage import toml_file as storage
from postmortem.storage.config import Settings
from postmortem.storage.recovery import state_dir

COUNTER_FILE = "incident-ids.json"


def counter_path() -> Path:
    return state_dir() / COUNTER_FILE


def peek_incident_id(settings: Settings, today: dt.date | None = None) -> str:
    """The ID the next `postmortem new` would get, without taking it."""
    prefix = settings.incident_prefix(today)
    return _format(settings, prefix, _next_number(settings, _read_counts(counter_path()), prefix))


def take_incident_id(settings: Settings, today: dt.date | None = None) -> str:
    """The next incident ID, taken: no later call returns it again. Raises DocumentError when
    the counter is damaged (it is then left as it is) and SaveError when it cannot be written."""
    prefix = settings.incident_prefix(today)
    path = counter_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with _locked(path.with_suffix(".lock")):
            counts = _read_counts(path)
            number = _next_number(settings, counts, prefix)
            counts[prefix] = number
            storage.write_atomic(path, json.dumps(counts, indent=1, sort_keys=True) + "\n")
    except OSError as error:  # the state folder cannot be made, or the lock cannot be opened
        raise SaveError(path, error.strerror or str(error)) from error
    return _format(settings, prefix, number)


def _next_number(settings: Settings, counts: dict[str, int], prefix: str) -> int:
    return max(counts.get(prefix, 0) + 1, settings.id_start)


def _format(settings: Settings, prefix: str, number: int) -> str:
    return f"{prefix}{number:0{settings.id_digits}d}"


def _read_counts(path: Path) -> dict[str, int]:
    """The last number given for each prefix; {} before the first."""
    try:
        raw, _ = storage.read_bytes(path)
    except DocumentError:
        if path.exists():
            raise
        return {}
    try:
        counts = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise _damaged(path) from error
    if not isinstance(counts, dict) or not all(
            isinstance(key, str) and isinstance(value, int) and not isinstance(value, bool)
            for key, value in counts.items()):
        raise _damaged(path)
    return counts


def _damaged(path: Path) -> DocumentError:
    return DocumentError(path, "the incident-ID counter is damaged: delete it and the numbers "
                               "start again from id_start (see: postmortem config)")


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on path (created if need be) while inside; on a system without
    fcntl, no lock."""
    with open(path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # not on Unix: one user rarely runs two `new` at the same instant
            yield
            return
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
