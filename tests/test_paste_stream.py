"""Bracketed pastes are taken out of the terminal's input whole, however the reads cut it: the
splitter (app/paste_stream.py) on its own, and the driver's reader feeding Textual's real key
parser from a pipe."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser
from textual.message import Message

from postmortem.app import terminal_driver
from postmortem.app.paste_stream import END, START, PasteSplitter, Piece

LOG_LINE = "14:02:11 \x1b[31mERROR\x1b[0m pay-gw: handshake failed"
HOSTILE = LOG_LINE + "\r\nbefore\x15after\tTAB \x1b]0;pwned\x07 \u202eevil\x1b"


def merged(pieces: list[Piece]) -> list[Piece]:
    """Adjacent typed runs as one: how the reads cut typing does not matter to a key parser."""
    out: list[Piece] = []
    for piece in pieces:
        if out and not piece.pasted and not out[-1].pasted:
            out[-1] = Piece(out[-1].text + piece.text, False)
        elif piece.text or piece.pasted:
            out.append(piece)
    return out


def split(reads: list[str], splitter: PasteSplitter | None = None) -> list[Piece]:
    splitter = splitter or PasteSplitter()
    pieces = [piece for read in reads for piece in splitter.feed(read)]
    return merged(pieces + splitter.flush())


def test_a_paste_comes_whole_between_typed_runs() -> None:
    stream = "ab" + START + HOSTILE + END + "cd"
    assert split([stream]) == [Piece("ab", False), Piece(HOSTILE, True), Piece("cd", False)]


def test_every_cut_of_the_reads_gives_the_same_pieces() -> None:
    stream = "ab\x1b[A" + START + HOSTILE + END + "c\x1b" + START + "x\x1b[201" + END + "\x1b"
    whole = split([stream])
    assert whole == [Piece("ab\x1b[A", False), Piece(HOSTILE, True), Piece("c\x1b", False),
                     Piece("x\x1b[201", True), Piece("\x1b", False)]
    for cut in range(len(stream) + 1):
        assert split([stream[:cut], stream[cut:]]) == whole, cut
    assert split(list(stream)) == whole  # one character a read


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["a", "\x1b", "[", "2", "0", "1", "~", "\t", "\x15", "\n"]),
                max_size=40).map("".join),
       st.lists(st.integers(min_value=0, max_value=60), max_size=6))
def test_any_chunking_of_any_stream_gives_the_same_pieces(text: str, cuts: list[int]) -> None:
    stream = text + START + text + END + text
    points = sorted({min(cut, len(stream)) for cut in cuts})
    reads = [stream[start:end] for start, end in zip([0, *points], [*points, len(stream)],
                                                      strict=True)]
    assert split(reads) == split([stream])


def test_a_start_inside_a_paste_is_text_and_the_first_end_closes_it() -> None:
    stream = START + "a" + START + "b" + END + "c" + END
    assert split([stream]) == [Piece("a" + START + "b", True), Piece("c" + END, False)]


def test_an_unended_paste_is_held_until_flushed() -> None:
    splitter = PasteSplitter()
    assert splitter.feed("x" + START + "never ended\x1b[20") == [Piece("x", False)]
    assert splitter.pasting
    assert splitter.flush() == [Piece("never ended\x1b[20", True)]
    assert splitter.feed("y") == [Piece("y", False)]


def test_a_read_ending_in_escape_is_held_until_more_comes_or_none_does() -> None:
    splitter = PasteSplitter()
    assert splitter.feed("q\x1b[2") == [Piece("q", False)]
    assert splitter.waiting_for_marker
    assert splitter.flush() == [Piece("\x1b[2", False)]  # an Escape key and its keys after all
    assert not splitter.waiting_for_marker
    assert splitter.feed("\x1b") == [] and splitter.feed("[B") == [Piece("\x1b[B", False)]


def test_a_huge_paste_in_reads_of_4096_is_whole_and_linear() -> None:
    text = ("pay-gw: handshake failed \x1b[31mERROR\x1b[0m\n" * 200_000)[:8_000_000]
    stream = START + text + END
    splitter = PasteSplitter()
    started = time.monotonic()
    pieces = split([stream[at:at + 4096] for at in range(0, len(stream), 4096)], splitter)
    assert time.monotonic() - started < 60  # about 0.1 s: looking again at each read, hours
    assert pieces == [Piece(text, True)]


def test_a_paste_beyond_the_limit_keeps_its_start_and_drops_the_rest() -> None:
    splitter = PasteSplitter(limit=1000)
    stream = START + "x" * 5000 + END + "typed"
    assert split([stream[at:at + 700] for at in range(0, len(stream), 700)], splitter) == [
        Piece("x" * 1000, True), Piece("typed", False)]


# --- the driver's reader: a pipe, Textual's own parser, the events the app would get ----------

class PipeDriver:
    """What the reader needs of the driver: the descriptor to read, and where events go."""

    def __init__(self, fileno: int) -> None:
        self.fileno = fileno
        self.events: list[Message] = []

    def process_message(self, message: Message) -> None:
        self.events.append(message)


@pytest.fixture
def pipe() -> Iterator[tuple[int, PipeDriver]]:
    read_end, write_end = os.pipe()
    yield write_end, PipeDriver(read_end)
    os.close(read_end)
    os.close(write_end)


def feed_through(write_end: int, driver: PipeDriver, reads: list[bytes]) -> list[Message]:
    reader = terminal_driver.InputReader(driver, XTermParser())
    for data in reads:
        os.write(write_end, data)
        assert reader.pass_on(True)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not ended(driver.events):
        reader.pass_on(False)  # nothing more to read: what is held is let go, and the parser's
        # Escape key comes once its delay is over
    return driver.events


def ended(messages: list[Message]) -> bool:
    """Whether the last event is what each stream below ends with: a paste, a key b or
    escape."""
    last = messages[-1] if messages else None
    return isinstance(last, events.Paste) or (
        isinstance(last, events.Key) and last.key in ("b", "escape"))


def described(messages: list[Message]) -> list[str]:
    return [f"paste {message.text!r}" if isinstance(message, events.Paste)
            else message.key if isinstance(message, events.Key) else type(message).__name__
            for message in messages]


def test_the_reader_posts_one_clean_paste_and_the_typed_keys(
        pipe: tuple[int, PipeDriver]) -> None:
    stream = ("a" + START + HOSTILE + END + "b").encode()
    cut = len(stream) - 3  # the end marker cut by the read boundary
    found = described(feed_through(*pipe, [stream[:cut], stream[cut:]]))
    assert found == [
        "a", "paste '14:02:11 ERROR pay-gw: handshake failed\\nbeforeafter\\tTAB  evil'", "b"]


def test_an_escape_key_at_the_end_of_a_read_still_arrives(pipe: tuple[int, PipeDriver]) -> None:
    assert described(feed_through(*pipe, [b"x\x1b"])) == ["x", "escape"]


def test_a_paste_start_cut_by_the_read_boundary_is_still_a_paste(
        pipe: tuple[int, PipeDriver]) -> None:
    stream = (START + "one\x15two" + END).encode()
    assert described(feed_through(*pipe, [stream[:3], stream[3:]])) == ["paste 'onetwo'"]


def test_a_stray_end_marker_is_no_key(pipe: tuple[int, PipeDriver]) -> None:
    assert described(feed_through(*pipe, [b"a" + END.encode() + b"b"])) == ["a", "b"]
