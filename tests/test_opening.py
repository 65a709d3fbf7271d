"""Opening fast: the first screen is drawn from the file before the model is built, a quick
check in plain Python tells a good file from one the model may refuse (which is reported
before the screen is taken over), the model is built once, and nothing typed reaches the
document before it exists."""

from __future__ import annotations

import datetime as dt
import gc
import json
import shutil
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest
from editor_helpers import until
from textual.widgets import Input

from postmortem.app import application as app_module
from postmortem.app.application import PostmortemApp
from postmortem.document.errors import DocumentError
from postmortem.storage import opening
from postmortem.storage import toml_file as storage
from postmortem.storage.config import Settings
from postmortem.storage.session import Session
from postmortem.storage.watch import DiskState
from postmortem.widgets.section_nav import SectionNav

DEMO = Path(__file__).parent.parent / "data" / "demo.toml"
BAD_SEVERITY = Path(__file__).parent / "corpus" / "type-severity-p5.toml"


def run_python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


def test_the_first_screen_needs_no_pydantic() -> None:
    loaded = run_python(
        "import sys\n"
        "import postmortem.cli, postmortem.storage.opening, postmortem.app.application\n"
        "import postmortem.screens.incident, postmortem.app.terminal_driver\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith(('pydantic', 'postmortem.document.model'))))")
    assert loaded.strip() == "[]"


@pytest.mark.parametrize(("data", "path", "shown"), [
    ({"title": "  Checkout down "}, "title", "Checkout down"),
    ({"incident": {"date": dt.date(2026, 3, 14)}}, "incident.date", "2026-03-14"),
    ({"incident": {"additional_responders": ["Sam (DBA)", " Yuki"]}},
     "incident.additional_responders", "Sam (DBA), Yuki"),
    ({"incident": {}}, "incident.id", ""),
    ({}, "incident.commander", ""),
    ({"title": "evil\x1b[2Jtitle"}, "title", "eviltitle"),
])
def test_the_file_is_shown_as_the_model_will_hold_it(data: dict[str, Any], path: str,
                                                       shown: str) -> None:
    file = opening.Unchecked(Path("x.toml"), "", data)
    assert file.text_at(path) == shown


VET = """
import json, sys
from pathlib import Path
from postmortem.storage import opening
from postmortem.document.errors import DocumentError
file = opening.read(Path(sys.argv[1]))
error = built = None
try:
    built = opening.vet(file).model is not None
except DocumentError as problem:
    error = str(problem)
print(json.dumps({"error": error, "built": built, "pydantic_here": "pydantic" in sys.modules}))
"""


def test_a_good_file_is_vetted_without_pydantic_and_its_model_built_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(shutil.copyfile(DEMO, tmp_path / "demo.toml"))
    reply = json.loads(run_python(VET, str(path)))
    assert reply == {"error": None, "built": False, "pydantic_here": False}
    validations = []
    real = storage.validate
    monkeypatch.setattr(storage, "validate", lambda *args: validations.append(1) or real(*args))
    session = Session(path, opening.vet(opening.read(path)))
    session.load()
    session.load()
    assert validations == [1]


def test_a_bad_file_is_reported_in_the_same_words_as_when_loaded(tmp_path: Path) -> None:
    path = Path(shutil.copyfile(BAD_SEVERITY, tmp_path / BAD_SEVERITY.name))
    reply = json.loads(run_python(VET, str(path)))
    with pytest.raises(DocumentError) as here:
        storage.load(path)
    assert reply == {"error": str(here.value), "built": None, "pydantic_here": True}


def test_a_good_file_the_quick_check_doubts_comes_with_its_model_built(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    text = path.read_text().replace("date = 2026-03-14", 'date = "2026-03-14"', 1)
    assert text != path.read_text()
    path.write_text(text)  # a date as text: the model reads it, the quick check is not sure
    reply = json.loads(run_python(VET, str(path)))
    assert reply == {"error": None, "built": True, "pydantic_here": True}
    session = Session(path, opening.vet(opening.read(path)))
    assert session.load().incident.date == dt.date(2026, 3, 14)


def test_a_file_that_is_not_toml_is_refused_before_any_check(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('title = "unclosed\n')
    with pytest.raises(DocumentError, match=r"broken.toml:1: not valid TOML"):
        opening.read(path)


class ModelWaits(PostmortemApp):
    """The app with the model not yet built when the test takes over, as it is for the first
    frame of a real start."""

    CSS_PATH = str(Path(app_module.__file__).parent / "app.tcss")
    MODEL_AFTER_SECONDS = 3600


def demo_copy(tmp_path: Path) -> Path:
    return Path(shutil.copyfile(DEMO, tmp_path / "incident.toml"))


async def test_the_first_screen_shows_the_file_and_the_model_follows(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = PostmortemApp(path, opening.read(path))
    async with app.run_test(size=(80, 24)) as pilot:
        # built right after the first frame, no key needed
        assert await until(pilot, lambda: app.session.loaded)
        title = app.screen.query_one("#title", Input)
        assert title.value == app.document.title != ""
        assert await until(pilot, lambda: marks_of(app) == {"●"})  # the demo is complete


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
        assert not app.session.loaded
        print(sorted(name for name in sys.modules
                     if name.startswith(("pydantic", "postmortem.document.model"))))

asyncio.run(first_frame())
"""


def test_the_first_frame_loads_no_pydantic(tmp_path: Path) -> None:
    """Not the model, nor the review's rules (which import it) for the section marks."""
    assert run_python(FIRST_FRAME, str(demo_copy(tmp_path))).splitlines()[-1] == "[]"


async def test_the_collector_paused_for_the_start_runs_again_once_the_model_is_built(
        tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = ModelWaits(path, opening.read(path))
    opening.pause_collection()  # as the command line does before it starts the app
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not gc.isenabled()
            await pilot.press("end")  # the first key builds the model
            await pilot.pause()
            assert app.session.loaded
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # later collections skip what the start made
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_started_without_the_pause_leaves_the_collector_alone(
        tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    frozen = gc.get_freeze_count()
    app = PostmortemApp(path, opening.read(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(app.MODEL_AFTER_SECONDS + 0.2)
        assert app.session.loaded
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


async def test_before_the_model_is_built_the_marks_are_blank(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = ModelWaits(path, opening.read(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.session.loaded
        marks = [str(option.prompt)[0] for option in app.screen.query_one(SectionNav).options]
        assert set(marks) == {" "}
        assert app.screen.query_one("#incident-id", Input).value == "INC-2026-0314"


async def test_a_key_before_the_model_is_built_builds_it_and_is_kept(tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    app = ModelWaits(path, opening.read(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.session.loaded
        await pilot.press("end", "!")
        await pilot.pause()
        assert app.session.loaded
        assert app.document.title == storage.load(path).title + "!"
        assert app.session.dirty
        # the opening was finished, not just the model built: the marks follow
        assert await until(pilot, lambda: marks_of(app) == {"●"})


async def test_the_first_key_does_not_wait_for_the_marks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The review of a long timeline takes longer than opening it: the first key, which
    builds the model, is handled first, and the marks follow between keys."""
    titles_marked: list[str] = []  # the title as each review's marks were shown
    show_review = SectionNav.show_review

    def shown(nav: SectionNav, review: Any) -> None:
        titles_marked.append(nav.postmortem.session.document.title)
        show_review(nav, review)

    monkeypatch.setattr(SectionNav, "show_review", shown)
    path = demo_copy(tmp_path)
    app = ModelWaits(path, opening.read(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert marks_of(app) == {" "}
        await pilot.press("!")
        assert app.session.loaded and app.document.title.endswith("!")
        assert await until(pilot, lambda: marks_of(app) == {"●"})
        # (on a loaded machine the marks may be shown by the time the press returns: what
        # matters is that they came after the key)
        assert titles_marked and titles_marked[0].endswith("!")


async def test_a_character_typed_before_the_model_is_shown_before_it_is_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At 50,000 rows the model takes longer to build than the first frame to draw: the
    first key typed into a field is shown first, held by the session, and written to the
    model once it is built."""
    shown_as_built: list[str] = []
    check = opening.Unchecked.check

    def checked(file: opening.Unchecked) -> Any:
        shown_as_built.append(app.screen.query_one("#title", Input).value)
        return check(file)

    monkeypatch.setattr(opening.Unchecked, "check", checked)
    path = demo_copy(tmp_path)
    title = storage.load(path).title
    app = ModelWaits(path, opening.read(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("!", "space", "?")
        assert await until(pilot, lambda: app.session.loaded)
        assert shown_as_built and shown_as_built[0].endswith("!")
        assert app.document.title == title + "! ?"
        assert app.screen.query_one("#title", Input).value == title + "! ?"
        assert app.session.dirty
        assert await until(pilot, lambda: marks_of(app) == {"●"})
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: not app.session.dirty)
    assert storage.load(path).title == title + "! ?"


def test_an_edit_held_before_the_model_is_built_is_saved_by_the_last_resort_save(
        tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    session = Session(path, opening.vet(opening.read(path)))
    session.hold("title", "Held", lambda document: setattr(document, "title", "Held"))
    assert session.dirty and not session.loaded
    assert session.keep_everything().startswith("saved ")
    assert storage.load(path).title == "Held"


@pytest.mark.parametrize("path", [DEMO, *sorted((DEMO.parent.parent / "tests" / "corpus").glob(
    "*.toml"))], ids=lambda path: path.name)
def test_the_model_built_in_steps_is_the_model_built_at_once(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(opening, "ROWS_PER_STEP", 2)
    try:
        file = opening.vet(opening.read(path))
        whole = file.check()
    except DocumentError:
        return  # a file the model refuses is refused before the first frame (vet)
    build = opening.ModelBuild(file)
    steps = 1
    while not build.step():
        steps += 1
    assert build.document == whole
    assert build.document.model_dump() == whole.model_dump()
    assert steps > len(whole.timeline) // 2 or file.model is not None


def marks_of(app: PostmortemApp) -> set[str]:
    return {str(option.prompt)[0] for option in app.screen.query_one(SectionNav).options}


async def test_a_file_that_fails_the_check_after_the_first_frame_stops_the_app(
        tmp_path: Path) -> None:
    path = Path(shutil.copyfile(BAD_SEVERITY, tmp_path / BAD_SEVERITY.name))
    before = path.read_bytes()
    text = path.read_text()
    app = PostmortemApp(path, opening.Unchecked(path, text, storage.parse_data(text, path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(app.MODEL_AFTER_SECONDS + 0.2)
    assert app.return_code == 2
    assert app.unusable is not None and "severity" in str(app.unusable)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_the_files_fingerprint_is_of_the_bytes_read_so_a_change_made_at_once_is_seen(
        tmp_path: Path) -> None:
    path = demo_copy(tmp_path)
    file = opening.read(path)
    text = path.read_text()
    path.write_text(text.replace("INC-2026-0314", "INC-2026-9999"))  # someone else, at once
    session = Session(path, file)
    session.load()  # the model is built (and the fingerprint taken) after the first frame
    assert session.disk_state() is DiskState.CHANGED
    path.write_text(text)
    assert session.disk_state() is DiskState.SAME  # the bytes as read: not a change


def test_once_the_model_is_built_the_file_as_read_is_let_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its text and plain data are megabytes for a long timeline: `postmortem FILE` must not
    hold them for the whole session once the model has them."""
    from postmortem.cli import editing

    path = demo_copy(tmp_path)
    vetted: list[weakref.ref[opening.Unchecked]] = []
    real_vet = opening.vet
    monkeypatch.setattr(opening, "vet",
                        lambda file: vetted.append(weakref.ref(got := real_vet(file))) or got)
    held_once_built: list[bool] = []

    def run(app: PostmortemApp) -> int:  # in place of the terminal session: build the model
        app.session.load()
        held_once_built.append(vetted[0]() is not None)
        return 0

    monkeypatch.setattr(PostmortemApp, "run", run)
    monkeypatch.setattr(editing, "settings_told", lambda: Settings(tmp_path / "config.toml"))
    try:
        assert editing._run_app(path) == 0
    finally:
        opening.resume_collection()  # paused by the command line, as the app would resume it
        gc.unfreeze()
    assert held_once_built == [False]
