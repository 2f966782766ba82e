"""Memory probe, run in a fresh interpreter by bench/run.py: ``python bench/probe.py WHO URL N``.

Prints one JSON line. Phase 1 measures the peak-RSS growth of importing WHO's package and
constructing its client; phase 2 (N > 0) warms the client up with a short stream, resets the
peak, then consumes one N-chunk chat stream and reports its peak-RSS growth and what stayed.

Peak RSS is the kernel's high-water mark (``VmHWM``): it counts everything the process maps
(the C parts of pydantic-core, jiter, sockets' buffers, the interpreter's arenas), which
``tracemalloc`` would miss, and costs nothing while measuring. Before phase 2 the high-water
mark is reset by writing ``5`` to ``/proc/self/clear_refs`` (Linux); where that is not
allowed the probe falls back to ``ru_maxrss`` differences (says so in ``method``), which can
only under-report the stream's growth if an earlier phase had peaked higher.
"""

from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(field.encode() + b":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_kib() -> int:
    value = status_kib("VmHWM")
    if value is not None:
        return value
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def make_client(who: str, url: str) -> object:
    """Import WHO's package and construct its client (what phase 1 measures)."""
    if who == "tabby":
        from tabby_ext import Tabby

        return Tabby(base_url=url, api_key="bench-key")
    if who == "httpx":
        import httpx

        return httpx.Client(base_url=url)
    if who == "openai":
        import openai

        return openai.OpenAI(base_url=url + "/v1", api_key="bench-key")
    if who == "httpx_sse":
        import httpx
        import httpx_sse

        return (httpx.Client(base_url=url), httpx_sse)
    raise SystemExit(f"unknown probe {who!r}")


STREAMERS = {
    "tabby": "OursSync",
    "openai": "OpenAISync",
    "httpx": "HttpxFloorSync",
    "httpx_sse": "HttpxSSESync",
}


def main() -> None:
    who, url, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sys.path.insert(1, ROOT)  # after the script dir: `bench` is importable, shadows nothing
    before = peak_kib()
    client = make_client(who, url)
    after = peak_kib()
    result: dict[str, object] = {
        "who": who,
        "import_client_kib": after - before,
        "base_kib": before,
    }
    if n > 0:
        from bench import contenders

        streamer = getattr(contenders, STREAMERS[who])(url)
        streamer.stream("chat", 1000)
        import gc

        gc.collect()
        exact = reset_peak()
        start_peak = peak_kib()
        start_rss = status_kib("VmRSS") or start_peak
        count = streamer.stream("chat", n)
        end_peak = peak_kib()
        gc.collect()
        end_rss = status_kib("VmRSS") or end_peak
        result.update(
            chunks=count,
            stream_peak_kib=end_peak - (max(start_peak, start_rss) if exact else start_peak),
            stream_retained_kib=end_rss - start_rss,
            method="VmHWM reset via clear_refs" if exact else "ru_maxrss difference",
        )
        streamer.close()
    del client
    import json

    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
