"""The review, run between keys: one rule at a time, giving way to the event loop after each,
so that a key pressed meanwhile waits for one rule at most, never for the whole review (the
rules are linear in the document; at 10,000 timeline rows the slowest takes ~25 ms)."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postmortem.document.model import Document
    from postmortem.document.review import Review


async def review_between_keys(document: Document, only: Collection[str] | None = None,
                              ) -> Review:
    """The review of the document (or only the rules named), today."""
    from postmortem.document import clock
    from postmortem.document.review import rule_by_rule

    steps = rule_by_rule(document, clock.today(), only=only)
    result = next(steps)
    while result is None:
        await asyncio.sleep(0)
        result = next(steps)
    return result


def review_now(document: Document, only: Collection[str] | None = None) -> Review:
    """The review at once, for a screen about to be shown (its first frame needs it)."""
    from postmortem.document import clock
    from postmortem.document.review import review

    return review(document, clock.today(), only=only)
