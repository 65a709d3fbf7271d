"""`postmortem log`, run as a real process: one event, lines from a pipe or a file, shell
history, --dry-run, --since/--until, exit codes, and shells logging at once (issue 17)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem.document.model import Milestone
from postmortem.storage.toml_file import load

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path, stdin: str = "", env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "postmortem", "log", *map(str, args)],
                          input=stdin, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "TZ": "UTC",
                               **(env or {})})


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    path = tmp_path / "inc.toml"
    path.write_text('title = "API outage"\n\n[incident]\ndate = 2026-06-15\n', "utf-8")
    return path


def rows(path: Path) -> list[tuple[str, str, str]]:
    return [(f"{row.time:%Y-%m-%d %H:%M}", row.event, row.actions)
            for row in load(path).timeline]


def test_one_event_at_a_local_time_with_a_milestone(incident: Path) -> None:
    result = run(incident, "first alert fired", "--at", "15:02", "--tz", "Europe/London",
                 "--milestone", "detected", "--actions", "acknowledged the page")
    assert result.returncode == 0, result.stderr
    assert "added 1 row" in result.stderr
    document = load(incident)
    assert rows(incident) == [("2026-06-15 14:02", "first alert fired", "acknowledged the page")]
    assert document.timeline[0].milestone is Milestone.DETECTED
    assert document.title == "API outage"


def test_one_event_defaults_to_now_in_utc(incident: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    assert run(incident, "rolled back").returncode == 0
    after = dt.datetime.now(dt.UTC)
    (row,) = load(incident).timeline
    assert before <= row.time <= after


def test_a_missing_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    result = run(path, "paged", "--at", "2026-06-15T14:02Z")
    assert result.returncode == 0, result.stderr
    assert "created" in result.stderr
    assert rows(path) == [("2026-06-15 14:02", "paged", "")]
    assert load(path).incident.date == dt.date(2026, 6, 15)


PASTE = """\
\x1b[32m2026-06-15T14:02:11Z\x1b[0m api: error rate 12%
  at handler.go:42
14:05 $ kubectl rollout undo deploy/api
garbage 25:99 here
25:99 not a time
[2:20 PM] Priya: error rate back to normal
"""


def test_lines_from_standard_input(incident: Path) -> None:
    result = run(incident, "-", "--tz", "Europe/London", stdin=PASTE)
    assert result.returncode == 1  # one line was not understood; the rest are added
    assert result.stderr.splitlines()[0].startswith("<stdin>:5: '25:99' is not a time")
    assert rows(incident) == [
        ("2026-06-15 13:05", "", "kubectl rollout undo deploy/api"),
        ("2026-06-15 13:05", "garbage 25:99 here", ""),
        ("2026-06-15 13:20", "Priya: error rate back to normal", ""),
        ("2026-06-15 14:02", "api: error rate 12%", ""),
        ("2026-06-15 14:02", "at handler.go:42", ""),
    ]


def test_lines_from_a_file_are_named_in_reports(incident: Path, tmp_path: Path) -> None:
    log = tmp_path / "notes.txt"
    log.write_text("before any time\n14:00 paged\n", "utf-8")
    result = run(incident, "--from", log)
    assert result.returncode == 1
    assert f"{log}:1: no time on this line" in result.stderr
    assert rows(incident) == [("2026-06-15 14:00", "paged", "")]


def test_logging_the_same_lines_twice_adds_them_once(incident: Path) -> None:
    text = "14:00 paged\n14:05 rolled back\n"
    assert run(incident, "-", stdin=text).returncode == 0
    again = run(incident, "-", stdin=text + "14:09 resolved\n")
    assert again.returncode == 0
    assert "added 1 row" in again.stderr and "2 already there" in again.stderr
    assert len(rows(incident)) == 3


def test_dry_run_shows_utc_and_the_zone_and_changes_nothing(incident: Path) -> None:
    before = incident.read_bytes()
    text = "2026-06-15 15:02 paged\n2026-06-15T16:10:00+02:00 resolved\n"
    result = run(incident, "-", "--dry-run", "--tz", "Europe/London", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-06-15 14:02 UTC  from Europe/London    paged",
        "2026-06-15 14:10 UTC  from +02:00           resolved",
    ]
    assert "would add 2 rows" in result.stderr
    assert incident.read_bytes() == before


def test_kubectl_ages_count_back_from_at(incident: Path) -> None:
    events = ("LAST SEEN   TYPE      REASON    OBJECT       MESSAGE\n"
              "5m          Warning   BackOff   pod/api-1    Back-off restarting\n")
    assert run(incident, "-", stdin=events).returncode == 1  # no --at: reported, not guessed
    assert run(incident, "-", "--at", "2026-06-15 14:30", stdin=events).returncode == 0
    assert rows(incident) == [("2026-06-15 14:25", "Warning BackOff pod/api-1: Back-off "
                                                   "restarting", "")]


def test_since_and_until_select_a_window(incident: Path) -> None:
    text = "13:00 noise\n14:00 start\n14:30 middle\n16:00 later noise\n"
    result = run(incident, "-", "--since", "14:00", "--until", "15:00", stdin=text)
    assert result.returncode == 0, result.stderr
    assert [event for _, event, _ in rows(incident)] == ["start", "middle"]


BASH_HISTORY = "#1781532000\nls\n#1781532131\nkubectl rollout undo deploy/api\n" \
               "#1781539200\nvim notes\n"


def test_history_since_a_time(incident: Path, tmp_path: Path) -> None:
    history = tmp_path / ".bash_history"
    history.write_text(BASH_HISTORY, "utf-8")
    result = run(incident, "--history", history, "--since", "14:02", "--until", "15:00")
    assert result.returncode == 0, result.stderr
    assert rows(incident) == [("2026-06-15 14:02", "", "kubectl rollout undo deploy/api")]


def test_history_defaults_to_histfile(incident: Path, tmp_path: Path) -> None:
    history = tmp_path / "zsh_history"
    history.write_text(": 1781532131:0;systemctl restart api\n", "utf-8")
    result = run(incident, "--history", env={"HISTFILE": str(history)})
    assert result.returncode == 0, result.stderr
    assert rows(incident) == [("2026-06-15 14:02", "", "systemctl restart api")]


@pytest.mark.parametrize("args", [
    (),  # nothing to log
    ("message", "--from", "x.log"),
    ("message", "--tz", "Mars/Olympus"),
    ("message", "--at", "25:61"),
    ("-", "--history"),
    ("message", "--milestone", "fixed"),
    ("  ",),  # an empty event
])
def test_bad_usage_exits_2_and_changes_nothing(incident: Path, args: tuple[str, ...]) -> None:
    before = incident.read_bytes()
    result = run(incident, *args)
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert incident.read_bytes() == before


def test_a_file_that_does_not_load_is_reported_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("title = \n", "utf-8")
    result = run(path, "paged")
    assert result.returncode == 2
    assert result.stderr.startswith(f"{path}:1:")
    assert path.read_text("utf-8") == "title = \n"


def test_quiet_on_a_closed_pipe(incident: Path) -> None:
    lines = "".join(f"14:{minute % 60:02d} event {minute}\n" for minute in range(20_000))
    command = (f"{sys.executable} -m postmortem log {incident} - --dry-run | head -1")
    result = subprocess.run(["sh", "-c", command], input=lines, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_two_shells_logging_at_once_lose_nothing(incident: Path) -> None:
    log = f"{sys.executable} -m postmortem log {incident}"
    loop = f"for i in $(seq 1 25); do {log} \"$0 $i\" --at \"14:$(printf %02d $i)\" || exit 1; done"
    shells = [subprocess.Popen(["sh", "-c", loop, name], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TZ": "UTC"}) for name in ("left", "right")]
    for shell in shells:
        _, errors = shell.communicate(timeout=600)
        assert shell.returncode == 0, errors
    events = sorted(event for _, event, _ in rows(incident))
    assert events == sorted(f"{name} {i}" for name in ("left", "right") for i in range(1, 26))


def test_log_never_loads_the_user_interface(incident: Path) -> None:
    code = ("import sys; from postmortem.cli import main; "
            f"code = main(['log', {str(incident)!r}, '-', '--at', 'now']); "
            "assert 'textual' not in sys.modules, 'textual loaded'; sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code], input="14:02 paged\n$ ls\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_bash_completes_log_options_and_zone_names() -> None:
    from programs import program

    bash = program("bash", "bash")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    script = (
        'eval "$(postmortem completion bash)"\n'
        'ask() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1";\n'
        '  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));\n'
        '  [[ "$1" == *" " ]] && COMP_CWORD=${#COMP_WORDS[@]};\n'
        '  COMPREPLY=(); _python_argcomplete postmortem; echo "${COMPREPLY[*]}"; }\n'
        'ask "postmortem log inc.toml --mil"\nask "postmortem log inc.toml --tz Europe/Lond"\n'
        'ask "postmortem log inc.toml --milestone "\n')
    result = subprocess.run([bash, "--norc", "-c", script], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "PATH": path})
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["--milestone"], result.stderr
    assert lines[1].split() == ["Europe/London"]
    assert set(lines[2].split()) == {"impact_start", "detected", "mitigated", "resolved"}


def test_without_an_incident_date_times_of_day_are_today_and_it_is_said(tmp_path: Path) -> None:
    path = tmp_path / "undated.toml"
    path.write_text('title = "x"\n', "utf-8")
    dated = run(path, "-", stdin="2026-06-15T14:00Z paged\n")
    assert dated.returncode == 0 and "no incident date" not in dated.stderr
    today = dt.datetime.now(dt.UTC).date()
    result = run(path, "-", stdin="09:30 rolled back\n")
    assert result.returncode == 0, result.stderr
    assert f"read as on {today}" in result.stderr
    assert rows(path)[-1] == (f"{today} 09:30", "rolled back", "")


def test_a_markdown_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "inc.md"
    path.write_text("# Post-mortem\n", "utf-8")
    result = run(path, "paged")
    assert result.returncode == 2
    assert "postmortem import" in result.stderr
    assert path.read_text("utf-8") == "# Post-mortem\n"


def test_zsh_history_with_non_ascii_commands(incident: Path, tmp_path: Path) -> None:
    command = 'echo "déploiement terminé ✓"'.encode()
    metafied = bytearray()
    for byte in command:  # as zsh writes its history file: bytes 0x83 (Meta) to 0xa2 escaped
        metafied += bytes([0x83, byte ^ 0x20]) if 0x83 <= byte <= 0xA2 else bytes([byte])
    history = tmp_path / ".zsh_history"
    history.write_bytes(b": 1781532131:0;" + bytes(metafied) + b"\n")
    result = run(incident, "--history", history)
    assert result.returncode == 0, result.stderr
    assert rows(incident) == [("2026-06-15 14:02", "", 'echo "déploiement terminé ✓"')]
