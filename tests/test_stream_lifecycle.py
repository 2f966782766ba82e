"""A stream's life after its first chunk, sync and async: an error mid-way ends it and frees
its connection, a closed or failed stream yields nothing more, and what is raised names the
call."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.canned import CannedServer, answer

from tabby_ext import APIConnectionError, IncompleteStreamError, StreamError
from tabby_ext.testing import FakeTabbyServer

API_KEY = "test-api-key"
HI = [{"role": "user", "content": "hi"}]


@pytest.fixture
def server() -> Iterator[FakeTabbyServer]:
    with FakeTabbyServer(api_key=API_KEY, ping_interval=None) as srv:
        yield srv


def make_client(drive: Any, server: FakeTabbyServer) -> Any:
    return drive.client(base_url=server.url, api_key=API_KEY, max_retries=0)


def next_chunk(drive: Any, stream: Any) -> Any:
    """The next chunk, or None at the end (StopIteration / StopAsyncIteration)."""
    if drive.kind == "async":

        async def one() -> Any:
            try:
                return await stream.__anext__()
            except StopAsyncIteration:
                return None

        return drive(one())
    return next(stream, None)


def close(drive: Any, stream: Any) -> None:
    drive(stream.aclose() if drive.kind == "async" else stream.close())


def test_an_error_mid_stream_ends_it_and_frees_the_connection(
    drive: Any, server: FakeTabbyServer
) -> None:
    client = make_client(drive, server)
    server.inject("/v1/chat/completions", drop_after_events=2)
    stream = drive(client.chat.create_stream(messages=HI, max_tokens=10))
    assert next_chunk(drive, stream) is not None
    assert next_chunk(drive, stream) is not None
    with pytest.raises(APIConnectionError) as info:
        next_chunk(drive, stream)
    error = info.value
    assert error.operation == "chat.create_stream"
    assert str(error).startswith("chat.create_stream: connection to http://127.0.0.1:")
    assert " broke mid-stream (" in str(error)
    assert error.request is not None and error.request.headers["x-api-key"] == "[secure]"
    assert stream.response.is_closed
    assert next_chunk(drive, stream) is None  # over: nothing more, no second error
    # The connection went back: the client goes on working.
    assert drive(client.chat.create(messages=HI, max_tokens=1)).choices


def test_an_in_band_error_ends_the_stream_and_names_the_call(
    drive: Any, server: FakeTabbyServer
) -> None:
    client = make_client(drive, server)
    server.inject("/v1/completions", inband_error="out of memory", after_events=1)
    stream = drive(client.completions.create_stream(prompt="p", max_tokens=5))
    assert next_chunk(drive, stream) is not None
    with pytest.raises(StreamError, match=r"^out of memory$") as info:
        next_chunk(drive, stream)
    assert info.value.operation == "completions.create_stream"
    assert info.value.url is not None and info.value.url.endswith("/v1/completions")
    assert stream.response.is_closed
    assert next_chunk(drive, stream) is None


def test_a_stream_ended_without_its_terminator_is_closed_and_over(
    drive: Any, server: FakeTabbyServer
) -> None:
    client = make_client(drive, server)
    server.inject("/v1/completions", no_done=True)
    stream = drive(client.completions.create_stream(prompt="p", max_tokens=2))
    with pytest.raises(IncompleteStreamError) as info:  # every chunk, then the error
        while next_chunk(drive, stream) is not None:
            pass
    assert info.value.operation == "completions.create_stream"
    assert stream.response.is_closed and next_chunk(drive, stream) is None


def test_a_closed_stream_ends_without_reading_on(drive: Any, server: FakeTabbyServer) -> None:
    client = make_client(drive, server)
    stream = drive(client.completions.create_stream(prompt="p", max_tokens=200))
    assert next_chunk(drive, stream) is not None
    close(drive, stream)
    assert stream.response.is_closed
    # Chunks decoded before the close may still come out; then it ends, without an error.
    rest = 0
    while next_chunk(drive, stream) is not None:
        rest += 1
    assert rest < 199
    assert next_chunk(drive, stream) is None
    close(drive, stream)  # closing twice is fine


def test_a_finished_stream_yields_nothing_more_and_frees_its_connection(
    drive: Any, server: FakeTabbyServer
) -> None:
    client = make_client(drive, server)
    stream = drive(client.completions.create_stream(prompt="p", max_tokens=2))
    chunks = []
    while (chunk := next_chunk(drive, stream)) is not None:
        chunks.append(chunk)
    assert [c.choices[0].text for c in chunks] == ["tok0", " tok1", ""]
    assert chunks[-1].choices[0].finish_reason == "length"
    assert stream.response.is_closed
    assert next_chunk(drive, stream) is None


def test_a_stream_names_its_request(drive: Any, server: FakeTabbyServer) -> None:
    client = make_client(drive, server)
    stream = drive(client.completions.create_stream(prompt="p", max_tokens=1))
    kind = "AsyncStream" if drive.kind == "async" else "Stream"
    assert repr(stream) == f"<{kind} POST /v1/completions>"
    close(drive, stream)


def test_until_done_returns_the_last_chunk_and_closes(drive: Any, server: FakeTabbyServer) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY, admin_key="adm", max_retries=0)
    stream = drive(client.completions.create_stream(prompt="p", max_tokens=3))
    last = drive(stream.until_done())
    assert last.choices[0].finish_reason == "length" and stream.response.is_closed


ONLY_DONE = answer("200 OK", b"data: [DONE]\r\n\r\n", "text/event-stream", chunked=True)


def test_a_stream_with_no_chunk_has_no_last_chunk_and_no_text(drive: Any) -> None:
    with CannedServer(ONLY_DONE) as srv:
        client = drive.client(base_url=srv.url, max_retries=0)
        stream = drive(client.completions.create_stream(prompt="p"))
        assert drive(stream.until_done()) is None
        assert drive.text(client.completions.create_stream(prompt="p")) == ""
        texts = drive(client.completions.create_stream(prompt="p"))
        assert drive(texts.atexts() if drive.kind == "async" else texts.texts()) == {}
