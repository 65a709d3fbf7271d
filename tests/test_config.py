"""The user's config.toml: read before the first frame, every problem said as FILE:LINE: key:
what with the default used instead, the theme kept when changed in the app, the author filled
into new post-mortems, incident IDs counted in the state folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from postmortem.app.application import PostmortemApp
from postmortem.document.errors import DocumentError
from postmortem.document.model import Document
from postmortem.storage.config import Author, Settings, author_fields, config_path, load_settings
from postmortem.storage.config_theme import remember_theme, with_theme
from postmortem.storage.incident_ids import counter_path, peek_incident_id, take_incident_id
from postmortem.storage.toml_file import load

FULL = """\
# my settings
severity = "p2"
id_prefix = "OPS-{year}/"
id_digits = 3
id_start = 40
theme = "nord"   # easy on the eyes
timezone = "Europe/Berlin"

[author]
name = "Priya Raman"
role = "Incident Commander"
team = "Payments SRE"
"""


@pytest.fixture
def config_file(private_config_folder: Path) -> Path:
    path = private_config_folder / "postmortem" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def run(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "postmortem", *map(str, args)], input=stdin,
                          capture_output=True, text=True, timeout=60)


# --- reading -------------------------------------------------------------------------------------

def test_the_config_file_is_in_the_users_config_folder(private_config_folder: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert config_path() == private_config_folder / "postmortem" / "config.toml"
    monkeypatch.setenv("POSTMORTEM_CONFIG", "/elsewhere/pm.toml")
    assert config_path() == Path("/elsewhere/pm.toml")


def test_no_config_file_means_the_defaults_and_no_problem(config_file: Path) -> None:
    settings = load_settings()
    assert (settings.path, settings.exists, settings.problems) == (config_file, False, ())
    assert settings == Settings(config_file)
    assert settings.new_document_data() == {}


def test_every_setting_is_read(config_file: Path) -> None:
    config_file.write_text(FULL, "utf-8")
    settings = load_settings()
    assert settings.problems == ()
    assert settings.author == Author("Priya Raman", "Incident Commander", "Payments SRE")
    assert (settings.severity, settings.id_prefix, settings.id_digits, settings.id_start) == (
        "P2", "OPS-{year}/", 3, 40)
    assert (settings.theme, settings.timezone) == ("nord", "Europe/Berlin")
    assert settings.tzinfo().utcoffset(dt.datetime(2026, 7, 1)) == dt.timedelta(hours=2)
    assert settings.incident_prefix(dt.date(2027, 1, 5)) == "OPS-2027/"
    assert settings.lines["theme"] == 6 and settings.lines["author.team"] == 12


def test_the_first_screen_reads_the_config_without_pydantic() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom postmortem.storage.config import load_settings"
                               "\nload_settings()\nimport postmortem.app.application\n"
                               "print([m for m in sys.modules if m.startswith('pydantic')])"],
        capture_output=True, text=True, timeout=60, check=True).stdout
    assert loaded.strip() == "[]"


BAD_SETTINGS = [
    ('severity = "P7"\n', 1, "severity", "expected one of P1, P2, P3, P4, got 'P7'"),
    ('\n\nid_digits = 12\n', 3, "id_digits", "expected a whole number from 1 to 9, got 12"),
    ('id_prefix = "INC 2026"\n', 1, "id_prefix", "expected letters, digits and"),
    ('timezone = "Mars/Olympus"\n', 1, "timezone", "unknown time zone 'Mars/Olympus'"),
    ('export_folder = "/no/such/folder"\n', 1, "export_folder", "/no/such/folder is not a folder"),
    ('colour = "red"\n', 1, "colour", "unknown setting, ignored (known: author.name"),
    ('[author]\nname = "Raman, Priya"\n', 2, "author.name", "cannot contain ','"),
    ('[author]\nrole = 3\n', 2, "author.role", "expected text in quotes, got 3"),
]


@pytest.mark.parametrize(("text", "line", "key", "message"), BAD_SETTINGS)
def test_a_bad_setting_is_said_as_file_line_key_and_its_default_used(
        config_file: Path, text: str, line: int, key: str, message: str) -> None:
    config_file.write_text(text, "utf-8")
    settings = load_settings()
    [problem] = settings.problems
    assert str(problem).startswith(f"{config_file}:{line}: {key}: {message}")
    assert settings._replace(exists=False, problems=(), lines={}) == Settings(config_file)


def test_the_good_settings_of_a_file_with_a_bad_one_still_count(config_file: Path) -> None:
    config_file.write_text('severity = "P9"\ntheme = "nord"\n', "utf-8")
    settings = load_settings()
    assert (settings.severity, settings.theme, len(settings.problems)) == ("", "nord", 1)


@pytest.mark.parametrize(("content", "line", "message"), [
    (b'severity = "P2"\ntheme = \n', 2, "not valid TOML"),
    (b'name = "\xff"\n', 1, "is not UTF-8 text"),
])
def test_a_file_that_cannot_be_read_leaves_every_default(config_file: Path, content: bytes,
                                                         line: int, message: str) -> None:
    config_file.write_bytes(content)
    settings = load_settings()
    [problem] = settings.problems
    assert str(problem).startswith(f"{config_file}:{line}: {message}")
    assert str(problem).endswith("every setting is left at its default")
    assert settings.severity == ""


def test_a_folder_where_the_file_should_be_is_a_problem_not_a_crash(config_file: Path) -> None:
    config_file.mkdir()
    [problem] = load_settings().problems
    assert "is a folder" in str(problem)


# --- the author in a new post-mortem -------------------------------------------------------------

@pytest.mark.parametrize(("author", "fields"), [
    (Author("Priya Raman", "incident commander", "SRE"), {"commander": "Priya Raman"}),
    (Author("Priya Raman", "Technical Lead"), {"technical_lead": "Priya Raman"}),
    (Author("Priya Raman", "COMMUNICATIONS LEAD"), {"communications_lead": "Priya Raman"}),
    (Author("Priya Raman", "Scribe", "Payments SRE"),
     {"additional_responders": ["Priya Raman (Scribe, Payments SRE)"]}),
    (Author("Priya Raman", team="Payments SRE"),
     {"additional_responders": ["Priya Raman (Payments SRE)"]}),
    (Author("Priya Raman"), {"additional_responders": ["Priya Raman"]}),
    (Author("", "Technical Lead", "SRE"), {}),
])
def test_the_author_fills_the_field_their_role_names(author: Author,
                                                     fields: dict[str, object]) -> None:
    assert author_fields(author) == fields
    if fields:  # and the model holds it as one responder, as written
        document = Document.model_validate({"incident": fields})
        assert document.incident.model_dump(include=set(fields)) == fields


# --- the theme, written back ---------------------------------------------------------------------

@pytest.mark.parametrize(("before", "after"), [
    ('# mine\ntheme = "nord"   # easy on the eyes\n[author]\nname = "A"\n',
     '# mine\ntheme = "gruvbox"   # easy on the eyes\n[author]\nname = "A"\n'),
    ("severity = 'P2'\ntheme='nord'\n", "severity = 'P2'\ntheme=\"gruvbox\"\n"),
    ('# mine\nseverity = "P2"\n\n[author]\nname = "A"\n',
     '# mine\nseverity = "P2"\n\ntheme = "gruvbox"\n\n[author]\nname = "A"\n'),
    ('severity = "P2"', 'severity = "P2"\ntheme = "gruvbox"\n'),
    ('[author]\ntheme = "x"\n', 'theme = "gruvbox"\n\n[author]\ntheme = "x"\n'),
])
def test_only_the_theme_line_is_rewritten(before: str, after: str) -> None:
    assert with_theme(before, "gruvbox") == after


def test_remembering_the_theme_keeps_the_users_comments(config_file: Path) -> None:
    config_file.write_text(FULL, "utf-8")
    config_file.chmod(0o600)
    assert remember_theme(load_settings(), "gruvbox") is None
    assert config_file.read_text("utf-8") == FULL.replace('"nord"', '"gruvbox"')
    assert config_file.stat().st_mode & 0o777 == 0o600
    assert load_settings().theme == "gruvbox"


def test_remembering_the_theme_creates_the_file_when_there_is_none(config_file: Path) -> None:
    assert remember_theme(load_settings(), "nord") is None
    assert load_settings().theme == "nord"
    assert config_file.read_text("utf-8").startswith("# postmortem settings")


def test_a_broken_config_is_never_rewritten(config_file: Path) -> None:
    config_file.write_text('severity = \n# notes\n', "utf-8")
    why_not = remember_theme(load_settings(), "nord")
    assert why_not is not None and f"{config_file}:1: not valid TOML" in why_not
    assert config_file.read_text("utf-8") == 'severity = \n# notes\n'


def test_a_theme_line_that_cannot_be_rewritten_safely_is_left(config_file: Path) -> None:
    tricky = 'name = """\ntheme = "in a string"\n"""\n'
    config_file.write_text(tricky, "utf-8")
    assert remember_theme(load_settings(), "nord") is not None
    assert config_file.read_text("utf-8") == tricky


# --- incident IDs --------------------------------------------------------------------------------

def test_incident_ids_count_up_per_prefix_in_the_state_folder(
        config_file: Path, _private_state_folder: Path) -> None:
    day = dt.date(2026, 3, 14)
    settings = load_settings()
    assert peek_incident_id(settings, day) == "INC-2026-0001"
    assert [take_incident_id(settings, day) for _ in range(3)] == [
        "INC-2026-0001", "INC-2026-0002", "INC-2026-0003"]
    assert take_incident_id(settings, dt.date(2027, 1, 1)) == "INC-2027-0001"
    assert counter_path() == _private_state_folder / "postmortem" / "incident-ids.json"
    config_file.write_text(FULL, "utf-8")  # another prefix, starting at 40
    assert take_incident_id(load_settings(), day) == "OPS-2026/040"
    assert config_file.read_text("utf-8") == FULL  # the config is never written for it


def test_a_damaged_counter_is_an_error_and_left_alone() -> None:
    counter_path().parent.mkdir(parents=True)
    counter_path().write_text("{not json", "utf-8")
    with pytest.raises(DocumentError, match="counter is damaged"):
        take_incident_id(load_settings())
    assert counter_path().read_text("utf-8") == "{not json"
    result = run("new", "-")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_new_commands_run_at_once_each_get_their_own_id(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda n: run("new", tmp_path / f"{n}.toml"), range(6)))
    assert [result.returncode for result in results] == [0] * 6
    ids = sorted(load(tmp_path / f"{n}.toml").incident.id for n in range(6))
    year = dt.date.today().year
    assert ids == [f"INC-{year}-{n:04d}" for n in range(1, 7)]


# --- the command line ----------------------------------------------------------------------------

def test_postmortem_new_fills_the_author_severity_and_id_from_the_config(
        config_file: Path, tmp_path: Path) -> None:
    config_file.write_text(FULL, "utf-8")
    path = tmp_path / "inc.toml"
    result = run("new", path, "--title", "Queue backlog")
    assert (result.returncode, result.stderr) == (0, f"created {path}\n")
    incident = load(path).incident
    assert (incident.commander, incident.severity, incident.id) == (
        "Priya Raman", "P2", f"OPS-{dt.date.today().year}/040")
    assert run("fmt", "--check", path).returncode == 0
    other = run("new", tmp_path / "b.toml", "--severity", "P1", "--id", "")
    assert other.returncode == 0
    assert (load(tmp_path / "b.toml").incident.severity, load(tmp_path / "b.toml").incident.id) \
        == ("P1", "")


def test_postmortem_new_with_a_bad_config_says_where_and_still_creates_the_file(
        config_file: Path, tmp_path: Path) -> None:
    config_file.write_text('severity = "P9"\n\n[author]\nname = "Sam"\nrole = "Scribe"\n',
                           "utf-8")
    result = run("new", tmp_path / "inc.toml")
    assert result.returncode == 0
    assert result.stderr.splitlines()[0].startswith(
        f"{config_file}:1: severity: expected one of P1, P2, P3, P4, got 'P9'; the default")
    incident = load(tmp_path / "inc.toml").incident
    assert (incident.severity, incident.additional_responders) == (None, ["Sam (Scribe)"])


def test_postmortem_config_prints_the_path_and_the_settings_in_effect(config_file: Path) -> None:
    empty = run("config")
    assert empty.returncode == 0 and empty.stderr == ""
    assert empty.stdout.startswith(f"# config file: {config_file} (not there yet")
    config_file.write_text(FULL, "utf-8")
    result = run("config")
    assert result.returncode == 0
    assert f"# config file: {config_file}\n" in result.stdout
    assert 'theme = "nord"' in result.stdout and 'name = "Priya Raman"' in result.stdout
    assert f"OPS-{dt.date.today().year}/040" in result.stdout  # the next ID, not taken
    # what it prints is a config file that means the same
    config_file.write_text(result.stdout, "utf-8")
    assert load_settings().author.name == "Priya Raman" and load_settings().problems == ()
    assert run("config", "--path").stdout == f"{config_file}\n"


def test_postmortem_config_says_what_is_wrong_and_exits_2(config_file: Path) -> None:
    config_file.write_text('theme = "nord"\ntimezone = "Nowhere/Town"\n', "utf-8")
    result = run("config")
    assert result.returncode == 2
    assert result.stderr == (f"{config_file}:2: timezone: unknown time zone 'Nowhere/Town' "
                             "(expected a name such as \"Europe/Berlin\" or \"UTC\"); the default "
                             "is used\n")
    assert 'timezone = ""' in result.stdout


# --- the app -------------------------------------------------------------------------------------

async def test_the_app_opens_with_the_configs_theme_and_keeps_a_new_one(
        config_file: Path, tmp_path: Path) -> None:
    config_file.write_text(FULL, "utf-8")
    app = PostmortemApp(tmp_path / "inc.toml", Document(), load_settings())
    async with app.run_test() as pilot:
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await pilot.pause()
        await pilot.pause()
        assert load_settings().theme == "gruvbox"
        assert config_file.read_text("utf-8") == FULL.replace('"nord"', '"gruvbox"')


async def test_a_bad_config_is_told_and_the_app_opens_with_the_defaults(
        config_file: Path, tmp_path: Path) -> None:
    config_file.write_text('severity = "P2"\ntheme = "no-such-theme"\n', "utf-8")
    settings = load_settings()
    app = PostmortemApp(tmp_path / "inc.toml", Document(), settings)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        [told] = [n.message for n in app._notifications]
        assert told.startswith(f"{config_file}:2: theme: unknown theme 'no-such-theme'")
        assert app.settings.severity == "P2"


async def test_f4_offers_the_configs_export_folder(config_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    config_file.write_text(f'export_folder = "{folder}"\n', "utf-8")
    app = PostmortemApp(tmp_path / "inc.toml", Document(), load_settings())
    async with app.run_test() as pilot:
        await pilot.press("f4")
        await pilot.pause()
        assert app.screen.query_one("#export-path").value == str(folder / "inc.md")


def test_no_config_is_needed_for_the_tests_own_runs() -> None:
    assert os.environ["XDG_CONFIG_HOME"] != str(Path.home() / ".config")


def test_a_huge_config_of_unknown_keys_is_read_in_linear_time(config_file: Path) -> None:
    config_file.write_text("".join(f"key{n} = {n}\n" for n in range(40_000)), "utf-8")
    started = time.monotonic()
    problems = load_settings().problems
    assert time.monotonic() - started < 60  # each key looked up in the text would take hours
    assert len(problems) == 6 and str(problems[-1]).endswith(
        "and 39995 more unknown settings, ignored")
