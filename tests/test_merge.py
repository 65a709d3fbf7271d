"""Someone else's change and ours, both kept: the three-way merge, the save race, and two
sessions on one file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from postmortem.document.merge import keep_objects, merge, merge_documents
from postmortem.document.model import ActionItem, Document, TimelineEvent
from postmortem.storage import guarded
from postmortem.storage import toml_file as storage
from postmortem.storage.session import DiskConflict, Session


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 3, 14, hour, minute, tzinfo=dt.UTC)


def base_document() -> Document:
    return Document(title="Checkout down", executive_summary="Payments failed.",
                    timeline=[TimelineEvent(time=at(14, 0), event="Alert fired")],
                    action_items=[ActionItem(id="AI-1", description="Add a canary")])


def dump(document: Document) -> dict[str, Any]:
    return document.model_dump(mode="json")


# --- the merge ----------------------------------------------------------------------------

def test_changes_to_different_fields_are_both_kept() -> None:
    base = base_document()
    mine = base.model_copy(deep=True)
    mine.title = "Checkout down for 40 minutes"
    theirs = base.model_copy(deep=True)
    theirs.executive_summary = "Payments failed for a third of customers."
    merged = merge_documents(base, mine, theirs)
    assert isinstance(merged, Document)
    assert merged.title == "Checkout down for 40 minutes"
    assert merged.executive_summary == "Payments failed for a third of customers."


def test_the_same_field_changed_differently_is_a_conflict_naming_it() -> None:
    base = base_document()
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.incident.commander = "Priya"
    theirs.incident.commander = "Sam"
    assert merge_documents(base, mine, theirs) == ["incident.commander"]


def test_rows_added_on_both_sides_and_removed_on_one_are_all_honoured() -> None:
    base = base_document()
    base.timeline.append(TimelineEvent(time=at(14, 5), event="Paged on-call"))
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.insert_event(TimelineEvent(time=at(14, 10), event="Rolled back"))
    del mine.timeline[0]  # mine removed "Alert fired"
    theirs.insert_event(TimelineEvent(time=at(14, 7), event="Logged from a shell"))
    merged = merge_documents(base, mine, theirs)
    assert isinstance(merged, Document)
    assert [event.event for event in merged.timeline] == [
        "Paged on-call", "Logged from a shell", "Rolled back"]


def test_action_items_merge_by_id_and_both_new_items_keep_their_own_ids() -> None:
    base = base_document()
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.action_items[0].owner = "Priya"
    theirs.action_items[0].due = dt.date(2026, 4, 1)
    mine.action_items.append(ActionItem(id="AI-2", description="Mine"))
    theirs.action_items.append(ActionItem(id="AI-2", description="Theirs"))
    merged = merge_documents(base, mine, theirs)
    assert isinstance(merged, Document)
    first = merged.action_items[0]
    assert (first.owner, first.due) == ("Priya", dt.date(2026, 4, 1))
    assert {(item.id, item.description) for item in merged.action_items[1:]} == {
        ("AI-2", "Theirs"), ("AI-3", "Mine")}
    assert merged.last_action_number == 3


def test_a_merge_of_plain_data_is_symmetric_when_clean() -> None:
    base = dump(base_document())
    mine = base | {"title": "Mine"}
    theirs = base | {"lessons_learned": "Theirs"}
    assert merge(base, mine, theirs).data == merge(base, theirs, mine).data


# --- saving never loses someone else's change ----------------------------------------------

def open_session(tmp_path: Path) -> Session:
    path = tmp_path / "incident.toml"
    storage.save(base_document(), path)
    return Session(path, storage.load(path))


def sed_like_edit(path: Path, title: str) -> None:
    """What `sed -i` does: read, write a new file, rename it over the old one."""
    document = storage.load(path)
    document.title = title
    temporary = path.with_name(".sed-tmp")
    temporary.write_text(storage.dumps(document), encoding="utf-8")
    os.replace(temporary, path)


def test_an_outside_change_landing_while_the_file_is_written_is_merged_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race of the issue: the app has checked the disk, and writes its temporary file;
    someone's rename lands then. It must not be lost, nor mistaken for ours."""
    session = open_session(tmp_path)
    session.document.executive_summary = "Mine: payments failed for 40 minutes."
    session.changed()
    real_write = guarded.write_temporary

    def write_then_someone_renames(path: Path, text: Any, **options: Any) -> Any:
        written = real_write(path, text, **options)
        sed_like_edit(path, "Checkout down X")
        return written

    monkeypatch.setattr(guarded, "write_temporary", write_then_someone_renames)
    session.save()
    monkeypatch.undo()
    outcome = session.merge_displaced()
    assert outcome is not None and outcome.merged
    session.save()
    on_disk = storage.load(session.path)
    assert on_disk.title == "Checkout down X"
    assert on_disk.executive_summary == "Mine: payments failed for 40 minutes."
    assert list(tmp_path.glob("incident.theirs-*")) == []  # merged, so not kept aside


def test_without_the_exchange_the_last_look_before_the_rename_sees_the_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = open_session(tmp_path)
    session.document.executive_summary = "Mine"
    session.changed()
    real_write = guarded.write_temporary

    def write_then_someone_renames(path: Path, text: Any, **options: Any) -> Any:
        written = real_write(path, text, **options)
        sed_like_edit(path, "Checkout down X")
        return written

    monkeypatch.setattr(guarded, "write_temporary", write_then_someone_renames)
    monkeypatch.setattr(guarded, "exchange", lambda first, second: False)
    with pytest.raises(DiskConflict):
        session.save()
    assert storage.load(session.path).title == "Checkout down X"
    assert not list(tmp_path.glob(".incident.toml.*.tmp"))


def test_our_own_save_is_never_taken_for_someone_elses_change(tmp_path: Path) -> None:
    session = open_session(tmp_path)
    for title in ("one", "two", "three"):
        session.document.title = title
        session.changed()
        session.save()
        assert session.check_disk() is None


def test_a_row_appended_after_we_duplicated_one_is_taken_in_once_and_the_copy_once(
        tmp_path: Path) -> None:
    """A duplicated row adds lines the file holds already: the version it made and the one
    before it had the same set of lines, and the older was taken as the base of a merge that
    added the copy a second time (c, then `postmortem log`, at any size)."""
    from postmortem.storage.appending import append_events

    session = open_session(tmp_path)
    session.document.title = "Checkout down (draft)"
    session.changed()
    session.save()
    session.document.insert_event(session.document.timeline[0].model_copy())
    session.changed()
    session.save()
    append_events(session.path, [TimelineEvent(time=at(13, 0), event="appended")])
    news = session.check_disk()
    assert news is not None and news.kind == "reloaded"
    assert [event.event for event in session.document.timeline] == [
        "appended", "Alert fired", "Alert fired"]


def test_a_file_replaced_after_our_save_is_seen_whatever_its_time_says(tmp_path: Path) -> None:
    session = open_session(tmp_path)
    session.document.title = "mine!!"  # as long as "mine!?"
    session.changed()
    session.save()
    ours = session.path.stat()
    sed_like_edit(session.path, "mine!?")
    os.utime(session.path, ns=(ours.st_atime_ns, ours.st_mtime_ns))  # same time, same size
    assert session.path.stat().st_size == ours.st_size
    news = session.check_disk()
    assert news is not None and news.kind == "reloaded"
    assert session.document.title == "mine!?"


def test_two_sessions_typing_in_different_sections_both_end_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "incident.toml"
    storage.save(base_document(), path)
    first, second = Session(path, storage.load(path)), Session(path, storage.load(path))
    for round_ in range(5):
        first.document.executive_summary = f"Summary, draft {round_}"
        first.changed()
        second.document.lessons_learned = f"Lessons, draft {round_}"
        second.changed()
        for session in (first, second):
            try:
                session.save()
            except DiskConflict:
                assert session.merge_from_disk().merged
                session.save()
    on_disk = storage.load(path)
    assert on_disk.executive_summary == "Summary, draft 4"
    assert on_disk.lessons_learned == "Lessons, draft 4"


def test_a_file_that_appears_where_there_was_none_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    session = Session(path, Document(title="mine"))
    path.write_text('title = "someone else\'s"\n', encoding="utf-8")
    session.changed()
    with pytest.raises(DiskConflict):
        session.save()
    assert "someone else" in path.read_text(encoding="utf-8")


def test_saving_a_file_opened_through_a_symlink_writes_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real" / "incident.toml"
    target.parent.mkdir()
    storage.save(base_document(), target)
    link = tmp_path / "incident.toml"
    link.symlink_to(target)
    session = Session(link, storage.load(link))
    session.document.title = "Through the link"
    session.changed()
    session.save()
    assert link.is_symlink() and storage.load(target).title == "Through the link"
    assert session.check_disk() is None


# --- a writer that read the file before our last save and wrote after it -----------------

def late_write(path: Path, read_before: bytes, **changes: Any) -> None:
    """What `sed -i` does when it reads the file just before our save lands and renames its
    version in just after: its change is made to the version before ours."""
    document = storage.parse(read_before.decode("utf-8"), path)
    for name, value in changes.items():
        setattr(document, name, value)
    temporary = path.with_name(".sed-tmp")
    temporary.write_text(storage.dumps(document), encoding="utf-8")
    os.replace(temporary, path)


def saved_edit(session: Session, **changes: Any) -> bytes:
    """Make an edit and save it, as autosave does; the file's bytes from before it."""
    before = session.path.read_bytes()
    for name, value in changes.items():
        setattr(session.document, name, value)
    session.changed()
    session.save()
    return before


def test_a_late_writer_does_not_undo_our_saved_edit_to_another_field(tmp_path: Path) -> None:
    session = open_session(tmp_path)
    before = saved_edit(session, title="Checkout down!?")
    late_write(session.path, before, executive_summary="Payments failed. X")
    news = session.check_disk()
    assert news is not None and news.kind == "merged", news
    assert session.dirty
    session.save()
    on_disk = storage.load(session.path)
    assert (on_disk.title, on_disk.executive_summary) == ("Checkout down!?", "Payments failed. X")


def test_a_late_writer_to_the_field_we_changed_is_held_as_a_conflict(tmp_path: Path) -> None:
    session = open_session(tmp_path)
    before = saved_edit(session, title="Checkout down!?",
                        executive_summary="Payments failed for 40 minutes.")
    late_write(session.path, before, executive_summary="Payments failed. X")
    news = session.check_disk()
    assert news is not None and news.kind == "conflict", news
    assert session.dirty and session.conflict
    assert session.document.executive_summary == "Payments failed for 40 minutes."
    with pytest.raises(DiskConflict):
        session.save()


def test_a_change_made_to_our_last_save_simply_replaces_it(tmp_path: Path) -> None:
    session = open_session(tmp_path)
    saved_edit(session, title="Checkout down!?")
    sed_like_edit(session.path, "Checkout down!? fixed")
    news = session.check_disk()
    assert news is not None and news.kind == "reloaded", news
    assert not session.dirty
    assert session.document.title == "Checkout down!? fixed"


def test_a_late_writer_to_the_field_we_changed_last_never_undoes_it(tmp_path: Path) -> None:
    """sed read the file before our edit to the title reached it, and wrote its own edit of
    the title after: it looks made to either version, so ours is held, never dropped."""
    session = open_session(tmp_path)
    before = saved_edit(session, title="Checkout down!?")
    late_write(session.path, before, title="Checkout down X")
    news = session.check_disk()
    assert news is not None and news.kind == "conflict", news
    assert session.document.title == "Checkout down!?"
    assert storage.load(session.path).title == "Checkout down X"


def test_an_edit_growing_our_last_save_is_taken_for_a_change_made_to_it(tmp_path: Path) -> None:
    session = open_session(tmp_path)
    saved_edit(session, title="Checkout down!")
    saved_edit(session, title="Checkout down!?")
    sed_like_edit(session.path, "Checkout down!? Fixed")
    news = session.check_disk()
    assert news is not None and news.kind == "reloaded", news
    assert session.document.title == "Checkout down!? Fixed"


def test_rows_both_versions_share_stay_our_very_objects_after_a_merge(tmp_path: Path) -> None:
    """An open row editor, the cursor and the undo history name rows by the object: after
    someone else's change is taken in, the rows we had are still those objects."""
    path = tmp_path / "f.toml"
    storage.save(base_document(), path)
    session = Session(path, storage.load(path))
    ours = session.document
    alert, item = ours.timeline[0], ours.action_items[0]
    ours.title = "Checkout down (ours)"
    session.changed()
    theirs = storage.load(path)
    theirs.insert_event(TimelineEvent(time=at(13, 59), event="Logged elsewhere"))
    theirs.action_items.append(ActionItem(id="AI-2", description="Add a runbook"))
    storage.write_atomic(path, storage.dumps(theirs))
    assert session.merge_from_disk().merged
    merged = session.document
    assert merged is not ours and merged.title == "Checkout down (ours)"
    assert [event.event for event in merged.timeline] == ["Logged elsewhere", "Alert fired"]
    assert merged.timeline[1] is alert and merged.action_items[0] is item


def test_keep_objects_takes_only_equal_rows_and_each_once() -> None:
    mine = base_document()
    twin = TimelineEvent(time=at(14, 0), event="Alert fired")
    mine.timeline.append(mine.timeline[0].model_copy())
    merged = Document.model_validate(dump(mine))
    merged.timeline.append(twin.model_copy(update={"event": "Alert fired again"}))
    merged.action_items[0].owner = "Sam"
    kept = keep_objects(mine, merged)
    assert kept.timeline[0] is mine.timeline[0] and kept.timeline[1] is mine.timeline[1]
    assert kept.timeline[2] not in mine.timeline
    assert kept.action_items[0] is not mine.action_items[0]  # changed: theirs
