"""One file read into what the shelf keeps of it: its Entry and its text for the search.

A `.toml` file of this tool is read and checked as the editor reads it; a Markdown post-mortem
goes through the importer, which writes nothing. A file that fails either way becomes a broken
Entry, its error as FILE:LINE: field: what; a file that is not a post-mortem at all (another
tool's TOML, a README) is passed over.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from postmortem.document.errors import DocumentError
from postmortem.document.outline import TITLE
from postmortem.shelf.entry import ActionRecord, Entry, broken_entry

if TYPE_CHECKING:
    from postmortem.document.model import Document

MARKDOWN_SUFFIXES = (".md", ".markdown")
# The parts of a post-mortem file; a TOML file with schema_version, or with two of these, is
# one (a pyproject.toml or a site's config.toml has neither).
SECTION_KEYS = frozenset({
    "executive_summary", "lessons_learned", "incident", "stated_times", "timeline", "impact",
    "root_cause", "five_whys", "response", "action_items", "preventive", "supporting",
})
# For a file that is not even TOML: does its text look like one of ours?
_OUR_LINES = re.compile(
    r"^\s*(schema_version\s*=|\[\s*incident\s*\]|\[\[\s*(timeline|action_items)\s*\]\])",
    re.MULTILINE)
_WORD = re.compile(r"[^\W\d_]{4,}")
_SYSTEM_SEPARATORS = re.compile(r"[,;\n]|\band\b")
CAUSE_WORDS_KEPT = 40
STOP_WORDS = frozenset({
    "about", "above", "after", "again", "against", "because", "been", "before", "being", "below",
    "between", "both", "cannot", "could", "did", "does", "doing", "down", "during", "each",
    "either", "every", "from", "further", "have", "having", "here", "into", "itself", "just",
    "more", "most", "much", "must", "never", "none", "only", "other", "over", "same", "should",
    "some", "such", "than", "that", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "under", "until", "very", "was", "were", "what", "when", "where", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "your",
    "yours", "also",
})


@dataclass(frozen=True)
class SearchText:
    """A post-mortem's text by column of the full-text index (index.py)."""

    ident: str
    title: str
    summary: str
    cause: str
    body: str

    def columns(self) -> tuple[str, str, str, str, str]:
        return (self.ident, self.title, self.summary, self.cause, self.body)


@dataclass(frozen=True)
class Read:
    """What reading one file gave: nothing (not a post-mortem), or an Entry and, unless the file
    is broken, its text."""

    entry: Entry | None
    text: SearchText | None = None


_MARKDOWN_TITLE = re.compile(rf"^#\s+{re.escape(TITLE)}:", re.MULTILINE)


def looks_like_postmortem(start: bytes, path: str) -> bool:
    """A quick guess from a file's first bytes, without reading it as a post-mortem."""
    text = start.decode("utf-8", "replace")
    if kind_of(path) == "markdown":
        return bool(_MARKDOWN_TITLE.search(text))
    return bool(_OUR_LINES.search(text))


def kind_of(path: str) -> str:
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "toml"


def read_file(path: Path, relative: str, raw: bytes) -> Read:
    """Read the bytes of the file at path (shown as relative) into what the shelf keeps."""
    kind = kind_of(relative)
    try:
        document = _markdown(path, raw) if kind == "markdown" else _toml(path, raw)
    except _NotOurs:
        return Read(None)
    except DocumentError as error:
        return Read(broken_entry(relative, kind, _without_path(error)))
    except (RecursionError, MemoryError, ValueError) as error:
        return Read(broken_entry(relative, kind, f" could not be read: {error}"))
    return Read(entry_of(document, relative, kind), search_text(document, relative))


class _NotOurs(Exception):
    """The file is not a post-mortem: passed over, not listed."""


def _toml(path: Path, raw: bytes) -> Document:
    from postmortem.storage import toml_file

    try:
        text = toml_file.decode(raw, path)
        data = toml_file.parse_data(text, path)
    except DocumentError:
        if not _OUR_LINES.search(raw.decode("utf-8", "replace")):
            raise _NotOurs from None
        raise
    if "schema_version" not in data and len(SECTION_KEYS & set(data)) < 2:
        raise _NotOurs
    return toml_file.validate(data, text, path)


def _markdown(path: Path, raw: bytes) -> Document:
    from postmortem.markdown.importer import NotAPostmortem, read_markdown
    from postmortem.storage import toml_file

    try:
        return read_markdown(toml_file.decode(raw, path), path)[0]
    except NotAPostmortem:
        raise _NotOurs from None


def _without_path(error: DocumentError) -> str:
    """The error's text after FILE: ("4: incident.severity: expected …"), for Entry.error_at."""
    return str(DocumentError(None, error.message, error.line, error.field)).removeprefix(
        "<input>:")


# --- what is kept of a document ---------------------------------------------------------------

def entry_of(document: Document, relative: str, kind: str) -> Entry:
    from postmortem.shelf.review import review_state

    info = document.incident
    return Entry(
        path=relative, kind=kind, incident_id=info.id,
        date=info.date.isoformat() if info.date else "",
        severity=info.severity.value if info.severity else "", title=document.title,
        review=review_state(document).label,
        actions=tuple(ActionRecord(item.id, item.description, item.owner, item.priority.value,
                                   item.due.isoformat() if item.due else "", item.status.value)
                      for item in document.action_items),
        responders=tuple(info.responders()),
        systems=tuple(systems_of(document.impact.systems_affected)),
        cause_words=tuple(cause_words(cause_text(document))),
        linked=tuple(link.url for link in document.supporting.related_documentation),
    )


def systems_of(text: str) -> list[str]:
    """"pay-gw-client, checkout-api and auth" -> the systems' names, as written."""
    names = (part.strip(" .") for part in _SYSTEM_SEPARATORS.split(text))
    return [name for name in names if name and name.casefold() not in ("none", "n/a")]


def cause_text(document: Document) -> str:
    cause, whys = document.root_cause, document.five_whys
    parts = [cause.what_happened, cause.why_it_happened, *cause.contributing_factors,
             whys.problem_statement]
    parts += [f"{step.why} {step.because}" for step in whys.steps]
    return "\n".join(parts)


def cause_words(text: str) -> list[str]:
    """The words that say most about a root cause: the most frequent of its longer words that
    are not common English."""
    counts = Counter(word for word in _WORD.findall(text.casefold()) if word not in STOP_WORDS)
    ranked = sorted(counts, key=lambda word: (-counts[word], word))
    return ranked[:CAUSE_WORDS_KEPT]


def search_text(document: Document, relative: str) -> SearchText:
    summary = "\n".join((document.executive_summary, document.lessons_learned))
    rest = document.model_dump(exclude={"schema_version", "last_action_number", "title",
                                        "executive_summary", "lessons_learned", "root_cause",
                                        "five_whys"})
    return SearchText(
        ident=f"{document.incident.id} {Path(relative).stem}",
        title=document.title, summary=summary, cause=cause_text(document),
        body="\n".join(_strings(rest)),
    )


def _strings(value: Any) -> list[str]:
    """Every piece of text inside value (dicts and lists walked), in order."""
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return [text for inner in value.values() for text in _strings(inner)]
    if isinstance(value, list | tuple):
        return [text for inner in value for text in _strings(inner)]
    return []
