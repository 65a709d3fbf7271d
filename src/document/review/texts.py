"""Every piece of text in a document, with its path: what the placeholder and blameless rules
read. One pass over the document, linear in its size; a rule that wants only some texts says
which (keep), and is handed only those, at no cost for the others (most of them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from postmortem.document.outline import PART_BY_KEY, Body, value_at

if TYPE_CHECKING:
    from postmortem.document.model import Document

Keep = Callable[[str], object]


class Text(NamedTuple):
    path: str  # the dotted path, rows counted from 0
    text: str
    prose: bool  # the author's sentences (not a name, an ID or a URL)


_PROSE_PARTS = ("executive_summary", "lessons_learned", "root_cause.what_happened",
                "root_cause.why_it_happened", "response.detection_gaps",
                "response.resolution_challenges")
_LISTS = tuple(part.key for part in PART_BY_KEY.values() if part.body is Body.LIST)
_LINK_LISTS = tuple(part.key for part in PART_BY_KEY.values() if part.body is Body.LINKS)


def _everything(text: str) -> bool:
    return True


def texts(document: Document, keep: Keep = _everything) -> Iterator[Text]:
    """The document's text that keep() accepts, part by part in the standard's order."""
    yield from texts_before_timeline(document, keep)
    # the rows' cells by name, not getattr over a tuple of names: the review reads every row after
    # each pause in editing, and this loop is most of a rule's time at 50,000 rows
    for index, event in enumerate(document.timeline):
        if keep(event.event):  # before the path is built: most rows are passed over
            yield Text(f"timeline.{index}.event", event.event, True)
        if keep(event.actions):
            yield Text(f"timeline.{index}.actions", event.actions, True)
    yield from texts_after_timeline(document, keep)


def texts_before_timeline(document: Document, keep: Keep = _everything) -> Iterator[Text]:
    """What texts() yields before the timeline's rows: the title, the incident, the stated
    times' notes."""
    yield from _kept(keep, [Text("title", document.title, True)])
    yield from _kept(keep, _incident(document))
    for name in type(document.stated_times).model_fields:
        stated = getattr(document.stated_times, name)
        if keep(stated.note):
            yield Text(f"stated_times.{name}.note", stated.note, False)


def texts_after_timeline(document: Document, keep: Keep = _everything) -> Iterator[Text]:
    """What texts() yields after the timeline's rows: every part after it."""
    for name in type(document.impact).model_fields:
        if keep(value := getattr(document.impact, name)):
            yield Text(f"impact.{name}", value, True)
    yield from _kept(keep, [Text(path, value_at(document, path), True) for path in _PROSE_PARTS])
    for path in _LISTS:
        for index, item in enumerate(value_at(document, path)):
            if keep(item):
                yield Text(f"{path}.{index}", item, True)
    yield from _kept(keep, _whys(document))
    for index, item in enumerate(document.action_items):
        yield from _kept(keep, [Text(f"action_items.{index}.description", item.description, True),
                                Text(f"action_items.{index}.owner", item.owner, False)])
    for path in _LINK_LISTS:
        for index, link in enumerate(value_at(document, path)):
            yield from _kept(keep, [Text(f"{path}.{index}.label", link.label, False),
                                    Text(f"{path}.{index}.url", link.url, False)])


def _kept(keep: Keep, found: list[Text] | Iterator[Text]) -> Iterator[Text]:
    return (text for text in found if keep(text.text))


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
