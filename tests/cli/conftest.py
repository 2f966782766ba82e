"""Fixtures for the `tabby` command line: a hermetic environment, a fake server, a runner.

Every test here runs with the developer's TABBY_* variables removed and the user's state
directory (chat history) pointed into a temporary directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tabby_ext.testing import FakeTabbyServer

from .support import ADMIN_KEY, API_KEY, Tabby


@pytest.fixture(autouse=True)
def hermetic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No TABBY_* from the developer, no NO_COLOR; HOME and the state dir (chat history)
    under tmp_path."""
    for name in list(os.environ):
        if name.startswith("TABBY_"):
            monkeypatch.delenv(name)
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return state


@pytest.fixture
def server() -> Iterator[FakeTabbyServer]:
    with FakeTabbyServer(api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None) as srv:
        yield srv


@pytest.fixture
def tabby(server: FakeTabbyServer) -> Tabby:
    return Tabby(server)
