"""The user's settings: `config.toml` in the user's config folder, read as the app starts.

Plain Python and tomllib, no pydantic: it is read before the first frame. The file is the
user's and hostile like any other input: a setting that is wrong is reported as
`FILE:LINE: key: what` and its default is used instead; the rest of the file still counts, and
nothing here ever raises for what the file says. The only line ever written back is the theme's
(config_theme.py).

Other commands read what they need from Settings: e.g. `postmortem log` the time zone
(Settings.timezone, or Settings.tzinfo()).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from postmortem.document.errors import DocumentError
from postmortem.document.outline import field_label
from postmortem.document.text import normalize_line
from postmortem.document.vocabulary import Severity
from postmortem.storage import toml_file as storage

CONFIG_ENV = "POSTMORTEM_CONFIG"  # a config file to read instead of the usual one
MAX_CONFIG_BYTES = 1024 * 1024
MAX_UNKNOWN_TOLD = 5  # unknown settings reported one by one; the rest are counted
ROLE_FIELDS = ("incident.commander", "incident.technical_lead", "incident.communications_lead")
_ID_PREFIX = re.compile(r"[A-Za-z0-9._/-]*")
THEME_NAME = re.compile(r"[A-Za-z0-9_.-]{1,60}")


def config_path() -> Path:
    """Where the config file is: $POSTMORTEM_CONFIG, else config.toml in the user's config
    folder (platformdirs: $XDG_CONFIG_HOME/postmortem or ~/.config/postmortem on Linux)."""
    chosen = os.environ.get(CONFIG_ENV, "")
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs  # not at the top: commands that need no settings do without it

    return platformdirs.user_config_path("postmortem", appauthor=False) / "config.toml"


# NamedTuples rather than dataclasses: this module is read before the app's first frame, and a
# dataclass costs about half a millisecond more to define.
class Author(NamedTuple):
    """Who writes the post-mortems: filled into each new one (see author_fields)."""

    name: str = ""
    role: str = ""
    team: str = ""


class Settings(NamedTuple):
    """The effective settings: the file's valid values over the defaults."""

    path: Path
    exists: bool = False
    author: Author = Author()
    severity: str = ""  # a new post-mortem's severity, "" for none
    id_prefix: str = "INC-{year}-"  # {year} is the current year
    id_digits: int = 4
    id_start: int = 1  # the lowest number `postmortem new` gives
    export_folder: str = ""  # F4's folder, "" for beside the file
    theme: str = ""  # "" for Textual's default
    timezone: str = ""  # an IANA name for `postmortem log`, "" for the machine's
    problems: tuple[DocumentError, ...] = ()
    lines: Mapping[str, int] = MappingProxyType({})  # the line each key is set on

    def problem(self, key: str, message: str) -> DocumentError:
        """A problem with a setting, said as FILE:LINE: key: what (for checks made later, such
        as the app's of the theme's name)."""
        return DocumentError(self.path, message, self.lines.get(key), key)

    def tzinfo(self) -> dt.tzinfo:
        """The time zone `timezone` names, else the machine's own."""
        if self.timezone:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self.timezone)
        local = dt.datetime.now().astimezone().tzinfo
        return local if local is not None else dt.UTC

    def incident_prefix(self, today: dt.date | None = None) -> str:
        """id_prefix with {year} filled in."""
        year = (today or dt.date.today()).year
        return self.id_prefix.replace("{year}", str(year))

    def export_target(self, document_path: Path) -> Path:
        """Where F4 offers to write the export of document_path."""
        name = document_path.with_suffix(".md").name
        if self.export_folder:
            return Path(self.export_folder) / name
        return document_path.with_suffix(".md")

    def new_document_data(self) -> dict[str, Any]:
        """What a new post-mortem starts with: the author in the field their role names, and
        the default severity; plain data, as the file holds it."""
        incident: dict[str, Any] = author_fields(self.author)
        if self.severity:
            incident["severity"] = self.severity
        return {"incident": incident} if incident else {}


def author_fields(author: Author) -> dict[str, Any]:
    """The incident field the author's role names (the standard's three roles, in any case),
    else "Name (role, team)" among the additional responders."""
    if not author.name:
        return {}
    for path in ROLE_FIELDS:
        if author.role.casefold() == field_label(path).casefold():
            return {path.split(".")[1]: author.name}
    details = ", ".join(part for part in (author.role, author.team) if part)
    return {"additional_responders": [f"{author.name} ({details})" if details else author.name]}


# --- reading -------------------------------------------------------------------------------------

Check = Callable[[Any], Any]  # a setting's value as given -> as used; ValueError says why not


def _clean_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text in quotes, got {_shown(value)}")
    return normalize_line(value)


def _text(forbidden: str = "") -> Check:
    def check(value: Any) -> str:
        cleaned = _clean_text(value)
        bad = sorted({char for char in cleaned if char in forbidden})
        if bad:
            raise ValueError(f"cannot contain {' or '.join(repr(char) for char in bad)}: it "
                             "would split the entry in the list of responders")
        return cleaned

    return check


def _severity(value: Any) -> str:
    choices = [str(level) for level in Severity]
    if isinstance(value, str) and value.upper() in [*choices, ""]:
        return value.upper()
    raise ValueError(f"expected one of {', '.join(choices)}, got {_shown(value)}")


def _whole_number(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, got {_shown(value)}")
        return value

    return check


def _id_prefix(value: Any) -> str:
    text = _clean_text(value)
    if len(text) > 40 or not _ID_PREFIX.fullmatch(text.replace("{year}", "")):
        raise ValueError("expected letters, digits and - _ . / (and {year}), at most 40 "
                         f"characters, got {_shown(value)}")
    return text


def _folder(value: Any) -> str:
    text = _clean_text(value)
    if not text:
        return ""
    folder = Path(text).expanduser()
    if not folder.is_dir():
        raise ValueError(f"{text} is not a folder")
    return str(folder)


def _theme(value: Any) -> str:
    if isinstance(value, str) and (value == "" or THEME_NAME.fullmatch(value)):
        return value
    raise ValueError(f"expected a theme's name, e.g. \"nord\", got {_shown(value)}")


def _timezone(value: Any) -> str:
    text = _clean_text(value)
    if not text:
        return ""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {text!r} (expected a name such as "
                         "\"Europe/Berlin\" or \"UTC\")") from error
    return text


# Every key the file may set, by its dotted name, with its check and the Settings field it fills.
KEYS: dict[str, tuple[Check, str]] = {
    "author.name": (_text(forbidden=",()"), "author.name"),
    "author.role": (_text(forbidden="()"), "author.role"),
    "author.team": (_text(forbidden="()"), "author.team"),
    "severity": (_severity, "severity"),
    "id_prefix": (_id_prefix, "id_prefix"),
    "id_digits": (_whole_number(1, 9), "id_digits"),
    "id_start": (_whole_number(1, 10**9 - 1), "id_start"),
    "export_folder": (_folder, "export_folder"),
    "theme": (_theme, "theme"),
    "timezone": (_timezone, "timezone"),
}
TABLES = frozenset(key.split(".")[0] for key in KEYS if "." in key)


def _shown(value: Any) -> str:
    return repr(value)[:60] if isinstance(value, str | int | float | bool) else type(value).__name__


def load_settings(path: Path | None = None) -> Settings:
    """The settings in path (config_path() by default); defaults where it says nothing or
    something wrong, with each problem listed. Never raises for what the file holds."""
    path = path if path is not None else config_path()
    try:
        raw, _ = storage.read_bytes(path)
    except DocumentError as error:
        exists = path.exists()
        return Settings(path, exists=exists, problems=(_whole_file(error),) if exists else ())
    if len(raw) > MAX_CONFIG_BYTES:
        return Settings(path, True, problems=(
            _whole_file(DocumentError(path, "too large for a config file")),))
    try:
        text = storage.decode(raw, path)
        data = storage.parse_data(text, path)
    except DocumentError as error:
        return Settings(path, True, problems=(_whole_file(error),))
    return _settings_from(path, text, data)


def _whole_file(error: DocumentError) -> DocumentError:
    return DocumentError(error.path, f"{error.message}; every setting is left at its default",
                         error.line, error.field)


def _settings_from(path: Path, text: str, data: dict[str, Any]) -> Settings:
    values: dict[str, Any] = {}
    author: dict[str, str] = {}
    problems: list[DocumentError] = []
    lines: dict[str, int] = {}
    flat = _flat(data)
    unknown = [key for key, _ in flat if key not in KEYS]
    for key in unknown[:MAX_UNKNOWN_TOLD]:  # each is looked for in the text: a few, not all
        problems.append(DocumentError(path, f"unknown setting, ignored (known: "
                                            f"{', '.join(KEYS)})", _line(text, key), key))
    if len(unknown) > MAX_UNKNOWN_TOLD:
        problems.append(DocumentError(path, f"and {len(unknown) - MAX_UNKNOWN_TOLD} more "
                                            "unknown settings, ignored"))
    for key, value in flat:
        if key not in KEYS:
            continue
        line = _line(text, key)
        if line is not None:
            lines[key] = line
        check, target = KEYS[key]
        try:
            checked = check(value)
        except ValueError as error:
            problems.append(DocumentError(path, f"{error}; the default is used", line, key))
            continue
        if target.startswith("author."):
            author[target.removeprefix("author.")] = checked
        else:
            values[target] = checked
    return Settings(path, True, author=Author(**author), problems=tuple(problems), lines=lines,
                    **values)


def _line(text: str, key: str) -> int | None:
    return storage.locate(text, tuple(key.split(".")))


def _flat(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """The file's keys by dotted name; a table's keys inside it, as "author.name"."""
    found: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name in TABLES:
            found.extend(_flat(value, f"{name}."))
        else:
            found.append((name, value))
    return found


def without_problem(settings: Settings, key: str, problem: DocumentError) -> Settings:
    """settings with key back to its default, and problem listed (for checks made later)."""
    default = getattr(Settings(settings.path), key)
    return settings._replace(**{key: default}, problems=(*settings.problems, problem))
