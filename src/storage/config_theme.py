"""Keeping the theme chosen in the app: only the `theme = ...` line of the user's config.toml
is rewritten (or one added), so the user's comments and layout stay; and only when the whole
file reads back the same with just the theme changed."""

from __future__ import annotations

import re

from postmortem.document.errors import DocumentError, SaveError
from postmortem.storage import toml_file as storage
from postmortem.storage.config import THEME_NAME, Settings

_THEME_LINE = re.compile(r"""^([ \t]*theme[ \t]*=[ \t]*)("[^"\n]*"|'[^'\n]*')?([^\n]*)$""", re.M)
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)


def remember_theme(settings: Settings, theme: str) -> str | None:
    """Keep the theme chosen in the app in the config file: only its `theme = ...` line is
    rewritten (or one added, before the first table), so the user's comments and layout stay.
    Returns why it was not written, or None. Nothing is written unless the new text reads back
    as the old one with only the theme changed."""
    if not THEME_NAME.fullmatch(theme):
        return f"{theme!r} is not a theme name that can be written"
    path = settings.path
    try:
        text = storage.decode(storage.read_bytes(path)[0], path) if path.exists() else ""
        before = storage.parse_data(text, path)
    except DocumentError as error:
        return f"{error} (fix it, and the theme is kept next time)"
    after_text = with_theme(text, theme)
    try:
        after = storage.parse_data(after_text, path)
    except DocumentError:
        after = {}
    if after != {**before, "theme": theme}:
        return f"{path}: its theme line could not be rewritten safely; set theme = \"{theme}\" " \
               "there by hand"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        storage.write_atomic(path, after_text)
    except (OSError, SaveError) as error:
        return str(error)
    return None


def with_theme(text: str, theme: str) -> str:
    """text with its top-level theme set to theme: the value of its theme line replaced (a
    comment after it kept), else a theme line added before the first table (or at the end)."""
    first_table = _TABLE_HEADER.search(text)
    top = text[: first_table.start()] if first_table else text
    line = _THEME_LINE.search(top)
    if line is not None:
        replaced = f'{line.group(1)}"{theme}"{line.group(3) if line.group(2) else ""}'
        return text[: line.start()] + replaced + text[line.end():]
    if first_table is not None:
        return f'{top}theme = "{theme}"\n\n{text[first_table.start():]}'
    if not text:
        return f'# postmortem settings (see: postmortem config)\ntheme = "{theme}"\n'
    separator = "" if text.endswith("\n") else "\n"
    return f'{text}{separator}theme = "{theme}"\n'
