"""The quick check before the first frame (document/shape.py): never sure of data the model
refuses, sure of every file the app saves, and holding every field of the model."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from strategies import documents
from test_hostile_files import TOML_CASES

from postmortem.document import model
from postmortem.document.model import Document
from postmortem.document.shape import PARTS_BY_MODEL, surely_valid
from postmortem.storage import toml_file

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.toml"))
DEMO = Path(__file__).parent.parent / "data" / "demo.toml"


def model_takes(data: Any) -> bool:
    try:
        Document.model_validate(copy.deepcopy(data))
    except ValidationError:
        return False
    return True


def corpus_data(path: Path) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None  # refused before any check: not TOML


def test_every_part_of_the_model_has_a_check_of_each_of_its_fields() -> None:
    parts = {name: value for name, value in vars(model).items()
             if isinstance(value, type) and issubclass(value, model.Part)
             and value is not model.Part}
    assert set(parts) == set(PARTS_BY_MODEL)
    for name, part in parts.items():
        table = PARTS_BY_MODEL[name]
        assert set(table.fields) == set(part.model_fields), name
        required = {field for field, info in part.model_fields.items() if info.is_required()}
        assert set(table.required) == required, name


def test_the_demo_is_surely_valid() -> None:
    assert surely_valid(tomllib.loads(DEMO.read_text("utf-8")))


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_no_file_of_the_hostile_corpus_the_model_refuses_is_surely_valid(path: Path) -> None:
    data = corpus_data(path)
    if data is not None and surely_valid(data):
        assert model_takes(data)


def test_the_corpus_of_type_mistakes_is_all_doubted() -> None:
    """The check can fail: the corpus's wrong types are each seen as doubtful."""
    mistakes = [path for path in CORPUS if path.name.startswith(("type-", "schema-", "date-"))]
    doubted = [path for path in mistakes if (data := corpus_data(path)) is not None
               and not model_takes(data)]
    assert doubted and not any(surely_valid(corpus_data(path)) for path in doubted)


@pytest.mark.parametrize("case", TOML_CASES, ids=lambda case: case.replace(" ", "-"))
def test_no_hostile_file_the_model_refuses_is_surely_valid(case: str) -> None:
    try:
        data = tomllib.loads(TOML_CASES[case][0])
    except ValueError:
        return  # an integer past 4,300 digits: refused before any check
    assert not model_takes(data)
    assert not surely_valid(data)


def in_calendar(data: dict[str, Any]) -> bool:
    """No time in year 1 or 9999, which the check leaves to the model."""
    return all(1 < event["time"].year < 9999 for event in data.get("timeline", []))


@settings(max_examples=80, deadline=None)
@given(documents())
def test_every_saved_document_is_surely_valid(document: Document) -> None:
    data = tomllib.loads(toml_file.dumps(document))
    assert surely_valid(data) or not in_calendar(data)


# Values a hand-edited file may hold where another belongs.
ODD_VALUES = [
    0, -1, 1, 2, 10**12, 2**70, 1.5, float("nan"), True, False, "", " ", "P5", "P1", "High",
    "Open", "detected", "AI-1", "AI-x", " AI-2 ", "3:45", "3:75", "\x1b[2J", "a\x00b", "a\rb",
    "2026-03-14", dt.date(2026, 3, 14), dt.date(1, 1, 1), dt.time(12, 30),
    dt.datetime(2026, 3, 14, 12, 30), dt.datetime(2026, 3, 14, 12, 30, tzinfo=dt.UTC),
    dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
    [], ["x"], [1], [{}], {}, {"x": 1}, {"id": "AI-1"}, {"time": dt.datetime(2026, 1, 1)},
    "\n".join(["x"] * 60_000),
]


def places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in data where a value could be put, deleted or added."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += places(item, (*path, index))
    return found


def mutated(data: dict[str, Any], path: tuple[Any, ...], how: str, value: Any) -> Any:
    data = copy.deepcopy(data)
    if not path:
        return value if how == "replace" else data
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if how == "replace":
        parent[last] = value
    elif how == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last]["unknown_field"] = value
    elif isinstance(parent[last], list):
        parent[last].append(value)
    return data


@settings(max_examples=100, deadline=None)
@given(documents(), st.data())
def test_a_file_with_a_mistake_is_surely_valid_only_if_the_model_takes_it(
        document: Document, draw: st.DataObject) -> None:
    data = tomllib.loads(toml_file.dumps(document))
    path = draw.draw(st.sampled_from(places(data)))
    how = draw.draw(st.sampled_from(["replace", "delete", "add"]))
    wrong = mutated(data, path, how, draw.draw(st.sampled_from(ODD_VALUES)))
    if surely_valid(wrong):
        assert model_takes(wrong)


def test_the_parts_are_pydantic_models() -> None:
    """PARTS_BY_MODEL's names are the model's classes (the first test relies on it)."""
    assert all(issubclass(getattr(model, name), BaseModel) for name in PARTS_BY_MODEL)


# One of everything the model holds, small: every place in it is tried with every odd value.
EVERY_PART: dict[str, Any] = {
    "schema_version": 1, "title": "t", "executive_summary": "s", "lessons_learned": "l",
    "last_action_number": 2,
    "incident": {"id": "I", "date": dt.date(2026, 3, 14), "severity": "P2", "commander": "c",
                 "technical_lead": "t", "communications_lead": "m",
                 "additional_responders": ["a", "b"]},
    "stated_times": {"duration": {"value": "1:30", "note": "n"}},
    "timeline": [{"time": dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC), "event": "e",
                  "actions": "a", "milestone": "detected"},
                 {"time": dt.datetime(2026, 3, 14, 11, 0, tzinfo=dt.UTC)}],
    "impact": {"affected_users": "u"},
    "root_cause": {"what_happened": "w", "contributing_factors": ["f"]},
    "five_whys": {"problem_statement": "p", "steps": [{"why": "w", "because": "b"}]},
    "response": {"went_well": ["g"], "detection_gaps": "d"},
    "action_items": [{"id": "AI-1", "description": "d", "owner": "o", "priority": "High",
                      "due": dt.date(2026, 4, 1), "status": "Open"}, {"id": "AI-2"}],
    "preventive": {"technical": ["t"]},
    "supporting": {"metrics_and_logs": [{"label": "l", "url": "http://x"}]},
    "extras": [{"after": "title", "markdown": "m"}],
}


def test_every_part_is_surely_valid() -> None:
    assert surely_valid(EVERY_PART) and model_takes(EVERY_PART)


@pytest.mark.parametrize("how", ["replace", "delete", "add"])
def test_each_odd_value_anywhere_is_surely_valid_only_if_the_model_takes_it(how: str) -> None:
    wrongly_sure = []
    for path in places(EVERY_PART):
        for value in ODD_VALUES if how != "delete" else [None]:
            wrong = mutated(EVERY_PART, path, how, value)
            if surely_valid(wrong) and not model_takes(wrong):
                wrongly_sure.append((path, value))
    assert wrongly_sure == []
