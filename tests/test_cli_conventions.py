"""What every Unix command does, the `postmortem` command does too: --version, `-` for standard
input and output, quiet on a closed pipe, help for every argument, and shell completion for
bash, zsh and fish generated from the parser. Run as real processes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from programs import program

from postmortem.cli import COMMANDS, _parser
from postmortem.document.model import Document
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import dumps, load, parse

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.toml"
MD = ROOT / "tests" / "md" / "extra_sections.md"
BIN = Path(sys.executable).parent  # where the installed `postmortem` command is


def run(*args: str | Path, stdin: str | bytes | None = None,
        cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "postmortem", *map(str, args)],
                          input=stdin.decode() if isinstance(stdin, bytes) else stdin,
                          capture_output=True, text=True, timeout=60, cwd=cwd)


def test_version_is_the_packages_version_from_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    result = run("--version")
    assert (result.returncode, result.stdout, result.stderr) == (
        0, f"postmortem {project['version']}\n", "")


def test_the_commands_listed_for_each_module_are_the_ones_it_adds() -> None:
    """main reads COMMANDS to build only the part of the parser a command needs."""
    for module, names in COMMANDS.items():
        assert _parser((module,))[1] == set(names), module
    assert _parser()[1] == {name for names in COMMANDS.values() for name in names}


def test_every_argument_of_every_command_has_help() -> None:
    parser, names = _parser()
    assert {"open", "new", "demo", "export", "fmt", "check", "import", "config", "completion",
            "serve"} <= names
    missing = []
    for action in parser._actions:  # argparse keeps them there; there is no public list
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                missing += [f"{name} {'/'.join(a.option_strings) or a.dest}"
                            for a in command._actions if not a.help]
                if not action._choices_actions or name not in [c.dest for c in
                                                               action._choices_actions]:
                    missing.append(f"{name} (the command itself)")
        elif not action.help:
            missing.append("/".join(action.option_strings))
    assert missing == []


# --- `-`: standard input and output --------------------------------------------------------------

def test_export_dash_reads_the_document_from_stdin() -> None:
    result = run("export", "-", stdin=DEMO.read_text("utf-8"))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == export_markdown(load(DEMO))


def test_a_bad_document_on_stdin_is_named_stdin_with_its_line() -> None:
    result = run("export", "-", stdin='title = "x"\n\n[incident]\nseverity = 5\n')
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("<stdin>:4: incident.severity: ")
    assert "Traceback" not in result.stderr


def test_fmt_dash_prints_the_canonical_form_and_check_dash_reports() -> None:
    messy = "# hand-written\n" + DEMO.read_text("utf-8")
    result = run("fmt", "-", stdin=messy)
    assert (result.returncode, result.stdout) == (0, DEMO.read_text("utf-8"))
    check = run("fmt", "--check", "-", stdin=messy)
    assert (check.returncode, check.stdout) == (1, "")
    assert check.stderr == "<stdin>: not in canonical form (run: postmortem fmt -)\n"
    assert run("fmt", "--check", "-", stdin=DEMO.read_text("utf-8")).returncode == 0


def test_check_dash_reads_stdin() -> None:
    result = run("check", "-", stdin=DEMO.read_text("utf-8"))
    assert result.returncode in (0, 1)
    assert result.stdout.startswith("<stdin>:")


def test_import_dash_writes_toml_to_stdout_and_no_file_named_dash(tmp_path: Path) -> None:
    from_stdin = run("import", "-", stdin=MD.read_text("utf-8"), cwd=tmp_path)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert parse(from_stdin.stdout).title == "Payment webhooks delivered twice"
    assert "<stdin>" in from_stdin.stderr  # the report of what was read
    to_stdout = run("import", MD, "-o", "-", cwd=tmp_path)
    assert to_stdout.returncode == 0 and to_stdout.stdout == from_stdin.stdout
    assert list(tmp_path.iterdir()) == []


UNMARKED_TIMELINE = """# Post-Mortem: Queue backlog

## Timeline
| Time (UTC) | Event | Actions Taken |
|------------|-------|---------------|
| 2026-04-01 14:00 | Error rate rises to 40% on checkout | |
| 2026-04-01 14:05 | Alert fires; on-call paged | |
| 2026-04-01 14:30 | Rollback deployed; error rate back to baseline | |
"""


def test_import_dash_marks_the_suggested_milestones_as_importing_a_file_does(
        tmp_path: Path) -> None:
    source = tmp_path / "backlog.md"
    source.write_text(UNMARKED_TIMELINE, encoding="utf-8")
    from_stdin = run("import", "-", stdin=UNMARKED_TIMELINE, cwd=tmp_path)
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert run("import", source, cwd=tmp_path).returncode == 0
    assert from_stdin.stdout == (tmp_path / "backlog.toml").read_text(encoding="utf-8")
    assert [event.milestone for event in parse(from_stdin.stdout).timeline if event.milestone]


def test_new_dash_prints_the_new_post_mortem(tmp_path: Path) -> None:
    result = run("new", "-", "--title", "Queue backlog", "--date", "2026-04-01", cwd=tmp_path)
    assert result.returncode == 0
    document = parse(result.stdout)
    assert (document.title, document.incident.date) == ("Queue backlog", dt.date(2026, 4, 1))
    assert dumps(document) == result.stdout and list(tmp_path.iterdir()) == []


def test_open_dash_is_refused_clearly() -> None:
    result = run("open", "-", stdin="")
    assert result.returncode == 2
    assert result.stderr.startswith("-: the app edits a file, not standard input")


# --- a closed pipe -------------------------------------------------------------------------------

def big_document(path: Path) -> Path:
    """A post-mortem whose export is far larger than a pipe holds (64 KiB)."""
    start = dt.datetime(2026, 3, 14, tzinfo=dt.UTC)
    rows = [{"time": start + dt.timedelta(minutes=n), "event": f"event {n} " + "x" * 80}
            for n in range(3000)]
    path.write_text(dumps(Document.model_validate({"title": "Big", "timeline": rows})), "utf-8")
    return path


def test_export_into_head_stops_quietly(tmp_path: Path) -> None:
    big = big_document(tmp_path / "big.toml")
    assert len(export_markdown(load(big))) > 4 * 65536
    script = (f"set -o pipefail; {sys.executable} -m postmortem export {big} 2>{tmp_path}/err "
              "| head -1; echo \"status ${PIPESTATUS[0]}\"")
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout == "# Post-Mortem: Big\nstatus 141\n"  # as `cat` stopped by SIGPIPE
    assert (tmp_path / "err").read_text() == ""  # no traceback, no "Exception ignored"


def test_a_closed_pipe_writes_no_file(tmp_path: Path) -> None:
    big = big_document(tmp_path / "big.toml")
    before = sorted(p.name for p in tmp_path.iterdir())
    subprocess.run(["bash", "-c", f"{sys.executable} -m postmortem fmt - < {big} | head -c 1"],
                   capture_output=True, timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --- shell completion ----------------------------------------------------------------------------

def shell_env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_bash_completes_commands_and_options_from_the_parser() -> None:
    bash = program("bash", "bash")
    script = (
        'eval "$(postmortem completion bash)"\n'
        'complete -p postmortem\n'
        'ask() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1";\n'
        '  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ));\n'
        '  [[ "$1" == *" " ]] && COMP_CWORD=${#COMP_WORDS[@]};\n'
        '  COMPREPLY=(); _python_argcomplete postmortem; echo "${COMPREPLY[*]}"; }\n'
        'ask "postmortem ex"\nask "postmortem serve --h"\nask "postmortem completion "\n')
    result = subprocess.run([bash, "--norc", "-c", script], capture_output=True, text=True,
                            timeout=60, env=shell_env())
    lines = result.stdout.splitlines()
    assert lines[0].endswith("-F _python_argcomplete postmortem"), result.stderr
    assert lines[1].split() == ["export"]
    assert set(lines[2].split()) == {"--help", "--host"}
    assert {"bash", "zsh", "fish"} <= set(lines[3].split())


def test_zsh_registers_the_completion_and_gets_the_same_answers() -> None:
    zsh = program("zsh", "zsh")
    script = (
        'autoload -U compinit && compinit -u -D\n'
        'eval "$(postmortem completion zsh)"\n'
        'print -r -- "registered: ${_comps[postmortem]}"\n'
        "COMP_LINE='postmortem fm' COMP_POINT=13 _ARGCOMPLETE=1 _ARGCOMPLETE_SHELL=zsh "
        "_ARGCOMPLETE_SUPPRESS_SPACE=1 __python_argcomplete_run postmortem\n")  # as the script does
    result = subprocess.run([zsh, "-f", "-c", script], capture_output=True, text=True,
                            timeout=60, env=shell_env())
    lines = result.stdout.splitlines()
    assert lines[0] == "registered: _python_argcomplete", result.stderr
    assert lines[1] == "fmt:rewrite FILE in the canonical TOML form"  # zsh's name:description


def test_fish_completes_from_the_installed_script(tmp_path: Path) -> None:
    fish = program("fish", "fish")
    completions = tmp_path / "fish" / "completions"
    completions.mkdir(parents=True)
    script = run("completion", "fish").stdout
    (completions / "postmortem.fish").write_text(script, "utf-8")  # as the README installs it
    result = subprocess.run(
        [fish, "--no-config", "-c", f"set fish_complete_path {completions} $fish_complete_path; "
                                    "complete -C 'postmortem imp'; complete -C 'postmortem new -'"],
        capture_output=True, text=True, timeout=60, env={**shell_env(), "HOME": str(tmp_path)})
    found = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert found[0] == "import", result.stderr
    assert {"--id", "--title", "--severity", "--date", "--help"} <= set(found[1:])


def test_completion_costs_nothing_unless_a_shell_asks() -> None:
    code = ("import sys\nfrom postmortem.cli import main\nmain(['config', '--path'])\n"
            "print('argcomplete' in sys.modules, 'textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.splitlines()[-1] == "False False"


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_help_says_how_to_install(shell: str) -> None:
    result = run("completion", "--help")
    assert f"{shell}:" in result.stdout
    assert run("completion", shell).stdout.strip() != ""
