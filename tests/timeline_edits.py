"""Edits of a timeline drawn as data, so that hypothesis can shrink them: every way a row can
change (in place, in time, added, removed, copied, the whole list replaced). What follows a
timeline edit by edit (the rendered rows, the review's facts) is tested against a full reading
after any sequence of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from strategies import MOMENTS, text

from postmortem.document.model import Document, Milestone, TimelineEvent

ANY_TEXT = st.one_of(text, st.text(max_size=12))  # hostile fragments, and any characters

# One edit of the timeline: what it does, drawn as data so that hypothesis can shrink it.
EDITS = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 99), st.sampled_from(["event", "actions"]),
              ANY_TEXT),
    st.tuples(st.just("mark"), st.integers(0, 99), st.one_of(st.none(),
                                                             st.sampled_from(list(Milestone)))),
    st.tuples(st.just("time"), st.integers(0, 99), MOMENTS),  # in place, then moved in order
    st.tuples(st.just("time in place"), st.integers(0, 99), MOMENTS),
    st.tuples(st.just("insert"), MOMENTS, ANY_TEXT),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("duplicate"), st.integers(0, 99)),
    st.tuples(st.just("copy in place"), st.integers(0, 99)),  # an equal row, another object
    st.tuples(st.just("copy all")),
    st.tuples(st.just("reinsert"), st.integers(0, 99)),  # removed, then put back (undo)
    st.tuples(st.just("write")),
    st.tuples(st.just("snapshot, edit, then write it")),
)


def apply(document: Document, edit: tuple[Any, ...], removed: list[TimelineEvent]) -> None:
    timeline = document.timeline
    kind, *args = edit
    if kind == "insert":
        moment = args[0].replace(tzinfo=dt.UTC, second=0, microsecond=0)
        document.insert_event(TimelineEvent(time=moment, event=args[1]))
    elif kind == "copy all":
        document.timeline = [row.model_copy() for row in timeline]
    elif kind == "reinsert" and removed:
        document.insert_event(removed.pop(args[0] % len(removed)))
    elif timeline and kind not in ("write", "snapshot, edit, then write it", "reinsert"):
        index = args[0] % len(timeline)
        row = timeline[index]
        if kind == "set":
            setattr(row, args[1], args[2])
        elif kind == "mark":
            row.milestone = args[1]
        elif kind in ("time", "time in place"):
            row.time = args[1].replace(tzinfo=dt.UTC, second=0, microsecond=0)
            if kind == "time":
                del timeline[index]
                document.insert_event(row)
        elif kind == "delete":
            removed.append(timeline.pop(index))
        elif kind == "duplicate":
            document.insert_event(row.model_copy(update={"milestone": None}))
        elif kind == "copy in place":
            timeline[index] = row.model_copy()
