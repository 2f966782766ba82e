"""Micro-benchmark of tabby_ext._sse.SSEDecoder on TabbyAPI-shaped SSE streams (stdlib only).

Prints µs/event for our decoder on one event per chunk (its fast path), on the same bytes cut at
random boundaries (general path), on coalesced reads and on Kobold LF framing, and for httpx-sse's
decoder stack (incremental UTF-8 decoder + SSELineDecoder + SSEDecoder, what its iter_sse runs)
when httpx-sse is installed. The consumer touches each event's data and drops the event.

Chunks cycle through a pool of POOL distinct chunks (≈250 KB, cache-resident, like bytes fresh
off a socket); the "cold" line feeds N distinct chunk objects (≈50 MB) instead.

Run: python bench/sse_decoder_micro.py [n_events]
"""

from __future__ import annotations

import codecs
import gc
import importlib
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tabby_ext._sse import SSEDecoder

httpx_sse_decoders: ModuleType | None
try:  # optional comparison
    httpx_sse_decoders = importlib.import_module("httpx_sse._decoders")
except ImportError:
    httpx_sse_decoders = None

N_EVENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
POOL = 1000
REPEATS = 5
WORDS = [" the", " quick", " brown", " fox", " jumps", " over", " lazy", " über", " 日本", "\n"]

Runner = Callable[[list[bytes]], tuple[int, int]]


def chat_chunks(n: int, seed: int = 1) -> list[bytes]:
    """n TabbyAPI chat-completion chunks framed as the server does (CRLF, one event each)."""
    rng = random.Random(seed)
    cid = "chatcmpl-" + "".join(rng.choice("0123456789abcdef") for _ in range(32))
    out = []
    for i in range(n):
        payload = {
            "id": cid,
            "object": "chat.completion.chunk",
            "created": 1763721877 + i // 50,
            "choices": [
                {"index": 0, "delta": {"content": rng.choice(WORDS)}, "finish_reason": None}
            ],
            "model": "Meta-Llama-3.1-8B-Instruct-exl3-4.0bpw",
        }
        out.append(b"data: " + json.dumps(payload, ensure_ascii=False).encode() + b"\r\n\r\n")
    return out


def kobold_chunks(n: int, seed: int = 2) -> list[bytes]:
    """n Kobold stream events (LF framing with `event: message`), one per chunk."""
    rng = random.Random(seed)
    return [
        b"event: message\ndata: "
        + json.dumps({"token": rng.choice(WORDS)}, ensure_ascii=False).encode()
        + b"\n\n"
        for _ in range(n)
    ]


def cycle(pool: list[bytes], n: int) -> list[bytes]:
    return (pool * (n // len(pool) + 1))[:n]


def rechunk(stream: bytes, mean: int, seed: int = 3) -> list[bytes]:
    """Cut stream at random byte boundaries, chunk sizes uniform in [1, 2*mean-1]."""
    rng = random.Random(seed)
    out, pos = [], 0
    while pos < len(stream):
        step = rng.randint(1, 2 * mean - 1)
        out.append(stream[pos : pos + step])
        pos += step
    return out


def run_ours(chunks: list[bytes]) -> tuple[int, int]:
    dec = SSEDecoder()
    feed = dec.feed
    n = total = 0
    for chunk in chunks:
        for ev in feed(chunk):
            n += 1
            total += len(ev.data)
    for ev in dec.flush():
        n += 1
        total += len(ev.data)
    return n, total


def run_httpx_sse(chunks: list[bytes]) -> tuple[int, int]:
    assert httpx_sse_decoders is not None
    text_dec = codecs.getincrementaldecoder("utf-8")(errors="replace")  # as httpx iter_text
    line_dec = httpx_sse_decoders.SSELineDecoder()
    sse_dec = httpx_sse_decoders.SSEDecoder()
    n = total = 0
    for chunk in chunks:
        text = text_dec.decode(chunk)
        if text:
            for line in line_dec.decode(text):
                sse = sse_dec.decode(line.rstrip("\n"))
                if sse is not None:
                    n += 1
                    total += len(sse.data)
    for line in line_dec.flush():
        sse = sse_dec.decode(line.rstrip("\n"))
        if sse is not None:
            n += 1
            total += len(sse.data)
    return n, total


def run_floor(chunks: list[bytes]) -> tuple[int, int]:
    """No parsing: the cost of looping over the chunks (a raw `iter_bytes` consumer)."""
    n = total = 0
    for chunk in chunks:
        n += 1
        total += len(chunk)
    return n, total


def bench(name: str, fn: Runner, chunks: list[bytes], expect: tuple[int, int] | None) -> None:
    best = float("inf")
    result = (0, 0)
    for _ in range(REPEATS):
        gc.collect()
        t0 = time.perf_counter()
        result = fn(chunks)
        best = min(best, time.perf_counter() - t0)
    if expect is not None and result != expect:
        raise SystemExit(f"{name}: got (events, data chars) {result}, expected {expect}")
    n = result[0]
    print(f"{name:52} {best / n * 1e6:6.3f} µs/event  ({n} events, {len(chunks)} chunks)")


def main() -> None:
    pool = chat_chunks(POOL)
    chat = cycle(pool, N_EVENTS)
    expect = (N_EVENTS, sum(len(c.decode()) - 10 for c in chat))
    stream = b"".join(pool)
    reps = N_EVENTS // POOL
    split = rechunk(stream, 250) * reps
    coalesced = rechunk(stream, 16384) * reps
    split_expect = (reps * POOL, reps * sum(len(c.decode()) - 10 for c in pool))
    kobold = cycle(kobold_chunks(POOL), N_EVENTS)
    cold = chat_chunks(N_EVENTS, seed=4)

    print(
        f"{N_EVENTS} events, chat chunk mean {len(stream) / POOL:.0f} bytes, "
        f"python {sys.version.split()[0]}"
    )
    bench("floor: loop over the chunks, no parsing", run_floor, chat, None)
    bench("ours, one event per chunk (fast path)", run_ours, chat, expect)
    bench("ours, fast path, cache-cold distinct chunks", run_ours, cold, None)
    bench("ours, random cuts, mean 250 B (general path)", run_ours, split, split_expect)
    bench("ours, coalesced reads, mean 16 KiB (general path)", run_ours, coalesced, split_expect)
    bench("ours, Kobold LF framing, one event per chunk", run_ours, kobold, None)
    if httpx_sse_decoders is None:
        print("httpx-sse not installed: comparison skipped")
        return
    bench("httpx-sse, one event per chunk", run_httpx_sse, chat, expect)
    bench("httpx-sse, random cuts, mean 250 B", run_httpx_sse, split, split_expect)
    bench("httpx-sse, coalesced reads, mean 16 KiB", run_httpx_sse, coalesced, split_expect)
    bench("httpx-sse, Kobold LF framing", run_httpx_sse, kobold, None)


if __name__ == "__main__":
    main()
