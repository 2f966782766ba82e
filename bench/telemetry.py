"""Section 8 of the benchmark: what the client's OpenTelemetry support costs, off and on.

Each configuration runs in its own interpreter (a child of this process, pinned like it), since
what is imported is part of what is measured, interleaved over the repetitions:

* ``off``: ``telemetry=False`` (the setting: nothing is ever looked at);
* ``unused``: the default, in an application that never imports OpenTelemetry (the API is
  installed: the client looks in ``sys.modules`` once per call and imports nothing);
* ``api, no SDK``: the application imported OpenTelemetry but configured no provider (each
  call starts one no-op span; nothing is watched, so a stream pays nothing per chunk);
* ``SDK``: a global SDK tracer provider with an in-memory span exporter (simple processor) and
  an SDK meter provider with an in-memory reader: every span and measurement is made;
* ``SDK + content``: the same, recording prompts and answers on the spans.

Each child consumes one N-chunk chat stream and makes M sequential non-streaming completions
(the workloads of sections 1 and 3, sync), and reports its timings, the spans it exported and
whether OpenTelemetry was imported. ``python -m bench --only telemetry`` runs this section
alone and puts it into bench/RESULTS.md in place of the previous one, leaving the other
figures as they are.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TITLE = "## 8. Telemetry"

#: (time, per what) of each measurement a child reports.
MEASURES = (("stream_s", "chunks"), ("stream_cpu", "chunks"))
MEASURES += (("request_s", "requests"), ("request_cpu", "requests"))
CONFIGS = {
    "off": "`telemetry=False`",
    "unused": "default; OpenTelemetry never imported",
    "api": "OpenTelemetry imported, no SDK",
    "sdk": "SDK, in-memory exporter and reader",
    "content": "SDK + content captured",
}


# ---- the child ----------------------------------------------------------------------------


def _configure(config: str) -> Any:
    """Set the process up as an application of this configuration; returns the exporter."""
    if config == "api":
        import opentelemetry.metrics
        import opentelemetry.trace  # noqa: F401
    if config not in ("sdk", "content"):
        return None
    from opentelemetry import metrics, trace
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    metrics.set_meter_provider(MeterProvider(metric_readers=[InMemoryMetricReader()]))
    return exporter


def child(config: str, url: str, chunks: int, requests: int) -> dict[str, Any]:
    from bench import contenders as C
    from tabby_ext import Tabby

    exporter = _configure(config)
    options: dict[str, Any] = {"base_url": url, "api_key": C.KEY}
    if config == "off":
        options["telemetry"] = False
    if config == "content":
        options["capture_content"] = True
    with Tabby(**options) as client:

        def stream(n: int) -> int:
            count = 0
            for chunk in client.chat.create_stream(messages=C.MESSAGES, max_tokens=n):
                _ = chunk.choices[0].delta.content
                count += 1
            return count

        def request() -> None:
            _ = client.completions.create(prompt=C.PROMPT, max_tokens=C.PLAIN_TOKENS).choices[0]

        stream(min(chunks, 2000))  # warm-up: the connection, lazy imports, caches
        for _ in range(20):
            request()
        if exporter is not None:
            exporter.clear()
        start, cpu = time.perf_counter(), time.process_time()
        got = stream(chunks)
        stream_s, stream_cpu = time.perf_counter() - start, time.process_time() - cpu
        if got != chunks + 1:
            raise RuntimeError(f"{got} chunks, expected {chunks + 1}")
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(requests):
            request()
        request_s, request_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "stream_s": stream_s,
        "stream_cpu": stream_cpu,
        "chunks": chunks + 1,
        "request_s": request_s,
        "request_cpu": request_cpu,
        "requests": requests,
        "spans": len(exporter.get_finished_spans()) if exporter is not None else 0,
        "imported": "opentelemetry" in sys.modules,
    }


#: The configurations compared round by round in one process (OpenTelemetry imported).
PAIRED = {
    "off": "off (`telemetry=False`)",
    "api": "API, no-op providers",
    "sdk": "SDK recording",
    "content": "SDK recording + content",
}


def paired(url: str, chunks: int, requests: int, rounds: int) -> dict[str, Any]:
    """Clients of every `PAIRED` configuration in this one process, measured in alternation,
    round after round (each round in another order), so a change in the machine's load hits
    them alike: the CPU time per chunk and per request of each, per round."""
    from opentelemetry.metrics import NoOpMeterProvider
    from opentelemetry.sdk.metrics import MeterProvider
    from opentelemetry.sdk.metrics.export import InMemoryMetricReader
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import NoOpTracerProvider

    from bench import contenders as C
    from tabby_ext import Tabby

    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    sdk = {
        "tracer_provider": tracer_provider,
        "meter_provider": MeterProvider(metric_readers=[InMemoryMetricReader()]),
    }
    options: dict[str, dict[str, Any]] = {
        "off": {"telemetry": False},
        "api": {"tracer_provider": NoOpTracerProvider(), "meter_provider": NoOpMeterProvider()},
        "sdk": sdk,
        "content": {**sdk, "capture_content": True},
    }
    clients = {name: Tabby(base_url=url, api_key=C.KEY, **options[name]) for name in PAIRED}
    out: dict[str, dict[str, list[float]]] = {name: {"chunk": [], "request": []} for name in PAIRED}
    names = list(PAIRED)

    def stream(client: Any, n: int) -> None:
        for chunk in client.chat.create_stream(messages=C.MESSAGES, max_tokens=n):
            _ = chunk.choices[0].delta.content

    def request(client: Any) -> None:
        _ = client.completions.create(prompt=C.PROMPT, max_tokens=C.PLAIN_TOKENS).choices[0]

    for client in clients.values():  # warm-up
        stream(client, min(chunks, 2000))
        for _ in range(20):
            request(client)
    for k in range(rounds):
        for name in names[k % len(names) :] + names[: k % len(names)]:
            client = clients[name]
            cpu = time.process_time()
            stream(client, chunks)
            out[name]["chunk"].append((time.process_time() - cpu) / (chunks + 1) * 1e6)
            cpu = time.process_time()
            for _ in range(requests):
                request(client)
            out[name]["request"].append((time.process_time() - cpu) / requests * 1e6)
        exporter.clear()
    for client in clients.values():
        client.close()
    return out


def paired_section(out: dict[str, Any], chunks: int, requests: int) -> list[str]:
    rounds = len(out["off"]["chunk"])

    def delta(name: str, unit: str) -> float:
        """The median over rounds of (this configuration - off) in the same round."""
        pairs = zip(out[name][unit], out["off"][unit], strict=True)
        return statistics.median(a - b for a, b in pairs)

    lines = [
        f"In one process, round by round ({rounds} rounds of a {chunks:,}-chunk chat stream and "
        f"{requests:,} completions per configuration, alternating; CPU time; Δ: the median over "
        "rounds of the difference from `telemetry=False` in the same round):",
        "",
        "| configuration | CPU µs/chunk (median) | Δ µs/chunk | CPU µs/request (median) "
        "| Δ µs/request |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, label in PAIRED.items():
        lines.append(
            f"| {label} | {statistics.median(out[name]['chunk']):.2f} "
            f"| {delta(name, 'chunk'):+.2f} | {statistics.median(out[name]['request']):.1f} "
            f"| {delta(name, 'request'):+.1f} |"
        )
    chunk, request = delta("sdk", "chunk"), delta("sdk", "request")
    base_chunk = statistics.median(out["off"]["chunk"])
    base_request = statistics.median(out["off"]["request"])
    lines += [
        "",
        f"With the SDK recording everything, telemetry costs about {request:.0f} µs of CPU per "
        f"call ({request / base_request:.0%} of a non-streaming completion's client CPU on "
        f"loopback) and {chunk:.1f} µs per streamed chunk ({chunk / base_chunk:.0%}). Most of "
        "it is the SDK's: a span's start, attributes and end, a duration measurement, and per "
        "chunk one `time_per_output_chunk` measurement (the SDK cleans and hashes its "
        "attributes each time); the client adds a look at each chunk for the answer's id, "
        "model, finish reason and usage. A real server's chunks come every 10-50 ms.",
    ]
    return [*lines, ""]


# ---- the parent ---------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    """This environment without OTEL_* and TABBY_* (the configurations are set in code)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "TABBY_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def measure(url: str, chunks: int, requests: int, reps: int) -> dict[str, list[dict[str, Any]]]:
    """Every configuration `reps` times, in fresh interpreters, each rep in another order."""
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in CONFIGS}
    names, sizes = list(CONFIGS), [str(chunks), str(requests)]
    for rep in range(reps):
        k = rep % len(names)
        for name in names[k:] + names[:k]:
            done = subprocess.run(
                [sys.executable, "-m", "bench.telemetry", "--child", name, url, *sizes],
                cwd=ROOT,
                env=_environment(),
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
            if done.returncode != 0:
                raise RuntimeError(f"telemetry child {name} failed:\n{done.stderr[-3000:]}")
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"[bench] telemetry rep {rep + 1}/{reps}", file=sys.stderr, flush=True)
    return results


def section(results: dict[str, list[dict[str, Any]]], chunks: int, requests: int) -> list[str]:
    """The markdown of section 8."""

    def per(runs: list[dict[str, Any]], key: str, unit: str) -> float:
        return statistics.median(r[key] / r[unit] * 1e6 for r in runs)

    base = {key: per(results["off"], key, unit) for key, unit in MEASURES}
    lines = [
        f"{TITLE} (one {chunks:,}-chunk chat stream and {requests:,} non-streaming "
        f"completions per run, sync, {len(results['off'])} runs per configuration, interleaved)",
        "",
        "Each configuration in a fresh interpreter (see bench/telemetry.py). Wall time is what "
        "a caller waits; CPU time is the client process's own work, which is where telemetry "
        "costs and which other processes on the machine disturb much less: the Δ columns "
        "(median CPU time minus `telemetry=False`'s) are the overhead.",
        "",
        "| configuration | wall µs/chunk | CPU µs/chunk | Δ CPU µs/chunk | wall µs/request "
        "| CPU µs/request | Δ CPU µs/request | spans per run | OpenTelemetry imported |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, label in CONFIGS.items():
        runs = results[name]
        chunk = per(runs, "stream_cpu", "chunks")
        request = per(runs, "request_cpu", "requests")
        lines.append(
            f"| {label} | {per(runs, 'stream_s', 'chunks'):.2f} | {chunk:.2f} "
            f"| {chunk - base['stream_cpu']:+.2f} | {per(runs, 'request_s', 'requests'):.1f} "
            f"| {request:.1f} | {request - base['request_cpu']:+.1f} "
            f"| {runs[0]['spans']} | {'yes' if runs[0]['imported'] else 'no'} |"
        )
    lines += [
        "",
        "Off, unused, or with the API but no SDK, a stream decodes with the plain decoder and "
        "does no per-chunk work, and a call pays a dictionary lookup (unused) or one no-op span "
        "(API, no SDK): the differences between these rows are the machine's noise. The "
        "client's import never imports OpenTelemetry (section 4 measures "
        "`from tabby_ext import Tabby`). What the SDK costs, measured more finely:",
        "",
    ]
    return lines


def splice(results_md: Path, lines: list[str]) -> None:
    """Put section 8 into an existing RESULTS.md, replacing the previous one (before the
    targets), and leave every other figure as it is."""
    text = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    block = "\n".join(lines)
    start = text.find(TITLE)
    if start >= 0:
        end = text.find("\n## ", start + len(TITLE))
        text = text[:start] + block + ("\n" + text[end + 1 :] if end >= 0 else "\n")
    else:
        targets = text.find("## Targets")
        if targets >= 0:
            text = text[:targets] + block + "\n" + text[targets:]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
    results_md.write_text(text, encoding="utf-8")


def measure_paired(url: str, chunks: int, requests: int, rounds: int) -> dict[str, Any]:
    """`paired` in a child (OpenTelemetry imported there, not here)."""
    sizes = [str(chunks), str(requests), str(rounds)]
    done = subprocess.run(
        [sys.executable, "-m", "bench.telemetry", "--paired", url, *sizes],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=1200,
    )
    if done.returncode != 0:
        raise RuntimeError(f"telemetry paired run failed:\n{done.stderr[-3000:]}")
    print("[bench] telemetry paired rounds done", file=sys.stderr, flush=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        name, url, n, m = sys.argv[2:6]
        print(json.dumps(child(name, url, int(n), int(m))))
    elif sys.argv[1:2] == ["--paired"]:
        url, n, m, r = sys.argv[2:6]
        print(json.dumps(paired(url, int(n), int(m), int(r))))
    else:
        raise SystemExit("run `python -m bench` or `python -m bench --only telemetry`")
