"""`postmortem serve`: the same app in a web browser. Tested in a real one: Debian's headless
Chromium, driven by selenium, opens the page on 127.0.0.1, types into the Executive Summary
through it, and the text is found in the saved TOML; F4 there downloads the Markdown. A
screenshot of the page is kept in build/artifacts/."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from programs import program, require

from postmortem import cli
from postmortem.app import preferences
from postmortem.cli.serve import app_command, is_loopback
from postmortem.storage.toml_file import load

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "artifacts"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--window-size=1280,800")


def wait_for(check: Callable[[], object], limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up after {limit:.0f}s waiting for {what}")


# --- the command ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.8.9.1", True), ("::1", True), ("localhost", True),
    ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False),
])
def test_only_this_machines_own_addresses_count_as_private(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


class FakeServer:
    """textual-serve's Server, recording how it was asked to serve instead of serving."""

    made: list[dict[str, Any]] = []

    def __init__(self, command: str, **options: Any) -> None:
        FakeServer.made.append({"command": command, **options})

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    from textual_serve import server

    FakeServer.made = []
    monkeypatch.setattr(server, "Server", FakeServer)
    return FakeServer.made


def test_serve_binds_to_127_0_0_1_by_default_and_says_nothing(
        tmp_path: Path, fake_server: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", str(tmp_path / "x.toml")]) == 0
    [made] = fake_server
    assert (made["host"], made["port"]) == ("127.0.0.1", 8000)
    assert made["command"] == app_command(tmp_path / "x.toml")
    assert made["command"].endswith(f"-m postmortem open {tmp_path / 'x.toml'}")
    assert capsys.readouterr().err == ""


def test_serving_beyond_this_machine_warns_that_the_page_has_no_login(
        tmp_path: Path, fake_server: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", str(tmp_path), "--host", "0.0.0.0", "--port", "9001"]) == 0
    assert fake_server[0]["host"] == "0.0.0.0"
    assert capsys.readouterr().err == (
        "postmortem: warning: serving on 0.0.0.0:9001. The page has no login: anyone who can "
        "reach this address can read and change the post-mortem.\n")


def test_a_broken_file_is_refused_before_serving(
        tmp_path: Path, fake_server: list[dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.toml"
    path.write_text('title = "x"\n[incident]\nseverity = 5\n', "utf-8")
    assert cli.main(["serve", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}:3: incident.severity: ")
    assert cli.main(["serve", str(tmp_path / "no" / "x.toml")]) == 2
    assert fake_server == []


def test_a_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "postmortem", "serve", str(tmp_path), "--port", str(port)],
            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"postmortem: cannot listen on 127.0.0.1:{port}: " in result.stderr
    assert "Traceback" not in result.stderr


def test_the_apps_own_driver_only_on_a_unix_terminal_without_textual_driver(
        monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    monkeypatch.setattr(sys, "__stdin__", Terminal())
    own = preferences.driver_class()
    assert own is not None and own.__name__ == "SturdyDriver"
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert preferences.driver_class() is None  # Textual then takes the one the variable names
    monkeypatch.delenv("TEXTUAL_DRIVER")
    monkeypatch.setattr(sys, "__stdin__", io.StringIO())
    assert preferences.driver_class() is None


# --- in a real browser ---------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`postmortem serve FILE` on a free port of 127.0.0.1: the page's address and FILE."""
    path = tmp_path / "served" / "incident.toml"
    path.parent.mkdir()
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below, after the server
    server = subprocess.Popen(
        [sys.executable, "-m", "postmortem", "serve", str(path), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: _accepts(port) or server.poll() is not None, 30, "the server")
        assert server.poll() is None, (tmp_path / "serve.log").read_text()
        yield f"http://127.0.0.1:{port}/", path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGINT)  # the server, and each page's app with it
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(5)
        log.close()


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    chromium = program("chromium", "chromium")
    chromedriver = program("chromedriver", "chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require(False, "selenium is not installed: make installs it from requirements-dev.txt")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def screen_digest(driver: Any) -> str:
    return hashlib.sha256(driver.get_screenshot_as_png()).hexdigest()


def settled_screen(driver: Any, limit: float = 15) -> str:
    """The digest of the page once two screenshots in a row are the same."""
    last = screen_digest(driver)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = screen_digest(driver)
        if now == last:
            return now
        last = now
    raise AssertionError(f"the page kept changing for {limit:.0f}s")


def press(driver: Any, *keys: str) -> None:
    """Type into the page's terminal, as a person at the keyboard would."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea").send_keys(*keys)


def test_the_page_edits_the_post_mortem_and_downloads_its_markdown(
        browser: Any, served: tuple[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    url, path = served
    browser.get(url)
    wait_for(lambda: browser.execute_script(
        "return document.body.classList.contains('-first-byte')"), 30, "the app's first frame")
    shown = settled_screen(browser)
    press(browser, Keys.F6)  # to the Executive Summary, the cursor in its text
    wait_for(lambda: screen_digest(browser) != shown, 15, "the Executive Summary to be shown")
    typed = "Typed in a browser: checkout failed for 3 hours."
    press(browser, typed)
    wait_for(lambda: path.exists() and load(path).executive_summary == typed, 20,
             "the typed text in the saved TOML")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "serve-executive-summary.png"))

    press(browser, Keys.F4)  # in a browser: the Markdown comes as a download
    markdown = browser.downloads / "incident.md"
    wait_for(lambda: markdown.exists() and typed in markdown.read_text("utf-8"), 20,
             "the Markdown download")
    assert markdown.read_text("utf-8").startswith("# Post-Mortem: ")
    assert not path.with_suffix(".md").exists()  # nothing written on the server's disk
