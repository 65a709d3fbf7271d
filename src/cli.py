"""The `postmortem` command. Commands that only read or export never import Textual."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from postmortem.document.errors import DocumentError, SaveError

EXIT_OK, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2
COMMANDS = ("new", "export", "demo", "fmt", "check", "import", "open")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in COMMANDS and not args[0].startswith("-"):
        args.insert(0, "open")
    parser = _parser()
    if not args:
        parser.print_help()
        return EXIT_BAD_INPUT
    options = parser.parse_args(args)
    try:
        result: int = options.handler(options)
        return result
    except DocumentError as error:
        print(error, file=sys.stderr)  # FILE:LINE: field: what, as compilers say it
        return EXIT_BAD_INPUT
    except SaveError as error:
        print(f"postmortem: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"postmortem: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="postmortem",
        description="Write an incident post-mortem to the organisation's standard.",
        epilog="postmortem FILE opens FILE in the app (creating it if it does not exist).",
    )
    commands = parser.add_subparsers(parser_class=_Parser, metavar="COMMAND")

    opener = commands.add_parser("open", help="open FILE in the app (the default command)")
    opener.add_argument("file", type=Path)
    opener.set_defaults(handler=_open)

    new = commands.add_parser("new", help="create a new post-mortem file")
    new.add_argument("file", type=Path)
    new.add_argument("--id", default="", help="incident ID, e.g. INC-2026-0042")
    new.add_argument("--title", default="")
    new.add_argument("--severity", default=None, choices=["P1", "P2", "P3", "P4"])
    new.add_argument("--date", default=None, help="incident date, YYYY-MM-DD")
    new.set_defaults(handler=_new)

    export = commands.add_parser("export", help="print or write the Markdown export")
    export.add_argument("file", type=Path)
    export.add_argument("-o", "--output", default="-", help="output file, or - for stdout")
    export.set_defaults(handler=_export)

    demo = commands.add_parser("demo", help="open a fresh copy of the shipped demo")
    demo.set_defaults(handler=_demo)

    fmt = commands.add_parser("fmt", help="rewrite FILE in the canonical TOML form")
    fmt.add_argument("file", type=Path)
    fmt.add_argument("--check", action="store_true", help="only report; exit 1 if it differs")
    fmt.set_defaults(handler=_fmt)

    check = commands.add_parser("check", help="list what a reviewer would flag")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=_check)

    importer = commands.add_parser("import", help="read a Markdown post-mortem into TOML")
    importer.add_argument("file", type=Path)
    importer.add_argument("-o", "--output", type=Path, default=None,
                          help="TOML file to write (default: beside the Markdown)")
    importer.add_argument("--force", action="store_true", help="overwrite an existing TOML file")
    importer.set_defaults(handler=_import)
    return parser


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


def _new(options: argparse.Namespace) -> int:
    from postmortem.document.model import Document
    from postmortem.storage.toml_file import save

    path: Path = options.file
    if path.exists():
        raise DocumentError(path, "already exists; open it with: postmortem " + str(path))
    incident = {"id": options.id, "severity": options.severity, "date": _date(options.date)}
    document = Document.model_validate({"title": options.title, "incident": incident})
    save(document, path)
    print(f"created {path}", file=sys.stderr)
    return EXIT_OK


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise DocumentError(None, f"--date: expected YYYY-MM-DD, got {text!r}") from error


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


def _check(options: argparse.Namespace) -> int:
    from postmortem.document.checks import run_checks
    from postmortem.storage.toml_file import load

    findings = run_checks(load(options.file), dt.date.today())
    for finding in findings:
        print(f"{options.file}: {finding}")
    if not findings:
        print(f"{options.file}: no findings")
    return EXIT_DIFFERENT if any(f.severity == "error" for f in findings) else EXIT_OK


def _import(options: argparse.Namespace) -> int:
    from postmortem.markdown.importer import import_file

    return import_file(options.file, options.output, force=options.force)


def demo_copy() -> Path:
    """A fresh copy of the shipped demo in a new temporary folder; the original is never opened
    for writing."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="postmortem-demo-"))
    target = folder / "demo.toml"
    target.write_bytes((resources.files("postmortem.data") / "demo.toml").read_bytes())
    return target


def _demo(options: argparse.Namespace) -> int:
    return _run_app(demo_copy())


def _open(options: argparse.Namespace) -> int:
    path: Path = options.file
    if path.suffix.lower() in (".md", ".markdown"):
        from postmortem.markdown.importer import toml_for_markdown

        path = toml_for_markdown(path)
    if not path.exists():
        from postmortem.document.model import Document
        from postmortem.storage.toml_file import save

        save(Document(), path)
    return _run_app(path)


def _run_app(path: Path) -> int:
    from postmortem.storage import opening

    opening.pause_collection()
    file = opening.read(path)
    verdict = opening.check_in_background(file)  # while Textual loads, on the other core
    from postmortem.app.application import run_app

    verdict.wait()  # bad input is reported here, before the screen is taken over
    return run_app(path, file)
