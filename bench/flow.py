"""The keyboard-flow figure: keys that are not content, per field, typing a whole post-mortem.

    python bench/flow.py [FILE.toml] [--no-write]

Types FILE (the shipped demo by default) into a NEW file through the real app, driven by
Textual's pilot at 80x24, with the keys a skilled user would press, then quits (ctrl+q saves),
exports the saved file as `postmortem export` does and checks that every field of FILE is in
that export: a field missing fails the run (exit 1), naming it.

What is counted:
  - a *field* is a value the export shows in a place of its own: a labelled line (title, ID,
    each impact line, Additional Responders as one line), a text block (summary, What
    Happened...), a list item, a timeline cell (time, event, actions) and a row's milestone,
    an action item's description, owner, priority, due date and status, the problem
    statement, each Why? and each Because, each link (label and address together);
  - a *content key* types a character of a field's value as the export shows it (a newline
    inside a text block is content; a letter that picks a choice, h for High, counts as the
    value typed);
  - every other key is *not content*: enter, tab, F-keys, escape, `a`, `w`, a milestone's
    digit, the cursor keys, and a separator the value does not hold (the space between a
    link's label and its address).
The figure is the keys that are not content divided by the fields.

The plan (`plan_for`) is written from the document, section by section, as a user who knows
the app types it: enter after a one-line field, tab out of a text block, one `a` per list or
table, tab after a list's last item (enter on an empty new row ends a table's run), a key
to leave the section where enter does not go on to it. A timeline row is its time then its
event with no key between (a complete time moves on by itself), and a row's milestone is tab
from Actions, then its letter (d: Detected), which saves the row.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEMO = ROOT / "data" / "demo.toml"
RESULTS = BENCH / "results.md"
TARGET, AIM = 1.0, 0.8
DEBUG = bool(os.environ.get("FLOW_DEBUG"))


@dataclass(frozen=True)
class Type:
    """Content: text typed into the field with the cursor (a newline is enter)."""

    text: str


@dataclass(frozen=True)
class Keys:
    """Keys that are not content."""

    keys: tuple[str, ...]


@dataclass(frozen=True)
class Fields:
    """Marks where a section's fields are complete: count of them, for the per-section table."""

    count: int


Step = Type | Keys | Fields


@dataclass
class Plan:
    section: str = ""
    steps: list[tuple[str, Step]] = field(default_factory=list)

    def type(self, text: str) -> None:
        if text:
            self.steps.append((self.section, Type(text)))

    def keys(self, *keys: str) -> None:
        self.steps.append((self.section, Keys(keys)))

    def fields(self, count: int = 1) -> None:
        self.steps.append((self.section, Fields(count)))

    def line(self, text: str, then: str = "enter") -> None:
        """A one-line field: its text, and the key that leaves it."""
        self.type(text)
        self.keys(then)
        self.fields()


# --- the plan: what a skilled user presses, section by section --------------------------------

def plan_for(document: Any) -> Plan:
    plan = Plan()
    for section, write in (("incident", _incident), ("executive_summary", _summary),
                           ("timeline", _timeline), ("impact", _impact),
                           ("root_cause", _root_cause), ("five_whys", _five_whys),
                           ("response", _response), ("action_items", _action_items),
                           ("preventive", _preventive), ("lessons_learned", _lessons),
                           ("supporting", _supporting)):
        plan.section = section
        write(plan, document)
    plan.section = "end"
    plan.keys("ctrl+q")  # quitting saves
    return plan


def _incident(plan: Plan, document: Any) -> None:
    incident = document.incident
    plan.line(document.title)
    plan.line(incident.id)
    plan.line(incident.date.isoformat() if incident.date else "")
    plan.line(incident.severity.value if incident.severity else "")
    plan.line(incident.commander)
    plan.line(incident.technical_lead)
    plan.line(incident.communications_lead)
    plan.line(", ".join(incident.additional_responders))  # enter: on to the next section


def _summary(plan: Plan, document: Any) -> None:
    _text_block(plan, document.executive_summary, then="f6")


def _text_block(plan: Plan, text: str, then: str) -> None:
    plan.type(text.strip("\n"))
    plan.keys(then)
    plan.fields()


def _timeline(plan: Plan, document: Any) -> None:
    from postmortem.document.timeparse import format_time

    rows = document.timeline
    # arriving at the empty table opened its first new row
    for event in rows:
        plan.type(format_time(event.time)[-5:])  # 14:20: the date runs on from the last row
        plan.fields()  # a complete time moves on to Event by itself
        if event.event[:1] in TIME_GOES_ON:
            plan.keys("enter")  # else the time's: enter right after the move does nothing
        plan.line(event.event)
        if event.milestone is None:
            plan.line(event.actions)
        else:  # tab from Actions to Milestone, where its letter picks it and saves the row
            plan.line(event.actions, then="tab")
            plan.type(event.milestone.label[0].lower())
            plan.fields()
    plan.keys("enter")  # on the empty new row: the run is done (with none, the next section)
    if rows:
        plan.keys("f6")


# The first characters of an event that, typed right after a time that moved on, go on
# writing the time (seconds, a zone)
TIME_GOES_ON = (":", " ", "+")


def _impact(plan: Plan, document: Any) -> None:
    values = list(document.impact.model_dump().values())
    for value in values[:-1]:
        plan.line(value)
    plan.line(values[-1])  # enter: on to the next section


def _root_cause(plan: Plan, document: Any) -> None:
    cause = document.root_cause
    _text_block(plan, cause.what_happened, then="tab")
    _text_block(plan, cause.why_it_happened, then="tab")
    _list(plan, cause.contributing_factors)


def _list(plan: Plan, items: list[str]) -> None:
    """A list: arriving at it (empty) opened its first item; enter after each item keeps it
    and opens the next; tab after the last keeps it and goes on to the next field (the next
    section after a form's last); an empty list takes a tab (or enter) to pass."""
    for number, item in enumerate(items, 1):
        plan.line(item, then="tab" if number == len(items) else "enter")
    if not items:
        plan.keys("tab")


def _five_whys(plan: Plan, document: Any) -> None:
    from postmortem.document.whys import suggest_problem

    whys = document.five_whys
    if whys.problem_statement or whys.steps:
        # arriving at the section with no chain yet opened the wizard
        suggested = suggest_problem(document)
        plan.line("" if whys.problem_statement == suggested else whys.problem_statement)
        before = whys.problem_statement
        for step in whys.steps:
            plan.line("" if step.why == before else step.why)  # the suggestion: enter keeps it
            plan.line(step.because)
            before = step.because
        if len(whys.steps) < 5:
            plan.keys("ctrl+f")
        plan.keys("enter")  # the whole chain: enter closes the wizard, on to the next section
    else:
        plan.keys("escape", "f6")  # the wizard opened as the section did: left unused


def _response(plan: Plan, document: Any) -> None:
    response = document.response
    _list(plan, response.went_well)
    _list(plan, response.went_poorly)
    _text_block(plan, response.detection_gaps, then="tab")
    _text_block(plan, response.resolution_challenges, then="f6")


CHOICE_DEFAULTS = {"priority": "Medium", "status": "Open"}


def _action_items(plan: Plan, document: Any) -> None:
    # arriving at the empty grid opened its first new item
    for item in document.action_items:
        plan.line(item.description)
        plan.line(item.owner)
        _choice(plan, item.priority.value, "priority")
        plan.line(item.due.isoformat() if item.due else "")
        _choice(plan, item.status.value, "status")
    plan.keys("enter")  # on the empty new item: the run is done, on to the next section


def _choice(plan: Plan, value: str, name: str) -> None:
    """A choice: its first letter picks it (content: the value typed) and goes on, as enter
    does; enter takes the default."""
    if value != CHOICE_DEFAULTS[name]:
        plan.type(value[0].lower())
    else:
        plan.keys("enter")
    plan.fields()


def _preventive(plan: Plan, document: Any) -> None:
    preventive = document.preventive
    _list(plan, preventive.technical)
    _list(plan, preventive.process)
    _list(plan, preventive.monitoring)


def _lessons(plan: Plan, document: Any) -> None:
    _text_block(plan, document.lessons_learned, then="f6")


def _supporting(plan: Plan, document: Any) -> None:
    supporting = document.supporting
    for name in ("metrics_and_logs", "communication_artifacts", "related_documentation"):
        links = getattr(supporting, name)
        for number, link in enumerate(links, 1):
            plan.type(link.label)
            plan.keys("space")  # the separator: in neither the label nor the address
            plan.line(link.url, then="tab" if number == len(links) else "enter")
        if not links:
            plan.keys("tab")


# --- typing the plan ---------------------------------------------------------------------------

@dataclass
class Figure:
    fields: Counter[str] = field(default_factory=Counter)
    other_keys: Counter[str] = field(default_factory=Counter)
    content_keys: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def per_field(self) -> float:
        return sum(self.other_keys.values()) / max(sum(self.fields.values()), 1)


def count(plan: Plan) -> Figure:
    figure = Figure()
    for section, step in plan.steps:
        if isinstance(step, Type):
            figure.content_keys[section] += len(step.text)
        elif isinstance(step, Keys):
            figure.other_keys[section] += len(step.keys)
        else:
            figure.fields[section] += step.count
    return figure


def key_names(text: str) -> list[str]:
    return ["enter" if char == "\n" else "space" if char == " " else char for char in text]


async def type_plan(plan: Plan, target: Path) -> None:
    """Open target (a new file) in the app at 80x24 and press every key of the plan."""
    from postmortem.app.application import PostmortemApp
    from postmortem.storage import opening

    app = PostmortemApp(target, opening.new_file(target, {}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for section, step in plan.steps:
            if isinstance(step, Type):
                await burst(pilot, key_names(step.text))
            elif isinstance(step, Keys):
                await pilot.press(*step.keys)
                await pilot.pause()
                if DEBUG:
                    print(section, step.keys, type(app.screen).__name__, app.focused,
                          file=sys.stderr)
        await pilot.pause()


async def burst(pilot: Any, keys: list[str]) -> None:
    """Content as a fast typist's burst: every key sent at once, then wait for the app to
    take them (pilot.press waits for the app to go idle after each key: 40 ms at least)."""
    from textual import events

    driver = pilot.app._driver
    for key in keys:
        name = key if len(key) > 1 or key.isalnum() else _key_name(key)
        driver.send_message(events.Key(name, None if key == "enter" else
                                       " " if key == "space" else key))
    await pilot.pause()


def _key_name(character: str) -> str:
    from textual.keys import _character_to_key

    return _character_to_key(character)


def expected_fields(document: Any) -> list[tuple[str, str]]:
    """Each field of document, as (what it is, a text the export must hold for it)."""
    from postmortem.document.timeparse import format_time

    found: list[tuple[str, str]] = []

    def add(name: str, text: str) -> None:
        for line in text.splitlines():
            if line.strip():
                found.append((name, line.strip()))

    add("title", document.title)
    for name, value in document.incident.model_dump().items():
        value = ", ".join(value) if isinstance(value, list) else value
        add(f"incident.{name}", str(value) if value is not None else "")
    add("executive summary", document.executive_summary)
    for number, event in enumerate(document.timeline, 1):
        milestone = f"[{event.milestone.label}] " if event.milestone else ""
        add(f"timeline row {number}", f"| {format_time(event.time)} | {milestone}{event.event} |")
        add(f"timeline row {number} actions", event.actions)
    for name, value in document.impact.model_dump().items():
        add(f"impact.{name}", value)
    for name in ("what_happened", "why_it_happened"):
        add(f"root_cause.{name}", getattr(document.root_cause, name))
    for item in document.root_cause.contributing_factors:
        add("contributing factor", item)
    add("problem statement", document.five_whys.problem_statement)
    for number, step in enumerate(document.five_whys.steps, 1):
        add(f"why {number}", step.why)
        add(f"because {number}", step.because)
    for name in ("went_well", "went_poorly"):
        for item in getattr(document.response, name):
            add(f"response.{name}", item)
    for name in ("detection_gaps", "resolution_challenges"):
        add(f"response.{name}", getattr(document.response, name))
    for item in document.action_items:
        due = item.due.isoformat() if item.due else ""
        add(f"action item {item.id}", f"| {item.description} | {item.owner} | "
                                      f"{item.priority.value} | {due} | {item.status.value} |")
    for name in ("technical", "process", "monitoring"):
        for item in getattr(document.preventive, name):
            add(f"preventive.{name}", item)
    add("lessons learned", document.lessons_learned)
    for name in ("metrics_and_logs", "communication_artifacts", "related_documentation"):
        for link in getattr(document.supporting, name):
            add(f"supporting.{name}", f"[{link.label}]({link.url})")
    return found


def missing_from(markdown: str, document: Any) -> list[str]:
    return [f"{name}: {text!r}" for name, text in expected_fields(document)
            if text not in markdown]


def measure(source: Path, folder: Path) -> Figure:
    """Type source into a new file in folder; the figure, with the fields the export lacks."""
    import time

    from postmortem.markdown.export import export_markdown
    from postmortem.storage.toml_file import load

    document = load(source)
    plan = plan_for(document)
    figure = count(plan)
    target = folder / "typed.toml"
    started = time.perf_counter()
    asyncio.run(type_plan(plan, target))
    figure.seconds = time.perf_counter() - started
    if not target.exists():
        figure.missing = ["the file: nothing was saved"]
        return figure
    figure.missing = missing_from(export_markdown(load(target)), document)
    return figure


# --- the report --------------------------------------------------------------------------------

SECTION_NAMES = {"incident": "Incident Information", "executive_summary": "Executive Summary",
                 "timeline": "Timeline", "impact": "Impact Assessment",
                 "root_cause": "Root Cause Analysis", "five_whys": "5 Whys",
                 "response": "Response Assessment", "action_items": "Action Items",
                 "preventive": "Preventive Measures", "lessons_learned": "Lessons Learned",
                 "supporting": "Supporting Information", "end": "quitting (ctrl+q saves)"}


def table(figure: Figure, source: str) -> list[str]:
    fields, other = sum(figure.fields.values()), sum(figure.other_keys.values())
    verdict = "✓" if figure.per_field <= TARGET else "✗"
    lines = [
        f"Typing `{source}` into a new file (Textual's pilot, 80×24, {figure.seconds:.0f} s): "
        f"**{other} keys that are not content for {fields} fields: {figure.per_field:.2f} per "
        f"field** (target ≤ {TARGET:.1f} {verdict}, aim {AIM}); "
        f"{sum(figure.content_keys.values()):,} content keys. "
        + ("Every field is in the export." if not figure.missing
           else f"**{len(figure.missing)} field(s) missing from the export.**"),
        "",
        "| section | fields | keys not content | per field | content keys |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for section, name in SECTION_NAMES.items():
        count_ = figure.fields[section]
        keys = figure.other_keys[section]
        share = f"{keys / count_:.2f}" if count_ else "—"
        lines.append(f"| {name} | {count_} | {keys} | {share} | "
                     f"{figure.content_keys[section]:,} |")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEMO,
                        help="the post-mortem to type (default: the demo)")
    parser.add_argument("--no-write", action="store_true",
                        help="print only; leave bench/results.md as it is")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="postmortem-flow-") as folder:
        figure = measure(options.file, Path(folder))
    shown = "data/demo.toml" if options.file == DEMO else str(options.file)
    lines = table(figure, shown)
    print("\n".join(lines))
    for missing in figure.missing:
        print(f"MISSING from the export: {missing}", file=sys.stderr)
    if not options.no_write and options.file == DEMO:
        write_results(lines)
    return 1 if figure.missing else 0


FLOW_HEADING = "### Keyboard flow"


def block(lines: list[str]) -> str:
    """The figure as bench/results.md holds it."""
    return "\n".join([FLOW_HEADING, "", "`python bench/flow.py` (its docstring says what a "
                      "field and a key that is not content are):", "", *lines, ""])


def write_results(lines: list[str]) -> None:
    """Put the figure into bench/results.md, in place of the one there."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    start = text.find(FLOW_HEADING)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block(lines)
    else:
        end = text.find("\n### ", start + 1)
        text = text[:start] + block(lines) + (text[end + 1:] if end >= 0 else "")
    RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
