"""What every command module shares: exit codes and how a command is added to the parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

EXIT_OK, EXIT_DIFFERENT, EXIT_BAD_INPUT = 0, 1, 2
EXIT_CLOSED_PIPE = 141  # as a shell reports a command stopped by SIGPIPE (128 + 13)

# The parser's add_parser: a command module's register(add) adds its commands with it.
AddCommand = Callable[..., argparse.ArgumentParser]
Handler = Callable[[argparse.Namespace], int]
Options = dict[str, Any]
