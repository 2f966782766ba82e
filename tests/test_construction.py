"""One construction path: `__init__`, `with_options()` / `copy()` build the same way from one
configuration, everything that depends on the address derived there; copies share only the
connections. Also: `deepcopy` is refused clearly, `client.raw` failures are this library's
errors, a stream closed from elsewhere ends quietly, an unhealthy server is an answer."""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from support.driver import ADMIN_KEY, API_KEY, Driver

import tabby_ext
from tabby_ext import APIConnectionError, AsyncTabby, Tabby
from tabby_ext.testing import FakeTabbyServer

HI: Any = [{"role": "user", "content": "hi"}]


@pytest.fixture
def other() -> Iterator[FakeTabbyServer]:
    """A second server: a copy of a client moved to another address."""
    with FakeTabbyServer(api_key="other-key", admin_key=ADMIN_KEY, ping_interval=None) as server:
        yield server


def borrowed(drive: Driver) -> Any:
    client = httpx.AsyncClient() if drive.kind == "async" else httpx.Client()
    drive.closers.append(client)
    return client


@pytest.mark.parametrize("connections", ["http_client", "transport", "own pool"])
def test_a_copy_moved_to_another_address_sends_its_keys_there(
    drive: Driver, server: FakeTabbyServer, other: FakeTabbyServer, connections: str
) -> None:
    """Before, a copy of a client on a borrowed http_client sent no key at all: it kept the
    original's key-stripping rule, bound to the original address."""
    extra: dict[str, Any] = {}
    if connections == "http_client":
        extra["http_client"] = borrowed(drive)
    elif connections == "transport":
        extra["transport"] = (
            httpx.AsyncHTTPTransport() if drive.kind == "async" else httpx.HTTPTransport()
        )
        drive.closers.append(extra["transport"])
    client = drive.client(base_url=server.url, api_key=API_KEY, max_retries=0, **extra)
    moved = client.with_options(base_url=other.url, api_key="other-key")
    assert drive(moved.auth.get_permission()).permission == "api"
    assert other.requests[-1].headers["x-api-key"] == "other-key"
    assert drive(client.auth.get_permission()).permission == "api"  # the original unchanged
    assert server.requests[-1].headers["x-api-key"] == API_KEY
    also = client.copy(base_url=other.url, api_key="other-key")
    assert drive(also.auth.get_permission()).permission == "api"
    assert copy.copy(client).base_url == client.base_url == server.url


def test_a_copy_on_a_borrowed_client_still_strips_keys_bound_for_another_origin(
    drive: Driver, server: FakeTabbyServer, other: FakeTabbyServer
) -> None:
    """The borrowed client's own default headers are checked against the sending client's
    address: the copy's own, not the original's."""
    lender = httpx.AsyncClient() if drive.kind == "async" else httpx.Client()
    lender.headers["x-api-key"] = "other-key"
    drive.closers.append(lender)
    client = drive.client(base_url=server.url, http_client=lender, max_retries=0)
    moved = client.with_options(base_url=other.url)
    assert drive(moved.auth.get_permission()).permission == "api"  # its own origin: kept
    other.inject("/v1/models", redirect_to=f"{server.url}/v1/models")
    with pytest.raises(tabby_ext.AuthenticationError):
        drive(moved.models.list())  # the hop to `server` is foreign for the copy
    assert server.requests[-1].path == "/v1/models"
    assert server.requests[-1].headers.get("x-api-key") is None


def test_deepcopy_is_refused_with_what_to_do_instead() -> None:
    for kind in (Tabby, AsyncTabby):
        client = kind(base_url="http://127.0.0.1:9")
        with pytest.raises(TypeError) as info:
            copy.deepcopy(client)
        assert str(info.value) == (
            f"a {kind.__name__} holds open connections and cannot be deep-copied:"
            " use client.copy() or client.with_options(...), which share them"
        )


def test_raw_endpoints_raise_this_librarys_errors(drive: Driver) -> None:
    from tabbyapi_client.api.models import list_models

    client = drive.client(base_url="http://127.0.0.1:9", api_key=API_KEY, max_retries=0)
    call = list_models.asyncio if drive.kind == "async" else list_models.sync
    with pytest.raises(APIConnectionError) as info:
        drive(call(client=client.raw))
    assert info.value.operation == "models.list" and info.value.method == "GET"
    assert info.value.message.startswith("models.list: cannot connect to http://127.0.0.1:9")
    assert info.value.request is not None
    assert info.value.request.headers["x-api-key"] == "[secure]"
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_the_version_is_the_packages() -> None:
    import importlib.metadata

    assert tabby_ext.__version__ == importlib.metadata.version("tabbyapi")
    assert tabby_ext.__version__.count(".") == 2


def test_an_unhealthy_server_is_an_answer_not_an_error(
    drive: Driver, server: FakeTabbyServer
) -> None:
    client = drive.client(base_url=server.url, max_retries=0)
    issue = {"time": "2026-12-05T10:00:00Z", "description": "CUDA error"}
    body = {"status": "unhealthy", "issues": [issue]}
    server.inject("/health", status=503, body=body)
    health = drive(client.health.check())
    assert health.status == "unhealthy" and health.issues[0].description == "CUDA error"
    server.inject("/health", status=503, body={"detail": "down for maintenance"})
    with pytest.raises(tabby_ext.ResponseDecodeError):
        drive(client.health.check())  # a 503 of another shape is not a health answer


def test_a_stream_closed_from_another_thread_ends_quietly(server: FakeTabbyServer) -> None:
    """A Stop button: the reading thread's loop ends, with no `APIConnectionError`."""
    server.inject("/v1/chat/completions", delay_events=0.05)
    with Tabby(base_url=server.url, api_key=API_KEY, max_retries=0) as client:
        stream = client.chat.create_stream(messages=HI, max_tokens=200)
        outcome: list[Any] = []

        def read() -> None:
            try:
                outcome.append(sum(1 for _ in stream))
            except BaseException as exc:
                outcome.append(exc)

        reader = threading.Thread(target=read)
        reader.start()
        time.sleep(0.3)
        stream.close()
        reader.join(5)
        assert not reader.is_alive()
        assert len(outcome) == 1 and isinstance(outcome[0], int) and 0 < outcome[0] < 200
        assert client.models.list().data  # the client goes on


def test_an_async_stream_closed_from_another_task_ends_quietly(server: FakeTabbyServer) -> None:
    server.inject("/v1/chat/completions", delay_events=0.05)

    async def main() -> int:
        async with AsyncTabby(base_url=server.url, api_key=API_KEY, max_retries=0) as client:
            stream = await client.chat.create_stream(messages=HI, max_tokens=200)

            async def read() -> int:
                return sum([1 async for _ in stream])

            reader = asyncio.create_task(read())
            await asyncio.sleep(0.3)
            await stream.aclose()
            count = await asyncio.wait_for(reader, 5)
            assert (await client.models.list()).data
            return count

    assert 0 < asyncio.run(main()) < 200
