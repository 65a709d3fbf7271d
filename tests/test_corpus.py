"""A corpus of broken files (tests/corpus/): every command that reads one says what is wrong in
one line naming the file (and the line, where TOML gives it), exits 2, shows no traceback and
leaves the file exactly as it was."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem import cli

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.toml"))
DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
# Run only as real processes: in-process, pytest spends half a minute printing the deep stack.
DEEP = {"deep-nesting-arrays", "deep-nesting-inline-tables"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def param(name: str, value: object) -> object:
    return pytest.param(value, id=name)


def cases() -> list[object]:
    return [param(path.stem, path) for path in CORPUS if path.stem not in DEEP]


def copy_of(path: Path, folder: Path) -> Path:
    target = folder / path.name
    shutil.copyfile(path, target)
    return target


def assert_one_clear_line(stderr: str, path: Path) -> None:
    assert "Traceback" not in stderr
    assert not CONTROL.search(stderr.rstrip("\n")), repr(stderr)
    lines = stderr.rstrip("\n").split("\n")
    assert len(lines) == 1, stderr
    assert re.match(rf"(postmortem: )?{re.escape(str(path))}(:\d+)?: \S", lines[0]), lines[0]


def test_the_corpus_has_at_least_fifty_broken_files() -> None:
    assert len(CORPUS) >= 50


@pytest.mark.parametrize("command", ["export", "open", "fmt", "check", "diff"])
@pytest.mark.parametrize("original", cases())
def test_every_broken_file_gets_one_clear_line_and_exit_2(
        original: Path, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_app(path: Path, document: object) -> int:
        raise AssertionError("a broken file must never reach the app")

    monkeypatch.setattr("postmortem.app.application.run_app", no_app)
    path = copy_of(original, tmp_path)
    args = {"export": ["export", str(path)], "open": [str(path)], "fmt": ["fmt", str(path)],
            "check": ["check", str(path)], "diff": ["diff", str(path), str(DEMO)]}
    assert cli.main(args[command]) == 2
    assert_one_clear_line(capsys.readouterr().err, path)
    assert path.read_bytes() == original.read_bytes()
    assert os.listdir(tmp_path) == [path.name]  # nothing else written beside it


SAMPLE = ["toml-unclosed-string", "type-severity-p5", "unknown-section", "schema-newer",
          "binary-png-header", "encoding-invalid-utf8-line3", *sorted(DEEP)]


@pytest.mark.parametrize("name", [param(name, name) for name in SAMPLE])
@pytest.mark.parametrize("command", [["export"], [], ["check"]], ids=["export", "open", "check"])
def test_the_real_command_exits_2_without_a_traceback(
        name: str, command: list[str], tmp_path: Path) -> None:
    original = next(path for path in CORPUS if path.stem == name)
    path = copy_of(original, tmp_path)
    done = subprocess.run([sys.executable, "-m", "postmortem", *command, str(path)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert_one_clear_line(done.stderr, path)
    assert done.stdout == ""
    assert path.read_bytes() == original.read_bytes()


def test_a_file_too_big_to_be_a_post_mortem_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.toml"
    with open(path, "wb") as sparse:
        sparse.truncate(65 * 2**20)  # no disk used: the size alone is refused
    assert cli.main(["export", str(path)]) == 2
    assert_one_clear_line(capsys.readouterr().err, path)


def test_a_megabyte_of_unclosed_string_is_one_clear_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "long.toml"
    data = b'title = "' + b"x" * 2_000_000 + b"\n"
    path.write_bytes(data)
    assert cli.main(["export", str(path)]) == 2
    err = capsys.readouterr().err
    assert_one_clear_line(err, path)
    assert len(err) < 500
    assert path.read_bytes() == data


def test_a_byte_order_mark_is_read_and_fmt_drops_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbftitle = "Saved by a Windows editor"\n')
    assert cli.main(["export", str(path)]) == 0
    assert cli.main(["fmt", "--check", str(path)]) == 1
    assert cli.main(["fmt", str(path)]) == 0
    assert path.read_bytes().startswith(b"schema_version = 1\n")
