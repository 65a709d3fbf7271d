"""CPU time per key of the kinds that open, move through or close a dialog; prints one JSON
object (a quicker run than bench/keys.py, for A/B work on the dialogs).

    python bench/dialog_keys.py FILE.toml [ROUNDS]

Runs bench/key_kinds.py's timeline, action editor and list scenarios on FILE, headless at
80x24 under Textual's pilot, as bench/keys.py does, and reports each kind's median and p95 CPU
ms, the pilot's idle cost taken off.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import key_kinds
import keys


async def run(path: Path, rounds: int) -> dict[str, Any]:
    key_kinds.ROUNDS = rounds
    app = keys.make_app(path)
    result: dict[str, Any] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await keys.settle(pilot)
        idle = await keys.idle_ms(pilot)
        result["idle_ms"] = idle
        await keys.open_section(pilot, "timeline")
        table = keys.focused_table(app)
        table.move_cursor(row=table.row_count // 2)
        await keys.settle(pilot)
        await keys.scenario(pilot, key_kinds.timeline_rows, idle, result)
        await keys.open_section(pilot, "action_items")
        await keys.scenario(pilot, key_kinds.action_editor, idle, result)
        await keys.open_section(pilot, "root_cause")
        await keys.scenario(pilot, key_kinds.list_item, idle, result)
        app.exit()
    return result


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__, file=sys.stderr)
        return 2
    rounds = int(argv[1]) if argv[1:] else key_kinds.ROUNDS
    result = asyncio.run(run(Path(argv[0]), rounds))
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
