"""A link is one line: `Label https://…`, `[Label](https://…)` or a bare URL."""

from __future__ import annotations

import re

import pytest
from editor_helpers import make_app, open_section, start_adding
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Static

from postmortem.document.link_line import (
    LinkLineError,
    label_from_path,
    link_line,
    parse_link_line,
)
from postmortem.document.model import Link
from postmortem.markdown.export import export_markdown
from postmortem.storage.toml_file import load


@pytest.mark.parametrize(("line", "label", "url"), [
    ("Latency dashboard https://grafana.example.com/d/x1",
     "Latency dashboard", "https://grafana.example.com/d/x1"),
    ("[Incident channel](https://chat.example.com/c/inc-42)",
     "Incident channel", "https://chat.example.com/c/inc-42"),
    ("  https://wiki.example.com/runbooks/payment_gateway-certs  ",
     "payment gateway certs", "https://wiki.example.com/runbooks/payment_gateway-certs"),
    ("https://status.example.com/", "status.example.com", "https://status.example.com/"),
])
def test_each_form_gives_a_label_and_a_url(line, label, url):
    assert parse_link_line(line) == Link(label=label, url=url)


@pytest.mark.parametrize(("line", "says"), [
    ("Just a label", "a link needs a URL"),
    ("Files ftp://files.example.com/x", "not an http(s) URL"),
    ("", "a link needs a URL"),
])
def test_a_line_without_a_usable_url_says_why(line, says):
    with pytest.raises(LinkLineError, match=re.escape(says)):
        parse_link_line(line)


def test_a_path_with_escapes_gives_readable_words():
    assert label_from_path("https://x.example.com/a/Post%20mortem%20notes") == "Post mortem notes"


words = st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=8)


@given(st.lists(words, min_size=1, max_size=4), st.lists(words, max_size=3))
def test_the_line_shown_for_editing_reads_back_as_the_same_link(label_words, path):
    link = Link(label=" ".join(label_words), url="https://example.com/" + "/".join(path))
    assert parse_link_line(link_line(link)) == link


async def test_links_are_typed_one_per_line_in_a_run_and_edited_as_the_same_line(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "supporting")
        await pilot.pause()
        await start_adding(pilot)
        await pilot.press(*"Dashboard https://grafana.example.com/d/x1", "enter",
                          *"[Channel](https://chat.example.com/c/42)", "enter",
                          *"no url here", "enter")
        await pilot.pause()
        field = app.focused
        assert isinstance(field, Input) and field.value == "no url here"  # refused, kept
        problem = app.screen.query_one("#metrics-and-logs .error", Static)
        assert "a link needs a URL" in str(problem.content)
        await pilot.press("ctrl+u", "enter")  # the empty new one ends the run
        links = app.document.supporting.metrics_and_logs
        assert links == [Link(label="Dashboard", url="https://grafana.example.com/d/x1"),
                         Link(label="Channel", url="https://chat.example.com/c/42")]
        await pilot.press("e")  # the highlighted link, as the same one line
        await pilot.pause()
        assert isinstance(app.focused, Input)
        assert app.focused.value == "Channel https://chat.example.com/c/42"
        await pilot.press("escape")
        assert app.save()
    markdown = export_markdown(load(tmp_path / "incident.toml"))
    assert "[Dashboard](https://grafana.example.com/d/x1)" in markdown
