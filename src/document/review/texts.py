"""Every piece of text in a document, with its path: what the placeholder and blameless rules
read. One pass over the document, linear in its size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from postmortem.document.outline import PART_BY_KEY, Body, value_at

if TYPE_CHECKING:
    from postmortem.document.model import Document


class Text(NamedTuple):
    path: str  # the dotted path, rows counted from 0
    text: str
    prose: bool  # the author's sentences (not a name, an ID or a URL)


_PROSE_PARTS = ("executive_summary", "lessons_learned", "root_cause.what_happened",
                "root_cause.why_it_happened", "response.detection_gaps",
                "response.resolution_challenges")
_LISTS = tuple(part.key for part in PART_BY_KEY.values() if part.body is Body.LIST)
_LINK_LISTS = tuple(part.key for part in PART_BY_KEY.values() if part.body is Body.LINKS)


def texts(document: Document) -> Iterator[Text]:
    """The document's text, part by part in the standard's order."""
    yield Text("title", document.title, True)
    yield from _incident(document)
    for name in type(document.stated_times).model_fields:
        stated = getattr(document.stated_times, name)
        yield Text(f"stated_times.{name}.note", stated.note, False)
    for index, event in enumerate(document.timeline):
        yield Text(f"timeline.{index}.event", event.event, True)
        yield Text(f"timeline.{index}.actions", event.actions, True)
    for name in type(document.impact).model_fields:
        yield Text(f"impact.{name}", getattr(document.impact, name), True)
    for path in _PROSE_PARTS:
        yield Text(path, value_at(document, path), True)
    for path in _LISTS:
        for index, item in enumerate(value_at(document, path)):
            yield Text(f"{path}.{index}", item, True)
    yield from _whys(document)
    for index, item in enumerate(document.action_items):
        yield Text(f"action_items.{index}.description", item.description, True)
        yield Text(f"action_items.{index}.owner", item.owner, False)
    for path in _LINK_LISTS:
        for index, link in enumerate(value_at(document, path)):
            yield Text(f"{path}.{index}.label", link.label, False)
            yield Text(f"{path}.{index}.url", link.url, False)


def _incident(document: Document) -> Iterator[Text]:
    info = document.incident
    for name in ("id", "commander", "technical_lead", "communications_lead"):
        yield Text(f"incident.{name}", getattr(info, name), False)
    for index, name in enumerate(info.additional_responders):
        yield Text(f"incident.additional_responders.{index}", name, False)


def _whys(document: Document) -> Iterator[Text]:
    whys = document.five_whys
    yield Text("five_whys.problem_statement", whys.problem_statement, True)
    for index, step in enumerate(whys.steps):
        yield Text(f"five_whys.steps.{index}.why", step.why, True)
        yield Text(f"five_whys.steps.{index}.because", step.because, True)
