"""80x24 snapshots of what a small screen shows with long, real-looking values."""

from __future__ import annotations

from editor_helpers import type_text
from test_small_screen import ITEM, LONG_TITLE, disagreeing_timeline, opened_file

SIZE = (80, 24)

def opened(section: str, *keys: str, text: str = ""):  # type: ignore[no-untyped-def]
    async def run(pilot):  # type: ignore[no-untyped-def]
        pilot.app.go_to(section)
        await pilot.pause()
        await pilot.pause()
        await pilot.press(*keys)
        await type_text(pilot, text)
        await pilot.pause()

    return run

def test_a_long_title_left_shows_its_start(snap_compare, tmp_path):
    app = opened_file(tmp_path, title=LONG_TITLE)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("incident", "tab"))

def test_typing_at_the_end_of_the_last_text_box(snap_compare, tmp_path):
    app = opened_file(tmp_path, response={"resolution_challenges": "1. The old certificate "
                                          "had been pruned from the secret store."})
    keys = ("tab", "tab", "tab", "down", "end", "enter")
    text = "2. The provider's support line needed 40 minutes to reach an engineer who " \
           "could change their trust store, and a third line wraps here too"
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("response", *keys,
                                                                   text=text))

def test_thirty_rows_with_disagreeing_times(snap_compare, tmp_path):
    app = opened_file(tmp_path, **disagreeing_timeline())
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("timeline"))

def test_action_grid_with_a_long_description(snap_compare, tmp_path):
    app = opened_file(tmp_path, action_items=[ITEM])
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("action_items"))

def test_an_empty_list_opens_its_first_item_as_the_cursor_arrives(snap_compare, tmp_path):
    app = opened_file(tmp_path)
    assert snap_compare(app, terminal_size=SIZE,
                        run_before=opened("preventive", text="Canary certs"))

def test_an_empty_timeline_opens_its_first_row_as_the_cursor_arrives(snap_compare, tmp_path):
    app = opened_file(tmp_path)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("timeline", text="14:02"))

def test_a_list_with_the_cursor_looks_unlike_a_text_field(snap_compare, tmp_path):
    app = opened_file(tmp_path, preventive={"technical": ["Canary certs", "Expiry alerts"]})
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("preventive"))
