"""Fast paths that must say exactly what the general code says. The canonical TOML writes plain
values itself (storage/rendering.py, a timeline row in a twelfth of tomli_w's time): the text
must be tomli_w's, byte for byte, for anything a table holds; what it does not write itself it
leaves to tomli_w. The Markdown export passes a common table cell through as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.storage.rendering import _dump_literals

KEYS = st.one_of(st.sampled_from(["time", "event", "actions", "milestone", "a b", "", "é"]),
                 st.text(max_size=3))
VALUES = st.one_of(
    st.text(), st.text(alphabet='ab\n"\\\x7f\t\r\x01 é\u2028'),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=2))])),
    st.datetimes(), st.dates(), st.integers(), st.booleans(), st.floats(),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=2), st.integers(),
                                                         max_size=2))


def outcome(write: Any, table: dict[str, Any]) -> Any:
    try:
        return write(table)
    except Exception as error:  # noqa: BLE001 - the same failure is what is compared
        return type(error)


@settings(max_examples=2000)
@given(st.dictionaries(KEYS, VALUES, max_size=4))
def test_a_table_of_values_is_written_as_tomli_w_writes_it(table: dict[str, Any]) -> None:
    assert outcome(_dump_literals, table) == outcome(
        lambda data: tomli_w.dumps(data, multiline_strings=True), table)


def test_a_timeline_row_with_every_kind_of_text() -> None:
    row = {"time": dt.datetime(2026, 3, 14, 9, 5, tzinfo=dt.UTC),
           "event": 'two\nlines with "quotes" and a \\ backslash', "actions": "tab\there",
           "milestone": "detected"}
    assert _dump_literals(row) == tomli_w.dumps(row, multiline_strings=True)


# --- the Markdown export's table cells (markdown/export.py), said at once when nothing changes

CELLS = st.one_of(st.text(), st.text(alphabet=" |<br>\n\t_TBD\u2003\x85a\\["))


@settings(max_examples=3000)
@given(CELLS)
def test_a_table_cell_is_exported_as_encode_cell_of_normalize_cell(value: str) -> None:
    from postmortem.document.text import encode_cell, normalize_cell
    from postmortem.markdown.export import _cell_text

    assert _cell_text(value) == encode_cell(normalize_cell(value))
