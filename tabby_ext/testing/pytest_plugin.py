"""pytest fixtures for the fake TabbyAPI server (registered through the `pytest11` entry point).

`fake_tabby_server` is a started server with keys "test-api-key" / "test-admin-key" and no
pings; `fake_tabby_server_factory` builds servers with other options, stopped at teardown.
Importing this module needs nothing beyond pytest: the server is imported when a fixture runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ._server import FakeTabbyServer

API_KEY = "test-api-key"
ADMIN_KEY = "test-admin-key"


@pytest.fixture
def fake_tabby_server_factory() -> Iterator[Callable[..., FakeTabbyServer]]:
    """Call with FakeTabbyServer keyword arguments (keys and ping_interval=None by default)."""
    from . import FakeTabbyServer

    servers: list[FakeTabbyServer] = []

    def start(**options: Any) -> FakeTabbyServer:
        options.setdefault("api_key", API_KEY)
        options.setdefault("admin_key", ADMIN_KEY)
        options.setdefault("ping_interval", None)
        server = FakeTabbyServer(**options).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def fake_tabby_server(
    fake_tabby_server_factory: Callable[..., FakeTabbyServer],
) -> FakeTabbyServer:
    """A running fake TabbyAPI server with the default models, keys test-api-key/test-admin-key."""
    return fake_tabby_server_factory()
