"""TabbyAPI behind a reverse proxy under a path (`base_url="https://host/tabby"`): raw calls
are still recognised by route, so they get their keys and their retry class."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.reverse_proxy import PrefixProxy

from tabby_ext import RetryPolicy
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"
ADMIN_KEY = "test-admin-key"
QUICK = RetryPolicy(initial_backoff=0.01, max_backoff=0.02)


@pytest.fixture
def server() -> Iterator[FakeTabbyServer]:
    with FakeTabbyServer(api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None) as srv:
        yield srv


@pytest.fixture
def proxy(server: FakeTabbyServer) -> Iterator[PrefixProxy]:
    with PrefixProxy(server.url, "/tabby") as front:
        yield front


def raw(drive: Any, proxy: PrefixProxy, method: str, url: str) -> httpx.Response:
    """A raw call (as `tabbyapi_client.api.*` make) through a client at `proxy.url`."""
    client = drive.client(
        base_url=proxy.url + "/", api_key=API_KEY, admin_key=ADMIN_KEY, retry=QUICK
    )
    if drive.kind == "async":
        http = client.raw.get_async_httpx_client()
    else:
        http = client.raw.get_httpx_client()
    response: httpx.Response = drive(http.request(method, url, json={"text": "hi"}))
    return response


def seen(server: FakeTabbyServer, path: str) -> list[Any]:
    return [r for r in server.requests if r.path == path]


def test_the_facade_works_under_a_path(
    drive: Any, server: FakeTabbyServer, proxy: PrefixProxy
) -> None:
    client = drive.client(base_url=proxy.url, api_key=API_KEY, admin_key=ADMIN_KEY, retry=QUICK)
    assert drive(client.health.check()).status == "healthy"
    assert seen(server, "/health")


def test_a_raw_listing_under_a_path_gets_both_keys(
    drive: Any, server: FakeTabbyServer, proxy: PrefixProxy
) -> None:
    assert raw(drive, proxy, "GET", "/v1/models").status_code == 200
    (request,) = seen(server, "/v1/models")
    assert request.headers.get("x-api-key") == API_KEY
    assert request.headers.get("x-admin-key") == ADMIN_KEY


def test_a_raw_admin_call_under_a_path_gets_the_admin_key_only(
    drive: Any, server: FakeTabbyServer, proxy: PrefixProxy
) -> None:
    raw(drive, proxy, "POST", "/v1/template/unload")
    (request,) = seen(server, "/v1/template/unload")
    assert request.headers.get("x-admin-key") == ADMIN_KEY
    assert "x-api-key" not in request.headers


def test_a_raw_read_by_post_under_a_path_is_retried(
    drive: Any, server: FakeTabbyServer, proxy: PrefixProxy
) -> None:
    server.inject("/v1/token/encode", status=502, times=1)
    assert raw(drive, proxy, "POST", "/v1/token/encode").status_code == 200
    assert len(seen(server, "/v1/token/encode")) == 2


def test_a_raw_admin_call_under_a_path_is_not_retried(
    drive: Any, server: FakeTabbyServer, proxy: PrefixProxy
) -> None:
    server.inject("/v1/template/unload", status=502, times=1)
    assert raw(drive, proxy, "POST", "/v1/template/unload").status_code == 502
    assert len(seen(server, "/v1/template/unload")) == 1


def test_a_raw_call_to_another_name_of_the_server_is_classified_by_its_route(
    drive: Any, server: FakeTabbyServer
) -> None:
    # No key goes to `localhost` (not the configured origin), but the route still decides the
    # retry class: a read by POST is retried.
    with PrefixProxy(server.url, "/tabbyX") as front:
        other_name = front.url.replace("127.0.0.1", "localhost")
        server.inject("/v1/token/encode", status=502, times=1)
        assert raw(drive, front, "POST", f"{other_name}/v1/token/encode").status_code == 401
    sent = seen(server, "/v1/token/encode")
    assert len(sent) == 2 and "x-api-key" not in sent[-1].headers
