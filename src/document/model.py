"""The post-mortem document: one pydantic model, the single source of truth.

Field order here is the order of the standard (../shared/FORMAT.md) and of the TOML file.
Validation normalises text (see text.py) so that whatever the model holds exports safely.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from postmortem.document.clock import to_utc_minute as to_utc_minute
from postmortem.document.limits import check_free_text
from postmortem.document.milestones import authors_note, computed_times
from postmortem.document.no_plugins import skip_plugin_discovery
from postmortem.document.outline import PARTS, Body
from postmortem.document.row_edits import EDITED_ROWS

# The constants the quick check (shape.py) shares with the model; users find them here too.
from postmortem.document.shape import ACTION_ID as ACTION_ID
from postmortem.document.shape import EXTRA_ANCHORS as EXTRA_ANCHORS
from postmortem.document.shape import HOURS_MINUTES as HOURS_MINUTES
from postmortem.document.shape import MAX_ACTION_NUMBER as MAX_ACTION_NUMBER
from postmortem.document.shape import SCHEMA_VERSION as SCHEMA_VERSION
from postmortem.document.text import normalize_block, normalize_cell, normalize_line, normalize_url

# The vocabulary is kept apart (plain enums, for code that needs only the words); the model's
# users find it here too.
from postmortem.document.vocabulary import Milestone as Milestone
from postmortem.document.vocabulary import Priority as Priority
from postmortem.document.vocabulary import Severity as Severity
from postmortem.document.vocabulary import Status as Status

# Free-text parts: text after one of them, under the same heading, is more of that text.
FREE_TEXT_ANCHORS = tuple(part.key for part in PARTS if part.body is Body.TEXT)

Line = Annotated[str, AfterValidator(normalize_line)]
Cell = Annotated[str, AfterValidator(normalize_cell)]
Block = Annotated[str, AfterValidator(normalize_block)]
Url = Annotated[str, AfterValidator(normalize_url)]


def _not_a_number(value: Any) -> Any:
    # pydantic would read 1999 as seconds since 1970; in a post-mortem file it is a mistake.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"expected a date or time, not the number {value}")
    return value


Moment = Annotated[dt.datetime, BeforeValidator(_not_a_number)]
Day = Annotated[dt.date, BeforeValidator(_not_a_number)]


skip_plugin_discovery()  # before any validator is built: see no_plugins.py


def no_items() -> list[Any]:
    """A new empty list, as default_factory=list gives; but a Python function. pydantic reads
    every factory's signature as it builds the model, and a builtin's (list's) is parsed from
    text with a copy of sys.modules (~25 KiB) caught in a reference cycle: garbage that the
    collector, paused while the app starts, never frees once the start is frozen (opening.py)."""
    return []


class Part(BaseModel):
    """Base for every part of the document: unknown keys are errors, not silently dropped."""

    # defer_build: a model's validator is built when first used, not at import: Document's
    # includes all the parts, so building each part's own as well would cost the first frame.
    model_config = ConfigDict(extra="forbid", validate_default=True, defer_build=True)


def _drop_empty(items: list[str]) -> list[str]:
    return [item for item in items if item]


ItemList = Annotated[list[Block], AfterValidator(_drop_empty)]


def split_responders(text: str) -> list[str]:
    """Split "A, B (DBA, on call), C" on the commas that are not inside parentheses."""
    names, current, depth = [], "", 0
    for char in text:
        if char == "," and depth == 0:
            names.append(current)
            current = ""
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        depth = max(depth, 0)
        current += char
    names.append(current)
    return [normalize_line(name) for name in names if normalize_line(name)]


def _split_each(items: list[str]) -> list[str]:
    # Split as the export's one comma-separated line reads back: "A (x" and "B)" are one name.
    return split_responders(", ".join(items))


class IncidentInfo(Part):
    id: Line = ""
    date: Day | None = None
    severity: Severity | None = None
    commander: Line = ""
    technical_lead: Line = ""
    communications_lead: Line = ""
    additional_responders: Annotated[list[str], AfterValidator(_split_each)] = Field(
        default_factory=no_items
    )

    def responders(self) -> list[str]:
        """Every named responder, without any role in parentheses."""
        names = [self.commander, self.technical_lead, self.communications_lead]
        names += self.additional_responders
        return [name.split("(")[0].strip() for name in names if name.strip()]


class StatedTime(Part):
    """A time the author states by hand, which overrides the one computed from the timeline."""

    value: Line = ""
    note: Line = ""

    @field_validator("value")
    @classmethod
    def _hours_minutes(cls, value: str) -> str:
        if value and not HOURS_MINUTES.match(value):
            raise ValueError(f"expected H:MM (e.g. 3:45), got {value!r}")
        return value


class StatedTimes(Part):
    duration: StatedTime = Field(default_factory=StatedTime)
    time_to_detection: StatedTime = Field(default_factory=StatedTime)
    time_to_mitigation: StatedTime = Field(default_factory=StatedTime)
    time_to_resolution: StatedTime = Field(default_factory=StatedTime)


class TimelineEvent(Part):
    time: Moment
    event: Cell = ""
    actions: Cell = ""
    milestone: Milestone | None = None

    @field_validator("time")
    @classmethod
    def _utc_to_the_minute(cls, value: dt.datetime) -> dt.datetime:
        try:
            return to_utc_minute(value)
        except OverflowError as error:  # e.g. 0001-01-01T00:00+01:00 is in year 0 in UTC
            edge = "before 0001-01-01" if value.year == 1 else "after 9999-12-31"
            raise ValueError(f"{value.isoformat()} is {edge} in UTC, outside the calendar") \
                from error

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic gives every instance a set of the fields it was given (216 bytes, a quarter
        # of a row, 2 MiB at 10,000 rows). Nothing here asks which were given, so the rows
        # share one set of all the fields: setting a field adds its name, already there.
        object.__setattr__(self, "__pydantic_fields_set__", _EVENT_FIELDS)

    def __setattr__(self, name: str, value: Any) -> None:
        # A row changed in place is logged: the rendered rows kept for saving (see
        # storage/timeline_rows.py) render it again without looking at every row.
        super().__setattr__(name, value)
        EDITED_ROWS.note(self)


_EVENT_FIELDS = set(TimelineEvent.model_fields)


class Impact(Part):
    affected_users: Line = ""
    affected_functionality: Line = ""
    user_experience: Line = ""
    revenue_impact: Line = ""
    sla_violations: Line = ""
    reputation_impact: Line = ""
    systems_affected: Line = ""
    data_impact: Line = ""
    downstream_services: Line = ""


class RootCause(Part):
    what_happened: Block = ""
    why_it_happened: Block = ""
    contributing_factors: ItemList = Field(default_factory=no_items)


class WhyStep(Part):
    why: Line = ""
    because: Line = ""


class FiveWhys(Part):
    problem_statement: Line = ""
    steps: list[WhyStep] = Field(default_factory=no_items)

    @field_validator("steps")
    @classmethod
    def _drop_blank_steps(cls, steps: list[WhyStep]) -> list[WhyStep]:
        return [step for step in steps if step.why or step.because]


class Response(Part):
    went_well: ItemList = Field(default_factory=no_items)
    went_poorly: ItemList = Field(default_factory=no_items)
    detection_gaps: Block = ""
    resolution_challenges: Block = ""


class ActionItem(Part):
    id: str
    description: Cell = ""
    owner: Cell = ""
    priority: Priority = Priority.MEDIUM
    due: Day | None = None
    status: Status = Status.OPEN

    @field_validator("id")
    @classmethod
    def _action_id(cls, value: str) -> str:
        value = normalize_line(value)
        if not ACTION_ID.match(value):
            shown = repr(value) if len(value) <= 40 else repr(value[:40]) + "..."
            raise ValueError(f"expected an ID like AI-1, got {shown}")
        return value

    @property
    def number(self) -> int:
        return int(self.id[3:])

    @property
    def is_done(self) -> bool:
        return self.status in (Status.COMPLETED, Status.VERIFIED)

    def is_overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today and not self.is_done


class Preventive(Part):
    technical: ItemList = Field(default_factory=no_items)
    process: ItemList = Field(default_factory=no_items)
    monitoring: ItemList = Field(default_factory=no_items)


class Link(Part):
    label: Line = ""
    url: Url = ""


def _drop_empty_links(links: list[Link]) -> list[Link]:
    return [link for link in links if link.label or link.url]


LinkList = Annotated[list[Link], AfterValidator(_drop_empty_links)]


class Supporting(Part):
    metrics_and_logs: LinkList = Field(default_factory=no_items)
    communication_artifacts: LinkList = Field(default_factory=no_items)
    related_documentation: LinkList = Field(default_factory=no_items)


class Extra(Part):
    """Markdown found on import that fits no field; exported again after the part it followed."""

    after: str
    markdown: Block = ""

    @field_validator("after")
    @classmethod
    def _known_part(cls, value: str) -> str:
        if value not in EXTRA_ANCHORS:
            raise ValueError(f"unknown part {value!r} (expected one of: "
                             f"{', '.join(EXTRA_ANCHORS)})")
        return value


class Document(Part):
    schema_version: int = SCHEMA_VERSION
    title: Line = ""
    executive_summary: Block = ""
    lessons_learned: Block = ""
    last_action_number: int = Field(default=0, le=MAX_ACTION_NUMBER)
    incident: IncidentInfo = Field(default_factory=IncidentInfo)
    stated_times: StatedTimes = Field(default_factory=StatedTimes)
    timeline: list[TimelineEvent] = Field(default_factory=no_items)
    impact: Impact = Field(default_factory=Impact)
    root_cause: RootCause = Field(default_factory=RootCause)
    five_whys: FiveWhys = Field(default_factory=FiveWhys)
    response: Response = Field(default_factory=Response)
    action_items: list[ActionItem] = Field(default_factory=no_items)
    preventive: Preventive = Field(default_factory=Preventive)
    supporting: Supporting = Field(default_factory=Supporting)
    extras: list[Extra] = Field(default_factory=no_items)

    @model_validator(mode="before")
    @classmethod
    def _not_too_much_free_text(cls, data: Any) -> Any:
        check_free_text(data)  # before the free text is parsed, which costs the most
        return data

    @field_validator("schema_version")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value > SCHEMA_VERSION:
            raise ValueError(
                f"written by a newer postmortem (schema {_number(value)}; this one reads up "
                f"to {SCHEMA_VERSION}); upgrade postmortem to open it"
            )
        if value < 1:
            raise ValueError(f"schema_version must be 1 or more, got {_number(value)}")
        return value

    @field_validator("timeline")
    @classmethod
    def _chronological(cls, events: list[TimelineEvent]) -> list[TimelineEvent]:
        return sorted(events, key=lambda event: event.time)

    @field_validator("action_items")
    @classmethod
    def _unique_ids(cls, items: list[ActionItem]) -> list[ActionItem]:
        # A field validator, so the error names the field and the file's line, not just the file.
        counts = Counter(item.id for item in items)  # linear in the number of items
        duplicates = sorted(key for key, count in counts.items() if count > 1)
        if duplicates:
            more = f" and {len(duplicates) - 5} more" if len(duplicates) > 5 else ""
            raise ValueError(
                f"action item IDs must be unique: {', '.join(duplicates[:5])}{more} repeated")
        return items

    @model_validator(mode="after")
    def _consistent(self) -> Document:
        highest = max((item.number for item in self.action_items), default=0)
        self.last_action_number = max(self.last_action_number, highest)
        self.extras = [extra for extra in self.extras if extra.markdown]
        drop_redundant_stated_times(self)
        _gather_extras(self)
        return self

    # --- editing helpers used by the screens and the importer ------------------------------

    def next_action_id(self) -> str:
        """Reserve the next action-item ID; IDs are never reused within a document."""
        self.last_action_number += 1
        return f"AI-{self.last_action_number}"

    def insert_event(self, event: TimelineEvent) -> int:
        """Insert keeping time order (after any events at the same minute); return its index."""
        index = bisect_right(self.timeline, event.time, key=_event_time)
        self.timeline.insert(index, event)
        return index


def _event_time(event: TimelineEvent) -> dt.datetime:
    return event.time


def _number(value: int) -> str:
    """An integer for a message: Python will not write one of more than 4,300 digits."""
    return str(value) if value.bit_length() <= 64 else f"an integer of {value.bit_length()} bits"


def redundant_stated_times(document: Document) -> dict[str, StatedTime]:
    """The stated times the milestones already give, and what loading holds instead: a stated
    time equal to the computed one whose note says only that it was computed (as the export
    writes a computed time) states nothing; the author's note, if any, is kept on the time
    the timeline gives. Loading drops them, and saving leaves them out (a milestone marked in
    the app can make one so): a Markdown round trip stays exact."""
    stated_times = document.stated_times
    if not any(getattr(stated_times, name).value for name in type(stated_times).model_fields):
        return {}  # nothing stated, nothing redundant: no scan of the timeline (every save)
    computed = computed_times(document.timeline)
    redundant: dict[str, StatedTime] = {}
    for name, value in computed.items():
        stated: StatedTime = getattr(document.stated_times, name)
        note = authors_note(stated.note) if stated.note else ""
        if value is not None and stated.value == value and note is not None:
            redundant[name] = StatedTime(note=note)
    return redundant


def drop_redundant_stated_times(document: Document) -> None:
    """Drop the stated times the milestones already give (also after marking milestones)."""
    for name, held in redundant_stated_times(document).items():
        setattr(document.stated_times, name, held)


def _gather_extras(document: Document) -> None:
    """Extra text as the export shows it: one piece per part, in export order, and text after a
    free-text part joined to it. That is what a Markdown round trip reads back."""
    pieces: dict[str, list[Extra]] = {}
    for extra in document.extras:
        pieces.setdefault(extra.after, []).append(extra)
    document.extras = []
    for anchor in EXTRA_ANCHORS:
        if anchor not in pieces:
            continue
        text = "\n\n".join(extra.markdown for extra in pieces[anchor])
        if anchor in FREE_TEXT_ANCHORS:
            *path, name = anchor.split(".")
            owner = getattr(document, path[0]) if path else document
            current = getattr(owner, name)
            setattr(owner, name, normalize_block(f"{current}\n\n{text}" if current else text))
        elif len(pieces[anchor]) == 1:
            document.extras.append(pieces[anchor][0])  # normalised already: not parsed again
        else:
            document.extras.append(Extra(after=anchor, markdown=text))


def new_document(**incident: Any) -> Document:
    return Document.model_validate({"incident": incident})
