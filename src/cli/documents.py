"""Commands on a post-mortem file that need no screen: export, fmt, import (check and diff are
in review.py). Each reads standard input for a FILE of `-`, and writes to standard output where
it prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from postmortem.cli.base import (
    EXIT_DIFFERENT,
    EXIT_OK,
    STDIO,
    AddCommand,
    is_stdio,
    load_input,
    read_input,
    write_output,
)


def register(add: AddCommand) -> None:
    export = add("export", help="print or write the Markdown export")
    export.add_argument("file", type=Path, metavar="FILE",
                        help="the post-mortem (TOML), or - to read it from standard input")
    export.add_argument("-o", "--output", default=STDIO, metavar="OUT",
                        help="Markdown file to write, or - for standard output (the default)")
    export.set_defaults(handler=_export)

    fmt = add("fmt", help="rewrite FILE in the canonical TOML form")
    fmt.add_argument("file", type=Path, metavar="FILE",
                     help="the post-mortem (TOML) to rewrite in place, or - to read standard "
                          "input and print the canonical form")
    fmt.add_argument("--check", action="store_true", help="only report; exit 1 if it differs")
    fmt.set_defaults(handler=_fmt)

    importer = add("import", help="read a Markdown post-mortem into TOML")
    importer.add_argument("file", type=Path, metavar="FILE",
                          help="the Markdown post-mortem, or - to read it from standard input")
    importer.add_argument("-o", "--output", type=Path, default=None, metavar="OUT",
                          help="TOML file to write, or - for standard output (default: beside "
                               "the Markdown; standard output when reading standard input)")
    importer.add_argument("--force", action="store_true", help="overwrite an existing TOML file")
    importer.set_defaults(handler=_import)


def _export(options: argparse.Namespace) -> int:
    from postmortem.markdown.export import export_markdown

    document, _ = load_input(options.file)
    write_output(export_markdown(document), options.output)
    return EXIT_OK


def _fmt(options: argparse.Namespace) -> int:
    from postmortem.storage.toml_file import dumps, parse, write_atomic

    original, name = read_input(options.file)
    canonical = dumps(parse(original, name))
    if is_stdio(options.file) and not options.check:
        write_output(canonical, STDIO)  # as gofmt does: the canonical form, changed or not
        return EXIT_OK
    if canonical == original:
        return EXIT_OK
    if options.check:
        print(f"{name}: not in canonical form (run: postmortem fmt {options.file})",
              file=sys.stderr)
        return EXIT_DIFFERENT
    write_atomic(name, canonical)
    print(f"formatted {name}", file=sys.stderr)
    return EXIT_OK


def _import(options: argparse.Namespace) -> int:
    if is_stdio(options.file) or is_stdio(options.output):
        return _import_streamed(options.file, options.output, force=options.force)
    from postmortem.markdown.importer import import_file

    return import_file(options.file, options.output, force=options.force)


def _import_streamed(source: Path, output: Path | None, *, force: bool) -> int:
    """import with standard input or output: the TOML goes to OUT (standard output unless
    named), the report of what was read to stderr."""
    from postmortem.markdown.importer import mark_suggested_milestones, read_markdown
    from postmortem.storage.rendering import encoded_data, snapshot

    text, name = read_input(source)
    document, report = read_markdown(text, name)
    mark_suggested_milestones(document, report)  # as an import of a named file does
    target = output if output is not None else Path(STDIO)
    if not is_stdio(target) and target.exists() and not force:
        from postmortem.document.errors import DocumentError

        raise DocumentError(target, "already exists; add --force to overwrite it, or write "
                                    "elsewhere with -o")
    print(report.render(str(name)), file=sys.stderr)
    write_output(encoded_data(snapshot(document)), target)  # as it is rendered
    return EXIT_OK
