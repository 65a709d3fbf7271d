"""Every input has a bounded cost: a file past the limits (document/limits.py) is refused at
once with FILE:LINE: field: what and exit 2, and one just within them is read in time linear in
its size. Costs are measured as the CPU time of a real process, which a busy machine moves far
less than wall time; the bounds are several times what this machine takes."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem.document.limits import MAX_FILE_BYTES, MAX_MARKDOWN_LINES, MAX_TABLE_CELLS
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load

ROOT = Path(__file__).resolve().parents[1]
DEMO_MARKDOWN = export_markdown(load(ROOT / "data" / "demo.toml"))
# 64 columns of one-character rows: each row makes 64 cells (so 200 objects) to parse.
TABLE_BOMB = ("|a" * 64 + "|\n" + "|-" * 64 + "|\n" + "|x\n" * 1000 + "\n") * 20


def run(*args: str | Path) -> tuple[int, str, float]:
    """Run postmortem as a process: its exit code, stderr, and CPU time in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "postmortem", *map(str, args)],
                            capture_output=True, text=True, timeout=120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return result.returncode, result.stderr, cpu


def toml_with_summary(path: Path, summary: str) -> Path:
    path.write_text(f'schema_version = 1\nexecutive_summary = """\n{summary}"""\n')
    return path


def markdown_with(path: Path, text_after: str = "", summary: str = "") -> Path:
    markdown = DEMO_MARKDOWN.replace("## Executive Summary\n", f"## Executive Summary\n\n"
                                     f"{summary}", 1) + text_after
    path.write_text(markdown)
    return path


def timeline_rows(count: int) -> str:
    return "".join(f"| 2026-03-14 {row // 60 % 24:02d}:{row % 60:02d} | event {row} | "
                   f"action {row} |\n" for row in range(count))


def second_timeline(count: int) -> str:
    return ("\n## Timeline\n\n| Time (UTC) | Event | Actions Taken |\n| --- | --- | --- |\n"
            + timeline_rows(count))


def assert_refused(code: int, stderr: str, cpu: float, start: str, says: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr and stderr.count("\n") == 1, stderr
    assert stderr.startswith(start) and says in stderr, stderr
    assert cpu < 5, f"refusing took {cpu:.1f} s of CPU"


# --- past the limits: refused at once ------------------------------------------------------------

def test_a_file_of_headings_past_the_size_limit_is_refused_at_once(tmp_path: Path) -> None:
    path = toml_with_summary(tmp_path / "big.toml", "# h\n" * (MAX_FILE_BYTES // 4 + 2**18))
    assert_refused(*run("export", path), f"{path}: is {MAX_FILE_BYTES // 2**20 + 1}.0 MiB; ",
                   f"a post-mortem file may be at most {MAX_FILE_BYTES // 2**20} MiB")


def test_a_markdown_file_whose_second_timeline_is_past_the_size_limit_is_refused_at_once(
        tmp_path: Path) -> None:
    path = markdown_with(tmp_path / "big.md", second_timeline(MAX_FILE_BYTES // 40))
    assert path.stat().st_size > MAX_FILE_BYTES
    assert_refused(*run("import", path), f"{path}: is ",
                   f"may be at most {MAX_FILE_BYTES // 2**20} MiB")
    assert not path.with_suffix(".toml").exists()


@pytest.mark.parametrize("command", ["export", "import"])
def test_an_endless_device_is_read_no_further_than_the_limit(command: str) -> None:
    limit = f"{MAX_FILE_BYTES // 2**20} MiB"
    assert_refused(*run(command, "/dev/zero"), f"/dev/zero: holds more than {limit}; ",
                   f"may be at most {limit}")


def test_free_text_past_the_line_limit_is_refused_with_its_field_and_line(
        tmp_path: Path) -> None:
    path = toml_with_summary(tmp_path / "long.toml", "- a\n" * MAX_MARKDOWN_LINES)
    assert_refused(*run("export", path), f"{path}:2: executive_summary: ",
                   f"more than {MAX_MARKDOWN_LINES:,} lines")


def test_a_markdown_file_past_the_line_limit_is_refused_with_the_line(tmp_path: Path) -> None:
    path = markdown_with(tmp_path / "long.md", "\n" + "- a\n" * MAX_MARKDOWN_LINES)
    assert_refused(*run("import", path), f"{path}:{MAX_MARKDOWN_LINES + 1}: ",
                   f"at most {MAX_MARKDOWN_LINES:,}")


def test_a_wide_table_of_short_rows_in_markdown_is_refused_with_the_line(
        tmp_path: Path) -> None:
    path = markdown_with(tmp_path / "bomb.md", summary=TABLE_BOMB)
    code, stderr, cpu = run("import", path)
    assert_refused(code, stderr, cpu, f"{path}:", f"more than {MAX_TABLE_CELLS:,} table cells")
    line = int(stderr.split(":")[1])
    assert path.read_text().split("\n")[line - 1] == "|a" * 64 + "|"  # a table's header


def test_a_wide_table_of_short_rows_in_free_text_is_refused(tmp_path: Path) -> None:
    path = toml_with_summary(tmp_path / "bomb.toml", "# h\n\n" + TABLE_BOMB)
    assert_refused(*run("fmt", "--check", path), f"{path}:2: executive_summary: ",
                   "table cells")


# --- within the limits: linear -------------------------------------------------------------------

def test_sixty_thousand_action_items_export_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "actions.toml"
    path.write_text("schema_version = 1\n" + "".join(
        f'\n[[action_items]]\nid = "AI-{number}"\ndescription = "do {number}"\n'
        for number in range(1, 60_001)))
    code, stderr, cpu = run("export", path)
    assert code == 0, stderr
    assert cpu < 10, f"exporting took {cpu:.1f} s of CPU"  # 1 s here; 25 s when quadratic


@pytest.mark.parametrize("line", ["# h", "- a", "> q"])
def test_free_text_just_within_the_line_limit_exports_in_seconds(
        tmp_path: Path, line: str) -> None:
    path = toml_with_summary(tmp_path / "long.toml",
                             "# h\n" + f"{line}\n" * (MAX_MARKDOWN_LINES - 10))
    code, stderr, cpu = run("export", path)
    assert code == 0, stderr
    assert cpu < 15, f"exporting took {cpu:.1f} s of CPU"


def test_a_second_timeline_just_within_the_line_limit_imports_in_seconds(
        tmp_path: Path) -> None:
    path = markdown_with(tmp_path / "rows.md", second_timeline(MAX_MARKDOWN_LINES - 500))
    code, stderr, cpu = run("import", path)
    assert code == 0, stderr
    assert cpu < 25, f"importing took {cpu:.1f} s of CPU"
    assert "event 49000" in path.with_suffix(".toml").read_text()  # kept, as extra text
