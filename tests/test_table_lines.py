"""Long tables read line by line (markdown/table_lines.py): the same document, report and
errors as when markdown-it parses every row, and a timeline past the lines markdown-it may
parse is imported. The two ways are compared on the same text: streamed (every table of one
row or more taken apart, STREAM_OVER = 0) and parsed whole (no plan)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from markdown_it.rules_block.table import escapedSplit
from strategies import documents

from postmortem.document.errors import DocumentError
from postmortem.document.limits import MAX_IMPORT_LINES, MAX_MARKDOWN_LINES
from postmortem.markdown import blocks, table_lines
from postmortem.markdown.blocks import Source, table_rows
from postmortem.markdown.export import export_markdown
from postmortem.markdown.importer import (
    mark_suggested_milestones,
    read_markdown,
    read_markdown_data,
)
from postmortem.storage.toml_file import dumps, load, read_text

ROOT = Path(__file__).resolve().parents[1]
MD = Path(__file__).resolve().parent / "md"
DEMO = export_markdown(load(ROOT / "data" / "demo.toml"))
HEADER = "| Time (UTC) | Event | Actions Taken |\n| --- | --- | --- |\n"


def reference_split(line: str) -> list[str]:
    columns = escapedSplit(line)
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def test_rows_split_as_markdown_it_splits_them() -> None:
    for length in range(8):
        for letters in itertools.product("|\\a ", repeat=length):
            line = "".join(letters)
            assert table_lines._columns(line) == reference_split(line), line
            if line:
                assert table_lines._cell_count(line) == len(reference_split(line)), line


def read_both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """What the importer makes of text, streamed and parsed whole: the data, the document
    and the report, or the error."""

    def outcome() -> Any:
        try:
            document, report, data = read_markdown_data(text, "in.md")
        except DocumentError as error:
            return ("error", str(error))
        return data, document, report

    monkeypatch.setattr(table_lines, "STREAM_OVER", 0)
    streamed = outcome()
    with monkeypatch.context() as whole:
        whole.setattr(blocks, "plan", lambda lines, text: None)
        parsed = outcome()
    return streamed, parsed


@pytest.mark.parametrize("path", sorted(MD.glob("*.md")), ids=lambda path: path.stem)
def test_the_hand_written_files_read_the_same(path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    streamed, parsed = read_both(read_text(path), monkeypatch)
    assert streamed == parsed


def timeline(rows: str) -> str:
    return DEMO.replace("## Timeline\n", "## Timeline\n\n" + HEADER + rows + "\n", 1)


# What each text is, and how many of its tables are read line by line: the demo's two, and the
# one added when it stands on its own; none when a table taken apart turns out not to be one.
TABLES = {
    "escaped pipes and backslashes": (3, timeline(
        "| 2026-03-14 10:00 | a \\| b \\\\| c | x\\\\\\|y |\n| 10:01 | `code \\| pipe` |\n")),
    "short and long rows": (3, timeline(
        "| 10:00 | a |\n| 10:01 | b | c | d | e |\n|10:02|c|\n")),
    "a bad time and an unreadable one": (3, timeline("| 25:99 | a | b |\n| soon | b | c |\n")),
    "no closing pipes, unicode spaces": (3, timeline(
        "| 10:00 | a\u2003| b\n  | 10:01 |\u2002x | y\n")),
    "placeholder and empty rows": (3, timeline(
        "| [YYYY-MM-DD HH:MM] | [event] | [actions] |\n| | | |\n| _TBD_ | _TBD_ | _TBD_ |\n"
        "| 10:00 | <br>one<br\\>two | [redacted] |\n")),
    "another table at the end": (3, DEMO + "\n## Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"),
    "in a fenced code block": (0, DEMO + "\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n\nx\n```\n"),
    "in a list item": (0, DEMO + "\n- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n"),
    "in a quote": (2, DEMO + "\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n"),
    "a row without a leading pipe": (2, timeline("| 10:00 | a | b |\n10:01 | c | d\n")),
    "a row indented by a tab": (2, timeline("| 10:00 | a | b |\n\t| 10:01 | c | d |\n")),
    "header and delimiter of other widths": (0, DEMO.replace(
        "## Timeline\n", "## Timeline\n\n| Time | Event |\n|---|---|---|\n| 10:00 | a |\n\n", 1)),
}


@pytest.mark.parametrize("name", TABLES)
def test_tables_people_write_read_the_same(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    count, text = TABLES[name]
    monkeypatch.setattr(table_lines, "STREAM_OVER", 0)
    assert sum(block.rows is not None for block in Source(text).blocks) == count
    streamed, parsed = read_both(text, monkeypatch)
    assert streamed == parsed


def test_table_rows_are_those_markdown_it_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    for _count, text in TABLES.values():
        monkeypatch.setattr(table_lines, "STREAM_OVER", 0)
        streamed = [list(table_rows(source, block)) for source in [Source(text)]
                    for block in source.blocks if block.kind == "table"]
        with monkeypatch.context() as whole:
            whole.setattr(blocks, "plan", lambda lines, text: None)
            parsed = [list(table_rows(source, block)) for source in [Source(text)]
                      for block in source.blocks if block.kind == "table"]
        assert streamed == parsed


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(documents())
def test_any_export_reads_the_same(monkeypatch: pytest.MonkeyPatch, document: Any) -> None:
    streamed, parsed = read_both(export_markdown(document), monkeypatch)
    assert streamed == parsed


# --- sizes -----------------------------------------------------------------------------------

def rows(count: int) -> str:
    return "".join(f"| 2026-03-14 {row // 60 % 24:02d}:{row % 60:02d} | event {row} | "
                   f"action {row} |\n" for row in range(count))


def test_a_timeline_past_the_lines_markdown_it_may_parse_is_imported() -> None:
    count = MAX_MARKDOWN_LINES + 5_000
    document, report = read_markdown(timeline(rows(count)), "big.md")
    assert len(document.timeline) == count  # the demo's own table is kept as extra text
    assert report.lines[f"timeline.{count - 1}"] > MAX_MARKDOWN_LINES


def test_other_lines_past_the_limit_are_still_refused_at_their_line() -> None:
    text = timeline(rows(5_000)) + "\n" + "- a\n" * MAX_MARKDOWN_LINES
    with pytest.raises(DocumentError) as caught:
        read_markdown(text, "big.md")
    lines = text.split("\n")
    counted = [number for number, line in enumerate(lines, start=1)
               if not (line.startswith("| 2026-03-14") and "event" in line)]
    assert caught.value.line == counted[MAX_MARKDOWN_LINES]
    assert f"at most {MAX_MARKDOWN_LINES:,}" in str(caught.value)


def test_a_file_past_the_lines_of_an_import_is_refused_at_that_line() -> None:
    with pytest.raises(DocumentError) as caught:
        read_markdown(timeline(rows(MAX_IMPORT_LINES)), "huge.md")
    assert caught.value.line == MAX_IMPORT_LINES + 1
    assert f"at most {MAX_IMPORT_LINES:,}" in str(caught.value)


def same_bytes(got: bytes, expected: bytes) -> bool:
    """got == expected, said by where they part: pytest's own diff of megabytes takes hours."""
    if got == expected:
        return True
    at = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
              min(len(got), len(expected)))
    start = max(at - 80, 0)
    print(f"differ at byte {at}: {got[start:at + 80]!r} != {expected[start:at + 80]!r}")
    return False


def test_a_long_timeline_is_written_to_standard_output_and_to_a_file_as_dumps_writes_it(
        tmp_path: Path) -> None:
    source = tmp_path / "long.md"
    source.write_text(timeline(rows(6_000)), encoding="utf-8")
    document, report = read_markdown(source.read_text(encoding="utf-8"))
    mark_suggested_milestones(document, report)  # as every import does
    expected = dumps(document).encode("utf-8")
    assert len(expected) > 2 * 256 * 1024  # written in several pieces, as they are rendered
    command = [sys.executable, "-m", "postmortem", "import"]
    piped = subprocess.run([*command, str(source), "-o", "-"], capture_output=True,
                           timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert same_bytes(piped.stdout, expected)
    out = tmp_path / "out.toml"
    from_stdin = subprocess.run([*command, "-", "-o", str(out)], input=source.read_bytes(),
                                capture_output=True, timeout=120)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert same_bytes(out.read_bytes(), expected)


def test_the_benchmarks_long_timeline_round_trips_byte_for_byte(tmp_path: Path) -> None:
    """2,000 rows as bench/make_docs.py writes them (escaped pipes, <br>, code, emphasis,
    milestones, several days), read line by line: the TOML they were exported from."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import make_docs
    finally:
        sys.path.remove(str(ROOT / "bench"))
    toml_path, md_path = make_docs.make_document(tmp_path, 2_000)
    assert any(block.rows is not None for block in Source(md_path.read_text()).blocks)
    done = subprocess.run([sys.executable, "-m", "postmortem", "import", str(md_path), "-o",
                           str(tmp_path / "again.toml")], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert same_bytes((tmp_path / "again.toml").read_bytes(), toml_path.read_bytes())
