"""Connections the caller owns, proxies, and configuration errors (RELIABILITY.md §14-§16).

`http_client=` is borrowed (never changed; each client keeps its keys, retries and timeout on
every route the caller's client takes), `transport=` is wrapped like the client's own pool, and
proxies come from `proxy=` or the environment, with credentials stripped on every foreign hop.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from support.driver import ADMIN_KEY, API_KEY, FAST_RETRY, Driver
from support.proxy import ForwardProxy

from tabby_ext import (
    APIConnectionError,
    AsyncTabby,
    AuthenticationError,
    ConfigurationError,
    InternalServerError,
    Tabby,
)
from tabby_ext.testing import FakeTabbyServer

CREDENTIALS = ("x-api-key", "x-admin-key", "authorization")


def http_client(drive: Driver, **options: Any) -> Any:
    cls = httpx.AsyncClient if drive.kind == "async" else httpx.Client
    client = cls(**options)
    drive.closers.append(client)
    return client


def state_of(client: httpx.Client | httpx.AsyncClient) -> tuple[Any, ...]:
    """Everything a wrapper could be tempted to change on a caller's client."""
    return (
        client._transport,
        client._mounts,
        client.auth,
        client.base_url,
        client.headers.copy(),
        client.timeout,
        copy.copy(client.event_hooks),
        client.follow_redirects,
    )


# ---- http_client= is borrowed ---------------------------------------------------------------


def test_a_borrowed_client_is_never_changed_and_each_facade_keeps_its_keys(
    drive: Driver, server: FakeTabbyServer
) -> None:
    seen: list[str] = []

    def hook(request: httpx.Request) -> None:
        seen.append(request.url.path)

    async def async_hook(request: httpx.Request) -> None:
        hook(request)

    shared = http_client(
        drive,
        headers={"x-caller": "1"},
        event_hooks={"request": [async_hook if drive.kind == "async" else hook]},
    )
    before = state_of(shared)
    keys = {"api_key": API_KEY, "admin_key": ADMIN_KEY}
    admin = drive.client(base_url=server.url, http_client=shared, **keys)
    plain = drive.client(base_url=server.url, api_key=API_KEY, http_client=shared)
    assert state_of(shared) == before
    assert drive(admin.auth.get_permission()).permission == "admin"
    assert drive(plain.auth.get_permission()).permission == "api"
    assert drive(admin.auth.get_permission()).permission == "admin"  # not the last one's keys
    assert seen == ["/v1/auth/permission"] * 3  # the caller's hooks run
    assert server.requests[-1].headers["x-caller"] == "1"  # and its default headers go along
    quick = admin.with_options(timeout=2)
    assert drive(quick.auth.get_permission()).permission == "admin"
    assert seen[-1] == "/v1/auth/permission" and len(seen) == 4  # the copy keeps the client
    drive(admin.close() if drive.kind == "sync" else admin.aclose())
    assert not shared.is_closed  # borrowed: closing the facade leaves it open
    assert state_of(shared) == before


def test_two_facades_on_one_client_each_retry_once_per_attempt(
    drive: Driver, server: FakeTabbyServer
) -> None:
    shared = http_client(drive)
    first = drive.client(base_url=server.url, api_key=API_KEY, http_client=shared, retry=FAST_RETRY)
    drive.client(base_url=server.url, api_key=API_KEY, http_client=shared, retry=FAST_RETRY)
    server.inject("/v1/models", status=502, times=10)
    with pytest.raises(Exception, match="502"):
        drive(first.models.list())
    assert len([r for r in server.requests if r.path == "/v1/models"]) == 3  # not 9


def test_a_borrowed_clients_timeout_is_kept_unless_one_is_given(
    drive: Driver, server: FakeTabbyServer
) -> None:
    default = drive.client(base_url=server.url, http_client=http_client(drive))
    assert default._http.timeout.read == 600.0  # not httpx's 5 s
    configured = drive.client(
        base_url=server.url, http_client=http_client(drive, timeout=httpx.Timeout(42.0))
    )
    assert configured._http.timeout.read == 42.0
    given = drive.client(
        base_url=server.url, timeout=7, http_client=http_client(drive, timeout=42.0)
    )
    assert given._http.timeout.read == 7.0


def test_transport_is_wrapped_with_auth_redirect_stripping_and_retries(drive: Driver) -> None:
    attempts: list[tuple[str, dict[str, str]]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        attempts.append((str(request.url), dict(request.headers)))
        if request.url.path == "/v1/models":
            return httpx.Response(200, json={"object": "list", "data": []})
        if request.url.host == "tabby.test" and len(attempts) == 1:
            return httpx.Response(502)
        if request.url.host == "tabby.test":
            return httpx.Response(307, headers={"location": "http://elsewhere.test/health"})
        return httpx.Response(200, json={"status": "healthy", "issues": []})

    transport = httpx.MockTransport(answer)
    client = drive.client(
        base_url="http://tabby.test", api_key=API_KEY, transport=transport, retry=FAST_RETRY
    )
    assert drive(client.health.check()).status == "healthy"
    assert [url for url, _ in attempts] == [
        "http://tabby.test/health",
        "http://tabby.test/health",
        "http://elsewhere.test/health",
    ]
    assert not {name for name in attempts[-1][1] if name in CREDENTIALS}
    drive(client.models.list())
    assert attempts[-1][1]["x-api-key"] == API_KEY


def test_transport_and_http_client_are_exclusive() -> None:
    with pytest.raises(ConfigurationError, match="not both"):
        mock = httpx.MockTransport(lambda r: httpx.Response(200))
        Tabby(transport=mock, http_client=httpx.Client())
    with pytest.raises(ConfigurationError, match="proxy"):
        AsyncTabby(proxy="http://127.0.0.1:3128", http_client=httpx.AsyncClient())


# ---- proxies ----------------------------------------------------------------------------------


def test_proxy_option_routes_everything_and_strips_keys_on_a_foreign_hop(
    drive: Driver, server: FakeTabbyServer
) -> None:
    with FakeTabbyServer(ping_interval=None) as other, ForwardProxy() as proxy:
        keys = {"api_key": API_KEY, "admin_key": ADMIN_KEY}
        client = drive.client(base_url=server.url, proxy=proxy.url, **keys)
        assert drive(client.models.list()).data
        assert proxy.seen[-1].url == f"{server.url}/v1/models"
        assert proxy.seen[-1].headers["x-admin-key"] == ADMIN_KEY
        server.inject("/health", redirect_to=f"{other.url}/health")
        assert drive(client.health.check()).status == "healthy"
        hop = proxy.seen[-1]
        assert hop.url == f"{other.url}/health"
        assert not {name for name in hop.headers if name in CREDENTIALS}


def test_environment_proxies_are_used_except_for_loopback_and_no_proxy(
    drive: Driver, server: FakeTabbyServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = server.url.rsplit(":", 1)[1]
    with ForwardProxy(resolve={"tabby.test": "127.0.0.1"}) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        named = drive.client(base_url=f"http://tabby.test:{port}", api_key=API_KEY)
        assert drive(named.health.check()).status == "healthy"
        assert proxy.seen[-1].url == f"http://tabby.test:{port}/health"
        loopback = drive.client(base_url=server.url, api_key=API_KEY)
        count = len(proxy.seen)
        assert drive(loopback.health.check()).status == "healthy"
        assert len(proxy.seen) == count  # loopback is never proxied
        monkeypatch.setenv("NO_PROXY", "tabby.test")
        bypassed = drive.client(base_url=f"http://tabby.test:{port}", max_retries=0)
        with pytest.raises(APIConnectionError, match=r"cannot connect to http://tabby\.test"):
            drive(bypassed.health.check())  # direct, and only the proxy knows that name
        assert len(proxy.seen) == count


def test_a_borrowed_client_with_a_proxy_gets_stripping_and_retries(
    drive: Driver, server: FakeTabbyServer
) -> None:
    with FakeTabbyServer(ping_interval=None) as other, ForwardProxy() as proxy:
        via = http_client(drive, proxy=proxy.url)
        client = drive.client(
            base_url=server.url, api_key=API_KEY, http_client=via, retry=FAST_RETRY
        )
        server.inject("/v1/models", status=502, times=1)
        assert drive(client.models.list()) is not None
        assert [s.url for s in proxy.seen].count(f"{server.url}/v1/models") == 2
        server.inject("/health", redirect_to=f"{other.url}/health")
        drive(client.health.check())
        assert proxy.seen[-1].url == f"{other.url}/health"
        assert not {name for name in proxy.seen[-1].headers if name in CREDENTIALS}


# ---- configuration errors at construction -----------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"base_url": "localhost:5000"}, "needs a scheme and a host"),
        ({"base_url": "127.0.0.1:5000"}, "needs a scheme and a host"),
        ({"base_url": "ftp://tabby"}, "needs a scheme and a host"),
        ({"base_url": "http://tabby:5000/?x=1"}, "query"),
        ({"api_key": "key\n"}, "api_key= has whitespace"),
        ({"admin_key": " key"}, "admin_key= has whitespace"),
        ({"bearer_token": "k\u00e9y"}, "bearer_token= has whitespace, control or non-ASCII"),
        ({"proxy": "proxy:3128"}, "proxy="),
    ],
)
def test_unusable_settings_fail_at_construction(options: dict[str, Any], message: str) -> None:
    for cls in (Tabby, AsyncTabby):
        with pytest.raises(ConfigurationError, match=message) as info:
            cls(**options)
        assert "key\n" not in str(info.value) and "k\u00e9y" not in str(info.value)
        assert isinstance(info.value, ValueError)


def test_a_bad_key_from_the_environment_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABBY_API_KEY", "secret-from-file\n")
    with pytest.raises(ConfigurationError, match="TABBY_API_KEY has whitespace") as info:
        Tabby()
    assert "secret-from-file" not in str(info.value)
    monkeypatch.setenv("TABBY_BASE_URL", "tabby:5000")
    with pytest.raises(ConfigurationError, match="TABBY_BASE_URL"):
        Tabby(api_key="k")


def test_with_options_checks_what_it_changes() -> None:
    with Tabby(base_url="http://127.0.0.1:9") as client:
        with pytest.raises(ConfigurationError, match="base_url="):
            client.with_options(base_url="nowhere")
        with pytest.raises(ConfigurationError, match="api_key="):
            client.with_options(api_key="k\r\n")


# ---- messages that say what to do --------------------------------------------------------------


def test_connection_errors_name_the_address(drive: Driver) -> None:
    client = drive.client(base_url="http://127.0.0.1:9", max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        drive(client.models.get())
    error = info.value
    assert str(error).startswith("models.get: cannot connect to http://127.0.0.1:9")
    assert (error.operation, error.method, error.url) == (
        "models.get",
        "GET",
        "http://127.0.0.1:9/v1/model",
    )


def test_a_base_url_ending_in_v1_gets_a_hint(drive: Driver, server: FakeTabbyServer) -> None:
    client = drive.client(base_url=f"{server.url}/v1", api_key=API_KEY, max_retries=0)
    with pytest.raises(Exception, match=rf"ends in /v1.*use base_url='{server.url}'"):
        drive(client.models.list())


def test_a_rejected_key_is_named(drive: Driver, server: FakeTabbyServer) -> None:
    cases = [
        ({}, "no key configured"),
        ({"api_key": "wrong"}, r"rejected the api key \(set by api_key=\)"),
        ({"admin_key": "wrong"}, "rejected the admin key, sent as the api key"),
    ]
    for keys, hint in cases:
        client = drive.client(base_url=server.url, max_retries=0, **keys)
        with pytest.raises(AuthenticationError, match=hint):
            drive(client.models.get())
    admin = drive.client(base_url=server.url, api_key=API_KEY, admin_key="wrong", max_retries=0)
    with pytest.raises(AuthenticationError, match=r"rejected the admin key \(set by admin_key=\)"):
        drive(admin.models.unload())


def test_a_listings_500_with_a_wrong_admin_key_says_so_and_is_not_retried(
    drive: Driver, server: FakeTabbyServer
) -> None:
    keys = {"api_key": API_KEY, "admin_key": "wrong"}
    client = drive.client(base_url=server.url, retry=FAST_RETRY, **keys)
    server.inject("/v1/models", status=500, body="Internal Server Error", times=5)
    with pytest.raises(InternalServerError, match="admin key is wrong") as info:
        drive(client.models.list())
    assert info.value.status_code == 500
    assert len([r for r in server.requests if r.path == "/v1/models"]) == 1


def test_a_generation_naming_a_model_sends_the_admin_key(
    drive: Driver, server: FakeTabbyServer
) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY)
    drive(client.completions.create(prompt="p", max_tokens=1))
    assert "x-admin-key" not in server.requests[-1].headers  # least privilege
    drive(client.completions.create(prompt="p", max_tokens=1, model="Qwen3-4B-exl3"))
    assert server.requests[-1].headers["x-admin-key"] == ADMIN_KEY
    assert server.requests[-1].headers["x-api-key"] == API_KEY
    only_api = drive.client(base_url=server.url, api_key=API_KEY)
    drive(only_api.chat.create(messages=[{"role": "user", "content": "x"}], model="m"))
    assert "x-admin-key" not in server.requests[-1].headers


def test_text_joins_the_first_choice_and_texts_every_choice(drive: Driver, client: Any) -> None:
    stream = client.completions.create_stream(prompt="p", max_tokens=2, n=2)
    texts = drive(drive(stream).atexts() if drive.kind == "async" else drive(stream).texts())
    assert texts == {0: "tok0 tok1", 1: "tok0 tok1 tok2 tok3 tok4 tok5 tok6"}
    again = client.completions.create_stream(prompt="p", max_tokens=2, n=2)
    assert drive.text(again) == "tok0 tok1"


def test_a_key_among_a_borrowed_clients_headers_never_crosses_origins(
    drive: Driver, server: FakeTabbyServer
) -> None:
    with FakeTabbyServer(ping_interval=None) as other:
        shared = http_client(drive, headers={"x-api-key": API_KEY})
        client = drive.client(base_url=server.url, http_client=shared)
        assert drive(client.models.get()).id  # the caller's header is the key here
        server.inject("/health", redirect_to=f"{other.url}/health")
        drive(client.health.check())
        hop = other.requests[-1]
        assert hop.path == "/health" and "x-api-key" not in hop.headers
