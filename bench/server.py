"""Loopback HTTP/1.1 server for the benchmark, serving pre-rendered TabbyAPI responses.

Stdlib only (raw asyncio protocol, no framework), so it is never the bottleneck: every
response body is rendered once and then written with ``transport.write`` of 256 KiB
memoryview slices under asyncio flow control. Framing as the real server's (see
docs/server-behavior.md §1): ``transfer-encoding: chunked`` with **one HTTP chunk per SSE event**,
``data: <json.dumps payload>\\r\\n\\r\\n``, a final chunk with ``finish_reason`` and
``eos_reason``, then ``data: [DONE]``. Connections are kept alive (HTTP/1.1 keep-alive), any
number of them at once.

Routes (auth is not checked; ``GET /bench/stats`` counts connections and requests):

* ``POST /v1/completions``: ``stream: true`` → ``max_tokens`` completion chunks (``text``,
  ``model_name``) + final chunk + ``[DONE]``; otherwise a ~600-byte completion JSON.
* ``POST /v1/chat/completions``: ``stream: true`` → ``max_tokens`` chat chunks
  (``delta.content``, ``model``) + final chunk + ``[DONE]``; otherwise a chat completion JSON.

Run: ``python bench/server.py [--port 0] [--cpu N] [--prerender completions:100000,...]``;
prints ``READY <port> <pinning>`` on stdout once listening, and stops on SIGTERM / SIGINT or
when stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from collections import deque
from functools import cache

MODEL = "Llama-3.1-8B-Instruct-exl3"
CREATED = 1763721877
COMPLETION_ID = "chatcmpl-6f0c2a9b8e4d4b1f9a7c3e5d2b8a1c4f"  # streaming ids use chatcmpl-
CHAT_ID = "chatcmpl-0d9e8c7b6a5f4e3d2c1b0a9f8e7d6c5b"
WRITE_SLICE = 256 * 1024
# A few non-ASCII tokens (written raw, as json.dumps(ensure_ascii=False) does on the server).
SPECIAL = {7: " über", 13: " 日本", 29: "\n"}

SSE_HEAD = (
    b"HTTP/1.1 200 OK\r\n"
    b"date: Fri, 21 Nov 2026 10:44:37 GMT\r\n"
    b"server: uvicorn\r\n"
    b"cache-control: no-store\r\n"
    b"connection: keep-alive\r\n"
    b"x-accel-buffering: no\r\n"
    b"content-type: text/event-stream; charset=utf-8\r\n"
    b"transfer-encoding: chunked\r\n"
    b"\r\n"
)
JSON_HEAD = (
    b"HTTP/1.1 200 OK\r\n"
    b"date: Fri, 21 Nov 2026 10:44:37 GMT\r\n"
    b"server: uvicorn\r\n"
    b"content-length: %d\r\n"
    b"content-type: application/json\r\n"
    b"\r\n"
)
NOT_FOUND = b'{"detail":"Not Found"}'
NOT_FOUND_RESPONSE = (
    b"HTTP/1.1 404 Not Found\r\nserver: uvicorn\r\ncontent-length: %d\r\n"
    b"content-type: application/json\r\n\r\n%s" % (len(NOT_FOUND), NOT_FOUND)
)


def token(i: int, lead: str = " ") -> str:
    return SPECIAL.get(i % 31, f"{lead}tok{i}")


def completion_chunk(i: int | None) -> dict[str, object]:
    """Streaming completion chunk `i` (None: the final chunk)."""
    choice: dict[str, object]
    if i is None:
        choice = {
            "index": 0,
            "text": "",
            "finish_reason": "length",
            "eos_reason": "max_new_tokens",
        }
    else:
        choice = {"index": 0, "text": token(i), "finish_reason": None}
    return {
        "id": COMPLETION_ID,
        "object": "text_completion",
        "choices": [choice],
        "created": CREATED,
        "model_name": MODEL,
    }


def chat_chunk(i: int | None) -> dict[str, object]:
    """Streaming chat chunk `i` (None: the final chunk)."""
    choice: dict[str, object]
    if i is None:
        choice = {
            "index": 0,
            "delta": {},
            "finish_reason": "length",
            "eos_reason": "max_new_tokens",
        }
    else:
        choice = {"index": 0, "delta": {"content": token(i, "")}, "finish_reason": None}
    return {
        "id": CHAT_ID,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "choices": [choice],
        "model": MODEL,
    }


def sse_frame(payload: str) -> bytes:
    """One SSE event as one HTTP chunk."""
    event = b"data: " + payload.encode() + b"\r\n\r\n"
    return b"%x\r\n%s\r\n" % (len(event), event)


@cache
def stream_body(kind: str, n: int) -> bytes:
    """The chunked body of a stream of `n` content chunks + final chunk + [DONE]."""
    make = completion_chunk if kind == "completions" else chat_chunk
    dumps = json.dumps
    frames = [sse_frame(dumps(make(i), ensure_ascii=False)) for i in range(n)]
    frames.append(sse_frame(dumps(make(None), ensure_ascii=False)))
    frames.append(sse_frame("[DONE]"))
    frames.append(b"0\r\n\r\n")
    return b"".join(frames)


def completion_json() -> bytes:
    """A non-streaming completion (~600 bytes), shaped as the real server's (usage null)."""
    text = "".join(f" tok{i}" for i in range(58))
    body = {
        "id": "cmpl-3b1f0e9d8c7a4b6e9f2d1c0b5a4e3d2c",
        "choices": [
            {
                "index": 0,
                "finish_reason": "length",
                "eos_reason": "max_new_tokens",
                "logprobs": None,
                "text": text,
            }
        ],
        "created": CREATED,
        "model": MODEL,
        "object": "text_completion",
        "usage": None,
    }
    return json.dumps(body, ensure_ascii=False).encode()


def chat_json() -> bytes:
    text = "".join(f"tok{i} " for i in range(48))
    body = {
        "id": "cmpl-9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d",
        "choices": [
            {
                "index": 0,
                "finish_reason": "length",
                "stop_str": None,
                "message": {
                    "role": "assistant",
                    "content": text,
                    "reasoning_content": None,
                    "tool_calls": None,
                    "tool_call_id": None,
                },
                "logprobs": None,
                "eos_reason": "max_new_tokens",
            }
        ],
        "created": CREATED,
        "model": MODEL,
        "object": "chat.completion",
        "usage": None,
    }
    return json.dumps(body, ensure_ascii=False).encode()


def json_response(body: bytes) -> bytes:
    return (JSON_HEAD % len(body)) + body


ROUTES = {b"/v1/completions": "completions", b"/v1/chat/completions": "chat"}
PLAIN = {"completions": json_response(completion_json()), "chat": json_response(chat_json())}
STATS_PATH = b"/bench/stats"
#: Connections accepted and requests answered since start (``GET /bench/stats``).
STATS = {"connections": 0, "requests": 0}


class Connection(asyncio.Protocol):
    """One keep-alive connection: parses requests (Content-Length bodies), writes responses."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.pending: deque[memoryview] = deque()
        self.paused = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        STATS["connections"] += 1
        transport.set_write_buffer_limits(high=1024 * 1024)

    def connection_lost(self, exc: Exception | None) -> None:
        self.pending.clear()
        self.transport = None

    def pause_writing(self) -> None:
        self.paused = True

    def resume_writing(self) -> None:
        self.paused = False
        self.pump()

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buf[:end])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(buf) < end + 4 + length:
                return
            body = bytes(buf[end + 4 : end + 4 + length])
            del buf[: end + 4 + length]
            self.respond(head, body)

    def respond(self, head: bytes, body: bytes) -> None:
        path = head.split(b" ", 2)[1].split(b"?", 1)[0]
        STATS["requests"] += 1
        kind = ROUTES.get(path)
        if path == STATS_PATH:
            self.send(json_response(json.dumps(STATS).encode()))
            return
        if kind is None:
            self.send(NOT_FOUND_RESPONSE)
            return
        request = json.loads(body) if body else {}
        if request.get("stream"):
            self.send(SSE_HEAD)
            self.send(stream_body(kind, int(request.get("max_tokens") or 16)))
        else:
            self.send(PLAIN[kind])

    def send(self, data: bytes) -> None:
        self.pending.append(memoryview(data))
        self.pump()

    def pump(self) -> None:
        pending, transport = self.pending, self.transport
        while pending and not self.paused and transport is not None:
            view = pending[0]
            if len(view) > WRITE_SLICE:
                transport.write(view[:WRITE_SLICE])
                pending[0] = view[WRITE_SLICE:]
            else:
                transport.write(view)
                pending.popleft()


def pin(cpu: int | None) -> str:
    """Pin this process to `cpu` where the OS allows it; say what happened."""
    if cpu is None:
        return "not-pinned"
    try:
        available = os.sched_getaffinity(0)
        if cpu not in available or len(available) < 2:
            return f"not-pinned(cpus={sorted(available)})"
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError) as exc:
        return f"not-pinned({type(exc).__name__})"
    return f"cpu{cpu}"


async def serve(port: int, pinned: str) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Connection, "127.0.0.1", port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    # Stop when the parent goes away (stdin closes).
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1(4096) or stop.set())
    print(f"READY {bound} {pinned}", flush=True)
    async with server:
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cpu", type=int, default=None, help="pin the server to this CPU")
    parser.add_argument("--prerender", default="", help="kind:n,... bodies to render up front")
    args = parser.parse_args(argv)
    pinned = pin(args.cpu)
    for item in filter(None, args.prerender.split(",")):
        kind, _, n = item.partition(":")
        stream_body(kind, int(n))
    asyncio.run(serve(args.port, pinned))


if __name__ == "__main__":
    main()
