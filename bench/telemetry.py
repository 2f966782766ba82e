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
        start = time.perf_counter()
        got = stream(chunks)
        stream_s = time.perf_counter() - start
        if got != chunks + 1:
            raise RuntimeError(f"{got} chunks, expected {chunks + 1}")
        start = time.perf_counter()
        for _ in range(requests):
            request()
        request_s = time.perf_counter() - start
    return {
        "stream_s": stream_s,
        "chunks": chunks + 1,
        "request_s": request_s,
        "requests": requests,
        "spans": len(exporter.get_finished_spans()) if exporter is not None else 0,
        "imported": "opentelemetry" in sys.modules,
    }


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

    def per_chunk(runs: list[dict[str, Any]]) -> list[float]:
        return [r["stream_s"] / r["chunks"] * 1e6 for r in runs]

    def per_request(runs: list[dict[str, Any]]) -> list[float]:
        return [r["request_s"] / r["requests"] * 1e6 for r in runs]

    base_chunk = statistics.median(per_chunk(results["off"]))
    base_request = statistics.median(per_request(results["off"]))
    lines = [
        f"{TITLE} (one {chunks:,}-chunk chat stream and {requests:,} non-streaming "
        f"completions per run, sync, {len(results['off'])} runs per configuration, interleaved)",
        "",
        "Each configuration in a fresh interpreter (see bench/telemetry.py); Δ is the median's "
        "difference from `telemetry=False`.",
        "",
        "| configuration | µs/chunk (median) | best | Δ µs/chunk | µs/request (median) | best "
        "| Δ µs/request | spans exported per run | OpenTelemetry imported |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, label in CONFIGS.items():
        runs = results[name]
        chunk, request = per_chunk(runs), per_request(runs)
        lines.append(
            f"| {label} | {statistics.median(chunk):.2f} | {min(chunk):.2f} "
            f"| {statistics.median(chunk) - base_chunk:+.2f} "
            f"| {statistics.median(request):.1f} | {min(request):.1f} "
            f"| {statistics.median(request) - base_request:+.1f} "
            f"| {runs[0]['spans']} | {'yes' if runs[0]['imported'] else 'no'} |"
        )
    sdk_chunk = statistics.median(per_chunk(results["sdk"])) - base_chunk
    sdk_request = statistics.median(per_request(results["sdk"])) - base_request
    lines += [
        "",
        f"With the SDK recording everything, telemetry costs about {sdk_request:.0f} µs per "
        f"call ({sdk_request / base_request:.0%} of a non-streaming completion on loopback) and "
        f"{sdk_chunk:.2f} µs per streamed chunk ({sdk_chunk / base_chunk:.0%}): one "
        "`time_per_output_chunk` measurement and a look at each chunk for the answer's id, "
        "model, finish reason and usage. Off, unused, or without an SDK, a stream decodes with "
        "the plain decoder and no per-chunk work; a call pays a dictionary lookup (unused) or "
        "one no-op span (API, no SDK). The client's import never imports OpenTelemetry "
        "(section 4 measures `from tabby_ext import Tabby`).",
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


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        name, url, n, m = sys.argv[2:6]
        print(json.dumps(child(name, url, int(n), int(m))))
    else:
        raise SystemExit("run `python -m bench` or `python -m bench --only telemetry`")
