"""One thread that writes for the session, in the order asked: the recovery copy while typing,
and autosaves. Typing never waits for TOML to be rendered (about 90 ms at 10,000 timeline
rows) or for a slow disk; every write that must be on disk before going on waits for the one
in flight first, so an older write never lands last."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from postmortem.storage.guarded import Replaced
    from postmortem.storage.known_version import Recording

T = TypeVar("T")


@dataclass(eq=False)
class SaveJob:
    """An autosave whose file is being rendered and written in the background."""

    target: Path
    revision: int  # the edit it holds
    written: Future[Replaced]  # what writing it did, once that is on disk
    recording: Recording  # its bytes, packed: the base of a merge once it is the file
    accounted: bool = field(default=False, init=False)  # the session has taken note of it


class Writer:
    """Runs writes one after another in a thread of their own."""

    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None
        self._pending: Future[Any] | None = None
        self.job: SaveJob | None = None  # the autosave the session has not taken note of yet

    @property
    def busy(self) -> bool:
        return self._pending is not None and not self._pending.done()

    def submit(self, work: Callable[..., T], *args: Any) -> Future[T]:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="postmortem-writer")
        future = self._executor.submit(work, *args)
        self._pending = future
        return future

    def wait(self) -> None:
        """Let the write in flight land; its failure is as if it was never asked for."""
        pending, self._pending = self._pending, None
        if pending is not None:
            with contextlib.suppress(Exception):
                pending.result()
