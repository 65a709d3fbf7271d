"""Every review rule is data (id, severity, section and field from the outline, what it checks,
a fix) and has a document in tests/review/ that fails `postmortem check` with that rule's id;
the shipped demo passes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from postmortem import cli
from postmortem.document import clock
from postmortem.document.outline import (
    ACTION_TABLE,
    BECAUSE,
    LABEL_BY_PATH,
    PART_BY_KEY,
    TIMELINE_TABLE,
    WHY,
)
from postmortem.document.review import RULES, Level, review
from postmortem.document.sections import SECTION_BY_KEY
from postmortem.storage.toml_file import load

CASES = Path(__file__).parent / "review"
DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
DAY_AFTER_THE_DEMO = dt.date(2026, 3, 15)
# What a rule may name as its field: a part of the outline, a label, a table's column.
OUTLINE_FIELDS = {*PART_BY_KEY, *LABEL_BY_PATH, WHY.path, BECAUSE.path,
                  *(f"timeline.{column.field}" for column in TIMELINE_TABLE.columns),
                  *(f"action_items.{column.field}" for column in ACTION_TABLE.columns)}


def case(rule_id: str) -> Path:
    return CASES / f"{rule_id}.toml"


@pytest.fixture(autouse=True)
def _the_day_after_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: DAY_AFTER_THE_DEMO)


def test_every_rule_has_a_failing_document_and_no_document_is_left_over() -> None:
    assert sorted(path.stem for path in CASES.glob("*.toml")) == sorted(rule.id for rule in RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_rules_document_fails_check_with_its_id(rule, capsys):
    code = cli.main(["check", "--strict", "--rule", rule.id, "--format", "json",
                     str(case(rule.id))])
    found = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert code == 1
    assert found and {finding["rule"] for finding in found} == {rule.id}
    if rule.severity is Level.ERROR:  # an error fails check without --strict too
        assert cli.main(["check", "--rule", rule.id, str(case(rule.id))]) == 1


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_a_rule_is_data_named_from_the_outline(rule):
    assert rule.id.replace("-", "").isalnum() and rule.id.islower()
    assert rule.severity in Level
    assert rule.section is None or rule.section in SECTION_BY_KEY
    assert rule.field is None or rule.field in OUTLINE_FIELDS
    assert rule.checks and rule.fix and "\n" not in rule.fix


def test_rule_ids_are_unique() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def test_the_demo_passes_check(capsys):
    assert cli.main(["check", str(DEMO)]) == 0
    assert capsys.readouterr().out == ""  # on the day after the incident, nothing at all


def test_the_demo_has_no_error_on_any_day() -> None:
    for today in (dt.date(2026, 3, 15), dt.date(2027, 1, 1), dt.date(2035, 6, 1)):
        found = review(load(DEMO), today).findings
        assert [f for f in found if f.severity is Level.ERROR] == []
        assert {f.rule for f in found} <= {"action-overdue"}


def test_only_the_rules_asked_for_run() -> None:
    document = load(case("placeholder"))
    assert {f.rule for f in review(document, DAY_AFTER_THE_DEMO, only={"placeholder"}).findings} \
        == {"placeholder"}


def test_the_readme_documents_every_rule_the_commands_and_the_hook() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    review_part = readme.split("## Review", 1)[1].split("\n## ", 1)[0]
    assert [rule.id for rule in RULES if f"`{rule.id}`" not in review_part] == []
    assert "| `postmortem check FILE…" in readme and "| `postmortem diff OLD NEW` |" in readme
    assert "postmortem-check" in review_part and "| F8 |" in readme
