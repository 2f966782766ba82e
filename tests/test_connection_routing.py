"""What carries a client's requests (`connections`): its own pool, a proxy per origin, the
caller's transport or borrowed client; which hosts skip a proxy. Decisions tested directly,
then a borrowed client's default headers on a real request."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tabby_ext import AsyncTabby, Tabby
from tabby_ext._async.connections import (
    LIMITS,
    AsyncBorrowedClient,
    AsyncProxyRouter,
    open_transport,
)
from tabby_ext._async.http11 import AsyncHTTP11Pool
from tabby_ext._config import is_loopback
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"


@pytest.fixture(autouse=True)
def no_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    yield


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("api.localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost.example", False),
        ("mylocalhost", False),
        ("10.0.0.1", False),
        ("tabby.internal", False),
        ("::2", False),
    ],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_the_pool_keeps_100_connections_20_idle_for_2_seconds() -> None:
    assert (
        httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=2.0)
        == LIMITS
    )


def test_the_proxy_is_picked_by_scheme_then_all() -> None:
    proxies = {"http": "http://p-http:1", "all": "http://p-all:1"}
    router = AsyncProxyRouter(AsyncHTTP11Pool(), proxies, from_environment=False)
    assert router.proxy_for(httpx.URL("http://tabby/x")) == "http://p-http:1"
    assert router.proxy_for(httpx.URL("https://tabby/x")) == "http://p-all:1"
    none = AsyncProxyRouter(AsyncHTTP11Pool(), {"http": "http://p:1"}, from_environment=False)
    assert none.proxy_for(httpx.URL("https://tabby/x")) is None


def test_a_given_proxy_is_used_even_for_loopback() -> None:
    router = AsyncProxyRouter(AsyncHTTP11Pool(), {"all": "http://p:1"}, from_environment=False)
    assert router.proxy_for(httpx.URL("http://127.0.0.1:5000/")) == "http://p:1"
    assert router.proxy_for(httpx.URL("http://localhost/")) == "http://p:1"


def test_environment_proxies_skip_loopback_and_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "internal.example")
    proxies = {"all": "http://p:1", "no": "internal.example"}
    router = AsyncProxyRouter(AsyncHTTP11Pool(), proxies, from_environment=True)
    assert router.proxy_for(httpx.URL("http://127.0.0.1:5000/")) is None
    assert router.proxy_for(httpx.URL("http://localhost/")) is None
    assert router.proxy_for(httpx.URL("http://internal.example/")) is None
    assert router.proxy_for(httpx.URL("http://tabby.example/")) == "http://p:1"


def test_routes_are_decided_once_per_scheme_and_host(monkeypatch: pytest.MonkeyPatch) -> None:
    router = AsyncProxyRouter(AsyncHTTP11Pool(), {"all": "http://p:1"}, from_environment=True)
    assert router.proxy_for(httpx.URL("http://tabby.example/a")) == "http://p:1"
    monkeypatch.setenv("NO_PROXY", "tabby.example")  # read once: later changes do not count
    assert router.proxy_for(httpx.URL("http://tabby.example/b")) == "http://p:1"
    assert router.proxy_for(httpx.URL("http://tabby.example:8080/c")) == "http://p:1"


def test_what_carries_the_requests_and_who_closes_it() -> None:
    own, owned = open_transport(
        proxy=None, environment_proxies={}, transport=None, http_client=None
    )
    assert type(own) is AsyncHTTP11Pool and owned is True
    assert own.limits == LIMITS
    only_no = {"no": "x"}
    plain, _ = open_transport(
        proxy=None, environment_proxies=only_no, transport=None, http_client=None
    )
    assert type(plain) is AsyncHTTP11Pool
    proxied, owned = open_transport(
        proxy="http://p:1", environment_proxies={}, transport=None, http_client=None
    )
    assert type(proxied) is AsyncProxyRouter and owned is True
    assert proxied.proxy_for(httpx.URL("http://127.0.0.1/")) == "http://p:1"
    environment, owned = open_transport(
        proxy=None, environment_proxies={"https": "http://p:2"}, transport=None, http_client=None
    )
    assert type(environment) is AsyncProxyRouter and owned is True
    assert environment.proxy_for(httpx.URL("https://tabby.example/")) == "http://p:2"
    assert environment.proxy_for(httpx.URL("https://127.0.0.1/")) is None
    given = httpx.AsyncHTTPTransport()
    assert open_transport(
        proxy=None, environment_proxies={}, transport=given, http_client=None
    ) == (given, False)
    borrowed_client = httpx.AsyncClient()
    borrowed, owned = open_transport(
        proxy=None, environment_proxies={}, transport=None, http_client=borrowed_client
    )
    assert type(borrowed) is AsyncBorrowedClient and borrowed.client is borrowed_client
    assert owned is True  # the wrapper is ours; closing it leaves the client open


def test_a_borrowed_clients_headers_fill_in_what_the_request_lacks() -> None:
    with FakeTabbyServer(api_key=API_KEY, ping_interval=None) as server:
        headers = {"x-team": "infra", "user-agent": "theirs", "x-api-key": "not-this"}
        with (
            httpx.Client(headers=headers) as mine,
            Tabby(base_url=server.url, api_key=API_KEY, http_client=mine) as client,
        ):
            client.health.check()
            client.close()
            assert not mine.is_closed
        sent = server.requests[-1].headers
        assert sent["x-team"] == "infra"
        assert sent["user-agent"] == "tabbyapi-python"  # the request's own header wins


def test_a_borrowed_async_client_is_left_open() -> None:
    import asyncio

    async def run() -> None:
        with FakeTabbyServer(api_key=API_KEY, ping_interval=None) as server:
            async with httpx.AsyncClient(headers={"x-team": "infra"}) as mine:
                client = AsyncTabby(base_url=server.url, api_key=API_KEY, http_client=mine)
                async with client:
                    await client.health.check()
                assert not mine.is_closed
                assert server.requests[-1].headers["x-team"] == "infra"

    asyncio.run(run())
