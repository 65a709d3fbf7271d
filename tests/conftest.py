"""Shared test set-up: the app keeps recovery copies and its incident-ID counter in the user's
state folder ($XDG_STATE_HOME/postmortem), the shelf's index in the cache folder
($XDG_CACHE_HOME) and reads the user's config.toml ($XDG_CONFIG_HOME/postmortem); tests use
temporary ones instead of the real home's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_state_folder(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    return folder


@pytest.fixture(autouse=True)
def private_config_folder(tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder whose postmortem/config.toml the app reads: empty unless a test writes one."""
    folder = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("POSTMORTEM_CONFIG", raising=False)
    return folder


@pytest.fixture(autouse=True)
def _no_autosave_in_snapshots(request: pytest.FixtureRequest,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A snapshot shows "unsaved changes" after typing, however slowly a loaded machine types
    it: an autosave during the run would put "saved HH:MM:SS" in the picture."""
    if request.module.__name__.rsplit(".", 1)[-1].startswith("test_snapshots"):
        from postmortem.app import keeping

        monkeypatch.setattr(keeping, "AUTOSAVE_IDLE_SECONDS", 3600.0)
        monkeypatch.setattr(keeping, "AUTOSAVE_MAX_SECONDS", 3600.0)


@pytest.fixture
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state folder inside the test's tmp_path, where a test can make it unusable."""
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture
def doc_path(tmp_path: Path) -> Path:
    """A saved post-mortem titled "Checkout down"."""
    from postmortem.document.model import Document
    from postmortem.storage import toml_file as storage

    path = tmp_path / "incident.toml"
    storage.save(Document(title="Checkout down"), path)
    return path
