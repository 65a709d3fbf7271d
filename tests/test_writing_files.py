"""Writing a file as the user means it (storage.writing.write_atomic): a symlink stays a link and
its target gets the text, a device or FIFO is written to and never replaced, and a replaced file
keeps its permissions and owner.

No test here writes to the machine's own /dev/null: a regression would replace it with a regular
file. The device tests make their own node with /dev/null's device number in a temporary folder
(as root), or use a FIFO."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from postmortem.document.errors import SaveError
from postmortem.document.model import Document
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load, save, write_atomic

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo.toml"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "postmortem", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


def leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- symlinks ------------------------------------------------------------------------------------

@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """A symlink in one folder to a file in another: (link, target)."""
    (tmp_path / "links").mkdir()
    (tmp_path / "files").mkdir()
    target = tmp_path / "files" / "post.md"
    target.write_text("old\n")
    link = tmp_path / "links" / "post.md"
    link.symlink_to(target)
    return link, target


def test_writing_a_symlink_writes_its_target_and_keeps_the_link(
        linked: tuple[Path, Path]) -> None:
    link, target = linked
    write_atomic(link, "new\n")
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text() == "new\n"
    assert leftovers(link.parent, target.parent) == []


def test_the_temporary_file_is_made_in_the_targets_folder(
        linked: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    link, target = linked
    folders: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def spy(*args: Any, **kwargs: Any) -> tuple[int, str]:
        folders.append(str(kwargs.get("dir")))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", spy)
    write_atomic(link, "new\n")
    assert folders == [str(target.parent)]  # the rename is atomic only within one folder


def test_a_relative_symlink_and_a_chain_of_links_are_followed(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    save(Document(title="old"), target)
    (tmp_path / "one.toml").symlink_to("real.toml")
    (tmp_path / "two.toml").symlink_to(tmp_path / "one.toml")
    save(Document(title="new"), tmp_path / "two.toml")
    assert (tmp_path / "two.toml").is_symlink() and (tmp_path / "one.toml").is_symlink()
    assert load(target).title == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "post.md"
    link.symlink_to(tmp_path / "made.md")
    write_atomic(link, "text\n")
    assert link.is_symlink() and (tmp_path / "made.md").read_text() == "text\n"


def test_a_symlink_loop_is_a_save_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(SaveError, match="symbolic links"):
        write_atomic(tmp_path / "a", "x")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_export_o_link_leaves_the_link_with_the_export_in_its_target(
        linked: tuple[Path, Path]) -> None:
    link, target = linked
    result = run("export", DEMO, "-o", link)
    assert (result.returncode, result.stderr) == (0, f"wrote {link}\n")
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8") == export_markdown(load(DEMO))


def test_fmt_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.toml"
    target.write_text('title = "x"\nschema_version = 1\n')
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    assert run("fmt", link).returncode == 0
    assert link.is_symlink() and run("fmt", "--check", target).returncode == 0


# --- devices and FIFOs ---------------------------------------------------------------------------

@pytest.fixture
def device(tmp_path: Path) -> Iterator[Path]:
    """A character device that discards what is written, like /dev/null: our own node with its
    device number when we may make one (root), else skip."""
    if not IS_ROOT:
        pytest.skip("making a device node needs root")
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.stat("/dev/null").st_rdev)
    except OSError as error:
        pytest.skip(f"cannot make a device node here: {error}")
    yield node


def test_writing_a_character_device_leaves_it_a_device(device: Path) -> None:
    write_atomic(device, "discarded\n")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert device.stat().st_rdev == os.stat("/dev/null").st_rdev
    assert leftovers(device.parent) == []


def test_export_o_device_leaves_it_a_device(device: Path) -> None:
    result = run("export", DEMO, "-o", device)
    assert (result.returncode, result.stderr) == (0, f"wrote {device}\n")
    assert stat.S_ISCHR(device.stat().st_mode)
    assert [p.name for p in device.parent.iterdir()] == ["null"]


def test_a_symlink_to_a_device_writes_the_device(device: Path) -> None:
    link = device.parent / "out.md"
    link.symlink_to(device)
    write_atomic(link, "discarded\n")
    assert link.is_symlink() and stat.S_ISCHR(device.stat().st_mode)


def read_fifo(fifo: Path, into: list[bytes]) -> threading.Thread:
    def reader() -> None:
        with open(fifo, "rb") as handle:
            into.append(handle.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return thread


def test_writing_a_fifo_writes_into_it_and_leaves_it_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    thread = read_fifo(fifo, received)
    write_atomic(fifo, "through the pipe\n")
    thread.join(timeout=30)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_o_fifo_writes_the_export_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    thread = read_fifo(fifo, received)
    result = run("export", DEMO, "-o", fifo)
    thread.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert received == [export_markdown(load(DEMO)).encode()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_export_o_a_link_to_its_own_stdout_writes_to_the_pipe(tmp_path: Path) -> None:
    # What /dev/stdout is, as a link of our own: a regression must not replace the real one.
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    result = run("export", DEMO, "-o", stdout)
    assert result.returncode == 0, result.stderr
    assert result.stdout == export_markdown(load(DEMO))
    assert stdout.is_symlink()


def test_export_o_a_descriptor_through_a_linked_folder_writes_to_the_pipe(
        tmp_path: Path) -> None:
    # What /dev/fd/1 is, with a folder of our own linked to /proc/self/fd.
    (tmp_path / "fd").symlink_to("/proc/self/fd")
    result = run("export", DEMO, "-o", tmp_path / "fd" / "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == export_markdown(load(DEMO))


def test_export_o_its_own_stdout_redirected_to_a_file_writes_into_that_file(
        tmp_path: Path) -> None:
    stdout = tmp_path / "stdout"
    stdout.symlink_to("/proc/self/fd/1")
    out = tmp_path / "out.md"
    with open(out, "wb") as handle:
        result = subprocess.run([sys.executable, "-m", "postmortem", "export", str(DEMO), "-o",
                                 str(stdout)], stdout=handle, stderr=subprocess.PIPE, timeout=60)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == export_markdown(load(DEMO))
    assert stdout.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == [
        "out.md", "stdout"]


def test_a_folder_is_not_replaced(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="it is a folder"):
        write_atomic(tmp_path, "x")
    assert tmp_path.is_dir()


# --- permissions and owner -----------------------------------------------------------------------

def test_a_replaced_file_keeps_its_permission_bits(tmp_path: Path) -> None:
    path = tmp_path / "post.toml"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_files_target_keeps_its_permission_bits_through_a_link(
        linked: tuple[Path, Path]) -> None:
    link, target = linked
    target.chmod(0o600)
    write_atomic(link, "new\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(not IS_ROOT, reason="giving a file to another owner needs root")
def test_a_replaced_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "post.toml"
    path.write_text("old")
    os.chown(path, 4321, 4322)
    path.chmod(0o664)
    write_atomic(path, "new")
    status = path.stat()
    assert (status.st_uid, status.st_gid) == (4321, 4322)
    assert stat.S_IMODE(status.st_mode) == 0o664
    assert path.read_text() == "new"
