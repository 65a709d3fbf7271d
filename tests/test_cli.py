"""The `postmortem` command, run as a real process: export, fmt, new, bad input, and no Textual
on the read-only paths."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.toml"
SCRIPT = Path(sys.executable).parent / "postmortem"


def run(*args: str | bytes | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "postmortem", *args],
        cwd=cwd, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "copy.toml"
    shutil.copyfile(DEMO, target)
    return target


# --- export --------------------------------------------------------------------------------------

def test_export_prints_the_markdown_to_stdout() -> None:
    result = run("export", DEMO)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == export_markdown(load(DEMO))
    assert result.stdout.startswith(
        "# Post-Mortem: Checkout outage after payment-gateway certificate rotation\n")
    assert run("export", DEMO, "-o", "-").stdout == result.stdout


def test_the_console_script_is_installed_and_exports() -> None:
    assert SCRIPT.exists(), f"{SCRIPT} missing: install the package (make test does)"
    result = subprocess.run([SCRIPT, "export", DEMO], capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == export_markdown(load(DEMO))


def test_export_writes_a_file_with_o(tmp_path: Path) -> None:
    out = tmp_path / "post.md"
    result = run("export", DEMO, "-o", out)
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text("utf-8") == export_markdown(load(DEMO))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post.md"]


def test_export_never_imports_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "postmortem", "export", "data/demo.toml"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert "postmortem.markdown.export" in imported  # the list is real
    assert [name for name in imported if "textual" in name] == []


@pytest.mark.parametrize("command", [["export"], ["fmt", "--check"], ["fmt"]])
def test_read_and_format_commands_leave_textual_out_of_sys_modules(
    demo_copy: Path, command: list[str]
) -> None:
    code = (
        "import sys\n"
        "from postmortem.cli import main\n"
        f"code = main({[*command, str(demo_copy)]!r})\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('TEXTUAL', loaded, file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL []" in result.stderr


# --- fmt -----------------------------------------------------------------------------------------

def test_fmt_check_passes_on_the_demo() -> None:
    before = DEMO.read_bytes()
    result = run("fmt", "--check", DEMO)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert DEMO.read_bytes() == before


def test_fmt_leaves_a_copy_of_the_demo_byte_identical(demo_copy: Path) -> None:
    inode = demo_copy.stat().st_ino
    result = run("fmt", demo_copy)
    assert (result.returncode, result.stderr) == (0, "")
    assert demo_copy.read_bytes() == DEMO.read_bytes()
    assert demo_copy.stat().st_ino == inode  # not even rewritten


def hand_edit(text: str) -> str:
    """The demo as a person might leave it: a comment, spacing, literal strings, a section moved,
    a time in another zone and with seconds. Same content."""
    incident = re.search(r"\n\[incident\]\n.*?\n\n", text, re.S)
    assert incident is not None
    text = "# notes for the review\n" + text.replace(incident.group(), "\n") + incident.group()
    text = text.replace('title = "Checkout outage after payment-gateway certificate rotation"',
                        "title='Checkout outage after payment-gateway certificate rotation'")
    text = text.replace("time = 2026-03-14 13:40:00+00:00", "time = 2026-03-14T14:40:30+01:00")
    text = text.replace('owner = "Priya Raman"', 'owner    =    "Priya Raman"   # CAB')
    return text


def test_fmt_check_reports_a_hand_edited_file_and_fmt_rewrites_it(demo_copy: Path) -> None:
    edited = hand_edit(DEMO.read_text("utf-8"))
    demo_copy.write_text(edited, "utf-8")
    demo_copy.chmod(0o600)

    check = run("fmt", "--check", demo_copy)
    assert check.returncode == 1
    assert check.stderr == (
        f"{demo_copy}: not in canonical form (run: postmortem fmt {demo_copy})\n")
    assert demo_copy.read_text("utf-8") == edited

    result = run("fmt", demo_copy)
    assert (result.returncode, result.stderr) == (0, f"formatted {demo_copy}\n")
    assert demo_copy.read_bytes() == DEMO.read_bytes()
    assert demo_copy.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == ["copy.toml"]
    assert run("fmt", "--check", demo_copy).returncode == 0


# --- new -----------------------------------------------------------------------------------------

def test_new_creates_a_file_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    path = tmp_path / "inc.toml"
    result = run("new", path, "--id", "INC-2026-0042", "--title", "Queue backlog",
                 "--severity", "P2", "--date", "2026-04-01")
    assert (result.returncode, result.stderr) == (0, f"created {path}\n")
    doc = load(path)
    assert (doc.incident.id, doc.title, doc.incident.severity, str(doc.incident.date)) == (
        "INC-2026-0042", "Queue backlog", "P2", "2026-04-01")
    assert run("fmt", "--check", path).returncode == 0
    before = path.read_bytes()

    again = run("new", path, "--title", "Other")
    assert again.returncode == 2
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--date", "01/04/2026"], "--date: expected YYYY-MM-DD, got '01/04/2026'"),
     (["--severity", "P5"], "invalid choice: 'P5'")],
)
def test_new_with_bad_options_exits_2_and_writes_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run("new", tmp_path / "inc.toml", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_with_undecodable_bytes_in_an_argument_still_saves(tmp_path: Path) -> None:
    path = tmp_path / "inc.toml"
    result = subprocess.run(
        [sys.executable, "-m", "postmortem", "new", str(path), "--title", b"bad\xffbyte"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert load(path).title == "badbyte"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inc.toml"]


# --- bad input -----------------------------------------------------------------------------------

BROKEN = {
    "malformed": (b'title = "x"\n\n[incident]\nid = "INC-1\n', 4, ""),
    "wrong type": (b'title = "x"\n\n[incident]\nid = "INC-1"\nseverity = 5\n', 5,
                   "incident.severity: "),
    "unknown section": (b'title = "x"\n\n[incidnet]\nid = "INC-1"\n', 3, "incidnet: "),
    "newer schema": (b"schema_version = 99\n", 1, "schema_version: "),
    "not utf-8": (b'title = "x"\nexecutive_summary = "\xff"\n', 2, ""),
}


@pytest.mark.parametrize("case", list(BROKEN))
@pytest.mark.parametrize("command", [["export"], ["fmt"], ["fmt", "--check"]])
def test_a_broken_file_gives_file_line_on_stderr_exit_2_and_stays_untouched(
    tmp_path: Path, case: str, command: list[str]
) -> None:
    content, line, field = BROKEN[case]
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    result = run(*command, path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert re.fullmatch(
        rf"(postmortem: )?{re.escape(f'{path}:{line}: {field}')}\S.*\n", result.stderr
    ), result.stderr
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.toml"]


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("export", tmp_path / "missing.toml")
    assert result.returncode == 2
    assert f"{tmp_path / 'missing.toml'}: no such file" in result.stderr


def test_no_arguments_prints_usage_and_exits_2() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage: postmortem" in result.stdout + result.stderr
