"""Commands on a post-mortem file that need no screen: export, fmt, import (check and diff are
in review.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from postmortem.cli.base import EXIT_DIFFERENT, EXIT_OK, AddCommand


def register(add: AddCommand) -> None:
    export = add("export", help="print or write the Markdown export")
    export.add_argument("file", type=Path)
    export.add_argument("-o", "--output", default="-", help="output file, or - for stdout")
    export.set_defaults(handler=_export)

    fmt = add("fmt", help="rewrite FILE in the canonical TOML form")
    fmt.add_argument("file", type=Path)
    fmt.add_argument("--check", action="store_true", help="only report; exit 1 if it differs")
    fmt.set_defaults(handler=_fmt)

    importer = add("import", help="read a Markdown post-mortem into TOML")
    importer.add_argument("file", type=Path)
    importer.add_argument("-o", "--output", type=Path, default=None,
                          help="TOML file to write (default: beside the Markdown)")
    importer.add_argument("--force", action="store_true", help="overwrite an existing TOML file")
    importer.set_defaults(handler=_import)


def _write_output(text: str, output: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        return
    from postmortem.storage.toml_file import write_atomic

    write_atomic(Path(output), text)
    print(f"wrote {output}", file=sys.stderr)


def _export(options: argparse.Namespace) -> int:
    from postmortem.markdown.export import export_markdown
    from postmortem.storage.toml_file import load

    _write_output(export_markdown(load(options.file)), options.output)
    return EXIT_OK


def _fmt(options: argparse.Namespace) -> int:
    from postmortem.storage.toml_file import dumps, parse, read_text, write_atomic

    path: Path = options.file
    original = read_text(path)
    canonical = dumps(parse(original, path))
    if canonical == original:
        return EXIT_OK
    if options.check:
        print(f"{path}: not in canonical form (run: postmortem fmt {path})", file=sys.stderr)
        return EXIT_DIFFERENT
    write_atomic(path, canonical)
    print(f"formatted {path}", file=sys.stderr)
    return EXIT_OK


def _import(options: argparse.Namespace) -> int:
    from postmortem.markdown.importer import import_file

    return import_file(options.file, options.output, force=options.force)
