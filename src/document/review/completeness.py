"""Completeness: every section written, no template placeholder left in (a placeholder counts
as empty), and what the standard requires of a P1 or P2: action items and a 5 Whys of at least
three steps."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from postmortem.document.outline import PART_BY_KEY, heading, value_at
from postmortem.document.review.context import Context
from postmortem.document.review.finding import Level, field_name
from postmortem.document.review.rule import Hit, Rule
from postmortem.document.review.texts import texts_after_timeline, texts_before_timeline
from postmortem.document.review.words import is_blank, may_hold_placeholders, placeholders
from postmortem.document.sections import SECTIONS
from postmortem.document.whys import MIN_STEPS, answered

if TYPE_CHECKING:
    from postmortem.document.model import Document


def _labels(key: str) -> tuple[str, ...]:
    part = PART_BY_KEY[key]
    found = [label.path for label in part.all_labels()]
    found += [label.path for sub in part.subsections for label in sub.all_labels()]
    return tuple(found)


def _subsections(key: str, *leave_out: str) -> tuple[str, ...]:
    return tuple(sub.key for sub in PART_BY_KEY[key].subsections if sub.key not in leave_out)


# What each section must hold before a reviewer will read it; the rest of what it may hold
# (OPTIONAL) counts when telling a started section from an empty one.
REQUIRED: dict[str, tuple[str, ...]] = {
    "incident": ("title", *(path for path in _labels("incident")
                            if path not in ("stated_times.duration",
                                            "incident.additional_responders"))),
    "executive_summary": ("executive_summary",),
    "timeline": ("timeline",),
    "impact": _labels("impact"),
    "root_cause": _subsections("root_cause", "five_whys"),
    "five_whys": ("five_whys.problem_statement",),
    "response": _subsections("response"),
    "action_items": ("action_items",),
    "preventive": _subsections("preventive"),
    "lessons_learned": ("lessons_learned",),
    "supporting": _subsections("supporting"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "incident": ("stated_times.duration", "incident.additional_responders"),
    "timeline": tuple(path for path in _labels("timeline")),
    "five_whys": ("five_whys.steps",),
}


def is_empty(value: Any) -> bool:
    """No value, or only the template's placeholders."""
    if value is None:
        return True
    if isinstance(value, str):
        return is_blank(value)
    if isinstance(value, list):
        return all(is_empty(item) for item in value)
    if hasattr(value, "value") and hasattr(value, "note"):  # a stated time
        return is_blank(value.value) and is_blank(value.note)
    if hasattr(value, "label") and hasattr(value, "url"):  # a link
        return is_blank(value.label) and is_blank(value.url)
    return False


def section_is_empty(document: Document, key: str) -> bool:
    """Nothing written in the section (placeholders count as nothing)."""
    paths = REQUIRED[key] + OPTIONAL.get(key, ())
    return all(is_empty(value_at(document, path)) for path in paths)


def _specific_rule_covers(context: Context, key: str) -> bool:
    """For a P1 or P2, an empty Action Items or 5 Whys is said by the rules for them."""
    return context.severe and key in ("action_items", "five_whys")


def _empty_sections(context: Context) -> Iterator[Hit]:
    for section in SECTIONS:
        if section_is_empty(context.document, section.key) and not _specific_rule_covers(context,
                                                                                section.key):
            yield Hit(section.key, f"{section.heading} is not written yet")


def _empty_fields(context: Context) -> Iterator[Hit]:
    for section in SECTIONS:
        if section_is_empty(context.document, section.key):
            continue
        for path in REQUIRED[section.key]:
            value = value_at(context.document, path)
            if is_empty(value) and not (isinstance(value, str) and placeholders(value)):
                yield Hit(path, f"{field_name(path)} is empty")


def _placeholders(context: Context) -> Iterator[Hit]:
    """The texts holding a placeholder, in texts()' order; the timeline's rows from the facts
    kept for them (row_facts.py): a review after an edit reads the rows it changed."""
    document = context.document
    for text in texts_before_timeline(document, may_hold_placeholders):
        yield from _placeholder_hit(context, text.path, placeholders(text.text))
    for cell in context.row_facts.placeholders():
        yield from _placeholder_hit(context, f"timeline.{cell.row}.{cell.column}", cell.found)
    for text in texts_after_timeline(document, may_hold_placeholders):
        yield from _placeholder_hit(context, text.path, placeholders(text.text))


def _placeholder_hit(context: Context, path: str, found: list[str]) -> Iterator[Hit]:
    if found:
        shown = ", ".join(dict.fromkeys(found))
        yield Hit(path, f"{field_name(path, context.document)} still holds the template's "
                        f"placeholder {shown}")


def _severe_without_actions(context: Context) -> Iterator[Hit]:
    if context.severe and not context.document.action_items:
        severity = context.document.incident.severity
        yield Hit("action_items", f"a {severity} incident needs action items; there are none")


def _severe_without_whys(context: Context) -> Iterator[Hit]:
    count = answered(context.document.five_whys)
    if context.severe and count < MIN_STEPS:
        severity = context.document.incident.severity
        yield Hit("five_whys", f"a {severity} incident needs a {heading('five_whys')} of at "
                               f"least {MIN_STEPS} answered steps; it has {count}")


RULES = (
    Rule("section-empty", Level.ERROR, None, None,
         "every section of the standard is written",
         "write it; if it does not apply, say why in a sentence", _empty_sections,
         missing=True),
    Rule("field-empty", Level.WARNING, None, None,
         "every field of a started section is filled",
         "fill it in; if it does not apply, say so (e.g. \u201cNone: no data was lost\u201d)",
         _empty_fields, missing=True),
    Rule("placeholder", Level.ERROR, None, None,
         "no template placeholder ([Name], [YYYY-MM-DD], TBD…) is left in",
         "replace the placeholder with the real value, or write why it is not known",
         _placeholders, missing=True),
    Rule("severe-needs-actions", Level.ERROR, "action_items", "action_items",
         "a P1 or P2 has action items", "add at least one action item with an owner and a "
         "due date", _severe_without_actions, missing=True),
    Rule("severe-needs-whys", Level.ERROR, "five_whys", "five_whys",
         f"a P1 or P2 has a 5 Whys chain of at least {MIN_STEPS} answered steps",
         "walk the chain in the 5 Whys wizard until the answer is something you can change",
         _severe_without_whys, missing=True),
)
