"""Tests of the in-process transports (`FakeTabbyTransport`, `AsyncFakeTabbyTransport`): the
fake's app without sockets, through bare httpx clients and through the facade."""

from __future__ import annotations

import asyncio
import gc
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.driver import ADMIN_KEY, API_KEY

from tabby_ext import AsyncTabby, Tabby
from tabby_ext.errors import (
    APIConnectionError,
    AuthenticationError,
    InternalServerError,
    ServiceUnavailableError,
)
from tabby_ext.testing import AsyncFakeTabbyTransport, FakeTabbyTransport

BASE = "http://tabby.test"
API = {"x-api-key": API_KEY}
ADMIN = {"x-admin-key": ADMIN_KEY}
HI = [{"role": "user", "content": "hi"}]
STREAM = {"messages": HI, "max_tokens": 4, "stream": True}
KEYS = {"api_key": API_KEY, "admin_key": ADMIN_KEY}


@pytest.fixture
def transport() -> Iterator[FakeTabbyTransport]:
    fake = FakeTabbyTransport(**KEYS, ping_interval=None)
    yield fake
    fake.close()


@pytest.fixture
def http(transport: FakeTabbyTransport) -> Iterator[httpx.Client]:
    with httpx.Client(transport=transport, base_url=BASE, headers=API, timeout=5) as client:
        yield client


def timed_chunks(response: httpx.Response, started: float) -> list[tuple[float, bytes]]:
    return [(time.monotonic() - started, chunk) for chunk in response.iter_raw()]


# ---- behaviour: the same app as the server ------------------------------------------------


def test_answers_like_the_server(http: httpx.Client, transport: FakeTabbyTransport) -> None:
    assert http.get("/health").json() == {"status": "healthy", "issues": []}
    denied = http.get("/v1/model", headers={"x-api-key": "wrong"})
    assert (denied.status_code, denied.json()) == (401, {"detail": "Invalid API key"})
    chat = http.post("/v1/chat/completions", json={"messages": HI, "max_tokens": 2}).json()
    assert chat["choices"][0]["message"]["content"] == "tok0 tok1"
    assert http.post("/v1/model/unload", headers=ADMIN).json() is None
    assert transport.loaded_model is None
    assert http.get("/v1/model").status_code == 503
    assert http.get("/nope").json() == {"detail": "Not Found"}
    assert [r.path for r in transport.requests][:2] == ["/health", "/v1/model"]
    assert transport.requests[2].json() == {"messages": HI, "max_tokens": 2}
    transport.reset()
    assert transport.requests == [] and transport.loaded_model is not None


def test_constructor_options_are_the_servers() -> None:
    with FakeTabbyTransport(loaded_model=None) as bare, httpx.Client(transport=bare) as client:
        assert client.get(f"{BASE}/v1/model").status_code == 503  # no keys: no auth
    with pytest.raises(TypeError, match="unexpected keyword argument 'port'"):
        FakeTabbyTransport(port=5000)  # type: ignore[call-arg]


def test_sse_framing_is_the_servers(http: httpx.Client) -> None:
    with http.stream("POST", "/v1/chat/completions", json=STREAM) as response:
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        chunks = list(response.iter_raw())
    assert [c[:6] for c in chunks] == [b"data: "] * 6 and chunks[-1] == b"data: [DONE]\r\n\r\n"
    assert all(c.endswith(b"\r\n\r\n") and c.count(b"\r\n\r\n") == 1 for c in chunks)


def test_sync_stream_arrives_chunk_by_chunk() -> None:
    """Each event and ping reaches the caller when the app sends it, not at the end."""
    with (
        FakeTabbyTransport(**KEYS, token_delay=0.05, ping_interval=0.02) as transport,
        httpx.Client(transport=transport, base_url=BASE, headers=API) as client,
    ):
        started = time.monotonic()
        with client.stream("POST", "/v1/chat/completions", json=STREAM) as response:
            chunks = timed_chunks(response, started)
    events = [(at, c) for at, c in chunks if c.startswith(b"data: ")]
    assert len(events) == 6 and any(c.startswith(b": ping - ") for _, c in chunks)
    assert events[0][0] < 0.15 and events[-1][0] >= 0.2  # the first token came long before
    assert events[-1][0] - events[0][0] >= 0.15


def test_async_stream_arrives_chunk_by_chunk() -> None:
    async def main() -> list[tuple[float, bytes]]:
        transport = AsyncFakeTabbyTransport(**KEYS, token_delay=0.05, ping_interval=0.02)
        async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=API) as client:
            started = time.monotonic()
            async with client.stream("POST", "/v1/chat/completions", json=STREAM) as response:
                return [(time.monotonic() - started, c) async for c in response.aiter_raw()]

    chunks = asyncio.run(main())
    events = [(at, c) for at, c in chunks if c.startswith(b"data: ")]
    assert len(events) == 6 and any(c.startswith(b": ping - ") for _, c in chunks)
    assert events[0][0] < 0.15 and events[-1][0] - events[0][0] >= 0.15


# ---- faults and timeouts ------------------------------------------------------------------


def test_faults_apply_in_process(http: httpx.Client, transport: FakeTabbyTransport) -> None:
    transport.inject("/health", status=503, retry_after="1")
    busy = http.get("/health")
    assert (busy.status_code, busy.headers["retry-after"]) == (503, "1")
    transport.inject("/v1/chat/completions", drop_after_events=2)
    with http.stream("POST", "/v1/chat/completions", json=STREAM) as response:
        got = []
        with pytest.raises(httpx.RemoteProtocolError):
            for chunk in response.iter_raw():
                got.append(chunk)
    assert len(got) == 2
    transport.inject("/health", truncated_chunked=True)
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/health")
    transport.inject("/v1/completions", status_500_close=True)
    failed = http.post("/v1/completions", json={"prompt": "p"})
    assert (failed.status_code, failed.text) == (500, "Internal Server Error")
    transport.inject("/v1/chat/completions", inband_error="boom", after_events=1)
    text = http.post("/v1/chat/completions", json=STREAM).text
    assert text.endswith('data: {"error":{"message":"boom","trace":null}}\r\n\r\n')
    assert http.get("/health").status_code == 200


def test_read_timeout_applies_to_the_head_and_each_chunk(
    http: httpx.Client, transport: FakeTabbyTransport
) -> None:
    transport.inject("/health", delay_headers=1.0)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        http.get("/health", timeout=0.1)
    assert time.monotonic() - started < 0.5
    transport.inject("/v1/chat/completions", delay_events=1.0)
    with (
        pytest.raises(httpx.ReadTimeout),
        http.stream("POST", "/v1/chat/completions", json=STREAM, timeout=0.1) as response,
    ):
        list(response.iter_raw())
    assert http.get("/health").status_code == 200


def test_closing_a_response_early_cancels_its_generation(
    http: httpx.Client, transport: FakeTabbyTransport
) -> None:
    body = {"prompt": "x", "max_length": 4000, "genkey": "early"}
    with http.stream("POST", "/api/extra/generate/stream", json=body) as response:
        next(response.iter_raw())
        check = http.post("/api/extra/generate/check", json={"genkey": "early"}).json()
        assert check["results"][0]["text"].startswith("tok0")
    # The job lives as long as its generation.
    assert http.post("/api/extra/generate/check", json={"genkey": "early"}).json() == {
        "results": []
    }


# ---- lifecycle: no threads or tasks left behind -------------------------------------------


def test_sync_transport_leaves_no_thread() -> None:
    before = threading.active_count()
    transport = FakeTabbyTransport(ping_interval=None)
    assert threading.active_count() == before  # started on first use only
    client = httpx.Client(transport=transport, base_url=BASE)
    assert client.get("/health").status_code == 200
    assert threading.active_count() == before + 1
    transport.inject("/v1/chat/completions", pings_only=True, ping_every=0.01)
    endless = client.send(
        client.build_request("POST", "/v1/chat/completions", json=STREAM), stream=True
    )
    chunks = endless.iter_raw()
    next(chunks)
    started = time.monotonic()
    client.close()  # closes the transport, cutting the endless stream
    assert time.monotonic() - started < 1
    assert threading.active_count() == before
    with pytest.raises(httpx.ReadError):
        next(chunks)
    endless.close()


def test_an_unclosed_sync_transport_stops_when_collected_or_at_exit() -> None:
    before = threading.active_count()
    transport = FakeTabbyTransport()
    assert httpx.Client(transport=transport).get(f"{BASE}/health").status_code == 200
    del transport
    gc.collect()
    assert threading.active_count() == before
    code = (
        "import httpx; from tabby_ext.testing import FakeTabbyTransport as T\n"
        f"fake = T(); print(httpx.Client(transport=fake).get('{BASE}/health').status_code)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=20)
    assert (done.returncode, done.stdout) == (0, b"200\n")


def test_async_transport_leaves_no_task() -> None:
    async def main() -> set[asyncio.Task[Any]]:
        transport = AsyncFakeTabbyTransport(**KEYS, ping_interval=0.01)
        async with httpx.AsyncClient(transport=transport, base_url=BASE, headers=API) as client:
            await client.post("/v1/chat/completions", json=STREAM)
            load = await client.post(
                "/v1/model/load", json={"model_name": "Qwen3-4B-exl3"}, headers=ADMIN
            )
            assert load.text.count("data: ") == 5
            async with client.stream("POST", "/v1/chat/completions", json=STREAM) as response:
                async for _ in response.aiter_raw():
                    break
        await asyncio.sleep(0)
        return asyncio.all_tasks() - {asyncio.current_task()}  # type: ignore[operator]

    assert asyncio.run(main()) == set()


# ---- through the facade ----------------------------------------------------------------------


@pytest.mark.parametrize("via", ["transport", "http_client"])
def test_facade_over_the_sync_transport(via: str) -> None:
    with FakeTabbyTransport(**KEYS, ping_interval=None) as transport:
        http_client = httpx.Client(transport=transport, base_url=BASE)
        plug: dict[str, Any] = {via: transport if via == "transport" else http_client}
        with Tabby(base_url=BASE, **KEYS, **plug) as client:
            assert client.chat.create(messages=HI, max_tokens=2).choices[0].message.content == (
                "tok0 tok1"
            )
            assert client.completions.create_stream(prompt="p", max_tokens=3).text() == (
                "tok0 tok1 tok2"
            )
            assert client.models.load(model_name="Qwen3-4B-exl3").status == "finished"
            transport.inject("/v1/completions", status=503, times=5)
            with pytest.raises(ServiceUnavailableError):
                client.with_options(max_retries=0).completions.create(prompt="p")
            transport.clear_faults()
            transport.inject("/v1/chat/completions", drop_after_events=1)
            with pytest.raises(APIConnectionError):
                client.chat.create_stream(messages=HI, max_tokens=5).text()
            with pytest.raises(AuthenticationError):
                client.with_options(api_key="wrong").models.get()
        http_client.close()
    assert [r.headers["x-admin-key"] for r in transport.requests if r.path == "/v1/model/load"] == [
        ADMIN_KEY
    ]


@pytest.mark.parametrize("via", ["transport", "http_client"])
def test_facade_over_the_async_transport(via: str) -> None:
    async def main() -> None:
        transport = AsyncFakeTabbyTransport(**KEYS, ping_interval=None)
        http_client = httpx.AsyncClient(transport=transport, base_url=BASE)
        plug: dict[str, Any] = {via: transport if via == "transport" else http_client}
        async with AsyncTabby(base_url=BASE, **KEYS, **plug) as client:
            answer = await client.chat.create(messages=HI, max_tokens=2)
            assert answer.choices[0].message.content == "tok0 tok1"
            stream = await client.chat.create_stream(messages=HI, max_tokens=3)
            assert await stream.atext() == "tok0 tok1 tok2"
            transport.inject("/v1/models", status_500_close=True)
            with pytest.raises(InternalServerError):
                await client.with_options(max_retries=0).models.list()
            assert len((await client.models.list()).data) == 2  # the admin view
        await http_client.aclose()

    asyncio.run(main())


def test_the_guides_in_process_example_runs() -> None:
    """The example of docs/guides/testing.md (once the README's) runs on its own, as pasted."""
    page = Path(__file__).resolve().parent.parent / "docs" / "guides" / "testing.md"
    section = page.read_text(encoding="utf-8").split("## In process", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile("from tabby_ext import Tabby\n" + code, str(page), "exec"), {})
