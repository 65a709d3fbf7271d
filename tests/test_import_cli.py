"""`postmortem import FILE.md [-o OUT] [--force]` and `postmortem FILE.md`: exit codes, the report,
no overwriting, and clear messages for bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from postmortem import cli
from postmortem.cli import editing
from postmortem.markdown.importer import import_markdown, toml_for_markdown
from postmortem.storage.toml_file import load

MD = Path(__file__).resolve().parent / "md"


@pytest.fixture
def md_file(tmp_path: Path) -> Path:
    target = tmp_path / "incident.md"
    shutil.copyfile(MD / "extra_sections.md", target)
    return target


def test_import_writes_the_toml_beside_the_markdown_and_reports(
    md_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", str(md_file)]) == 0
    toml = md_file.with_suffix(".toml")
    assert load(toml) == import_markdown(md_file.read_text(encoding="utf-8"))
    err = capsys.readouterr().err
    assert f"imported {md_file}: 9 sections" in err
    assert "kept as extra" in err and "line 13, after incident: **Status:** Resolved" in err
    assert "could not read" in err and "line 10: **Date:** sometime in May" in err
    assert f"wrote {toml}" in err


def test_import_to_another_file(md_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "pm.toml"
    out.parent.mkdir()
    assert cli.main(["import", str(md_file), "-o", str(out)]) == 0
    assert out.exists() and not md_file.with_suffix(".toml").exists()


def test_import_refuses_to_overwrite_without_force(
    md_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = md_file.with_suffix(".toml")
    toml.write_text("# someone's work\n", encoding="utf-8")
    assert cli.main(["import", str(md_file)]) == 2
    assert "already exists; add --force" in capsys.readouterr().err
    assert toml.read_text(encoding="utf-8") == "# someone's work\n"
    assert cli.main(["import", str(md_file), "--force"]) == 0
    assert load(toml).title == "Payment webhooks delivered twice"


def test_import_never_writes_over_the_markdown(
    md_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = md_file.read_bytes()
    assert cli.main(["import", str(md_file), "-o", str(md_file), "--force"]) == 2
    assert "is the Markdown file being imported" in capsys.readouterr().err
    assert md_file.read_bytes() == before


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    (b"# Post-Mortem: x\n\x00\x01binary", "binary"),
    ("# Caf\u00e9 menu\n".encode("latin-1"), "not UTF-8"),
    (b"# Shopping list\n\n- eggs\n", "does not look like a post-mortem"),
    (b'schema_version = 1\ntitle = "x"\n', "postmortem TOML file"),
])
def test_bad_input_exits_2_with_a_clear_message_and_writes_nothing(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.md"
    source.write_bytes(content)
    assert cli.main(["import", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{source}") and message in err
    assert "Traceback" not in err
    assert not source.with_suffix(".toml").exists()
    assert source.read_bytes() == content


def test_missing_file_and_folder_exit_2(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", str(tmp_path / "nope.md")]) == 2
    assert "no such file" in capsys.readouterr().err
    (tmp_path / "folder.md").mkdir()
    assert cli.main(["import", str(tmp_path / "folder.md")]) == 2
    assert "folder" in capsys.readouterr().err


def test_the_real_command_exits_2_on_bad_input_and_0_on_good(tmp_path: Path,
                                                             md_file: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00")
    env = {**os.environ, "PYTHONPATH": ""}
    run = subprocess.run([sys.executable, "-m", "postmortem", "import", str(bad)],
                         capture_output=True, text=True, env=env, timeout=60)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    good = subprocess.run([sys.executable, "-m", "postmortem", "import", str(md_file)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert good.returncode == 0, good.stderr
    assert md_file.with_suffix(".toml").exists()


# --- postmortem FILE.md ---------------------------------------------------------------------

def test_opening_markdown_imports_it_beside_and_leaves_it_alone(
    md_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = md_file.read_bytes()
    toml = toml_for_markdown(md_file)
    assert toml == md_file.with_suffix(".toml")
    assert load(toml).incident.id == "INC-2025-0501"
    assert md_file.read_bytes() == before
    assert "imported" in capsys.readouterr().err


def test_opening_markdown_again_opens_the_existing_toml(
    md_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    toml = toml_for_markdown(md_file)
    saved = toml.read_bytes()
    md_file.write_text("# Post-Mortem: changed since\n", encoding="utf-8")
    assert toml_for_markdown(md_file) == toml
    assert toml.read_bytes() == saved  # not imported again: the TOML holds the edits
    assert "already exists; opening it" in capsys.readouterr().err


def test_opening_a_markdown_file_that_does_not_exist_starts_a_new_toml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    md = tmp_path / "new.md"
    assert toml_for_markdown(md) == tmp_path / "new.toml"
    assert not md.exists()
    assert "does not exist" in capsys.readouterr().err


def test_the_command_line_opens_the_imported_toml_in_the_app(
    md_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(editing, "_run_app", lambda path, **_: opened.append(path) or 0)
    assert cli.main([str(md_file)]) == 0
    assert opened == [md_file.with_suffix(".toml")]
    assert load(opened[0]).title == "Payment webhooks delivered twice"


def test_the_command_line_refuses_bad_markdown_before_the_app_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(editing, "_run_app",
                        lambda path, **_: pytest.fail("the app must not start"))
    bad = tmp_path / "notes.md"
    bad.write_text("just some notes\n", encoding="utf-8")
    assert cli.main([str(bad)]) == 2
    assert "does not look like a post-mortem" in capsys.readouterr().err
    assert not bad.with_suffix(".toml").exists()
