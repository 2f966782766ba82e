"""Smoke test of the benchmark: `python -m bench --quick` runs and reports every contender.

No timing is asserted (the numbers depend on the machine); only that the run completes and
its markdown has a row, with numbers, for every contender in every section.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("openai")
pytest.importorskip("httpx_sse")

ROOT = Path(__file__).resolve().parent.parent


def sections(markdown: str) -> dict[str, list[list[str]]]:
    """Table rows (cells) of each `## ` section, keyed by the section title."""
    out: dict[str, list[list[str]]] = {}
    title = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            title = line[3:]
            out[title] = []
        elif line.startswith("|") and not line.startswith("|---") and title:
            out[title].append([cell.strip() for cell in line.strip("|").split("|")])
    return out


def rows_of(tables: dict[str, list[list[str]]], prefix: str) -> dict[str, list[str]]:
    matches = [rows for title, rows in tables.items() if title.startswith(prefix)]
    assert matches, f"no section starting with {prefix!r}"
    rows: dict[str, list[str]] = {}
    for table in matches:
        rows.update({r[0]: r[1:] for r in table[1:]})  # minus the header row
    return rows


@pytest.mark.slow
def test_quick_bench_reports_every_contender(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    from bench import contenders as C
    from bench import telemetry
    from bench.run import IMPORTS, QUICK

    output = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a timing assertion
    )
    assert done.returncode == 0, done.stderr[-3000:]
    markdown = output.read_text(encoding="utf-8")
    assert markdown.strip() in done.stdout  # the same table goes to stdout
    tables = sections(markdown)

    number = re.compile(r"^-?[\d,]+(\.\d+)?$")

    def check(prefix: str, names: list[str]) -> None:
        rows = rows_of(tables, prefix)
        for name in names:
            assert name in rows, f"{prefix}: no row for {name!r} in {sorted(rows)}"
            assert number.match(rows[name][0]), f"{prefix}: {name}: {rows[name]}"

    sync_stream = [cls.name for cls in C.SYNC_STREAM]
    async_stream = [cls.name for cls in C.ASYNC_STREAM]
    check("1. One 2,000-chunk completions stream", sync_stream)
    check("1. One 2,000-chunk chat stream", sync_stream)
    check("2. 100 concurrent async chat streams", async_stream)
    check(
        "3. ",
        [C.PLAIN_NAMES.get(cls.name, cls.name) for cls in C.SYNC_PLAIN]
        + [cls.name for cls in C.ASYNC_PLAIN],
    )
    check("4. Cold import", [f"`{statement}`" for statement, _ in IMPORTS])
    check(
        "5. Peak RSS",
        ["tabby_ext Tabby", "httpx Client", "httpx Client + httpx_sse", "openai OpenAI"],
    )
    check("6. Connection reuse", sync_stream + async_stream)
    check("7. Command-line startup", ["`python -c pass`", "`tabby --help`"])
    check("8. Telemetry", [*telemetry.CONFIGS.values(), *telemetry.PAIRED.values()])
    costs = rows_of(tables, "8. Telemetry")
    imported = {label: row[-1] for label, row in costs.items()}
    assert imported[telemetry.CONFIGS["off"]] == imported[telemetry.CONFIGS["unused"]] == "no"
    assert imported[telemetry.CONFIGS["sdk"]] == "yes"
    # With the SDK: one span for the stream and one per request, all exported.
    assert costs[telemetry.CONFIGS["sdk"]][-2] == str(1 + QUICK.plain_requests)
    targets = rows_of(tables, "Targets")
    assert len(targets) == 13
    assert all(row[-1] in ("met", "MISSED") for row in targets.values()), targets
    assert "CPU:" in markdown and "Python:" in markdown and "httpx 0." in markdown
