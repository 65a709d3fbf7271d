"""Supporting Information: links to metrics and logs, communications and documentation.

A link is typed and edited as one line (see document/link_line): `Label https://…`,
`[Label](https://…)` or a bare URL; the document keeps its label and URL apart.
"""

from __future__ import annotations

from textual.app import ComposeResult

from postmortem.document.edits import set_at
from postmortem.document.link_line import FORMS, LinkLineError, link_line, parse_link_line
from postmortem.document.model import Document, Link
from postmortem.document.outline import PART_BY_KEY
from postmortem.screens.base import SectionScreen
from postmortem.widgets.list_editor import GetRows, ListEditor, Row, SetRows


def _links(name: str) -> tuple[GetRows, SetRows]:
    def get(document: Document) -> list[Row]:
        return [(link_line(link),) for link in getattr(document.supporting, name)]

    def set(document: Document, rows: list[Row]) -> None:
        # A line left as it was keeps its link as it was (a link without a label stays so).
        kept = {link_line(link): link for link in getattr(document.supporting, name)}
        links = [kept.get(line) or _parsed(line) for (line,) in rows]
        set_at(document, f"supporting.{name}", links)

    return get, set


def _parsed(line: str) -> Link:
    try:
        return parse_link_line(line)
    except LinkLineError:  # refused before it gets here (_line_problem); kept as typed
        return Link(label=line)


def _line_problem(row: Row) -> tuple[int, str] | None:
    try:
        parse_link_line(row[0])
    except LinkLineError as error:
        return 0, str(error)
    return None


class SupportingScreen(SectionScreen):
    SECTION = "supporting"

    def compose_form(self) -> ComposeResult:
        for part in PART_BY_KEY[self.SECTION].subsections:
            name = part.key.rpartition(".")[2]
            yield ListEditor(part.heading, *_links(name), columns=(FORMS,),
                             problem=_line_problem, source=part.key, id=name.replace("_", "-"))
