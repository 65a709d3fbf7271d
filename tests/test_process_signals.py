"""The real thing: the app in tmux (or a bare pseudo-terminal), typed into, then hung up on,
terminated, or killed. What is on disk afterwards, how fast the process is gone, and what the
next start offers.

tmux runs on a private socket of its own, so no one else's sessions are touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import random
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from postmortem.storage import lifeline
from postmortem.storage import toml_file as storage
from postmortem.storage.recovery import RecoveryStore

TMUX = shutil.which("tmux")
# Seconds from the signal to the process being gone: the rescue thread's wait and the
# watchdog's are by design; the rest is slack for a loaded machine (two suites on two cores).
EXIT_LIMIT = lifeline.RESCUE_SECONDS + lifeline.WATCHDOG_SECONDS + 2.5
SAVED_BEFORE = 0.3  # everything typed this long before the signal must be on disk
KILL_RUNS = 20
ACTIONS = ("SIGHUP", "SIGTERM", "kill-pane")

needs_tmux = pytest.mark.skipif(TMUX is None, reason="tmux not found (.ci/run installs it)")


def command(path: Path, state: Path) -> list[str]:
    # pytest sets COLUMNS, which would pin the app's idea of the terminal's size
    return ["env", "-u", "COLUMNS", "-u", "LINES", f"XDG_STATE_HOME={state}", "TERM=xterm-256color",
            sys.executable, "-m", "postmortem", str(path)]


def process_gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"  # a zombie has ended
    except FileNotFoundError:
        return True
    except OSError:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 0)
            return False
        return True


def wait_gone(pid: int, limit: float = EXIT_LIMIT + 2) -> float:
    """Seconds until the process ended (or limit, when it did not)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process_gone(pid):
            return time.monotonic() - started
        time.sleep(0.02)
    return limit


def wait_for(check: Callable[[], bool], limit: float = 15.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


@dataclass
class Tmux:
    socket: str

    def run(self, *args: str) -> str:
        assert TMUX is not None
        done = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              timeout=10)
        return done.stdout

    def start(self, name: str, path: Path, state: Path) -> Pane:
        line = "exec " + shlex.join(command(path, state))
        # -P: new-session itself says the pane's process, however slow the machine
        pid = int(self.run("new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", name,
                           "-x", "80", "-y", "24", line).strip())
        return Pane(self, name, pid)


@dataclass
class Pane:
    tmux: Tmux
    name: str
    pid: int
    sent: list[tuple[float, str]] = field(default_factory=list)

    def screen(self) -> str:
        return self.tmux.run("capture-pane", "-p", "-t", self.name)

    def wait_ready(self) -> None:
        # keys typed before the first field has the cursor go to it (SectionScreen.on_key)
        assert wait_for(lambda: "opened" in self.screen().split("\n", 1)[0], 30), self.screen()

    def type(self, text: str) -> None:
        self.tmux.run("send-keys", "-t", self.name, "-l", text)
        self.sent.append((time.monotonic(), text))

    def keys(self, *keys: str) -> None:
        self.tmux.run("send-keys", "-t", self.name, *keys)

    def typed_before(self, moment: float) -> str:
        return "".join(text for at, text in self.sent if at <= moment)

    def end(self, action: str) -> None:
        if action == "kill-pane":
            self.tmux.run("kill-pane", "-t", self.name)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, getattr(signal, action))


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    server = Tmux(f"postmortem-test-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    server.run("new-session", "-d", "-s", "keep", "sleep", "600")  # keeps the server up
    socket = server.run("display-message", "-p", "#{socket_path}").strip()
    try:
        yield server
    finally:
        server.run("kill-server")
        if socket:
            Path(socket).unlink(missing_ok=True)


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


# --- type, then hang up / terminate / kill the pane at a random moment -------------------------

@dataclass
class KillRun:
    action: str
    typed_for: float
    seconds_to_exit: float = 0.0
    problems: list[str] = field(default_factory=list)


def one_kill_run(tmux: Tmux, folder: Path, number: int, action: str, typed_for: float) -> KillRun:
    path = folder / f"run{number}.toml"
    run = KillRun(action, typed_for)
    pane = tmux.start(f"run{number}", path, folder / "state")
    pane.wait_ready()
    started = time.monotonic()
    word = 0
    while time.monotonic() - started < typed_for:
        word += 1
        pane.type(f"w{word} ")
        time.sleep(0.04)
    moment = time.monotonic()
    pane.end(action)
    run.seconds_to_exit = wait_gone(pane.pid)
    if run.seconds_to_exit > EXIT_LIMIT:
        run.problems.append(f"still running {run.seconds_to_exit:.1f}s after {action}")
    try:
        title = storage.load(path).title
    except Exception as error:  # the file must always parse; say why it did not
        run.problems.append(f"file does not parse: {error}")
        return run
    must_have = pane.typed_before(moment - SAVED_BEFORE).strip()
    if not title.startswith(must_have):
        run.problems.append(f"lost typing: file has {title!r}, expected {must_have!r}…")
    return run


@needs_tmux
def test_twenty_random_hangups_lose_nothing_and_end_within_3s(tmux: Tmux, tmp_path: Path) -> None:
    chance = random.Random(5)
    plans = [(number, ACTIONS[number % 3], chance.uniform(0.6, 2.2))
             for number in range(KILL_RUNS)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda plan: one_kill_run(tmux, tmp_path, *plan), plans))
    report = [f"{r.action} after {r.typed_for:.2f}s: gone in {r.seconds_to_exit:.2f}s "
              f"{'; '.join(r.problems) or 'ok'}" for r in runs]
    print("\n".join(report))  # shown with -s: the measured exit times
    assert all(not run.problems for run in runs), "\n".join(report)
    assert max(run.seconds_to_exit for run in runs) < EXIT_LIMIT


# --- SIGKILL: the recovery copy, and the offer on the next start ----------------------------------

@needs_tmux
def test_after_sigkill_the_next_start_offers_the_lost_typing(
        tmux: Tmux, tmp_path: Path, state: Path) -> None:
    path = tmp_path / "incident.toml"
    pane = tmux.start("first", path, state)
    pane.wait_ready()
    started = time.monotonic()
    word = 0
    while time.monotonic() - started < 2.0:  # non-stop: the file's autosave never comes due
        word += 1
        pane.type(f"k{word} ")
        time.sleep(0.05)
    moment = time.monotonic()
    lost_at_most_a_second = pane.typed_before(moment - 1.0).strip()
    # On a machine so loaded that the app is still reading the keys, wait until it has them.
    store = RecoveryStore(path, state / "postmortem")
    wait_for(lambda: any(lost_at_most_a_second in copy.read_text("utf-8")
                         for copy in store.folders[0].glob("*.toml")), 10)
    os.kill(pane.pid, signal.SIGKILL)
    assert wait_gone(pane.pid) < 1
    # a new file is written at its first save: non-stop typing may not have come to one
    on_disk = storage.load(path).title if path.exists() else ""
    # the killed process's lock on its copy goes as the kernel closes its files: allow it that
    wait_for(lambda: bool(RecoveryStore(path, state / "postmortem").left_behind()), 5)
    copies = RecoveryStore(path, state / "postmortem").left_behind()
    if not copies:  # a machine so loaded that the keys reached the app after autosave was due
        assert on_disk.startswith(lost_at_most_a_second)
        return
    assert len(copies) == 1
    copy = storage.load(copies[0]).title
    assert copy.startswith(lost_at_most_a_second) and len(copy) > len(on_disk)

    again = tmux.start("second", path, state)
    assert wait_for(lambda: "Unsaved work found" in again.screen()), again.screen()
    again.keys("Enter")
    assert wait_for(lambda: path.exists() and storage.load(path).title == copy, 5), \
        again.screen()
    again.end("SIGTERM")
    assert wait_gone(again.pid) < EXIT_LIMIT
    assert RecoveryStore(path, state / "postmortem").left_behind() == []


# --- a bare pseudo-terminal: exit codes, and a terminal that vanishes without a SIGHUP ------------

@dataclass
class PtyApp:
    process: subprocess.Popen[bytes]
    master: int
    output: bytearray = field(default_factory=bytearray)
    reading: threading.Event = field(default_factory=threading.Event)

    def drain(self) -> None:
        while True:
            self.reading.wait()
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output.extend(data)

    def ready(self) -> bool:
        return b"opened" in self.output


STARTED: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def no_process_left_behind() -> Iterator[None]:
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait(5)


def start_in_pty(path: Path, state: Path) -> PtyApp:
    """The app on a pseudo-terminal that is *not* its controlling terminal: closing the master
    end sends no SIGHUP, so only noticing the dead terminal can end the app."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(command(path, state), stdin=slave, stdout=slave, stderr=slave,
                               start_new_session=True)
    STARTED.append(process)
    os.close(slave)
    app = PtyApp(process, master)
    app.reading.set()
    threading.Thread(target=app.drain, daemon=True).start()
    assert wait_for(app.ready), bytes(app.output[-500:])
    time.sleep(0.3)
    return app


def test_sigterm_saves_restores_the_terminal_and_exits_143(tmp_path: Path, state: Path) -> None:
    path = tmp_path / "incident.toml"
    app = start_in_pty(path, state)
    os.write(app.master, b"Terminated cleanly")
    time.sleep(0.3)
    app.process.send_signal(signal.SIGTERM)
    assert app.process.wait(EXIT_LIMIT) == 128 + signal.SIGTERM
    assert storage.load(path).title == "Terminated cleanly"
    time.sleep(0.1)
    assert b"\x1b[?1049l" in app.output  # left the alternate screen: the terminal is usable
    assert b"Traceback" not in app.output
    os.close(app.master)


def test_a_vanished_terminal_ends_the_app_without_spinning(tmp_path: Path, state: Path) -> None:
    path = tmp_path / "incident.toml"
    app = start_in_pty(path, state)
    os.write(app.master, b"Link dropped")
    time.sleep(0.3)
    os.close(app.master)
    started = time.monotonic()
    app.process.wait(EXIT_LIMIT)
    assert time.monotonic() - started < EXIT_LIMIT
    assert storage.load(path).title == "Link dropped"


def test_bytes_that_are_not_utf8_do_not_crash_the_app(tmp_path: Path, state: Path) -> None:
    path = tmp_path / "incident.toml"
    app = start_in_pty(path, state)
    os.write(app.master, b"caf\xe9 \xff\xfeok")
    time.sleep(0.5)
    assert app.process.poll() is None, bytes(app.output[-800:])
    app.process.send_signal(signal.SIGHUP)
    app.process.wait(EXIT_LIMIT)
    assert storage.load(path).title == "caf\ufffd \ufffd\ufffdok"
    assert b"Traceback" not in app.output
    os.close(app.master)


def main_thread_stuck(pid: int) -> bool:
    """The main thread keeps waiting on a lock (the full output queue), never back in its event
    loop's poll, over half a second."""
    for _sample in range(5):
        try:
            if not Path(f"/proc/{pid}/task/{pid}/wchan").read_text().startswith("futex"):
                return False
        except OSError:
            return False
        time.sleep(0.1)
    return True


def test_a_terminal_that_stops_reading_cannot_keep_the_app_from_saving_and_leaving(
        tmp_path: Path, state: Path) -> None:
    """The terminal stops reading (a frozen link): the app's output backs up until its event
    loop blocks writing. A signal must still save the work and end the process (a thread does
    it when the loop cannot)."""
    path = tmp_path / "incident.toml"
    app = start_in_pty(path, state)
    os.write(app.master, b"Frozen link")
    time.sleep(0.1)
    app.reading.clear()
    for number in range(60):  # resize after resize: full screens of output nobody reads
        rows, columns = (24, 80) if number % 2 else (30, 100)
        fcntl.ioctl(app.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        app.process.send_signal(signal.SIGWINCH)
        time.sleep(0.03)
    assert main_thread_stuck(app.process.pid)
    started = time.monotonic()
    app.process.send_signal(signal.SIGHUP)
    app.process.wait(EXIT_LIMIT)
    assert time.monotonic() - started < EXIT_LIMIT
    assert storage.load(path).title == "Frozen link"
    os.close(app.master)
