"""The open file: the document being edited, where it lives, and whether disk has caught up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from postmortem import storage
from postmortem.model import Document


@dataclass
class Session:
    path: Path
    document: Document
    revision: int = 0  # bumped on every edit
    saved_revision: int = 0
    saved_at: dt.datetime | None = None
    last_error: str | None = field(default=None)

    @property
    def dirty(self) -> bool:
        return self.revision != self.saved_revision

    def changed(self) -> None:
        self.revision += 1

    def save(self, path: Path | None = None) -> Path:
        """Write the document atomically; raises SaveError and leaves the old file intact."""
        target = path or self.path
        revision = self.revision
        storage.save(self.document, target)
        self.path = target
        self.saved_revision = revision
        self.saved_at = dt.datetime.now()
        self.last_error = None
        return target
