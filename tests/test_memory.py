"""What a session keeps in memory: modules it never needs are not imported (each costs every
session its code and data: issue 15's memory target), and the one reach into pydantic's private
modules that this takes (document/no_plugins.py) still fits the pydantic installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"

# Never needed by a session that opens a file, visits every section and saves: importlib.metadata
# (and the email, csv and zipfile it brings) came with pydantic's plugin lookup,
# importlib.resources (and its zipfile reader) with the shipped guidance, tomllib as a second TOML
# reader beside tomli, rich's emoji table with the action grid's column labels read as markup,
# the reading of pasted log lines (postmortem.capture) with the Timeline screen.
NEVER_NEEDED = ("importlib.metadata", "email", "csv", "zipfile", "importlib.resources", "tomllib",
                "rich._emoji_codes", "postmortem.capture", "postmortem.dialogs.log_lines")

SESSION = """
import asyncio, json, sys
from pathlib import Path
from postmortem.cli.editing import _read_or_start, settings_told
from postmortem.document.sections import SECTION_KEYS
from postmortem.storage import opening

async def visit_every_section(path):
    from postmortem.app.application import PostmortemApp

    app = PostmortemApp(path, opening.vet(_read_or_start(path, settings_told())))
    async with app.run_test(size=(80, 24)) as pilot:
        app.finish_opening()
        for key in SECTION_KEYS:
            await app.arrive_at(key)
            await pilot.pause()
        app.action_save()
        await pilot.pause()
        shown = sorted(type(screen).__name__ for screen in app.section_screens.values())
    print(json.dumps({"shown": shown, "modules": sorted(sys.modules)}))

asyncio.run(visit_every_section(Path(sys.argv[1])))
"""


def run_python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    copy = tmp_path_factory.mktemp("memory") / "demo.toml"
    copy.write_bytes(DEMO.read_bytes())
    result: dict[str, list[str]] = json.loads(run_python(SESSION, str(copy)).splitlines()[-1])
    return result


def test_the_session_visited_every_section(session: dict[str, list[str]]) -> None:
    from postmortem.document.sections import SECTION_KEYS

    assert len(session["shown"]) == len(SECTION_KEYS)


@pytest.mark.parametrize("module", NEVER_NEEDED)
def test_a_session_does_without(session: dict[str, list[str]], module: str) -> None:
    assert module not in session["modules"]


def test_pydantic_finds_no_plugins_without_looking_for_them() -> None:
    found = run_python(
        "import sys, json\n"
        "from postmortem.document.model import Document\n"
        "from postmortem.storage import toml_file\n"
        "from pydantic_core import SchemaValidator\n"
        "from pydantic.plugin._schema_validator import create_schema_validator\n"
        f"toml_file.load(__import__('pathlib').Path({str(DEMO)!r}))\n"
        "print(json.dumps({'plain': type(Document.__pydantic_validator__) is SchemaValidator,\n"
        "                  'metadata': 'importlib.metadata' in sys.modules}))\n")
    assert json.loads(found) == {"plain": True, "metadata": False}


FIRST_FRAME = """
import asyncio, sys
from pathlib import Path
from postmortem.app import application
from postmortem.storage import opening


class Waits(application.PostmortemApp):
    CSS_PATH = str(Path(application.__file__).parent / "app.tcss")
    MODEL_AFTER_SECONDS = 3600


async def first_frame() -> None:
    path = Path(sys.argv[1])
    app = Waits(path, opening.vet(opening.read(path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(sorted(name for name in sys.modules
                     if name.startswith(("postmortem.shelf", "postmortem.dialogs.related"))))

asyncio.run(first_frame())
"""


def test_the_first_frame_does_without_the_shelf(tmp_path: Path) -> None:
    """F12 (related incidents) alone needs the shelf and its dialog: not every start."""
    copy = tmp_path / "demo.toml"
    copy.write_bytes(DEMO.read_bytes())
    assert run_python(FIRST_FRAME, str(copy)).splitlines()[-1] == "[]"


def test_building_the_model_leaves_no_copy_of_sys_modules_behind() -> None:
    """A builtin default_factory (list) has its signature parsed by inspect, which copies
    sys.modules into a reference cycle: garbage kept for good once the start is frozen."""
    parsed = run_python(
        "import inspect\n"
        "parsed = []\n"
        "original = inspect._signature_fromstr\n"
        "def noted(cls, obj, *args, **kwargs):\n"
        "    parsed.append(repr(obj))\n"
        "    return original(cls, obj, *args, **kwargs)\n"
        "inspect._signature_fromstr = noted\n"
        "from postmortem.document.model import Document\n"
        "Document()\n"
        "print(parsed)\n")
    assert parsed.strip() == "[]"
