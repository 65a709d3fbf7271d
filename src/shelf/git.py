"""What git knows of a shelf inside a repository: each file's last commit (author and date), and
which files changed since a revision. Read only: nothing is ever committed or pushed.

The last commits come from one `git log` pass over the folder's history, newest first, stopped
as soon as every file has been seen; with `git rev-parse HEAD` before it, two processes in all,
and only the one when the index already holds the answer for this HEAD.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from postmortem.document.errors import DocumentError

READ_BYTES = 65536
GIT_SECONDS = 30.0


@dataclass(frozen=True)
class Commit:
    author: str
    date: str  # YYYY-MM-DD


def repository_root(folder: Path) -> Path | None:
    """The top folder of the git repository folder is in, found without running git."""
    here = folder.resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _git(folder: Path, *args: str) -> list[str]:
    return ["git", "-C", str(folder), "-c", "core.quotepath=off", *args]


def _environment() -> dict[str, str]:
    # No optional locks: reading must never leave an index.lock behind or wait for one.
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def head(folder: Path) -> str | None:
    """The commit HEAD names, or None (no git, no repository, no commit yet)."""
    try:
        done = subprocess.run(_git(folder, "rev-parse", "--verify", "-q", "HEAD"),
                              capture_output=True, text=True, timeout=GIT_SECONDS,
                              env=_environment(), stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def last_commits(folder: Path, wanted: set[str]) -> dict[str, Commit]:
    """The last commit of each wanted file (paths relative to folder) that git has seen, from one
    `git log`, stopped once every wanted file is found."""
    found: dict[str, Commit] = {}
    command = _git(folder, "log", "--no-renames", "--name-only", "-z", "--relative",
                   "--format=%x1e%an%x1f%aI", "--", ".")
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, env=_environment())
    except OSError:
        return found
    assert process.stdout is not None
    try:
        _read_log(process.stdout, wanted, found)
    finally:
        if process.poll() is None:
            process.kill()  # every file was found: the rest of history is not needed
        process.stdout.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=GIT_SECONDS)
    return found


def _read_log(stream: IO[bytes], wanted: set[str], found: dict[str, Commit]) -> None:
    """Read `git log -z --name-only` output: a commit's header (after \x1e), then its files."""
    commit: Commit | None = None
    left = b""
    while len(found) < len(wanted):
        chunk = stream.read(READ_BYTES)
        if not chunk:
            break
        *fields, left = (left + chunk).split(b"\0")
        for field in fields:
            text = field.decode("utf-8", "surrogateescape")
            if text.startswith("\x1e"):
                author, _, date = text[1:].partition("\x1f")
                commit = Commit(author, date[:10])
            elif commit is not None:
                path = text.lstrip("\n")
                if path in wanted and path not in found:
                    found[path] = commit


def changed_since(folder: Path, revision: str) -> set[str]:
    """The files under folder (relative to it) that differ from revision: committed since, or
    changed and not committed yet. A DocumentError when git does not know the revision."""
    if repository_root(folder) is None:
        raise DocumentError(folder, "--since needs a folder inside a git repository")
    if revision.startswith("-"):
        raise DocumentError(None, f"--since: {revision!r} is not a revision")
    try:
        done = subprocess.run(
            _git(folder, "diff", "--no-renames", "--name-only", "-z", "--relative", revision,
                 "--", "."),
            capture_output=True, timeout=GIT_SECONDS, env=_environment(),
            stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError) as error:
        raise DocumentError(None, f"--since: could not run git ({error})") from error
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DocumentError(None, f"--since: git does not know {revision!r}"
                                  + (f" ({said[0]})" if said else ""))
    names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
    return {name for name in names if name}
