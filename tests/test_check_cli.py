"""`postmortem check`: lines editors jump to, JSON that validates against the shipped schema,
GitHub annotations, exit codes 0/1/2, standard input, and the checks the issue asks to see."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from postmortem import cli
from postmortem.document import clock

ROOT = Path(__file__).parent.parent
DEMO = ROOT / "data" / "demo.toml"
SCHEMA = json.loads((ROOT / "data" / "check.schema.json").read_text(encoding="utf-8"))
CASES = Path(__file__).parent / "review"
DISAGREEING = Path(__file__).parent / "md" / "stated_times_disagree.md"
HALF_FINISHED = Path(__file__).parent / "md" / "half_finished.md"
TODAY = dt.date(2026, 5, 21)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lines_are_file_line_severity_rule_message(capsys):
    path = CASES / "stated-time-mismatch.toml"
    code, out, err = run(capsys, "--rule", "stated-time-mismatch", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    first = out.splitlines()[0]
    assert first.startswith(f"{path}:4: error stated-time-mismatch: Time to Mitigation is "
                            "stated as 2:15, but the timeline gives 2:10")
    assert lines[3] == "[stated_times.time_to_mitigation]"  # line 4 holds the value
    assert code == 1 and err.startswith("checked 1 file: 1 error")


def test_a_finding_on_a_row_names_the_rows_line_in_the_file(capsys):
    path = CASES / "timeline-order.toml"  # rows written 10:00 then 09:20
    _, out, _ = run(capsys, "--rule", "timeline-order", str(path))
    assert out.startswith(f"{path}:8: warning timeline-order: 2026-03-14 09:20 is written after")
    assert path.read_text(encoding="utf-8").splitlines()[8] == 'time = 2026-03-14T09:20:00Z'


def test_json_validates_against_the_shipped_schema(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("not = [toml", encoding="utf-8")
    files = [str(DEMO), str(DISAGREEING), str(HALF_FINISHED), str(bad),
             *map(str, sorted(CASES.glob("*.toml")))]
    code, out, _ = run(capsys, "--format", "json", *files)
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert code == 2  # a file could not be read
    assert report["files"][3]["error"].startswith(f"{bad}:1: not valid TOML")
    rules = {f["rule"] for file in report["files"] for f in file["findings"]}
    assert len(rules) >= 26
    assert report["files"][1]["suggested_milestones"][1] == {
        "milestone": "detected", "row": 4, "time": "2026-05-20 09:40",
        "because": "a stated time's note says \u201cthe declaration\u201d"}


def test_the_schema_rejects_what_check_never_writes() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": 1, "files": [{"file": "x", "findings": [
            {"line": 0, "severity": "fatal"}], "suggested_milestones": []}],
            "summary": {"error": 0, "warning": 0, "hint": 0}}, SCHEMA)


def test_github_annotations(capsys):
    code, out, _ = run(capsys, "--format", "github", "--rule", "placeholder",
                       str(CASES / "placeholder.toml"))
    first = out.splitlines()[0]
    assert first.startswith(f"::error file={CASES / 'placeholder.toml'},line=3,"
                            "title=placeholder%3A Title::Title still holds the template's")
    assert "%0Afix: replace the placeholder" in first and code == 1
    _, out, _ = run(capsys, "--format", "github", "--rule", "milestones-suggested",
                    str(CASES / "milestones-suggested.toml"))
    assert out.startswith("::notice ")


def test_exit_codes_strict_and_rule(capsys, tmp_path):
    warnings_only = CASES / "action-owner.toml"
    assert run(capsys, "--rule", "action-owner", str(warnings_only))[0] == 0
    assert run(capsys, "--strict", "--rule", "action-owner", str(warnings_only))[0] == 1
    assert run(capsys, "--rule", "placeholder,blame", str(CASES / "placeholder.toml"))[0] == 1
    code, _, err = run(capsys, "--rule", "no-such-rule", str(DEMO))
    assert code == 2 and "--rule: no rule no-such-rule" in err
    code, _, err = run(capsys, str(tmp_path / "missing.toml"))
    assert code == 2 and err.splitlines()[0] == f"{tmp_path / 'missing.toml'}: no such file"
    assert run(capsys)[0] == 2  # no FILE


def test_list_rules(capsys):
    code, out, _ = run(capsys, "--list-rules")
    assert code == 0 and len(out.splitlines()) == 26
    assert out.splitlines()[0].split()[:3] == ["section-empty", "error", "any"]


def test_the_demo_passes(capsys):
    code, out, err = run(capsys, str(DEMO))
    assert code == 0 and "error" not in out and err.startswith("checked 1 file:")


def test_a_file_with_template_placeholders_fails_completeness(capsys, tmp_path):
    template = tmp_path / "template.toml"
    shutil.copyfile(DEMO, template)
    text = template.read_text(encoding="utf-8")
    text = text.replace('commander = "Priya Raman"', 'commander = "[Name]"')
    text = text.replace("date = 2026-03-14\n", "date = 2026-03-14\n", 1)
    text = text.replace('event = "Gateway logs show TLS handshake failures: unknown CA"',
                        'event = "[Event description]"')
    template.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, str(template))
    assert code == 1
    assert "error placeholder: Incident Commander still holds the template's placeholder " \
           "[Name]" in out
    assert "error placeholder: Timeline row 4, Event still holds the template's placeholder " \
           "[Event description]" in out
    code, out, _ = run(capsys, str(HALF_FINISHED))  # Markdown: placeholders are read as empty
    assert code == 1 and "error section-empty: Executive Summary is not written yet" in out


def test_john_forgot_gets_the_blame_finding_in_any_section(capsys, tmp_path):
    for old in ('what_happened = "The certificate', 'detection_gaps = "Declined payments'):
        path = tmp_path / "john.toml"
        text = DEMO.read_text(encoding="utf-8")
        key = old.split(" = ")[0]
        path.write_text(text.replace(old, f'{key} = "John forgot to renew the certificate. '
                                          + old.split('"', 1)[1]), encoding="utf-8")
        code, out, _ = run(capsys, "--rule", "blame", str(path))
        assert code == 0  # a warning
        assert "warning blame:" in out and "\u201cforgot\u201d points at a person; fix: ask " \
               "what let it happen, e.g. \u201cNothing reminded anyone to renew the " \
               "certificate\u201d" in out


def test_an_imported_post_mortem_whose_stated_times_disagree(capsys, tmp_path):
    markdown = tmp_path / "inc.md"
    shutil.copyfile(DISAGREEING, markdown)
    assert cli.main(["import", str(markdown)]) == 0
    report = capsys.readouterr().err
    assert "milestones marked from the rows' words" in report
    assert "Detected row 4 (2026-05-20 09:40)" in report
    code, out, _ = run(capsys, "--rule", "stated-time-mismatch", str(markdown.with_suffix(".toml")))
    assert code == 1
    assert "Time to Mitigation is stated as 2:15, but the timeline gives 2:10" in out
    assert "Time to Resolution is stated as 3:45, but the timeline gives 3:40" in out
    assert cli.main(["fmt", "--check", str(markdown.with_suffix(".toml"))]) == 0
    code, out, _ = run(capsys, str(markdown))  # checked as it is: suggestions used, and said
    assert code == 1 and "hint milestones-suggested: no row is marked" in out
    assert f"{markdown}:34: error stated-time-mismatch: Time to Mitigation" in out


def test_standard_input(tmp_path) -> None:
    for source in (DEMO, DISAGREEING):
        done = subprocess.run([sys.executable, "-m", "postmortem", "check", "-"],
                              input=source.read_bytes(), capture_output=True, timeout=120,
                              check=False)
        assert done.returncode == (0 if source == DEMO else 1), done.stderr
        assert all(line.startswith("<stdin>:") for line in done.stdout.decode().splitlines())


def test_quiet_on_a_closed_pipe() -> None:
    command = [sys.executable, "-m", "postmortem", "check", *map(str, sorted(CASES.glob("*")))]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # the reader is gone before a line is written (`| head -0`)
        err = process.stderr.read().decode()
        process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert process.returncode == 141  # as a shell says of a command its reader left


def test_the_command_line_loads_the_rules_only_to_check() -> None:
    """`postmortem FILE` opens the app with no pydantic before its first frame (opening.py):
    adding check and diff to the parser must load neither the rules nor the model."""
    code = ("import sys\nfrom postmortem import cli\ntry:\n    cli.main(['--help'])\n"
            "except SystemExit:\n    pass\nprint(sorted(m for m in sys.modules if m.startswith("
            "('pydantic', 'postmortem.document.review', 'postmortem.cli.check_output'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
