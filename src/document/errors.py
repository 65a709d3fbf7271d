"""The one error type the core raises for bad input: it knows the file, line and field."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """Something wrong with a file the user gave us, said in one line: FILE:LINE: field: what."""

    def __init__(
        self,
        path: Path | str | None,
        message: str,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.path = Path(path) if path is not None else None
        self.message = message
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<input>"
        if self.line is not None:
            where += f":{self.line}"
        field = f" {self.field}:" if self.field else ""
        return _printable(f"{where}:{field} {self.message}")


def _printable(text: str) -> str:
    """Control characters from the file shown escaped, so none reaches the terminal raw."""
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode()
        for char in text
    )


class SaveError(Exception):
    """Writing a file failed; the file on disk is as it was before."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"could not save {path}: {reason}")
        self.path = path
        self.reason = reason
