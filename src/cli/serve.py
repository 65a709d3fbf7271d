"""`postmortem serve`: the same app in a web browser, through textual-serve (the `web` extra).

Each page the browser opens runs `postmortem open FILE` (or a new post-mortem in DIR) in a
process of its own, with textual-serve's web driver in place of the terminal. The page has no
login: it is served on 127.0.0.1 unless told otherwise, with a warning when it is not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from postmortem.cli.base import DISTRIBUTION, EXIT_BAD_INPUT, EXIT_OK, AddCommand, is_stdio
from postmortem.document.errors import DocumentError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000


def register(add: AddCommand) -> None:
    serve = add("serve", help="serve the app to a web browser (needs the web extra)",
                description="Serve the app to a web browser: every page opened runs the app on "
                            "FILE, or on a new post-mortem in DIR. The page has no login.")
    serve.add_argument("target", nargs="?", type=Path, default=Path("."), metavar="FILE|DIR",
                       help="the post-mortem every page edits, or a folder in which each page "
                            "starts a new one (default: the current folder)")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"address to listen on (default {DEFAULT_HOST}: this machine only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT,
                       help=f"port to listen on (default {DEFAULT_PORT})")
    serve.add_argument("--public-url", default=None, metavar="URL",
                       help="the address browsers reach the server at, when it is not "
                            "http://HOST:PORT (behind a proxy, or with --host 0.0.0.0)")
    serve.set_defaults(handler=_serve)


def _serve(options: argparse.Namespace) -> int:
    target: Path = options.target
    _check_target(target)
    try:
        from textual_serve.server import Server
    except ImportError:
        print(f"postmortem: serve needs the web extra: pip install '{DISTRIBUTION}[web]'",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if not is_loopback(options.host):
        print(f"postmortem: warning: serving on {options.host}:{options.port}. The page has no "
              "login: anyone who can reach this address can read and change the post-mortem.",
              file=sys.stderr)
    server = Server(app_command(target), host=options.host, port=options.port,
                    title=f"postmortem: {target.name or target.resolve().name}",
                    public_url=options.public_url)
    try:
        server.serve()
    except OSError as error:  # the port is taken, or the address is not this machine's
        print(f"postmortem: cannot listen on {options.host}:{options.port}: "
              f"{error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _check_target(target: Path) -> None:
    """Refuse, before serving, what every page would fail to open."""
    if is_stdio(target):
        raise DocumentError(target, "serve edits a file or a folder, not standard input")
    if target.is_dir():
        return
    if target.exists():
        from postmortem.storage.toml_file import load

        load(target)  # a broken file is reported now, as FILE:LINE: what
        return
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise DocumentError(target, f"the folder {folder} does not exist")


def app_command(target: Path) -> str:
    """The shell command textual-serve runs for each page: this Python, this package."""
    import shlex

    return " ".join(shlex.quote(part) for part in (
        sys.executable, "-m", "postmortem", "open", str(target.resolve())))


def is_loopback(host: str) -> bool:
    """Whether host is an address of this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    import ipaddress  # not at the top: every other command starts without it

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
