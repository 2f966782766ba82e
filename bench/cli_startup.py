"""Startup of the `tabby` command: whole processes, wall time, next to `python -c pass`.

`tabby --help` must start in under 300 ms; it imports only argparse and the command list. Run
alone with ``python -m bench.cli_startup`` (prints a markdown table), or as section 7 of
``python -m bench``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

#: The budget for `tabby --help` (wall time, best of the runs).
HELP_BUDGET_MS = 300.0


def tabby_command() -> list[str]:
    """The installed `tabby` console script, else the module."""
    script = Path(sys.executable).parent / "tabby"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tabby_ext.cli"]


def commands() -> list[tuple[str, list[str]]]:
    tabby = tabby_command()
    return [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("tabby --help", [*tabby, "--help"]),
        ("tabby models load --help", [*tabby, "models", "load", "--help"]),
        ("tabby call --help", [*tabby, "call", "--help"]),
    ]


def _run(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(reps: int) -> list[tuple[str, list[float]]]:
    """Each command `reps` times, interleaved, after one untimed run (compiles .pyc files)."""
    todo = commands()
    for _, argv in todo:
        _run(argv)
    times: dict[str, list[float]] = {name: [] for name, _ in todo}
    for rep in range(reps):
        for name, argv in todo[rep % len(todo) :] + todo[: rep % len(todo)]:
            times[name].append(_run(argv))
    return [(name, times[name]) for name, _ in todo]


def table(rows: list[tuple[str, list[float]]]) -> list[str]:
    """Markdown rows: best and median ms, and the ratio to `python -c pass` (best)."""
    base = min(dict(rows)["python -c pass"])
    out = [
        "| command | best ms | median ms | ÷ `python -c pass` (best) |",
        "|---|---:|---:|---:|",
    ]
    for name, times in rows:
        out.append(
            f"| `{name}` | {min(times) * 1e3:.1f} | {statistics.median(times) * 1e3:.1f} "
            f"| {min(times) / base:.2f}× |"
        )
    return out


def help_ms(rows: list[tuple[str, list[float]]]) -> float:
    return min(dict(rows)["tabby --help"]) * 1e3


def main() -> int:
    rows = measure(15)
    print("\n".join(table(rows)))
    verdict = "met" if help_ms(rows) <= HELP_BUDGET_MS else "MISSED"
    print(
        f"\n`tabby --help` best {help_ms(rows):.0f} ms (budget {HELP_BUDGET_MS:.0f} ms): {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
