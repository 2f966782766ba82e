"""Benchmark: tabby_ext's clients against openai, httpx + httpx-sse, bare httpx and raw sockets.

One process invocation runs every contender against the same loopback server (bench/server.py,
a separate process pinned to another core where allowed), interleaved over several repetitions,
and reports medians, minima and ratios as a markdown table (stdout and bench/RESULTS.md).

Measures:

1. one N-chunk completion stream and one N-chunk chat stream (sync), chunks/s;
2. C concurrent async chat streams × M chunks each, total chunks/s;
3. sequential non-streaming completions (~600-byte JSON), µs/request (sync and async);
4. cold import time in fresh interpreters (best of K) vs `import httpx` / `import openai`;
5. peak-RSS growth of import + client construction, and of one N-chunk stream (subprocesses);
6. connection reuse per stream and per request;
7. `tabby --help` startup (whole process, wall time) next to `python -c pass` (cli_startup.py);
8. what telemetry costs: off, unused, OpenTelemetry without an SDK, and with the SDK recording
   (telemetry.py; ``python -m bench --only telemetry`` runs this one and updates its section of
   bench/RESULTS.md, leaving the other figures).

Run from the repository root: ``python -m bench`` (full, < 5 min on 2 cores) or
``python -m bench --quick`` (tiny configuration, a few seconds; used by the smoke test);
``python bench/run.py`` works too. ``--output PATH`` sets where the markdown goes (default
bench/RESULTS.md for a full run; a quick run writes a file only when given ``--output``).
No timing is asserted anywhere: the targets table only reports.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # `python bench/run.py`
    sys.path.insert(0, str(ROOT))

from bench import cli_startup, telemetry  # noqa: E402
from bench import contenders as C  # noqa: E402

MiB = 1024.0


@dataclasses.dataclass(frozen=True)
class Config:
    name: str
    stream_chunks: int
    stream_reps: int
    concurrency: int
    concurrent_chunks: int
    concurrent_reps: int
    plain_requests: int
    plain_reps: int
    import_reps: int
    rss_chunks: int
    telemetry_reps: int
    telemetry_chunks: int
    telemetry_rounds: int


FULL = Config("full", 100_000, 3, 100, 1_000, 3, 2_000, 5, 5, 100_000, 5, 10_000, 25)
QUICK = Config("quick", 2_000, 2, 100, 20, 2, 100, 2, 2, 2_000, 1, 1_000, 1)


# ---- the server -----------------------------------------------------------------------------


class Server:
    """bench/server.py in a child process; the benchmark process pins itself to another CPU."""

    def __init__(self, prerender: list[tuple[str, int]]) -> None:
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        server_cpu = cpus[-1] if len(cpus) >= 2 else None
        args = [sys.executable, str(HERE / "server.py")]
        if server_cpu is not None:
            args += ["--cpu", str(server_cpu)]
        args += ["--prerender", ",".join(f"{k}:{n}" for k, n in prerender)]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "READY":
            self.proc.kill()
            raise RuntimeError("bench server did not start")
        self.port = int(line[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self.server_pin = line[2]
        self.client_pin = "not-pinned"
        if server_cpu is not None:
            client_cpu = cpus[0]
            try:
                os.sched_setaffinity(0, {client_cpu})
                self.client_pin = f"cpu{client_cpu}"
            except OSError as exc:
                self.client_pin = f"not-pinned({type(exc).__name__})"
        elif cpus:
            self.client_pin = f"not-pinned(cpus={cpus})"

    def stats(self) -> dict[str, int]:
        import socket

        with socket.create_connection(("127.0.0.1", self.port)) as sock:
            sock.sendall(b"GET /bench/stats HTTP/1.1\r\nhost: x\r\n\r\n")
            data = b""
            while not data.endswith(b"}"):
                data += sock.recv(4096)
        stats: dict[str, int] = json.loads(data.split(b"\r\n\r\n", 1)[1])
        return stats

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ---- measurement helpers --------------------------------------------------------------------


@dataclasses.dataclass
class Series:
    """Repeated timings of one contender on one workload."""

    name: str
    units: int  # chunks or requests per run
    times: list[float] = dataclasses.field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def rotated(items: list[Any], rep: int) -> list[Any]:
    """Interleave: each repetition starts with a different contender."""
    k = rep % len(items)
    return items[k:] + items[:k]


def new_connections(server: Server, work: Callable[[], Any]) -> int:
    """Connections the server accepted while `work` ran."""
    before = server.stats()["connections"]
    work()
    # The first stats() connection is counted by the second call, not by the first.
    return server.stats()["connections"] - before - 1


def optional_available() -> dict[str, bool]:
    found = {}
    for name in ("openai", "httpx_sse"):
        try:
            __import__(name)
            found[name] = True
        except ImportError:
            found[name] = False
    return found


def usable(classes: list[Any], found: dict[str, bool]) -> list[Any]:
    out = []
    for cls in classes:
        if "OpenAI" in cls.__name__ and not found["openai"]:
            continue
        if "SSE" in cls.__name__ and not found["httpx_sse"]:
            continue
        out.append(cls)
    return out


# ---- 1. single sync streams -----------------------------------------------------------------


def bench_sync_streams(server: Server, cfg: Config, classes: list[Any]) -> dict[str, list[Series]]:
    clients = [cls(server.url) for cls in classes]
    n = cfg.stream_chunks
    out: dict[str, list[Series]] = {}
    for kind in ("completions", "chat"):
        series = {c.name: Series(c.name, n + 1) for c in clients}
        for c in clients:  # warm-up: connections, lazy imports, caches
            c.stream(kind, min(n, 2000))
        for rep in range(cfg.stream_reps):
            for c in rotated(clients, rep):
                s = series[c.name]
                gc.collect()
                start = time.perf_counter()
                got = c.stream(kind, n)
                s.times.append(time.perf_counter() - start)
                if got != n + 1:
                    raise RuntimeError(f"{c.name}: {got} chunks, expected {n + 1}")
            progress(f"sync {kind} stream rep {rep + 1}/{cfg.stream_reps}")
        out[kind] = list(series.values())
    for c in clients:
        c.close()
    return out


# ---- 2 + 3b. async ----------------------------------------------------------------------------


async def _bench_async(
    server: Server, cfg: Config, stream_classes: list[Any], plain_classes: list[Any]
) -> tuple[list[Series], list[Series]]:
    conc, m = cfg.concurrency, cfg.concurrent_chunks
    streamers = [cls(server.url) for cls in stream_classes]
    concurrent = {c.name: Series(c.name, conc * (m + 1)) for c in streamers}
    for c in streamers:
        await asyncio.gather(*(c.stream("chat", m) for _ in range(conc)))
    for rep in range(cfg.concurrent_reps):
        for c in rotated(streamers, rep):
            s = concurrent[c.name]
            gc.collect()
            start = time.perf_counter()
            got = await asyncio.gather(*(c.stream("chat", m) for _ in range(conc)))
            s.times.append(time.perf_counter() - start)
            if sum(got) != s.units:
                raise RuntimeError(f"{c.name}: {sum(got)} chunks, expected {s.units}")
        progress(f"async {conc}x{m} rep {rep + 1}/{cfg.concurrent_reps}")
    for c in streamers:
        await c.close()

    # Fresh clients: a pool left with many idle connections makes every later request slower
    # (httpcore checks each idle connection, a poll() each, on every request).
    posters = [cls(server.url) for cls in plain_classes]
    plain = {c.name: Series(c.name, cfg.plain_requests) for c in posters}
    for c in posters:
        for _ in range(20):
            await c.request()
    for rep in range(cfg.plain_reps):
        for c in rotated(posters, rep):
            s = plain[c.name]
            gc.collect()
            start = time.perf_counter()
            for _ in range(cfg.plain_requests):
                await c.request()
            s.times.append(time.perf_counter() - start)
        progress(f"async non-streaming rep {rep + 1}/{cfg.plain_reps}")
    for c in posters:
        await c.close()
    return list(concurrent.values()), list(plain.values())


def bench_async(
    server: Server, cfg: Config, stream_classes: list[Any], plain_classes: list[Any]
) -> tuple[list[Series], list[Series]]:
    return asyncio.run(_bench_async(server, cfg, stream_classes, plain_classes))


# ---- 3. sequential non-streaming (sync) -----------------------------------------------------


def bench_sync_plain(server: Server, cfg: Config, classes: list[Any]) -> list[Series]:
    clients = [cls(server.url) for cls in classes]
    names = {c.name: C.PLAIN_NAMES.get(c.name, c.name) for c in clients}
    series = {c.name: Series(names[c.name], cfg.plain_requests) for c in clients}
    for c in clients:
        for _ in range(20):
            c.request()
    for rep in range(cfg.plain_reps):
        for c in rotated(clients, rep):
            s = series[c.name]
            request = c.request
            gc.collect()
            start = time.perf_counter()
            for _ in range(cfg.plain_requests):
                request()
            s.times.append(time.perf_counter() - start)
        progress(f"sync non-streaming rep {rep + 1}/{cfg.plain_reps}")
    for c in clients:
        c.close()
    return list(series.values())


# ---- connection reuse ------------------------------------------------------------------------

REUSE_RUNS = 20


def bench_reuse(
    server: Server, sync_classes: list[Any], async_classes: list[Any], plain: list[Any]
) -> list[tuple[str, float, float | None]]:
    """New connections per stream / request over back-to-back short calls (ideal: 0)."""
    rows: list[tuple[str, float, float | None]] = []
    for cls in sync_classes:
        c = cls(server.url)
        c.stream("chat", 10)
        streams = new_connections(
            server, lambda c=c: [c.stream("chat", 10) for _ in range(REUSE_RUNS)]
        )
        requests = None
        if cls in plain:
            c.request()
            requests = new_connections(server, lambda c=c: [c.request() for _ in range(REUSE_RUNS)])
        c.close()
        rows.append((cls.name, streams / REUSE_RUNS, None if requests is None else requests / 20))

    async def run_async() -> None:
        for cls in async_classes:
            c = cls(server.url)
            await c.stream("chat", 10)
            before = server.stats()["connections"]
            for _ in range(REUSE_RUNS):
                await c.stream("chat", 10)
            streams = server.stats()["connections"] - before - 1
            requests = None
            if cls in plain:
                await c.request()
                before = server.stats()["connections"]
                for _ in range(REUSE_RUNS):
                    await c.request()
                requests = server.stats()["connections"] - before - 1
            await c.close()
            rows.append(
                (cls.name, streams / REUSE_RUNS, None if requests is None else requests / 20)
            )

    asyncio.run(run_async())
    progress("connection reuse done")
    return rows


# ---- 4. cold imports ----------------------------------------------------------------------


IMPORTS = [
    ("import tabby_ext", "tabby_ext"),
    ("from tabby_ext import Tabby", "tabby_ext"),
    ("from tabby_ext import AsyncTabby", "tabby_ext"),
    ("import httpx", "httpx"),
    ("import openai", "openai"),
]


def core_env() -> dict[str, str]:
    """The environment of a plain `pip install tabbyapi`: httpx imports its own CLI (click,
    pygments, rich) whenever click is importable, and the dev venv has click (uvicorn, of the
    `testing` extra, needs it), which would add ~30 ms to every contender's import and RSS.
    A `click` that fails to import, first on the path, gives what users without it measure."""
    blocker = HERE / ".core-env"
    blocker.mkdir(exist_ok=True)
    (blocker / "click.py").write_text("raise ImportError('not in a core install')\n")
    path = os.pathsep.join(p for p in (str(blocker), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path}


def bench_imports(cfg: Config, found: dict[str, bool]) -> list[tuple[str, list[float]]]:
    """Each statement in a fresh interpreter, timed inside it (interpreter start excluded)."""
    statements = [s for s, pkg in IMPORTS if pkg != "openai" or found["openai"]]
    env = core_env()
    # One run per statement that may write .pyc files, so no timed run compiles source (the
    # environment may set PYTHONDONTWRITEBYTECODE; an installed wheel has its .pyc compiled).
    warm_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    code = "import time; t = time.perf_counter(); {}; print(time.perf_counter() - t)"
    results: dict[str, list[float]] = {s: [] for s in statements}
    for s in statements:
        subprocess.run(
            [sys.executable, "-c", code.format(s)],
            cwd=ROOT,
            env=warm_env,
            check=True,
            capture_output=True,
        )
    for rep in range(cfg.import_reps):
        for s in rotated(statements, rep):
            out = subprocess.run(
                [sys.executable, "-c", code.format(s)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            results[s].append(float(out.stdout.strip()))
    progress("imports done")
    return [(s, results[s]) for s in statements]


# ---- 5. memory ----------------------------------------------------------------------------


def bench_memory(server: Server, cfg: Config, found: dict[str, bool]) -> list[dict[str, Any]]:
    who = ["tabby", "httpx"]
    if found["httpx_sse"]:
        who.append("httpx_sse")
    if found["openai"]:
        who.append("openai")
    rows = []
    for w in who:
        out = subprocess.run(
            [sys.executable, str(HERE / "probe.py"), w, server.url, str(cfg.rss_chunks)],
            cwd=ROOT,
            env=core_env(),
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    progress("memory done")
    return rows


# ---- report -------------------------------------------------------------------------------


def machine_info(server: Server) -> list[str]:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for dist in (
        "tabbyapi",
        "httpx",
        "httpcore",
        "h11",
        "httpx-sse",
        "openai",
        "httpx2",
        "httpcore2",
        "pydantic",
        "pydantic-core",
        "jiter",
        "attrs",
        "anyio",
    ):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{dist} {importlib.metadata.version(dist)}")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return [
        f"- Code: {code_version()}",
        f"- CPU: {cpu}; {os.cpu_count()} logical CPUs",
        f"- Python: {platform.python_implementation()} {platform.python_version()} "
        f"({platform.system()} {platform.release()})",
        f"- Packages: {', '.join(versions)}",
        f"- Pinning (os.sched_setaffinity): server {server.server_pin}, "
        f"benchmark client {server.client_pin}",
        f"- Load average at start: {', '.join(f'{x:.2f}' for x in load) if load else 'n/a'}",
    ]


def code_version() -> str:
    """The git commit measured, and whether the client's sources differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "tabby_ext", "generated"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown (no git)"
    if not head:
        return "unknown (not a git checkout)"
    return f"commit {head}" + (
        " + uncommitted changes in tabby_ext/ or generated/" if dirty else ""
    )


def fmt_rate(x: float) -> str:
    return f"{x:,.0f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def rate_table(series: list[Series], ours: str, unit: str) -> list[str]:
    """Rows: contender, median and best throughput, ours ÷ contender, connections per run."""
    ref = next(s for s in series if s.name == ours)
    lines = [
        f"| contender | median {unit}/s | best {unit}/s | µs/{unit} (median) "
        "| ours ÷ this (median) |",
        "|---|---:|---:|---:|---:|",
    ]
    ref_rate = ref.units / ref.median
    for s in series:
        rate, best = s.units / s.median, s.units / s.best
        lines.append(
            f"| {s.name} | {fmt_rate(rate)} | {fmt_rate(best)} | {1e6 / rate:.2f} "
            f"| {ratio(ref_rate, rate)} |"
        )
    return lines


def latency_table(series: list[Series], ours: str) -> list[str]:
    ref = next(s for s in series if s.name == ours)
    lines = [
        "| contender | median µs/request | best µs/request | ours ÷ this (median) |",
        "|---|---:|---:|---:|",
    ]
    ref_us = ref.median / ref.units * 1e6
    for s in series:
        us, best = s.median / s.units * 1e6, s.best / s.units * 1e6
        lines.append(f"| {s.name} | {us:.1f} | {best:.1f} | {ratio(ref_us, us)} |")
    return lines


@dataclasses.dataclass
class Target:
    what: str
    value: float | None
    op: str  # ">=" | "<="
    limit: float

    def row(self) -> str:
        if self.value is None:
            return f"| {self.what} | n/a | {self.op} {self.limit:g} | skipped |"
        ok = self.value >= self.limit if self.op == ">=" else self.value <= self.limit
        verdict = "met" if ok else "MISSED"
        return f"| {self.what} | {self.value:.2f} | {self.op} {self.limit:g} | {verdict} |"


def by_name(series: list[Series], name: str) -> Series | None:
    return next((s for s in series if s.name == name), None)


def rate_ratio(series: list[Series], a: str, b: str) -> float | None:
    sa, sb = by_name(series, a), by_name(series, b)
    if sa is None or sb is None:
        return None
    return (sa.units / sa.median) / (sb.units / sb.median)


def time_ratio(series: list[Series], a: str, b: str) -> float | None:
    sa, sb = by_name(series, a), by_name(series, b)
    if sa is None or sb is None:
        return None
    return (sa.median / sa.units) / (sb.median / sb.units)


def report(
    cfg: Config,
    server: Server,
    info: list[str],
    streams: dict[str, list[Series]],
    concurrent: list[Series],
    plain: list[Series],
    aplain: list[Series],
    imports: list[tuple[str, list[float]]],
    memory: list[dict[str, Any]],
    reuse: list[tuple[str, float, float | None]],
    startup: list[tuple[str, list[float]]],
    telemetry_lines: list[str],
    elapsed: float,
) -> str:
    n, conc, m = cfg.stream_chunks, cfg.concurrency, cfg.concurrent_chunks
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    out = [
        "# tabby_ext benchmark results",
        "",
        f"Configuration `{cfg.name}`; generated by `python -m bench"
        f"{' --quick' if cfg.name == 'quick' else ''}` in {elapsed:.0f} s.",
        "",
        "## Machine",
        "",
        *info,
        f"- Load average at end: {', '.join(f'{x:.2f}' for x in load) if load else 'n/a'} "
        "(other processes on the machine add noise; minima are the less disturbed numbers)",
        "",
        "Server: bench/server.py, raw asyncio, pre-rendered bytes, one HTTP chunk per SSE event "
        "(`data: …\\r\\n\\r\\n`, json.dumps spacing, `[DONE]`), keep-alive. Every parsing "
        "contender reads each chunk's generated text; floors and references do not parse. "
        '"ours ÷ this" is in the table\'s own unit (throughput: > 1 means ours is faster; '
        "µs/request: < 1 means ours is faster).",
        "",
        "tabby_ext's clients use their own HTTP/1.1 connection pool (`tabby_ext/_async/http11.py`:"
        " httptools parses, httpcore's network backends do sockets and TLS) instead of httpx's "
        "default httpcore + h11 transport. The `httpx on HTTP11Pool` rows run bare httpx on that "
        "pool, next to the same code on httpx's default transport: the difference is what the "
        "pool alone is worth, and why the client does not use httpx's transport by default.",
        "",
    ]
    for kind in ("completions", "chat"):
        out += [
            f"## 1. One {n:,}-chunk {kind} stream (sync), {cfg.stream_reps} reps, interleaved",
            "",
            *rate_table(streams[kind], C.OursSync.name, "chunk"),
            "",
        ]
    out += [
        f"## 2. {conc} concurrent async chat streams × {m:,} chunks, {cfg.concurrent_reps} reps",
        "",
        *rate_table(concurrent, C.OursAsync.name, "chunk"),
        "",
        f"## 3. {cfg.plain_requests:,} sequential non-streaming completions "
        f"(~600-byte JSON), {cfg.plain_reps} reps",
        "",
        "Sync:",
        "",
        *latency_table(plain, C.OursSync.name),
        "",
        "Async:",
        "",
        *latency_table(aplain, C.OursAsync.name),
        "",
        f"## 4. Cold import, fresh interpreter, best of {cfg.import_reps} "
        "(interpreter start excluded; .pyc files present)",
        "",
        "| statement | best ms | median ms | ÷ `import httpx` (best) |",
        "|---|---:|---:|---:|",
    ]
    httpx_best = min(dict(imports)["import httpx"])
    for stmt, times in imports:
        out.append(
            f"| `{stmt}` | {min(times) * 1e3:.1f} | {statistics.median(times) * 1e3:.1f} "
            f"| {ratio(min(times), httpx_best)} |"
        )
    names = {
        "tabby": "tabby_ext Tabby",
        "httpx": "httpx Client",
        "openai": "openai OpenAI",
        "httpx_sse": "httpx Client + httpx_sse",
    }
    streamers = {
        "tabby": C.OursSync.name,
        "httpx": C.HttpxFloorSync.name,
        "openai": C.OpenAISync.name,
        "httpx_sse": C.HttpxSSESync.name,
    }
    out += [
        "",
        f"## 5. Peak RSS growth (fresh subprocess each; one {cfg.rss_chunks:,}-chunk chat stream)",
        "",
        "| import + client | growth MiB | ÷ httpx | stream consumer | stream peak growth MiB "
        "| retained after stream MiB |",
        "|---|---:|---:|---|---:|---:|",
    ]
    mem = {row["who"]: row for row in memory}
    httpx_kib = mem["httpx"]["import_client_kib"]
    for row in memory:
        out.append(
            f"| {names[row['who']]} | {row['import_client_kib'] / MiB:.2f} "
            f"| {ratio(row['import_client_kib'], httpx_kib)} | {streamers[row['who']]} "
            f"| {row.get('stream_peak_kib', 0) / MiB:.2f} "
            f"| {row.get('stream_retained_kib', 0) / MiB:.2f} |"
        )
    out += [
        "",
        f"Peak RSS = the kernel's high-water mark (VmHWM; method: {memory[0].get('method')}), "
        "measured around the import + constructor in a fresh interpreter (baseline "
        f"{memory[0]['base_kib'] / MiB:.1f} MiB), then reset after a warm-up stream and read "
        "after the measured stream. Unlike tracemalloc it sees C allocations (pydantic-core, "
        "jiter, socket buffers) and does not slow the stream down; its granularity is pages "
        "and allocator arenas, so differences below ~0.25 MiB are noise.",
        "",
    ]

    out += [
        f"## 6. Connection reuse ({REUSE_RUNS} back-to-back 10-chunk chat streams, then "
        f"{REUSE_RUNS} non-streaming requests, per client)",
        "",
        "| contender | new connections per stream | new connections per request |",
        "|---|---:|---:|",
    ]
    for name, per_stream, per_request in reuse:
        req = "" if per_request is None else f"{per_request:.2f}"
        out.append(f"| {name} | {per_stream:.2f} | {req} |")
    out += [
        "",
        "A client that closes the response at `[DONE]` without reading the rest of the body "
        "(the terminating zero-length chunk) cannot return the connection to the pool, so its "
        "next stream opens a new TCP connection.",
        "",
    ]

    out += [
        f"## 7. Command-line startup, whole process, wall time, {len(startup[0][1])} runs",
        "",
        *cli_startup.table(startup),
        "",
        "`tabby --help` imports argparse and the command list only; a subcommand's `--help` also "
        "reads the operation table (and so httpx) to derive its options.",
        "",
    ]

    ours_s, ours_a = C.OursSync.name, C.OursAsync.name
    targets = (
        [
            Target(
                f"sync {kind} stream: ours ÷ httpx iter_bytes floor (chunks/s)",
                rate_ratio(streams[kind], ours_s, C.HttpxFloorSync.name),
                ">=",
                0.75,
            )
            for kind in ("completions", "chat")
        ]
        + [
            Target(
                f"sync {kind} stream: ours ÷ openai (chunks/s)",
                rate_ratio(streams[kind], ours_s, C.OpenAISync.name),
                ">=",
                5,
            )
            for kind in ("completions", "chat")
        ]
        + [
            Target(
                f"async {conc}×{m}: ours ÷ httpx async + split + json.loads",
                rate_ratio(concurrent, ours_a, C.HttpxSplitAsync.name),
                ">=",
                0.8,
            ),
            Target(
                f"async {conc}×{m}: ours ÷ AsyncOpenAI",
                rate_ratio(concurrent, ours_a, C.OpenAIAsync.name),
                ">=",
                5,
            ),
            Target(
                "non-streaming µs/request: ours ÷ httpx + json.loads",
                time_ratio(plain, ours_s, C.PLAIN_NAMES[C.HttpxSplitSync.name]),
                "<=",
                1.15,
            ),
            Target(
                "non-streaming µs/request: ours ÷ openai",
                time_ratio(plain, ours_s, C.OpenAISync.name),
                "<=",
                0.5,
            ),
        ]
    )
    best_imports = {s: min(t) for s, t in imports}
    for stmt in ("import tabby_ext", "from tabby_ext import Tabby"):
        targets.append(
            Target(
                f"cold `{stmt}` ÷ `import httpx` (best)",
                best_imports[stmt] / best_imports["import httpx"],
                "<=",
                1.3,
            )
        )
    targets += [
        Target(
            "RSS import + client: ours ÷ httpx",
            mem["tabby"]["import_client_kib"] / httpx_kib if httpx_kib > 0 else None,
            "<=",
            1.3,
        ),
        Target(
            f"RSS peak growth of one {cfg.rss_chunks:,}-chunk stream (MiB)",
            mem["tabby"].get("stream_peak_kib", 0) / MiB,
            "<=",
            1.0,
        ),
    ]
    targets.append(
        Target(
            "`tabby --help` wall time, best (ms)",
            cli_startup.help_ms(startup),
            "<=",
            cli_startup.HELP_BUDGET_MS,
        )
    )
    out += [
        *telemetry_lines,
        "## Targets (medians of this run; reported, never asserted)",
        "",
        "| target | measured | wanted | |",
        "|---|---:|---:|---|",
        *(t.row() for t in targets),
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny configuration (smoke test)")
    parser.add_argument("--output", type=Path, default=None, help="markdown output file")
    parser.add_argument(
        "--only",
        choices=["telemetry"],
        help="run one section and put it into the output file (default bench/RESULTS.md)"
        " in place of its previous figures",
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    output = args.output or (None if args.quick else HERE / "RESULTS.md")
    if args.only == "telemetry":
        return only_telemetry(cfg, args.output or HERE / "RESULTS.md")
    found = optional_available()
    started = time.perf_counter()

    prerender = [
        ("completions", cfg.stream_chunks),
        ("chat", cfg.stream_chunks),
        ("chat", cfg.concurrent_chunks),
        ("completions", 2000),
        ("chat", 2000),
        ("chat", 1000),
        ("chat", cfg.telemetry_chunks),
    ]
    server = Server(prerender)
    try:
        info = machine_info(server)
        progress(f"server {server.url} (server {server.server_pin}, client {server.client_pin})")
        imports = bench_imports(cfg, found)
        startup = cli_startup.measure(cfg.import_reps * 2)
        progress("cli startup done")
        memory = bench_memory(server, cfg, found)
        streams = bench_sync_streams(server, cfg, usable(C.SYNC_STREAM, found))
        plain = bench_sync_plain(server, cfg, usable(C.SYNC_PLAIN, found))
        concurrent, aplain = bench_async(
            server, cfg, usable(C.ASYNC_STREAM, found), usable(C.ASYNC_PLAIN, found)
        )
        reuse = bench_reuse(
            server,
            usable(C.SYNC_STREAM, found),
            usable(C.ASYNC_STREAM, found),
            [*C.SYNC_PLAIN, *C.ASYNC_PLAIN],
        )
        costs = telemetry.measure(
            server.url, cfg.stream_chunks, cfg.plain_requests, cfg.telemetry_reps
        )
        rounds = telemetry.measure_paired(
            server.url, cfg.telemetry_chunks, cfg.plain_requests // 4, cfg.telemetry_rounds
        )
    finally:
        server.close()
    text = report(
        cfg,
        server,
        info,
        streams,
        concurrent,
        plain,
        aplain,
        imports,
        memory,
        reuse,
        startup,
        telemetry.section(costs, cfg.stream_chunks, cfg.plain_requests)
        + telemetry.paired_section(rounds, cfg.telemetry_chunks, cfg.plain_requests // 4),
        time.perf_counter() - started,
    )
    print(text)
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
        progress(f"wrote {output}")
    return 0


def only_telemetry(cfg: Config, output: Path) -> int:
    """Section 8 alone, spliced into `output` (the other sections are left as they are)."""
    server = Server([("chat", cfg.stream_chunks), ("chat", 2000), ("chat", cfg.telemetry_chunks)])
    try:
        progress(f"server {server.url} (server {server.server_pin}, client {server.client_pin})")
        costs = telemetry.measure(
            server.url, cfg.stream_chunks, cfg.plain_requests, cfg.telemetry_reps
        )
        rounds = telemetry.measure_paired(
            server.url, cfg.telemetry_chunks, cfg.plain_requests // 4, cfg.telemetry_rounds
        )
    finally:
        server.close()
    lines = telemetry.section(costs, cfg.stream_chunks, cfg.plain_requests)
    lines += telemetry.paired_section(rounds, cfg.telemetry_chunks, cfg.plain_requests // 4)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    machine = "; ".join(line[2:] for line in machine_info(server)[:3])
    lines += [
        f"Run alone (`python -m bench --only telemetry`): {machine}; load average at the end"
        f" {', '.join(f'{x:.2f}' for x in load) if load else 'n/a'}.",
        "",
    ]
    print("\n".join(lines))
    telemetry.splice(output, lines)
    progress(f"updated {telemetry.TITLE!r} in {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
