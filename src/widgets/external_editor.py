"""Handing a text to the user's own editor and taking it back, as `git commit` does: the text
goes into a temporary file, $VISUAL (else $EDITOR, else vi) edits it on the terminal, and what
it saved comes back. Plain Python: the text area suspends the app around it (text_field.py).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from postmortem.document.text import sanitize

MAX_EDITED_BYTES = 4 * 1024 * 1024  # more than any one field of a post-mortem needs
FALLBACK_EDITOR = "vi"


class EditorFailed(Exception):
    """The editor could not be run, or gave up: the text stays as it was."""


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else vi, split as the shell would split it ("code --wait")."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise EditorFailed(f"${variable} cannot be read as a command: {error}") from error
            if words:
                return words
    return [FALLBACK_EDITOR]


def editor_name() -> str:
    """The editor's program name, for messages ("vim")."""
    try:
        return Path(editor_command()[0]).name
    except EditorFailed:
        return "$EDITOR"


def edit_text(text: str, name: str = "postmortem") -> str:
    """The text as the editor saved it (control characters dropped, line ends made \\n, the
    final newline editors add removed). Raises EditorFailed, and leaves nothing behind."""
    command = editor_command()
    folder = Path(tempfile.mkdtemp(prefix="postmortem-edit-"))  # private: mode 0700
    path = folder / f"{_safe_stem(name)}.md"
    try:
        path.write_text(text + "\n" if text else "", "utf-8")
        _run(command, path)
        return _read_back(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(command: list[str], path: Path) -> None:
    try:
        done = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        raise EditorFailed(f"could not run {command[0]}: {error.strerror or error}") from error
    if done.returncode != 0:
        raise EditorFailed(f"{Path(command[0]).name} ended with status {done.returncode}: the "
                           "text was left as it was")


def _read_back(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_EDITED_BYTES + 1)
    except OSError as error:
        raise EditorFailed(f"the edited text could not be read back: "
                           f"{error.strerror or error}") from error
    if len(raw) > MAX_EDITED_BYTES:
        raise EditorFailed(f"the edited text is larger than {MAX_EDITED_BYTES // 2**20} MiB: "
                           "the text was left as it was")
    text = sanitize(raw.decode("utf-8", errors="replace").replace("\r\n", "\n"))
    return text.removesuffix("\n")


def _safe_stem(name: str) -> str:
    stem = "".join(char if char.isalnum() or char in "-_" else "-" for char in name)
    return stem.strip("-")[:40] or "postmortem"
