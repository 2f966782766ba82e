"""The clients being compared, each wrapped in the same tiny interface.

Sync contenders have ``stream(kind, n) -> chunks`` (consume one stream of ``n`` content chunks
plus the final chunk, returning how many JSON chunks were seen) and ``request()`` (one
non-streaming completion, parsed); async contenders the same as coroutines. Every parsing
contender touches each chunk's generated text as a user would (``chunk.choices[0].text`` /
``.delta.content`` on typed chunks, the same keys on dicts); the floors do not parse at all.
Every contender reads each stream to the end of the HTTP body, so its connection can be reused.
"""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

import httpx

KEY = "bench-key"
MODEL = "bench-model"
PROMPT = "Once upon a time"
MESSAGES = [{"role": "user", "content": "Tell me a story."}]
PLAIN_TOKENS = 64
PATHS = {"completions": "/v1/completions", "chat": "/v1/chat/completions"}
TERMINATOR = b"\r\n0\r\n\r\n"  # the last HTTP chunk, after the previous chunk's CRLF


def body(kind: str, n: int | None) -> dict[str, Any]:
    """The JSON request body the hand-written contenders send (the same fields the SDKs send)."""
    out: dict[str, Any] = {"model": MODEL, "max_tokens": n or PLAIN_TOKENS}
    if kind == "completions":
        out["prompt"] = PROMPT
    else:
        out["messages"] = MESSAGES
    if n is not None:
        out["stream"] = True
    return out


def _text(obj: dict[str, Any], kind: str) -> Any:
    choice = obj["choices"][0]
    return choice["text"] if kind == "completions" else choice["delta"].get("content")


# ---- sync ----------------------------------------------------------------------------------


class OursSync:
    name = "tabby_ext Tabby"
    parses = True

    def __init__(self, url: str) -> None:
        from tabby_ext import Tabby

        self.client = Tabby(base_url=url, api_key=KEY)

    def stream(self, kind: str, n: int) -> int:
        count = 0
        last = None
        if kind == "completions":
            for chunk in self.client.completions.create_stream(prompt=PROMPT, max_tokens=n):
                last = chunk.choices[0].text
                count += 1
        else:
            for chunk in self.client.chat.create_stream(messages=MESSAGES, max_tokens=n):
                last = chunk.choices[0].delta.content
                count += 1
        del last
        return count

    def request(self) -> Any:
        return self.client.completions.create(prompt=PROMPT, max_tokens=PLAIN_TOKENS).choices[0]

    def close(self) -> None:
        self.client.close()


class OpenAISync:
    name = "openai OpenAI"
    parses = True

    def __init__(self, url: str) -> None:
        import openai

        self.client = openai.OpenAI(base_url=url + "/v1", api_key=KEY)

    def stream(self, kind: str, n: int) -> int:
        count = 0
        last = None
        if kind == "completions":
            stream = self.client.completions.create(
                model=MODEL, prompt=PROMPT, max_tokens=n, stream=True
            )
            for chunk in stream:
                last = chunk.choices[0].text
                count += 1
        else:
            stream = self.client.chat.completions.create(
                model=MODEL,
                messages=MESSAGES,  # type: ignore[arg-type]
                max_tokens=n,
                stream=True,
            )
            for chunk in stream:
                last = chunk.choices[0].delta.content
                count += 1
        del last
        return count

    def request(self) -> Any:
        result = self.client.completions.create(model=MODEL, prompt=PROMPT, max_tokens=PLAIN_TOKENS)
        return result.choices[0].text

    def close(self) -> None:
        self.client.close()


class HttpxSSESync:
    name = "httpx + httpx-sse + json.loads"
    parses = True

    def __init__(self, url: str) -> None:
        import httpx_sse

        self.connect_sse = httpx_sse.connect_sse
        self.http = httpx.Client(base_url=url, headers={"x-api-key": KEY})

    def stream(self, kind: str, n: int) -> int:
        count = 0
        loads = json.loads
        with self.connect_sse(self.http, "POST", PATHS[kind], json=body(kind, n)) as source:
            for event in source.iter_sse():
                data = event.data
                if data == "[DONE]":
                    continue  # read on to the end of the body (keeps the connection reusable)
                _text(loads(data), kind)
                count += 1
        return count

    def request(self) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        self.http.close()


def _split_events(buf: bytes, raw: bytes) -> tuple[list[bytes], bytes]:
    """The simple way: split on the event separator, keep the unterminated rest."""
    *events, rest = (buf + raw if buf else raw).split(b"\r\n\r\n")
    return events, rest


class HttpxSplitSync:
    name = "httpx + split + json.loads"
    parses = True

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, headers={"x-api-key": KEY})

    def stream(self, kind: str, n: int) -> int:
        count = 0
        loads = json.loads
        buf = b""
        with self.http.stream("POST", PATHS[kind], json=body(kind, n)) as response:
            for raw in response.iter_bytes():
                events, buf = _split_events(buf, raw)
                for event in events:
                    data = event[6:]  # b"data: "
                    if data != b"[DONE]":
                        _text(loads(data), kind)
                        count += 1
        return count

    def request(self) -> Any:
        response = self.http.post(PATHS["completions"], json=body("completions", None))
        if response.status_code != 200:
            raise RuntimeError(response.status_code)
        return json.loads(response.content)["choices"][0]["text"]

    def close(self) -> None:
        self.http.close()


class HttpxFloorSync:
    name = "httpx iter_bytes (floor)"
    parses = False

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, headers={"x-api-key": KEY})

    def stream(self, kind: str, n: int) -> int:
        with self.http.stream("POST", PATHS[kind], json=body(kind, n)) as response:
            for _ in response.iter_bytes():
                pass
        return n + 1

    def request(self) -> Any:
        raise NotImplementedError

    def close(self) -> None:
        self.http.close()


class RawSocketSync:
    """Reference: a keep-alive socket, pre-built requests, `recv_into`, no HTTP parser."""

    name = "raw socket (reference)"
    parses = False

    def __init__(self, url: str) -> None:
        host, port = httpx.URL(url).host, httpx.URL(url).port
        self.address = (host, port)
        self.sock: socket.socket | None = None
        self.buf = bytearray(1 << 20)
        self.view = memoryview(self.buf)
        self.requests: dict[tuple[str, int | None], bytes] = {}

    def _request_bytes(self, kind: str, n: int | None) -> bytes:
        key = (kind, n)
        if key not in self.requests:
            payload = json.dumps(body(kind, n)).encode()
            host, port = self.address
            self.requests[key] = (
                f"POST {PATHS[kind]} HTTP/1.1\r\nhost: {host}:{port}\r\n"
                f"x-api-key: {KEY}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(payload)}\r\n\r\n"
            ).encode() + payload
        return self.requests[key]

    def _socket(self) -> socket.socket:
        if self.sock is None:
            self.sock = socket.create_connection(self.address)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.sock

    def stream(self, kind: str, n: int) -> int:
        sock = self._socket()
        sock.sendall(self._request_bytes(kind, n))
        recv_into, view = sock.recv_into, self.view
        tail = b""
        while True:
            got = recv_into(view)
            if not got:
                raise ConnectionError("server closed the connection")
            tail = (tail + view[max(0, got - 16) : got].tobytes())[-16:]
            if tail.endswith(TERMINATOR):
                return n + 1

    def request(self) -> Any:
        sock = self._socket()
        sock.sendall(self._request_bytes("completions", None))
        data = b""
        while True:
            data += sock.recv(65536)
            end = data.find(b"\r\n\r\n")
            if end >= 0:
                break
        head = data[:end].lower()
        start = head.index(b"content-length:") + 15
        length = int(head[start : head.index(b"\r\n", start)])
        need = end + 4 + length
        while len(data) < need:
            data += sock.recv(65536)
        return json.loads(data[end + 4 : need])["choices"][0]["text"]

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()


def _on_our_pool(url: str) -> httpx.Client:
    """Bare httpx whose transport is tabby_ext's connection pool."""
    from tabby_ext._sync.http11 import HTTP11Pool

    return httpx.Client(base_url=url, headers={"x-api-key": KEY}, transport=HTTP11Pool())


class PoolSplitSync(HttpxSplitSync):
    """Bare httpx on tabby_ext's connection pool: what the pool alone buys over httpcore + h11."""

    name = "httpx on HTTP11Pool + split + json.loads"

    def __init__(self, url: str) -> None:
        self.http = _on_our_pool(url)


class PoolFloorSync(HttpxFloorSync):
    name = "httpx on HTTP11Pool iter_bytes"

    def __init__(self, url: str) -> None:
        self.http = _on_our_pool(url)


SYNC_STREAM = [
    OursSync,
    OpenAISync,
    HttpxSSESync,
    HttpxSplitSync,
    HttpxFloorSync,
    PoolSplitSync,
    PoolFloorSync,
    RawSocketSync,
]
SYNC_PLAIN = [OursSync, OpenAISync, HttpxSplitSync, PoolSplitSync, RawSocketSync]
#: Non-streaming rows use other names for the same classes.
PLAIN_NAMES = {
    HttpxSplitSync.name: "httpx + json.loads",
    PoolSplitSync.name: "httpx on HTTP11Pool + json.loads",
    RawSocketSync.name: "raw socket + json.loads (reference)",
}


# ---- async ---------------------------------------------------------------------------------


class OursAsync:
    name = "tabby_ext AsyncTabby"
    parses = True

    def __init__(self, url: str) -> None:
        from tabby_ext import AsyncTabby

        self.client = AsyncTabby(base_url=url, api_key=KEY)

    async def stream(self, kind: str, n: int) -> int:
        count = 0
        last = None
        if kind == "completions":
            stream = await self.client.completions.create_stream(prompt=PROMPT, max_tokens=n)
            async for chunk in stream:
                last = chunk.choices[0].text
                count += 1
        else:
            stream = await self.client.chat.create_stream(messages=MESSAGES, max_tokens=n)
            async for chunk in stream:
                last = chunk.choices[0].delta.content
                count += 1
        del last
        return count

    async def request(self) -> Any:
        result = await self.client.completions.create(prompt=PROMPT, max_tokens=PLAIN_TOKENS)
        return result.choices[0].text

    async def close(self) -> None:
        await self.client.aclose()


class OpenAIAsync:
    name = "openai AsyncOpenAI"
    parses = True

    def __init__(self, url: str) -> None:
        import openai

        self.client = openai.AsyncOpenAI(base_url=url + "/v1", api_key=KEY)

    async def stream(self, kind: str, n: int) -> int:
        count = 0
        last = None
        if kind == "completions":
            stream = await self.client.completions.create(
                model=MODEL, prompt=PROMPT, max_tokens=n, stream=True
            )
            async for chunk in stream:
                last = chunk.choices[0].text
                count += 1
        else:
            chat = await self.client.chat.completions.create(
                model=MODEL,
                messages=MESSAGES,  # type: ignore[arg-type]
                max_tokens=n,
                stream=True,
            )
            async for chunk in chat:
                last = chunk.choices[0].delta.content
                count += 1
        del last
        return count

    async def request(self) -> Any:
        result = await self.client.completions.create(
            model=MODEL, prompt=PROMPT, max_tokens=PLAIN_TOKENS
        )
        return result.choices[0].text

    async def close(self) -> None:
        await self.client.close()


class HttpxSSEAsync:
    name = "httpx async + httpx-sse + json.loads"
    parses = True

    def __init__(self, url: str) -> None:
        import httpx_sse

        self.aconnect_sse = httpx_sse.aconnect_sse
        self.http = httpx.AsyncClient(base_url=url, headers={"x-api-key": KEY})

    async def stream(self, kind: str, n: int) -> int:
        count = 0
        loads = json.loads
        async with self.aconnect_sse(self.http, "POST", PATHS[kind], json=body(kind, n)) as source:
            async for event in source.aiter_sse():
                data = event.data
                if data == "[DONE]":
                    continue
                _text(loads(data), kind)
                count += 1
        return count

    async def request(self) -> Any:
        raise NotImplementedError

    async def close(self) -> None:
        await self.http.aclose()


class HttpxSplitAsync:
    name = "httpx async + split + json.loads"
    parses = True

    def __init__(self, url: str) -> None:
        self.http = httpx.AsyncClient(base_url=url, headers={"x-api-key": KEY})

    async def stream(self, kind: str, n: int) -> int:
        count = 0
        loads = json.loads
        buf = b""
        async with self.http.stream("POST", PATHS[kind], json=body(kind, n)) as response:
            async for raw in response.aiter_bytes():
                events, buf = _split_events(buf, raw)
                for event in events:
                    data = event[6:]
                    if data != b"[DONE]":
                        _text(loads(data), kind)
                        count += 1
        return count

    async def request(self) -> Any:
        response = await self.http.post(PATHS["completions"], json=body("completions", None))
        if response.status_code != 200:
            raise RuntimeError(response.status_code)
        return json.loads(response.content)["choices"][0]["text"]

    async def close(self) -> None:
        await self.http.aclose()


class HttpxFloorAsync:
    name = "httpx async aiter_bytes (floor)"
    parses = False

    def __init__(self, url: str) -> None:
        self.http = httpx.AsyncClient(base_url=url, headers={"x-api-key": KEY})

    async def stream(self, kind: str, n: int) -> int:
        async with self.http.stream("POST", PATHS[kind], json=body(kind, n)) as response:
            async for _ in response.aiter_bytes():
                pass
        return n + 1

    async def request(self) -> Any:
        raise NotImplementedError

    async def close(self) -> None:
        await self.http.aclose()


class RawAsyncio:
    """Reference: asyncio streams over a pool of keep-alive connections, no HTTP parser."""

    name = "raw asyncio streams (reference)"
    parses = False

    def __init__(self, url: str) -> None:
        self.host, self.port = httpx.URL(url).host, httpx.URL(url).port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.sync = RawSocketSync(url)  # only for its request bytes

    async def stream(self, kind: str, n: int) -> int:
        if self.idle:
            reader, writer = self.idle.pop()
        else:
            reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 20)
        writer.write(self.sync._request_bytes(kind, n))
        tail = b""
        while True:
            data = await reader.read(1 << 20)
            if not data:
                raise ConnectionError("server closed the connection")
            tail = (tail + data[-16:])[-16:]
            if tail.endswith(TERMINATOR):
                break
        self.idle.append((reader, writer))
        return n + 1

    async def request(self) -> Any:
        raise NotImplementedError

    async def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


def _on_our_async_pool(url: str) -> httpx.AsyncClient:
    from tabby_ext._async.http11 import AsyncHTTP11Pool

    return httpx.AsyncClient(base_url=url, headers={"x-api-key": KEY}, transport=AsyncHTTP11Pool())


class PoolSplitAsync(HttpxSplitAsync):
    name = "httpx async on AsyncHTTP11Pool + split + json.loads"

    def __init__(self, url: str) -> None:
        self.http = _on_our_async_pool(url)


class PoolFloorAsync(HttpxFloorAsync):
    name = "httpx async on AsyncHTTP11Pool aiter_bytes"

    def __init__(self, url: str) -> None:
        self.http = _on_our_async_pool(url)


ASYNC_STREAM = [
    OursAsync,
    OpenAIAsync,
    HttpxSSEAsync,
    HttpxSplitAsync,
    HttpxFloorAsync,
    PoolSplitAsync,
    PoolFloorAsync,
    RawAsyncio,
]
ASYNC_PLAIN = [OursAsync, OpenAIAsync, HttpxSplitAsync, PoolSplitAsync]
