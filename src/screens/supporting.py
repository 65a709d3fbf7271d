"""Supporting Information: links to metrics and logs, communications and documentation."""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.document.edits import set_at
from postmortem.document.model import Document, Link
from postmortem.document.outline import PART_BY_KEY
from postmortem.document.validation import link_url_problem
from postmortem.screens.base import SectionScreen
from postmortem.widgets.list_editor import GetRows, ListEditor, Row, SetRows


def _links(name: str) -> tuple[GetRows, SetRows]:
    def get(document: Document) -> list[Row]:
        return [(link.label, link.url) for link in getattr(document.supporting, name)]

    def set(document: Document, rows: list[Row]) -> None:
        set_at(document, f"supporting.{name}", [Link(label=label, url=url) for label, url in rows])

    return get, set


def _url_problem(row: Row) -> tuple[int, str] | None:
    problem = link_url_problem(row[1]) or (None if row[1] else "a link needs a URL")
    return (1, problem) if problem else None


class SupportingScreen(SectionScreen):
    SECTION = "supporting"

    def compose_form(self) -> ComposeResult:
        for part in PART_BY_KEY[self.SECTION].subsections:
            name = part.key.rpartition(".")[2]
            yield ListEditor(part.heading, *_links(name), columns=("Label", "https://…"),
                             problem=_url_problem, source=part.key, id=name.replace("_", "-"))
