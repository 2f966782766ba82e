"""Fixtures of the whole suite: a hermetic environment, the fake TabbyAPI server, a driver
that runs each test body once with `Tabby` and once with `AsyncTabby`.

Helpers live in `tests/support/`; no test module imports another.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from support.driver import ADMIN_KEY, API_KEY, Driver, fast_retry

from tabby_ext.testing import FakeTabbyServer

#: Environment the client reads, or httpx and urllib read for it: never the developer's.
AMBIENT = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR")


@pytest.fixture(autouse=True)
def hermetic(monkeypatch: pytest.MonkeyPatch) -> None:
    """No `TABBY_*`, no `OTEL_*` (content capture, exporters, propagators) and no proxy or
    certificate variables from the developer's shell."""
    for name in list(os.environ):
        if name.startswith(("TABBY_", "OTEL_")) or name.upper() in AMBIENT:
            monkeypatch.delenv(name)


@pytest.fixture
def server(fake_tabby_server_version: str) -> Iterator[FakeTabbyServer]:
    """The fake, answering as the TabbyAPI version `fake_tabby_server_version` names (the
    pytest plugin's fixture: the pinned one unless a test parametrises it, see
    `support.servers.every_server`)."""
    with FakeTabbyServer(
        api_key=API_KEY,
        admin_key=ADMIN_KEY,
        ping_interval=None,
        server_version=fake_tabby_server_version,
    ) as srv:
        yield srv


@pytest.fixture(params=["sync", "async"])
def drive(request: pytest.FixtureRequest) -> Iterator[Driver]:
    driver = Driver(request.param)
    yield driver
    driver.close()


@pytest.fixture
def client(drive: Driver, server: FakeTabbyServer) -> Any:
    return drive.client(
        base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, retry=fast_retry()
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("real", "the opt-in suite against a real TabbyAPI (tests/real)")
    group.addoption("--real-url", default="", help="a running TabbyAPI, e.g. the harness's")
    group.addoption("--real-api-key", default="test-api-key")
    group.addoption("--real-admin-key", default="test-admin-key")
    group.addoption(
        "--real-server",
        default="auto",
        choices=("auto", "e632af4", "436ce75", "litellm"),
        help="what --real-url is: TabbyAPI e632af4 (the pinned spec), the older 436ce75, or a"
        " LiteLLM proxy in front of e632af4; auto (default) tells them apart by /openapi.json",
    )


def pytest_ignore_collect(collection_path: Any, config: pytest.Config) -> bool | None:
    """tests/real runs only when given a server (`make test-real URL=...`)."""
    if collection_path.name == "real" and not config.getoption("real_url"):
        return True
    return None
