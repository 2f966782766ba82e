"""Where the time goes in tabby_ext's sync stream and non-streaming paths (a diagnostic tool).

1. Micro-benchmarks without I/O: json.loads, the generated ``from_dict`` of the chunk and
   response models, the SSE and event decoders, request building, and hand-written
   prototypes of faster typed decoding (to show what a better ``from_dict`` could save).
2. Layers of the sync stream path over the loopback server, each adding one step to
   httpx ``iter_bytes``: µs/chunk per layer, so the differences are the per-step costs.
3. The same for one non-streaming completion.
4. cProfile of the full sync stream and non-streaming paths (top functions by own time).

Run: ``python -m bench.profile_paths [--chunks N] [--requests N] [--no-cprofile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench import contenders as C  # noqa: E402
from bench import server as S  # noqa: E402
from bench.run import Server  # noqa: E402


def per_call(fn: Callable[[], Any], number: int = 20_000, repeat: int = 5) -> float:
    """Best-of-`repeat` µs per call."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number * 1e6


# ---- prototypes of a faster typed decode (same attrs classes, same field values) -----------


def make_fast_decoders() -> dict[str, Callable[[dict[str, Any]], Any]]:
    """Hand-written decoders producing the same generated attrs instances as ``from_dict``.

    What a generator template without per-call imports, nested closures and ``cast(A | B, x)``
    unions could emit: one straight-line function per model, nested models called directly.
    """
    from tabbyapi_client.models.chat_completion_delta import ChatCompletionDelta
    from tabbyapi_client.models.chat_completion_stream_choice import ChatCompletionStreamChoice
    from tabbyapi_client.models.chat_completion_stream_chunk import ChatCompletionStreamChunk
    from tabbyapi_client.models.completion_stream_choice import CompletionStreamChoice
    from tabbyapi_client.models.completion_stream_chunk import CompletionStreamChunk
    from tabbyapi_client.types import UNSET

    def delta(d: dict[str, Any]) -> Any:
        d = dict(d)
        pop = d.pop
        obj = ChatCompletionDelta(
            role=pop("role", UNSET),
            content=pop("content", UNSET),
            reasoning_content=pop("reasoning_content", UNSET),
            tool_calls=pop("tool_calls", UNSET),  # (tool-call objects: the slow path)
        )
        obj.additional_properties = d
        return obj

    def chat_choice(d: dict[str, Any]) -> Any:
        d = dict(d)
        pop = d.pop
        obj = ChatCompletionStreamChoice(
            index=pop("index"),
            delta=delta(pop("delta")),
            finish_reason=pop("finish_reason", UNSET),
            eos_reason=pop("eos_reason", UNSET),
            logprobs=pop("logprobs", UNSET),  # (logprob objects: the slow path)
        )
        obj.additional_properties = d
        return obj

    def chat_chunk(d: dict[str, Any]) -> Any:
        pop = d.pop  # the dict is fresh from json.loads: no copy needed
        obj = ChatCompletionStreamChunk(
            id=pop("id"),
            choices=[chat_choice(c) for c in pop("choices")],
            object_=pop("object", UNSET),
            created=pop("created", UNSET),
            model=pop("model", UNSET),
            usage=pop("usage", UNSET),  # (usage objects: the slow path)
        )
        obj.additional_properties = d
        return obj

    def completion_choice(d: dict[str, Any]) -> Any:
        pop = d.pop
        obj = CompletionStreamChoice(
            index=pop("index"),
            text=pop("text"),
            finish_reason=pop("finish_reason", UNSET),
            eos_reason=pop("eos_reason", UNSET),
            logprobs=pop("logprobs", UNSET),
        )
        obj.additional_properties = d
        return obj

    def completion_chunk(d: dict[str, Any]) -> Any:
        pop = d.pop
        obj = CompletionStreamChunk(
            id=pop("id"),
            choices=[completion_choice(c) for c in pop("choices")],
            object_=pop("object", UNSET),
            created=pop("created", UNSET),
            model_name=pop("model_name", UNSET),
            usage=pop("usage", UNSET),
        )
        obj.additional_properties = d
        return obj

    # Bypassing attrs' __init__ (slots written directly): the floor for building the objects.
    new = object.__new__
    _set = object.__setattr__

    def chat_chunk_raw(d: dict[str, Any]) -> Any:
        choices = []
        for c in d["choices"]:
            dd = c["delta"]
            de = new(ChatCompletionDelta)
            de.role = dd.get("role", UNSET)
            de.content = dd.get("content", UNSET)
            de.reasoning_content = dd.get("reasoning_content", UNSET)
            de.tool_calls = dd.get("tool_calls", UNSET)
            de.additional_properties = {}
            ch = new(ChatCompletionStreamChoice)
            ch.index = c["index"]
            ch.delta = de
            ch.finish_reason = c.get("finish_reason", UNSET)
            ch.eos_reason = c.get("eos_reason", UNSET)
            ch.logprobs = c.get("logprobs", UNSET)
            ch.additional_properties = {}
            choices.append(ch)
        obj = new(ChatCompletionStreamChunk)
        obj.id = d["id"]
        obj.choices = choices
        obj.object_ = d.get("object", UNSET)
        obj.created = d.get("created", UNSET)
        obj.model = d.get("model", UNSET)
        obj.usage = d.get("usage", UNSET)
        obj.additional_properties = {}
        return obj

    del _set
    return {
        "chat": chat_chunk,
        "completions": completion_chunk,
        "chat_raw": chat_chunk_raw,
    }


def compiled_decoder(ref: Any) -> Callable[[Any], Any]:
    """The client's own fast decoder for a model (falls back to ``from_dict`` if it has none)."""
    decoder = getattr(ref, "decoder", None)
    return decoder() if decoder is not None else ref.load().from_dict  # type: ignore[no-any-return]


def micro() -> list[str]:
    from tabbyapi_client.models.chat_completion_stream_chunk import ChatCompletionStreamChunk
    from tabbyapi_client.models.completion_response import CompletionResponse
    from tabbyapi_client.models.completion_stream_chunk import CompletionStreamChunk

    from tabby_ext._events import EventDecoder
    from tabby_ext._operations import operation_table
    from tabby_ext._sse import SSEDecoder

    table = operation_table()
    chat_op = table.facade("chat", "create")
    comp_op = table.facade("completions", "create")
    chat_data = json.dumps(S.chat_chunk(12), ensure_ascii=False)
    comp_data = json.dumps(S.completion_chunk(12), ensure_ascii=False)
    chat_frame = b"data: " + chat_data.encode() + b"\r\n\r\n"
    plain = S.completion_json()
    fast = make_fast_decoders()
    assert fast["chat"](json.loads(chat_data)) == ChatCompletionStreamChunk.from_dict(
        json.loads(chat_data)
    )
    assert fast["chat_raw"](json.loads(chat_data)) == ChatCompletionStreamChunk.from_dict(
        json.loads(chat_data)
    )
    assert fast["completions"](json.loads(comp_data)) == CompletionStreamChunk.from_dict(
        json.loads(comp_data)
    )
    chat_decode = compiled_decoder(chat_op.stream.event) if chat_op.stream else None
    comp_decode = compiled_decoder(comp_op.stream.event) if comp_op.stream else None
    chat_obj = json.loads(chat_data)
    comp_obj = json.loads(comp_data)
    plain_obj = json.loads(plain)
    sse = SSEDecoder()
    assert chat_op.stream is not None
    events = EventDecoder(chat_op.stream, idle_timeout=None)
    rows = [
        (f"json.loads(chat chunk, {len(chat_data)} B)", lambda: json.loads(chat_data)),
        (
            "ChatCompletionStreamChunk.from_dict(dict)",
            lambda: ChatCompletionStreamChunk.from_dict(chat_obj),
        ),
        (
            "ChatCompletionStreamChunk.from_dict(json.loads(data))",
            lambda: ChatCompletionStreamChunk.from_dict(json.loads(chat_data)),
        ),
        (
            "  tabby_ext compiled decoder (ModelRef.decoder()), json.loads included",
            lambda: chat_decode(json.loads(chat_data)),
        ),
        (
            "  prototype: straight-line decoder, attrs __init__",
            lambda: fast["chat"](json.loads(chat_data)),
        ),
        (
            "  prototype: slots written directly (no __init__)",
            lambda: fast["chat_raw"](json.loads(chat_data)),
        ),
        (f"json.loads(completion chunk, {len(comp_data)} B)", lambda: json.loads(comp_data)),
        (
            "CompletionStreamChunk.from_dict(dict)",
            lambda: CompletionStreamChunk.from_dict(comp_obj),
        ),
        (
            "  tabby_ext compiled decoder (ModelRef.decoder()), json.loads included",
            lambda: comp_decode(json.loads(comp_data)),
        ),
        (
            "  prototype: straight-line decoder, attrs __init__",
            lambda: fast["completions"](json.loads(comp_data)),
        ),
        ("SSEDecoder.feed(one chat event)", lambda: sse.feed(chat_frame)),
        (
            "EventDecoder.feed(one chat event) (SSE + json + from_dict)",
            lambda: events.feed(chat_frame),
        ),
        (f"json.loads(completion response, {len(plain)} B)", lambda: json.loads(plain)),
        ("CompletionResponse.from_dict(dict)", lambda: CompletionResponse.from_dict(plain_obj)),
        (
            "op.build(completions.create(prompt, max_tokens)) (request model round trip)",
            lambda: comp_op.build({"prompt": "Once upon a time", "max_tokens": 64}),
        ),
        ("op.parse(completion response bytes)", lambda: comp_op.parse(plain)),
    ]
    out = ["| operation | µs/call (best of 5) |", "|---|---:|"]
    for name, fn in rows:
        out.append(f"| {name} | {per_call(fn):.2f} |")
    return out


# ---- layered stream path --------------------------------------------------------------------


def layers(url: str, n: int) -> list[str]:
    from tabby_ext import Tabby
    from tabby_ext._events import EventDecoder
    from tabby_ext._operations import operation_table
    from tabby_ext._sse import SSEDecoder

    spec = operation_table().facade("chat", "create").stream
    assert spec is not None
    http = httpx.Client(base_url=url)
    body = C.body("chat", n)
    loads = json.loads

    def floor() -> None:
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for _ in r.iter_bytes():
                pass

    def raw_stream() -> None:  # httpx without its decoder / chunker layers
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for _ in r.iter_raw():
                pass

    def with_sse() -> None:
        dec = SSEDecoder()
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for raw in r.iter_bytes():
                dec.feed(raw)

    def with_sse_json() -> None:
        dec = SSEDecoder()
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for raw in r.iter_bytes():
                for ev in dec.feed(raw):
                    if ev.data != "[DONE]":
                        loads(ev.data)

    def with_events() -> None:
        dec = EventDecoder(spec, idle_timeout=None)
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for raw in r.iter_bytes():
                dec.feed(raw)

    fast = make_fast_decoders()["chat"]
    compiled = compiled_decoder(spec.event)
    from_dict = spec.event.load().from_dict if spec.event else None

    def with_sse_json_compiled() -> None:
        dec = SSEDecoder()
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for raw in r.iter_bytes():
                for ev in dec.feed(raw):
                    if ev.data != "[DONE]":
                        compiled(loads(ev.data))

    def with_sse_json_from_dict() -> None:
        dec = SSEDecoder()
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for raw in r.iter_bytes():
                for ev in dec.feed(raw):
                    if ev.data != "[DONE]":
                        from_dict(loads(ev.data))

    def with_sse_json_fast() -> None:
        dec = SSEDecoder()
        with http.stream("POST", "/v1/chat/completions", json=body) as r:
            for raw in r.iter_bytes():
                for ev in dec.feed(raw):
                    if ev.data != "[DONE]":
                        fast(loads(ev.data))

    raw = C.RawSocketSync(url)
    request = raw._request_bytes("chat", n)

    def dechunked() -> None:
        """No h11: a socket, an inline chunked-encoding parser, the one-event-per-chunk fast
        path, json.loads on the bytes and the prototype decoder (what bypassing httpx's
        per-chunk machinery for the body of an SSE response could reach)."""
        sock = raw._socket()
        sock.sendall(request)
        recv = sock.recv
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += recv(1 << 18)
        buf = buf.partition(b"\r\n\r\n")[2]
        pos = 0
        while True:
            i = buf.find(b"\r\n", pos)
            if i >= 0:
                size = int(buf[pos:i], 16)
                if size == 0:
                    return
                end = i + 2 + size
                if end + 2 <= len(buf):
                    payload = buf[i + 2 : end]
                    pos = end + 2
                    if payload.startswith(b"data: ") and payload.endswith(b"\r\n\r\n"):
                        data = payload[6:-4]
                        if data != b"[DONE]":
                            fast(loads(data))
                        continue
                    raise ValueError("not the one-event-per-chunk shape")
            buf = buf[pos:] + recv(1 << 18)
            pos = 0

    client = Tabby(base_url=url, api_key=C.KEY)

    def ours() -> None:
        for chunk in client.chat.create_stream(messages=C.MESSAGES, max_tokens=n):
            chunk.choices[0].delta.content  # noqa: B018

    steps = [
        ("httpx iter_raw", raw_stream),
        ("httpx iter_bytes (floor)", floor),
        ("+ SSEDecoder.feed", with_sse),
        ("+ SSEDecoder.feed + json.loads", with_sse_json),
        ("+ SSE + json.loads + prototype straight-line decoder", with_sse_json_fast),
        ("+ SSE + json.loads + tabby_ext compiled decoder", with_sse_json_compiled),
        ("+ SSE + json.loads + generated from_dict", with_sse_json_from_dict),
        ("EventDecoder.feed (what Stream runs: SSE + json + its decoder)", with_events),
        ("Tabby.chat.create_stream (everything, reading .delta.content)", ours),
        ("prototype: socket + own de-chunking + json.loads + straight-line decoder", dechunked),
    ]
    for _, fn in steps:
        fn()
    times: dict[str, list[float]] = {name: [] for name, _ in steps}
    for _ in range(3):
        for name, fn in steps:
            gc.collect()
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    out = [
        "| layer | µs/chunk (best of 3) | median | over the iter_bytes floor (best) |",
        "|---|---:|---:|---:|",
    ]
    floor_best = min(times["httpx iter_bytes (floor)"]) / (n + 1) * 1e6
    for name, _ in steps:
        best = min(times[name]) / (n + 1) * 1e6
        med = statistics.median(times[name]) / (n + 1) * 1e6
        out.append(f"| {name} | {best:.2f} | {med:.2f} | {best - floor_best:+.2f} |")
    http.close()
    client.close()
    raw.close()
    return out


def plain_layers(url: str, count: int) -> list[str]:
    from tabbyapi_client.models.completion_response import CompletionResponse

    from tabby_ext import Tabby
    from tabby_ext._operations import operation_table

    op = operation_table().facade("completions", "create")
    http = httpx.Client(base_url=url, headers={"x-api-key": C.KEY})
    body = C.body("completions", None)
    client = Tabby(base_url=url, api_key=C.KEY)

    def bare() -> None:
        json.loads(http.post("/v1/completions", json=body).content)

    def typed() -> None:
        CompletionResponse.from_dict(json.loads(http.post("/v1/completions", json=body).content))

    def built() -> None:
        kw = op.build({"prompt": C.PROMPT, "max_tokens": C.PLAIN_TOKENS})
        op.parse(http.post(kw["url"], json=kw["json"], headers=kw["headers"]).content)

    def ours() -> None:
        client.completions.create(prompt=C.PROMPT, max_tokens=C.PLAIN_TOKENS)

    steps = [
        ("httpx.post + json.loads", bare),
        ("+ CompletionResponse.from_dict", typed),
        ("+ op.build (request model from_dict/to_dict) + op.parse", built),
        ("Tabby.completions.create (everything)", ours),
    ]
    for _, fn in steps:
        for _ in range(50):
            fn()
    times: dict[str, list[float]] = {name: [] for name, _ in steps}
    for _ in range(5):
        for name, fn in steps:
            gc.collect()
            start = time.perf_counter()
            for _ in range(count):
                fn()
            times[name].append(time.perf_counter() - start)
    out = [
        "| layer | µs/request (best of 5) | median | Δ vs previous (best) |",
        "|---|---:|---:|---:|",
    ]
    prev = None
    for name, _ in steps:
        best = min(times[name]) / count * 1e6
        med = statistics.median(times[name]) / count * 1e6
        delta = "" if prev is None else f"{best - prev:+.1f}"
        out.append(f"| {name} | {best:.1f} | {med:.1f} | {delta} |")
        prev = best
    http.close()
    client.close()
    return out


def cprofile(url: str, n: int, count: int) -> list[str]:
    from tabby_ext import Tabby

    client = Tabby(base_url=url, api_key=C.KEY)
    client.completions.create(prompt=C.PROMPT, max_tokens=C.PLAIN_TOKENS)
    for _ in client.chat.create_stream(messages=C.MESSAGES, max_tokens=100):
        pass
    out = []
    for title, fn, units in (
        (
            f"sync chat stream, {n} chunks",
            lambda: [
                c.choices[0].delta.content
                for c in client.chat.create_stream(messages=C.MESSAGES, max_tokens=n)
            ],
            n + 1,
        ),
        (
            f"sync non-streaming completions, {count} requests",
            lambda: [
                client.completions.create(prompt=C.PROMPT, max_tokens=C.PLAIN_TOKENS)
                for _ in range(count)
            ],
            count,
        ),
    ):
        prof = cProfile.Profile()
        prof.enable()
        fn()
        prof.disable()
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats("tottime").print_stats(25)
        out += [f"### cProfile: {title} (per-unit µs = tottime / {units})", "", "```"]
        total = stats.total_tt  # type: ignore[attr-defined]
        out.append(f"total {total:.3f} s under the profiler = {total / units * 1e6:.1f} µs/unit")
        out += buf.getvalue().strip().splitlines()[-27:]
        out += ["```", ""]
    client.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=1_000)
    parser.add_argument("--no-cprofile", action="store_true")
    args = parser.parse_args(argv)
    print("## Micro-benchmarks (no I/O)\n")
    print("\n".join(micro()))
    server = Server([("chat", args.chunks), ("chat", 100)])
    try:
        print(
            f"\n## Sync chat stream, layer by layer ({args.chunks:,} chunks, server "
            f"{server.server_pin}, client {server.client_pin})\n"
        )
        print("\n".join(layers(server.url, args.chunks)))
        print(f"\n## Non-streaming completion, layer by layer ({args.requests:,} requests)\n")
        print("\n".join(plain_layers(server.url, args.requests)))
        if not args.no_cprofile:
            print()
            print("\n".join(cprofile(server.url, args.chunks // 5, args.requests)))
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
