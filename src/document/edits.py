"""Edits from the interface, held as loading holds them.

The screens write every value through set_at: it normalises and checks the value with the very
validators that reading a file applies (a one-line field trimmed, a block cleaned, empty list
items dropped…), so what the app saves is what `postmortem fmt` would write.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from postmortem.document.model import Document


def owner_and_name(document: Document, path: str) -> tuple[BaseModel, str]:
    """The part of the document that holds the value at a dotted path, and the value's name."""
    *parents, name = path.split(".")
    owner: Any = document
    for part in parents:
        owner = getattr(owner, part)
    return owner, name


def get_at(document: Document, path: str) -> Any:
    """The value at a dotted path of the document, e.g. "incident.id"."""
    owner, name = owner_and_name(document, path)
    return getattr(owner, name)


def set_at(document: Document, path: str, value: Any) -> bool:
    """Set the value at a dotted path as loading would hold it; True when that changed the
    document. A value the field cannot hold raises pydantic's ValidationError (a ValueError)."""
    owner, name = owner_and_name(document, path)
    held = _validator(type(owner), name)(value)
    if getattr(owner, name) == held:
        return False
    setattr(owner, name, held)
    return True


@cache
def _validator(model: type[BaseModel], name: str) -> Callable[[Any], Any]:
    """The field's own validation (its type and the validators annotated on it), without the
    whole model's: checking a title must not walk the timeline."""
    from pydantic import TypeAdapter

    annotation = model.model_fields[name].rebuild_annotation()  # the type with its validators
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    return adapter.validate_python
