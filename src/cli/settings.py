"""`postmortem config`: where the settings file is, and the settings in effect."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from postmortem.cli.base import EXIT_BAD_INPUT, EXIT_OK, AddCommand, write_stdout
from postmortem.document.errors import DocumentError

if TYPE_CHECKING:
    from postmortem.storage.config import Settings


def register(add: AddCommand) -> None:
    config = add("config", help="print where the config file is and the settings in effect",
                 description="Print the config file's path and the settings in effect, as TOML "
                             "that can be saved as that file. A setting the file gets wrong is "
                             "reported on stderr (exit 2) and its default shown.")
    config.add_argument("--path", action="store_true",
                        help="print only the config file's path, e.g. for: "
                             "$EDITOR \"$(postmortem config --path)\"")
    config.set_defaults(handler=_config)


def _config(options: argparse.Namespace) -> int:
    from postmortem.storage.config import load_settings

    settings = load_settings()
    if options.path:
        print(settings.path)
        return EXIT_OK
    write_stdout(describe(settings))
    for problem in settings.problems:
        print(problem, file=sys.stderr)  # FILE:LINE: key: what, as for any bad input
    return EXIT_BAD_INPUT if settings.problems else EXIT_OK


def describe(settings: Settings) -> str:
    """The settings in effect as TOML, headed by comments that say where they come from."""
    import tomli_w

    from postmortem.storage.incident_ids import counter_path, peek_incident_id
    from postmortem.storage.recovery import state_dir

    found = "" if settings.exists else " (not there yet: these are the defaults)"
    try:
        next_id = peek_incident_id(settings)
    except DocumentError as error:  # a damaged counter is said here, not fatal
        next_id = f"unknown: {error}"
    header = [
        f"# config file: {settings.path}{found}",
        f"# state folder (recovery copies, {counter_path().name}): {state_dir()}",
        f"# the next incident ID from `postmortem new`: {next_id}",
        "# empty text means: none (severity), beside the file (export_folder), the app's "
        "default (theme), this machine's (timezone)",
    ]
    return "\n".join(header) + "\n\n" + tomli_w.dumps(_values(settings))


def _values(settings: Settings) -> dict[str, Any]:
    return {
        "severity": settings.severity,
        "id_prefix": settings.id_prefix,
        "id_digits": settings.id_digits,
        "id_start": settings.id_start,
        "export_folder": settings.export_folder,
        "theme": settings.theme,
        "timezone": settings.timezone,
        "author": {"name": settings.author.name, "role": settings.author.role,
                   "team": settings.author.team},
    }
