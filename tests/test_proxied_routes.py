"""Routes the client does not own end to end: a forward proxy (`proxy=`) is talked to over
kept-alive connections without reading the environment's TLS settings, and a borrowed
`http_client` that follows redirects itself still gets the client's credential stripping on a
foreign hop."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from support.canned import CannedServer, answer

from tabby_ext import AsyncTabby
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"
HEALTHY = answer("200 OK", b'{"status": "healthy", "issues": []}', "application/json")
CREDENTIALS = ("x-api-key", "x-admin-key", "authorization")


def test_requests_through_a_proxy_share_a_kept_alive_connection(drive: Any) -> None:
    with CannedServer(HEALTHY) as proxy:
        client = drive.client(base_url="http://tabby.invalid:5000", proxy=proxy.url)
        for _ in range(3):
            assert drive(client.health.check()).status == "healthy"
    assert proxy.connections == 1
    assert all(r.startswith(b"GET http://tabby.invalid:5000/health ") for r in proxy.requests)


def test_proxied_connections_are_given_up_after_two_idle_seconds() -> None:
    async def run() -> int:
        with CannedServer(HEALTHY) as proxy:
            client = AsyncTabby(base_url="http://tabby.invalid:5000", proxy=proxy.url)
            async with client:
                await client.health.check()
                time.sleep(2.1)  # the pool's keepalive_expiry is 2 s
                await client.health.check()
            return proxy.connections

    assert asyncio.run(run()) == 2


def test_the_proxy_route_does_not_read_tls_settings_from_the_environment(
    drive: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent/ca-bundle.pem")
    with CannedServer(HEALTHY) as proxy:
        client = drive.client(base_url="http://tabby.invalid:5000", proxy=proxy.url)
        assert drive(client.health.check()).status == "healthy"


def test_a_borrowed_client_following_redirects_itself_still_strips_keys(drive: Any) -> None:
    with (
        FakeTabbyServer(api_key=API_KEY, ping_interval=None) as server,
        FakeTabbyServer(ping_interval=None) as other,
    ):
        cls = httpx.AsyncClient if drive.kind == "async" else httpx.Client
        mine = cls(follow_redirects=True)
        drive.closers.append(mine)
        client = drive.client(base_url=server.url, api_key=API_KEY, http_client=mine)
        server.inject("/v1/model", redirect_to=f"{other.url}/v1/model")
        assert drive(client.models.get()) is not None
        (hop,) = [r for r in other.requests if r.path == "/v1/model"]
        assert not {name for name in hop.headers if name in CREDENTIALS}
        assert server.requests[-1].headers["x-api-key"] == API_KEY


def test_closing_the_client_closes_its_connections(drive: Any) -> None:
    with CannedServer(HEALTHY) as server:
        client = drive.client(base_url=server.url)
        copy = client.with_options(timeout=5)
        assert drive(copy.health.check()).status == "healthy"
        drive(copy.aclose() if drive.kind == "async" else copy.close())
        assert drive(client.health.check()).status == "healthy"  # the copy shares, not owns
        drive(client.aclose() if drive.kind == "async" else client.close())
        deadline = time.monotonic() + 5
        while server.closed < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert (server.connections, server.closed) == (1, 1)
