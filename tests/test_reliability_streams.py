"""Reliability of streams and bodies over real sockets, sync and async (RELIABILITY.md §1-3, §6).

Never a normal end on a broken stream: a drop is `APIConnectionError`, a clean end without the
terminator `IncompleteStreamError`, an in-band error `StreamError`, pings only `APITimeoutError`;
broken bodies are typed errors with bounded memory.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from support.driver import ADMIN_KEY, API_KEY, FAST_RETRY, Driver
from support.reliability import (
    HI,
    RawServer,
    chunk,
    pool_state,
    posts,
    sse_body,
    sse_head,
)

from tabby_ext import (
    APIConnectionError,
    APITimeoutError,
    IncompleteStreamError,
    InternalServerError,
    ResponseDecodeError,
    StreamError,
    TabbyError,
)
from tabby_ext.testing import FakeTabbyServer

# name -> (path, open the stream, events before the terminator / natural end)
STREAMS: dict[str, tuple[str, Callable[[Any], Any], int]] = {
    "completion": (
        "/v1/completions",
        lambda c: c.completions.create_stream(prompt="p", max_tokens=8),
        9,  # 8 tokens + the finish_reason chunk, then [DONE]
    ),
    "chat": (
        "/v1/chat/completions",
        lambda c: c.chat.create_stream(messages=HI, max_tokens=8),
        9,
    ),
    "model_load": (
        "/v1/model/load",
        lambda c: c.models.load_stream(model_name="Qwen3-4B-exl3"),
        5,  # processing 1..4, finished 4/4 (the end marker itself)
    ),
    "kobold": (
        "/api/extra/generate/stream",
        lambda c: c.kobold.generate_stream(prompt="p", max_tokens=8),
        8,  # token events; the body just ends
    ),
}
ALL_STREAMS = pytest.mark.parametrize("kind", list(STREAMS))


def consume(drive: Driver, stream: Any) -> tuple[list[Any], BaseException | None]:
    """Every chunk a stream yields, and the exception that ended it (None: a normal end)."""
    stream = drive(stream)
    chunks: list[Any] = []
    if drive.kind == "sync":
        try:
            with stream:
                for item in stream:
                    chunks.append(item)
        except Exception as exc:
            return chunks, exc
        return chunks, None

    async def run() -> BaseException | None:
        try:
            async with stream:
                async for item in stream:
                    chunks.append(item)
        except Exception as exc:
            return exc
        return None

    return chunks, drive(run())


# ---- 1. connection dropped mid-stream -------------------------------------------------------


# (kind, events sent before the drop); "all": every event but the terminator / last chunk
# arrived (not for a model load: it is complete at its last event, see the draft test).
DROPS = [(k, n) for k in STREAMS for n in (0, 2, "all") if (k, n) != ("model_load", "all")]


@pytest.mark.parametrize(("kind", "after"), DROPS)
def test_dropped_connection_is_an_error_never_a_normal_end(
    drive: Driver, client: Any, server: FakeTabbyServer, kind: str, after: int | str
) -> None:
    path, open_stream, events = STREAMS[kind]
    after = events if after == "all" else after
    assert isinstance(after, int)
    server.inject(path, drop_after_events=after)
    started = time.monotonic()
    chunks, error = consume(drive, open_stream(client))
    assert type(error) is APIConnectionError, error  # not a timeout, not a normal end
    assert len(chunks) == after  # what arrived is delivered, then the error
    assert time.monotonic() - started < 2
    assert pool_state(client) == (0, 0)


@ALL_STREAMS
def test_body_cut_mid_chunk_is_a_connection_error(
    drive: Driver, client: Any, server: FakeTabbyServer, kind: str
) -> None:
    path, open_stream, _ = STREAMS[kind]
    server.inject(path, truncated_chunked=True)
    chunks, error = consume(drive, open_stream(client))
    assert type(error) is APIConnectionError and chunks == []


def test_consuming_helpers_raise_on_a_drop_too(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject("/v1/completions", drop_after_events=3)
    with pytest.raises(APIConnectionError):
        drive.text(client.completions.create_stream(prompt="p", max_tokens=8))
    server.inject("/v1/model/load", drop_after_events=2)
    with pytest.raises(APIConnectionError):
        drive(client.models.load(model_name="Qwen3-4B-exl3"))


# ---- 2. missing terminator, in-band errors, the model load's end ------------------------------


@pytest.mark.parametrize("kind", ["completion", "chat"])
def test_stream_without_done_is_incomplete_even_after_finish_reason(
    drive: Driver, client: Any, server: FakeTabbyServer, kind: str
) -> None:
    path, open_stream, events = STREAMS[kind]
    server.inject(path, no_done=True)
    chunks, error = consume(drive, open_stream(client))
    assert type(error) is IncompleteStreamError and "[DONE]" in str(error)
    assert len(chunks) == events and chunks[-1].choices[0].finish_reason == "length"
    server.inject(path, no_done=True)
    with pytest.raises(IncompleteStreamError):
        drive.text(open_stream(client))


def test_kobold_stream_has_no_terminator_and_ends_normally(drive: Driver, client: Any) -> None:
    chunks, error = consume(drive, STREAMS["kobold"][1](client))
    assert (
        error is None
        and "".join(c.token for c in chunks) == "tok0 tok1 tok2 tok3 tok4 tok5 tok6 tok7"
    )


@ALL_STREAMS
def test_in_band_error_is_a_stream_error_with_its_message(
    drive: Driver, client: Any, server: FakeTabbyServer, kind: str
) -> None:
    path, open_stream, _ = STREAMS[kind]
    server.inject(path, inband_error="Kaboom: CUDA out of memory", after_events=1)
    chunks, error = consume(drive, open_stream(client))
    assert type(error) is StreamError and error.message == "Kaboom: CUDA out of memory"
    assert error.body == {"error": {"message": "Kaboom: CUDA out of memory", "trace": None}}
    assert len(chunks) == 1
    assert pool_state(client) == (0, 0)


def test_real_in_band_error_of_a_streaming_completion_without_max_tokens(
    drive: Driver, client: Any
) -> None:
    with pytest.raises(StreamError, match="Completion aborted"):
        drive.text(client.completions.create_stream(prompt="p"))


def test_draft_finished_comes_first_and_is_not_the_end(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    drive(client.models.unload())
    load = {
        "model_name": "Llama-3.1-8B-Instruct-exl3",
        "draft_model": {"draft_model_name": "Llama-3.2-1B-Instruct-exl3"},
    }
    chunks, error = consume(drive, client.models.load_stream(**load))
    assert error is None
    assert [(c.model_type, c.status) for c in chunks if c.status == "finished"] == [
        ("draft", "finished"),
        ("model", "finished"),
    ]
    last = drive(client.models.load(**load))  # same model again: processing 1/1, finished 1/1
    assert (last.model_type, last.status) == ("model", "finished")
    # The connection drops right after the draft's `finished` (3 draft modules + finished).
    drive(client.models.unload())
    server.inject("/v1/model/load", drop_after_events=4)
    with pytest.raises(APIConnectionError):
        drive(client.models.load(**load))


def _load_events(*statuses: tuple[str, int, int, str]) -> list[str]:
    return [
        json.dumps({"model_type": t, "module": m, "modules": n, "status": s}, separators=(",", ":"))
        for t, m, n, s in statuses
    ]


DRAFT_DONE = _load_events(("draft", 1, 1, "processing"), ("draft", 1, 1, "finished"))
MODEL_HALF = _load_events(("model", 1, 2, "processing"))


@pytest.mark.parametrize(
    "events",
    [[], DRAFT_DONE, [*DRAFT_DONE, *MODEL_HALF], MODEL_HALF],
    ids=["nothing", "draft-finished", "draft-finished-model-half", "model-half"],
)
def test_load_stream_closed_cleanly_before_the_main_model_finished_is_incomplete(
    drive: Driver, events: list[str]
) -> None:
    with RawServer(lambda _: [sse_head(), sse_body(*events)]) as raw:
        client = drive.client(base_url=raw.url, admin_key=ADMIN_KEY, retry=FAST_RETRY)
        with pytest.raises(IncompleteStreamError, match="final event"):
            drive(client.models.load(model_name="m"))
        chunks, error = consume(drive, client.models.load_stream(model_name="m"))
        assert type(error) is IncompleteStreamError and len(chunks) == len(events)


def test_load_stream_ends_at_the_main_model_finished_even_if_more_follows(drive: Driver) -> None:
    events = [
        *DRAFT_DONE,
        *_load_events(("model", 1, 1, "processing"), ("model", 1, 1, "finished")),
    ]
    # After the end marker the server keeps the body open with garbage: never read.
    with RawServer(
        lambda _: [sse_head(), sse_body(*events, end=False), chunk(b"data: {\r\n\r\n")]
    ) as raw:
        client = drive.client(base_url=raw.url, admin_key=ADMIN_KEY, retry=FAST_RETRY)
        last = drive(client.models.load(model_name="m"))
        assert (last.model_type, last.status) == ("model", "finished")


# ---- 3. a stream that only pings ------------------------------------------------------------


@ALL_STREAMS
def test_pings_only_times_out_within_the_bound_and_frees_the_connection(
    drive: Driver, server: FakeTabbyServer, kind: str
) -> None:
    path, open_stream, _ = STREAMS[kind]
    # A one-connection pool: a connection still held after the timeout would starve the next call.
    http = (httpx.AsyncClient if drive.kind == "async" else httpx.Client)(
        limits=httpx.Limits(max_connections=1), timeout=httpx.Timeout(0.3, pool=1.0)
    )
    client = drive.client(
        base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY, http_client=http
    )
    server.inject(path, pings_only=True, ping_every=0.05)
    started = time.monotonic()
    chunks, error = consume(drive, open_stream(client))
    elapsed = time.monotonic() - started
    assert type(error) is APITimeoutError and chunks == []
    assert 0.3 <= elapsed < 0.3 + 0.05 + 0.5, elapsed
    assert pool_state(client) == (0, 0)
    assert drive(client.health.check()).status == "healthy"  # no PoolTimeout
    drive(http.aclose() if drive.kind == "async" else http.close())


def test_model_unloaded_mid_stream_pings_forever_and_times_out(drive: Driver) -> None:
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=0.05, token_delay=0.05
    ) as server:
        client = drive.client(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY)
        stream = drive(client.chat.create_stream(messages=HI, max_tokens=50, timeout=0.4))
        first = drive(stream.__anext__() if drive.kind == "async" else stream.__next__())
        assert first.choices[0].delta.content == "tok0"
        drive(client.models.unload())
        started = time.monotonic()
        chunks, error = consume(drive, stream)
        assert type(error) is APITimeoutError and "ping" in str(error)
        assert time.monotonic() - started < 0.4 + 0.05 + 0.5
        assert len(chunks) <= 2


def test_slow_but_progressing_stream_is_not_a_timeout(drive: Driver) -> None:
    # 0.1 s between tokens, pings in between, 0.3 s read timeout, 1 s in total.
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=0.03, token_delay=0.1
    ) as server:
        client = drive.client(base_url=server.url, api_key=API_KEY, timeout=0.3)
        text = drive.text(client.chat.create_stream(messages=HI, max_tokens=9))
        assert text == " ".join(f"tok{i}" for i in range(9))


# ---- 6. bodies that break the protocol -------------------------------------------------------


def test_html_error_page_is_a_typed_status_error_without_the_page_in_the_message(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    quick = client.with_options(max_retries=0)
    server.inject("/v1/completions", html_error=True)
    with pytest.raises(InternalServerError) as info:
        drive(quick.completions.create(prompt="p", max_tokens=1))
    assert info.value.status_code == 502 and "HTML error page (Bad Gateway)" in str(info.value)
    assert "<html>" not in str(info.value) and info.value.body.startswith("<html>")
    server.inject("/v1/chat/completions", html_error=True, status=504)
    with pytest.raises(InternalServerError, match="504 HTML error page"):
        drive(quick.chat.create_stream(messages=HI, max_tokens=1))
    server.inject("/health", status=200, body="<html><body>login</body></html>")
    with pytest.raises(ResponseDecodeError, match="not valid JSON"):
        drive(client.health.check())


def test_non_json_and_binary_bodies_are_typed(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject("/health", status=200, body="healthy")
    with pytest.raises(ResponseDecodeError):
        drive(client.health.check())
    server.inject("/health", status=200, body={"status": ["not", "a", "string"], "issues": 5})
    with pytest.raises(ResponseDecodeError, match="does not match"):
        drive(client.health.check())
    server.inject("/v1/completions", status=400, body="upstream says no")
    with pytest.raises(TabbyError, match="400 upstream says no"):
        drive(client.completions.create(prompt="p", max_tokens=1))
    server.inject("/v1/completions", status=400, body=b"\xff\xfe\x00garbage")
    with pytest.raises(TabbyError, match=r"400 .*garbage"):
        drive(client.completions.create(prompt="p", max_tokens=1))
    server.inject("/v1/completions", status=400, body="x" * 10_000_000)
    with pytest.raises(TabbyError) as info:
        drive(client.completions.create(prompt="p", max_tokens=1))
    assert len(str(info.value)) < 1000


def test_invalid_utf8_is_typed(drive: Driver, client: Any, server: FakeTabbyServer) -> None:
    server.inject("/health", invalid_utf8=True)
    with pytest.raises(ResponseDecodeError):
        drive(client.health.check())
    for kind in STREAMS:
        path, open_stream, _ = STREAMS[kind]
        server.inject(path, invalid_utf8=True)
        _chunks, error = consume(drive, open_stream(client))
        assert type(error) is ResponseDecodeError and "UTF-8" in str(error), kind


def test_truncated_json_body_is_a_connection_error(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject("/health", truncated_chunked=True)
    with pytest.raises(APIConnectionError, match=r"broke reading the (response|error body)"):
        drive(client.health.check())
    server.inject("/v1/completions", status=400, truncated_chunked=True)
    with pytest.raises(APIConnectionError, match=r"broke reading the (response|error body)"):
        drive(client.completions.create(prompt="p", max_tokens=1))
    assert drive(client.health.check()).status == "healthy"


@ALL_STREAMS
def test_malformed_and_huge_events_are_decode_errors(
    drive: Driver, client: Any, server: FakeTabbyServer, kind: str
) -> None:
    path, open_stream, _ = STREAMS[kind]
    server.inject(path, malformed_sse=True)
    _chunks, error = consume(drive, open_stream(client))
    assert type(error) is ResponseDecodeError and "not JSON" in str(error)
    server.inject(path, huge_event_bytes=10 * 1024 * 1024)
    _chunks, error = consume(drive, open_stream(client))
    assert type(error) is ResponseDecodeError and "max_event_bytes" in str(error)
    assert pool_state(client) == (0, 0)


@pytest.mark.parametrize(
    "event",
    ["[1, 2]", '"text"', "null", '{"choices": 5}', '{"choices": [{"delta": 7}]}'],
)
def test_events_of_the_wrong_shape_are_decode_errors(drive: Driver, event: str) -> None:
    with RawServer(lambda _: [sse_head(), sse_body(event, "[DONE]")]) as raw:
        client = drive.client(base_url=raw.url, api_key=API_KEY, retry=FAST_RETRY)
        _chunks, error = consume(drive, client.chat.create_stream(messages=HI, max_tokens=1))
        assert type(error) is ResponseDecodeError, error


def test_json_answer_to_a_stream_request_is_incomplete_not_empty(drive: Driver) -> None:
    body = b'{"id": "cmpl-1", "choices": []}'
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
    head += b"connection: close\r\n\r\n"
    with RawServer(lambda _: [head % len(body), body]) as raw:
        client = drive.client(base_url=raw.url, api_key=API_KEY, retry=FAST_RETRY)
        chunks, error = consume(drive, client.chat.create_stream(messages=HI, max_tokens=1))
        assert type(error) is IncompleteStreamError and chunks == []


EVENT_SIZE = 10 * 1024 * 1024
#: Client-side peak while rejecting a 10 MiB event: the SSE limit is 4 MiB per event, so the
#: decoder may hold one limit's worth plus read buffers (measured: 4.7 MiB), never the event.
PEAK_BOUND = 8 * 1024 * 1024


def test_a_10_mib_event_is_rejected_with_bounded_memory(drive: Driver) -> None:
    padding = b"x" * EVENT_SIZE
    event = b'data: {"choices": [{"index": 0, "delta": {"content": "' + padding + b'"}}]}\r\n\r\n'
    response = memoryview(sse_head() + chunk(event) + b"0\r\n\r\n")
    with RawServer(lambda _: [response]) as raw:
        client = drive.client(base_url=raw.url, api_key=API_KEY, retry=FAST_RETRY)
        consume(drive, client.chat.create_stream(messages=HI, max_tokens=1))  # warm imports
        tracemalloc.start()
        try:
            _chunks, error = consume(drive, client.chat.create_stream(messages=HI, max_tokens=1))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert type(error) is ResponseDecodeError and "max_event_bytes" in str(error)
        assert peak < PEAK_BOUND, f"peak {peak / 2**20:.1f} MiB"


def test_a_10_mib_event_on_the_fake_server_is_rejected(
    drive: Driver, client: Any, server: FakeTabbyServer
) -> None:
    server.inject("/v1/chat/completions", huge_event_bytes=EVENT_SIZE)
    with pytest.raises(ResponseDecodeError, match="max_event_bytes"):
        drive.text(client.chat.create_stream(messages=HI, max_tokens=1))
    assert len(posts(server, "/v1/chat/completions")) == 1
