"""What a paste leaves in the field it lands in, as the author sees it and as it is saved:
the whole text, cleaned of escape sequences, control characters and bidirectional controls;
every line of it in a one-line field, joined and said so; nothing beyond a bounded size, and a
warning when something was left out."""

from __future__ import annotations

import re
import time
from pathlib import Path

from editor_helpers import start_adding
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from postmortem.app.application import PostmortemApp
from postmortem.screens.why_wizard import WhyWizard
from postmortem.storage import toml_file as storage
from postmortem.widgets.pasting import BLOCK_LIMIT, LINE_LIMIT, SEPARATOR, PasteJoiningInput
from postmortem.widgets.status_line import StatusLine
from tests.editor_helpers import make_app, open_section

LOG_LINE = "14:02:11 \x1b[31mERROR\x1b[0m pay-gw: handshake failed"
CLEAN_LOG_LINE = "14:02:11 ERROR pay-gw: handshake failed"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def log_lines(size: int) -> str:
    """About size characters of numbered log lines, with the Markdown a log line may hold."""
    lines, total, number = [], 0, 0
    while total < size:
        line = f"14:02:{number % 60:02d} *ERROR* pay-gw: `handshake` #{number} [failed](x) <tls>"
        lines.append(line)
        total += len(line) + 1
        number += 1
    return "\n".join(lines)


async def focus_title(pilot: Pilot[None]) -> Input:
    await pilot.pause()
    title = pilot.app.screen.query_one("#title", Input)
    title.focus()
    title.cursor_position = len(title.value)
    await pilot.pause()
    return title


async def paste(pilot: Pilot[None], text: str) -> None:
    """Paste as the terminal does: the app gets the event and hands it to the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


def status(app: PostmortemApp) -> str:
    return str(app.screen.query_one(StatusLine).content)


def warnings(app: PostmortemApp) -> list[str]:
    return [note.message for note in app._notifications if note.severity == "warning"]


async def test_a_coloured_log_line_is_pasted_whole_and_clean(tmp_path: Path) -> None:
    app = make_app(tmp_path, title="Checkout down")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, " " + LOG_LINE)
        assert title.value == "Checkout down " + CLEAN_LOG_LINE
        assert app.document.title == "Checkout down " + CLEAN_LOG_LINE
        assert app.save()
    assert storage.load(tmp_path / "incident.toml").title == "Checkout down " + CLEAN_LOG_LINE


async def test_a_pasted_ctrl_u_wipes_nothing_and_a_pasted_tab_moves_no_focus(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, title="Checkout down")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, " before\x15after\tend")
        assert app.focused is title
        assert title.value == "Checkout down beforeafter end"
        assert app.document.incident.id == "INC-2023-0042"  # the next field: untouched


async def test_a_multi_line_paste_into_a_one_line_field_keeps_every_line(tmp_path: Path) -> None:
    app = make_app(tmp_path, title="Checkout down")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, " first line\r\n\n  second\tline  \r" + LOG_LINE + "\n")
        joined = SEPARATOR.join(["first line", "second line", CLEAN_LOG_LINE])
        assert title.value == "Checkout down " + joined
        assert app.document.title == "Checkout down " + joined
        assert "Joined 3 pasted lines with ⏎" in status(app)
        assert warnings(app) == []


async def test_a_paste_replaces_the_selection(tmp_path: Path) -> None:
    app = make_app(tmp_path, title="Checkout down")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        title.select_all()
        await paste(pilot, "Card payments\nfailed")
        assert title.value == f"Card payments{SEPARATOR}failed"


async def test_a_200_kb_paste_into_a_one_line_field_is_cut_with_a_warning(tmp_path: Path) -> None:
    pasted = log_lines(200_000)
    app = make_app(tmp_path, title="Checkout down")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, pasted)
        assert len(title.value) == LINE_LIMIT
        assert title.value.startswith("Checkout down" + pasted.split("\n")[0] + SEPARATOR)
        [warning] = warnings(app)
        lines = pasted.split("\n")
        told = re.search(r"holds at most 10,000 characters: it kept (\d+) of the ([\d,]+) "
                         r"pasted lines whole", warning)
        assert told is not None, warning
        assert told[2] == f"{len(lines):,}"
        whole = int(told[1])
        before, partial = title.value.rsplit(SEPARATOR, 1)
        assert before.endswith(lines[whole - 1]) and lines[whole].startswith(partial)
        assert partial != lines[whole]
        assert app.document.title == title.value.strip()


async def test_megabytes_pasted_into_a_one_line_field_do_not_freeze_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, title="")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, "x" * 4_000_000)
        await pilot.press("y")
        assert title.value == "x" * LINE_LIMIT + "y"  # the limit is what a paste puts there
        assert "it kept 10,000 of the 4,000,000 pasted" in warnings(app)[0]


async def test_a_full_one_line_field_takes_what_fits(tmp_path: Path) -> None:
    app = make_app(tmp_path, title="t" * (LINE_LIMIT - 5))
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, "abcdefgh")
        assert title.value == "t" * (LINE_LIMIT - 5) + "abcde"
        assert "it kept 5 of the 8 pasted" in warnings(app)[0]


async def test_a_200_kb_paste_into_a_text_area_keeps_every_line(tmp_path: Path) -> None:
    """(How fast is the benchmark's to say, not a timed assert's: see bench/.)"""
    pasted = log_lines(200_000)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "executive_summary")
        area = app.screen.query_one(TextArea)
        area.focus()
        await pilot.pause()
        started = time.monotonic()
        app.post_message(events.Paste(pasted))
        while app.document.executive_summary != pasted and time.monotonic() - started < 60:
            await pilot.pause()
        assert area.text == pasted
        assert app.save()
    assert storage.load(tmp_path / "incident.toml").executive_summary == pasted


async def test_megabytes_pasted_into_a_text_area_are_cut_with_a_warning(tmp_path: Path) -> None:
    pasted = log_lines(3_000_000)
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "executive_summary")
        area = app.screen.query_one(TextArea)
        area.focus()
        await pilot.pause()
        await paste(pilot, pasted)
        assert area.text == pasted[:BLOCK_LIMIT]
        assert app.document.executive_summary == pasted[:BLOCK_LIMIT].rstrip()
        [warning] = warnings(app)
        assert f"A text area holds at most {BLOCK_LIMIT:,} characters of a paste: it kept " \
               f"{BLOCK_LIMIT:,} of the {len(pasted):,} pasted." == warning


async def test_a_list_item_editor_joins_a_pasted_list(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "preventive")
        await start_adding(pilot)
        await pilot.pause()
        editor = app.focused
        assert isinstance(editor, PasteJoiningInput)
        await paste(pilot, "Alert on certificate expiry\n\x1b[1mRenew\x1b[0m automatically")
        assert editor.value == f"Alert on certificate expiry{SEPARATOR}Renew automatically"


async def test_the_five_whys_wizard_joins_a_pasted_problem_statement(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "five_whys")
        await start_adding(pilot, "w")
        await pilot.pause()
        assert isinstance(app.screen, WhyWizard)
        problem = app.screen.query_one("#problem", Input)
        problem.value = ""
        await paste(pilot, "Card payments failed\nfor four hours")
        assert problem.value == f"Card payments failed{SEPARATOR}for four hours"
        assert app.document.five_whys.problem_statement == problem.value


# --- bidirectional controls, by every route into the document ------------------------------

async def test_pasted_and_typed_bidi_controls_never_reach_the_field_or_the_file(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, title="")
    async with app.run_test(size=(80, 24)) as pilot:
        title = await focus_title(pilot)
        await paste(pilot, f"pay{BIDI}ment")
        await pilot.press("space", "\u202e", "o", "k", "\u2066")
        assert title.value == "payment ok"
        await open_section(pilot, "executive_summary")
        area = app.screen.query_one(TextArea)
        area.focus()
        await paste(pilot, "line\u202e one\nline\u2067 two")
        assert area.text == "line one\nline two"
        assert app.save()
    saved = (tmp_path / "incident.toml").read_text(encoding="utf-8")
    assert not any(char in saved for char in BIDI)
    document = storage.load(tmp_path / "incident.toml")
    assert (document.title, document.executive_summary) == ("payment ok", "line one\nline two")
