"""Fixtures for the `tabby` command line: a hermetic environment, a fake server, a runner.

Every test here runs with the developer's TABBY_* variables removed and the user's state
directory (chat history) pointed into a temporary directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import ADMIN_KEY, API_KEY, Tabby

from tabby_ext.testing import FakeTabbyServer


@pytest.fixture(autouse=True)
def cli_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No NO_COLOR; HOME and the state dir (chat history) under tmp_path (the suite's own
    `hermetic` fixture has removed TABBY_* and the proxy variables already)."""
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
