"""The sections of the app, in the standard's order, with their guidance. Their headings are the
outline's (outline.py); how complete each one is, the review says (review/marks.py)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from postmortem.document.outline import heading


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
    text = (resources.files("postmortem.data") / "guidance.toml").read_text(encoding="utf-8")
    return {key: str(value).strip() for key, value in tomllib.loads(text).items()}


@cache
def load_severities() -> dict[str, str]:
    text = (resources.files("postmortem.data") / "severity.toml").read_text(encoding="utf-8")
    return {key: str(value) for key, value in tomllib.loads(text).items()}
