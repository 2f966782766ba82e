"""pytest fixtures for the fake TabbyAPI server (registered through the `pytest11` entry point).

`fake_tabby_server` is a started server with keys "test-api-key" / "test-admin-key" and no
pings; `fake_tabby_server_factory` builds servers with other options, stopped at teardown.
Both answer as the TabbyAPI release `fake_tabby_server_version` names (default: the pinned one);
run a test against every release the fake knows by parametrising that fixture::

    from tabby_ext.testing import SERVER_VERSIONS

    @pytest.mark.parametrize("fake_tabby_server_version", SERVER_VERSIONS)
    def test_chat(fake_tabby_server, fake_tabby_server_version): ...

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
def fake_tabby_server_version() -> str:
    """The `server_version` the fixtures' servers answer as (parametrise it to change it)."""
    from ._versions import DEFAULT_SERVER_VERSION

    return DEFAULT_SERVER_VERSION


@pytest.fixture
def fake_tabby_server_factory(
    fake_tabby_server_version: str,
) -> Iterator[Callable[..., FakeTabbyServer]]:
    """Call with FakeTabbyServer keyword arguments (keys, ping_interval=None and
    server_version=`fake_tabby_server_version` by default)."""
    from . import FakeTabbyServer

    servers: list[FakeTabbyServer] = []

    def start(**options: Any) -> FakeTabbyServer:
        options.setdefault("api_key", API_KEY)
        options.setdefault("admin_key", ADMIN_KEY)
        options.setdefault("ping_interval", None)
        options.setdefault("server_version", fake_tabby_server_version)
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
