"""The blameless check: does an answer point at a person rather than at a cause?

Blameless practice asks why the system let something happen, not who did it. An answer that
names a responder, or that says "human error", "forgot", "careless" and the like, gets a
gentle warning; it is never refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

HINT = "Blameless practice: ask why the system let it happen, not who did it."

# Each pattern matches a whole phrase; the first group is what the warning quotes.
_PHRASES = [
    r"human errors?", r"user errors?", r"operator errors?", r"pilot errors?",
    r"forg[eo]t(?:s|ten|ting)?", r"careless(?:ly|ness)?", r"mistakes? (?:by|of|from)",
    r"(?:made|making) (?:a|an) (?:mistake|error)", r"did(?:n't|n’t| not) (?:follow|check|read)",
    r"should(?:n't|n’t| not)? have (?:known|checked|noticed|followed)",
    r"negligen(?:t|ce)", r"sloppy", r"lazy", r"incompeten(?:t|ce)", r"(?:his|her|their) fault",
    r"fault of", r"to blame", r"blamed?", r"not paying attention", r"oversight by",
    r"fat[- ]finger(?:ed|s)?", r"ignored the",
]
# A hyphen counts as part of a word, so the "forgotten-password" page is no blame.
_BLAME = re.compile(r"(?<![\w-])(" + "|".join(_PHRASES) + r")(?![\w-])", re.IGNORECASE)


def blame_reason(answer: str, responders: Sequence[str]) -> str | None:
    """Why the answer reads as blaming a person, or None when it does not."""
    name = named_responder(answer, responders)
    if name is not None:
        return f"it names {name}, a responder"
    match = _BLAME.search(answer)
    if match:
        return f"it says \u201c{match.group(1)}\u201d"
    return None


def blame_warning(answer: str, responders: Sequence[str]) -> str | None:
    """The full warning the wizard shows under an answer, or None."""
    reason = blame_reason(answer, responders)
    if reason is None:
        return None
    return f"This answer points at a person ({reason}). {HINT}"


def named_responder(answer: str, responders: Sequence[str]) -> str | None:
    """The first responder the answer names: the full name in any case, or a capitalised
    first or last name (so "Sam" counts but the verb "will" does not name Will)."""
    for responder in responders:
        full = responder.strip()
        if not full:
            continue
        if re.search(rf"(?<!\w){re.escape(full)}(?!\w)", answer, re.IGNORECASE):
            return full
        for part in full.split():
            if len(part) >= 3 and re.search(rf"(?<!\w){re.escape(part)}(?!\w)", answer):
                return full
    return None
