"""Shared test set-up: the app keeps recovery copies in the user's state folder
($XDG_STATE_HOME/postmortem) and the shelf's index in the cache folder ($XDG_CACHE_HOME);
tests keep theirs in temporary ones instead of the real home."""

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
