"""The standard's outline is defined once, in document/outline.py: no other module of the package
spells a heading, bold label or table column of the standard, and the outline is FORMAT.md's
skeleton, in its order."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from postmortem.document.outline import (
    ACTION_TABLE,
    BECAUSE,
    PARTS,
    TIMELINE_TABLE,
    TITLE,
    WHY,
    Body,
    Label,
    level,
)

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
OUTLINE_FILE = SRC / "document" / "outline.py"
FORMAT_MD = ROOT.parent / "shared" / "FORMAT.md"

LABELS: list[Label] = [label for part in PARTS for label in part.all_labels()] + [WHY, BECAUSE]
HEADINGS = [part.heading for part in PARTS]
COLUMNS = [*TIMELINE_TABLE.header, *ACTION_TABLE.header]
STANDARD_STRINGS = sorted({TITLE, *HEADINGS, *(label.text for label in LABELS), *COLUMNS})


def string_constants(source: str) -> list[str]:
    """Every string constant of a module: literals, docstrings and the fixed parts of f-strings."""
    return [node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def spelled(constant: str) -> list[str]:
    """The standard's strings a constant spells out instead of reading them from the outline:
    the whole constant, a UI label that adds words in parentheses, a field label give or take
    its colon and blanks ("Because: "), a bold label as the Markdown writes it, or a heading as
    a Markdown heading."""
    bare = constant.strip().rstrip(":").rstrip()
    found = [text for text in STANDARD_STRINGS
             if constant == text or constant.startswith(f"{text} (")]
    found += [label.text for label in LABELS if bare == label.text or label.bold in constant]
    found += [text for text in HEADINGS
              if re.search(rf"(?<!#)#{{2,3}} {re.escape(text)}(?!\w)", constant)]
    return sorted(set(found))


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("source", [
    'LABEL = "Incident ID"',
    'yield Label("Because:")',
    'yield Static(f"Why? {why}")',
    'LineField("Date (YYYY-MM-DD)", get, set)',
    'line = f"- **Affected Users:** {value}"',
    'error = "none found (e.g. \'## Timeline\', \'**Incident ID:**\')"',
    'out.append("### What Went Well")',
])
def test_the_check_finds_a_spelled_out_string(source: str) -> None:
    assert [found for constant in string_constants(source) for found in spelled(constant)]


@pytest.mark.parametrize("source", [
    'HELP_GROUP = "Timeline table"',
    'message = "the incident ID is missing"',
    '"""Incident Information: title, ID, date and severity."""',
    'name = "due"',
])
def test_the_check_lets_other_words_be(source: str) -> None:
    assert not [found for constant in string_constants(source) for found in spelled(constant)]


def test_the_standard_strings_are_spelled_only_in_the_outline() -> None:
    offences = [
        f"{path.relative_to(SRC)}: {constant!r} spells {', '.join(found)}"
        for path in modules() if path != OUTLINE_FILE
        for constant in string_constants(path.read_text(encoding="utf-8"))
        if (found := spelled(constant))
    ]
    assert offences == []


def test_the_outline_spells_every_standard_string() -> None:
    constants = set(string_constants(OUTLINE_FILE.read_text(encoding="utf-8")))
    assert [text for text in STANDARD_STRINGS if text not in constants] == []


# --- the outline is FORMAT.md's skeleton ---------------------------------------------------------

Item = tuple[str, str]


def format_skeleton() -> tuple[list[Item], dict[str, str]]:
    """The skeleton block of FORMAT.md as items in order (each once: the 5 Whys shows a step
    and a half), and the comment ("<- numbered list") on each heading that has one."""
    text = FORMAT_MD.read_text(encoding="utf-8")
    block = text.split("## Skeleton, in order", 1)[1].split("```", 2)[1]
    items: list[Item] = []
    comments: dict[str, str] = {}
    for line in block.splitlines():
        line, _, comment = line.partition("<-")
        line = line.strip()
        heading = re.fullmatch(r"(#{1,3}) (.*)", line)
        if heading:
            name = heading.group(2).split(":")[0] if heading.group(1) == "#" else heading.group(2)
            items.append((f"h{len(heading.group(1))}", name))
            if comment:
                comments[name] = comment.strip()
        elif line.startswith("|"):
            items.append(("table", " | ".join(cell.strip() for cell in line.strip("|").split("|"))))
        else:
            items += [("label", found) for found in re.findall(r"\*\*(.+?[:?])\*\*", line)]
    return list(dict.fromkeys(items)), comments


def outline_skeleton() -> list[Item]:
    items: list[Item] = [("h1", TITLE)]
    for part in PARTS:
        items.append((f"h{level(part)}", part.heading))
        if part.body is Body.TIMELINE:
            items.append(("table", " | ".join(TIMELINE_TABLE.header)))
        if part.body is Body.ACTIONS:
            items.append(("table", " | ".join(ACTION_TABLE.header)))
        items += [("label", label.written) for label in part.all_labels()]
        if part.body is Body.WHYS:
            items += [("label", WHY.written), ("label", BECAUSE.written)]
    return items


def test_the_outline_is_the_skeleton_of_format_md() -> None:
    assert outline_skeleton() == format_skeleton()[0]


# What FORMAT.md's comment on a heading says its body is.
COMMENTED_BODIES = {"numbered list": Body.LIST, "free text": Body.TEXT,
                    "bullet list of links": Body.LINKS}


def test_each_part_holds_what_format_md_says_it_holds() -> None:
    comments = format_skeleton()[1]
    bodies = {part.heading: part.body for part in PARTS}
    said = {heading: next(body for words, body in COMMENTED_BODIES.items()
                          if comment.startswith(words))
            for heading, comment in comments.items()}
    assert said == {heading: bodies[heading] for heading in said}
    assert len(said) == 14  # the subsections of free text, lists and links, and Lessons Learned
