"""The sections of the app, in the standard's order, with their guidance. Their headings are the
outline's (outline.py); how complete each one is, the review says (review/marks.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# tomli, as storage reads files (its compiled wheel): the standard library's tomllib as well
# would be a second TOML reader in memory for two small files.
import tomli

from postmortem.document.outline import heading
from postmortem.document.shipped import shipped_bytes


@dataclass(frozen=True)
class Section:
    key: str
    heading: str

    @property
    def guidance(self) -> str:
        return load_guidance().get(self.key, "")


# The sections of the app, in the standard's order: the 5 Whys, a subsection of the standard,
# has a screen of its own. How complete each one is, the review says (review/marks.py).
SECTION_KEYS = ("incident", "executive_summary", "timeline", "impact", "root_cause", "five_whys",
                "response", "action_items", "preventive", "lessons_learned", "supporting")
SECTIONS: tuple[Section, ...] = tuple(Section(key, heading(key)) for key in SECTION_KEYS)
SECTION_BY_KEY = {section.key: section for section in SECTIONS}


@cache
def load_guidance() -> dict[str, str]:
    return {key: str(value).strip() for key, value in _shipped("guidance.toml").items()}


@cache
def load_severities() -> dict[str, str]:
    return {key: str(value) for key, value in _shipped("severity.toml").items()}


def _shipped(name: str) -> dict[str, object]:
    return tomli.loads(shipped_bytes(name).decode("utf-8"))
