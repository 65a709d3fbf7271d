"""Time from process start to the first complete frame, in a real terminal (tmux).

One private tmux server (its own socket, no user config) holds a session sized 80x24 with the
status bar off. A control-mode client (``tmux -C``) sends the commands and reads the pane, so
polling costs no fork per look. Each run opens a fresh window running the command, polls
``capture-pane`` until the expected text is on screen, reads the process's peak RSS and CPU
time (its children's included), optionally sends a key and polls until the key shows, then
ends the process (by its pid) and closes the window.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Screen = list[str]
Check = Callable[[Screen], bool]


class TmuxError(RuntimeError):
    pass


@dataclass
class Session:
    rss_at_first_frame_kib: int | None
    peak_rss_kib: int | None  # the process's VmHWM at the end of the session
    cpu_seconds: float | None


@dataclass
class Frame:
    seconds: float  # from sending the command to the first complete frame on screen
    peak_rss_kib: int | None  # the process's VmHWM at that moment
    # CPU time its threads and any child processes had used by then: robust to a busy machine
    cpu_seconds: float | None
    # from sending the command to the first key, sent at the first frame, showing on screen
    key_seconds: float | None = None


def available() -> bool:
    return shutil.which("tmux") is not None


class Tmux:
    def __init__(self, width: int = 80, height: int = 24) -> None:
        self.width, self.height = width, height
        self.socket = f"pm-bench-{os.getpid()}"
        self.session_name = "bench"
        base = ["tmux", "-L", self.socket]
        subprocess.run(
            [*base, "-f", "/dev/null", "new-session", "-d", "-s", self.session_name,
             "-x", str(width), "-y", str(height), "sleep 86400"],
            check=True, stdin=subprocess.DEVNULL,
        )
        self._control = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", self.session_name],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", errors="replace", bufsize=1,
        )
        try:
            self._sync()
            # (window-size manual would be the obvious choice, but tmux 3.3a crashes on
            # new-window with it; a control client takes no part in sizing, so default-size
            # holds anyway.)
            for option in ("status off", "remain-on-exit on", f"default-size {width}x{height}"):
                self.command(f"set-option -g {option}")
            self._wait_attached()
            with contextlib.suppress(TmuxError):  # only saves reading the panes' output
                self.command("refresh-client -f no-output")
        except BaseException:
            self.close()
            raise

    # --- control mode ----------------------------------------------------------------------

    def _sync(self) -> None:
        marker = f"sync-{time.monotonic_ns()}"
        assert self._control.stdin is not None
        self._control.stdin.write(f"display-message -p {marker}\n")
        self._control.stdin.flush()
        while marker not in self._read_block():
            pass

    def _wait_attached(self, timeout: float = 5.0) -> None:
        """Commands sent at once may run before the control client is attached."""
        deadline = time.monotonic() + timeout
        while self.command("display-message -p '#{client_name}'") in ([], [""]):
            if time.monotonic() > deadline:
                raise TmuxError("the tmux control client did not attach")
            time.sleep(0.01)

    def _read_block(self) -> list[str]:
        stdout = self._control.stdout
        assert stdout is not None
        lines: list[str] = []
        inside = ours = False
        while True:
            line = stdout.readline()
            if not line:
                raise TmuxError("the tmux control client exited")
            line = line.rstrip("\n")
            if not inside:
                # "%begin TIME NUMBER FLAGS": flags 1 marks the reply to one of our commands;
                # the reply to the attach itself (flags 0) may come at any point.
                inside = line.startswith("%begin ")
                ours = inside and line.split()[-1] == "1"
                continue
            if line.startswith(("%end ", "%error ")):
                inside = False
                if not ours:
                    lines = []
                    continue
                if line.startswith("%error "):
                    raise TmuxError("\n".join(lines) or "tmux command failed")
                return lines
            lines.append(line)

    def command(self, text: str) -> list[str]:
        """Run one tmux command and return its output lines."""
        assert self._control.stdin is not None
        self._control.stdin.write(text + "\n")
        self._control.stdin.flush()
        return self._read_block()

    def capture(self, pane: str) -> Screen:
        return self.command(f"capture-pane -p -t {pane}")

    # --- one timed run -----------------------------------------------------------------------

    def first_frame(self, argv: list[str], check: Check, *, env: Mapping[str, str] | None = None,
                    cwd: str | None = None, timeout: float = 30.0,
                    key: str | None = None) -> Frame:
        """Start argv in a fresh 80x24 window; time until check(screen) holds. With key: send
        it the moment the frame is seen, and time until it shows (one more of it on screen)."""
        pane, pid, start = self._start(argv, env, cwd)
        try:
            while True:
                screen = self.capture(pane)
                now = time.perf_counter()
                if check(screen):
                    frame = Frame(now - start, _peak_rss_kib(pid), _cpu_seconds(pid))
                    if key is not None:
                        frame.key_seconds = self._key_shown(pane, pid, key, screen, start,
                                                            timeout) - start
                    return frame
                self._still_running(pane, argv, screen, start, timeout)
                time.sleep(0.002)
        finally:
            self._end(pane, pid)

    def session(self, argv: list[str], check: Check, steps: list[tuple[str, Check]], *,
                env: Mapping[str, str] | None = None, cwd: str | None = None,
                timeout: float = 60.0) -> Session:
        """Start argv in a fresh 80x24 window and wait for check(screen); then, step by step,
        send each step's keys (tmux key names, space-separated) and wait until its check holds;
        then wait until the process is idle (its CPU time still for a while: autosave, the
        review) and read its peak RSS."""
        pane, pid, start = self._start(argv, env, cwd)
        try:
            self._wait_for(pane, check, argv[-1], start, timeout)
            at_first_frame = _status_kib(pid, "VmRSS:")
            for keys, shown in steps:
                self.command(f"send-keys -t {pane} {keys}")
                self._wait_for(pane, shown, f"after {keys}", start, timeout)
            _wait_until_idle(pid, start + timeout)
            return Session(at_first_frame, _peak_rss_kib(pid), _cpu_seconds(pid))
        finally:
            self._end(pane, pid)

    def _start(self, argv: list[str], env: Mapping[str, str] | None,
               cwd: str | None) -> tuple[str, int, float]:
        command = "exec " + shlex.join(argv)
        if "'" in command:
            raise TmuxError(f"cannot quote {command!r} for tmux")
        options = "".join(f" -e {name}={value}" for name, value in (env or {}).items())
        if cwd:
            options += f" -c {cwd}"
        start = time.perf_counter()
        pane, pid_text = self.command(
            f"new-window -d -t {self.session_name} -P -F '#{{pane_id}} #{{pane_pid}}'"
            f"{options} '{command}'")[0].split()
        return pane, int(pid_text), start

    def _wait_for(self, pane: str, check: Check, what: str, start: float,
                  timeout: float) -> None:
        while True:
            screen = self.capture(pane)
            if check(screen):
                return
            self._still_running(pane, [what], screen, start, timeout)
            time.sleep(0.01)

    def _key_shown(self, pane: str, pid: int, key: str, screen: Screen, start: float,
                   timeout: float) -> float:
        """Send key (a character) to the pane and return when one more of it is on screen."""
        before = "\n".join(screen).count(key)
        self.command(f"send-keys -t {pane} -l {shlex.quote(key)}")
        while True:
            screen = self.capture(pane)
            now = time.perf_counter()
            if "\n".join(screen).count(key) > before:
                return now
            self._still_running(pane, [f"key {key!r}"], screen, start, timeout)
            time.sleep(0.002)

    def _still_running(self, pane: str, argv: list[str], screen: Screen, start: float,
                       timeout: float) -> None:
        if time.perf_counter() - start > timeout or self._dead(pane):
            shown = "\n".join(screen).strip() or "(blank screen)"
            raise TmuxError(f"{argv[-1]}: expected text never appeared:\n{shown}")

    def _dead(self, pane: str) -> bool:
        return self.command(f"display-message -p -t {pane} '#{{pane_dead}}'") == ["1"]

    def _end(self, pane: str, pid: int) -> None:
        for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and not self._dead(pane):
                time.sleep(0.01)
            if self._dead(pane):
                break
        self.command(f"kill-window -t {pane}")

    def close(self) -> None:
        with contextlib.suppress(TmuxError, OSError):
            self.command("kill-server")
        if self._control.stdin is not None:
            with contextlib.suppress(OSError):
                self._control.stdin.close()
        try:
            self._control.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._control.kill()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    def __enter__(self) -> Tmux:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _peak_rss_kib(pid: int) -> int | None:
    return _status_kib(pid, "VmHWM:")


def _status_kib(pid: int, field: str) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _wait_until_idle(pid: int, deadline: float, still: float = 1.0) -> None:
    """Until the process has used (next to) no CPU for `still` seconds, or the deadline."""
    last, since = _cpu_seconds(pid) or 0.0, time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        now = _cpu_seconds(pid) or 0.0
        if now - last > 0.005:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= still:
            return


def _cpu_seconds(pid: int) -> float | None:
    """Time on CPU of the process's threads, and of its child processes: those still running
    (schedstat, in ns) and those that ended and were waited for (cutime and cstime, in clock
    ticks); None where there is no such record."""
    try:
        total = _threads_cpu_ns(pid) / 1e9 + _waited_children_cpu(pid)
        for child in _children(pid):
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += _cpu_seconds(child) or 0.0
    except (OSError, ValueError, IndexError):
        return None
    return total


def _threads_cpu_ns(pid: int) -> int:
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as stat:
            total += int(stat.read().split()[0])
    return total


def _waited_children_cpu(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()  # after the command name, which may
    cutime, cstime = int(fields[13]), int(fields[14])  # hold spaces: fields 16 and 17
    return (cutime + cstime) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError), \
                open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as children:
            found += [int(child) for child in children.read().split()]
    return found


def shows(*texts: str, bottom_row: bool = False) -> Check:
    """A check: every text is on screen (and, with bottom_row, the last row is drawn)."""

    def check(screen: Screen) -> bool:
        joined = "\n".join(screen)
        if not all(text in joined for text in texts):
            return False
        return not bottom_row or (len(screen) >= 1 and bool(screen[-1].strip()))

    return check
