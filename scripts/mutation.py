"""Mutation campaign on tabby_ext's hand-written core (`make mutation`), and its scores.

    python scripts/mutation.py run [--keep] [--jobs N]   # campaign, then the report
    python scripts/mutation.py report [--survivors]      # scores of the last campaign

`run` starts from a clean `mutants/` unless `--keep` is given; with `--keep`, every mutant that
survived the last campaign is tested again (mutmut keeps old verdicts otherwise, so a new test
would not count; those named as equivalent are not), and mutmut then tests the mutants of
functions changed since. The
modules, the tests and what mutmut copies are configured under `[tool.mutmut]` in
pyproject.toml. mutmut runs at `nice 10`; its own output goes to `mutants/campaign.log`.

The report reads mutmut's result files (`mutants/**/*.py.meta`; mutmut is pinned in the
`mutation` extra for that reason) and prints, per module, killed / total and the score. A
timeout counts as killed (the mutant made a test hang). `scripts/mutation_equivalents.txt` names
the survivors no test can kill, each with its reason: the report gives the score with them left
out too, and lists every other survivor as unexplained.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
LOG = MUTANTS / "campaign.log"
EQUIVALENTS = ROOT / "scripts" / "mutation_equivalents.txt"

#: mutmut's exit codes (mutmut/stats.py), folded into what the report counts.
KILLED = {1, 3, 24, -24, 152, 255, 36, 37}  # a failing test, a timeout, the type checker
SURVIVED = {0}
NO_TESTS = {5, 33}
SKIPPED = {34}


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return list(config["only_mutate"])


def verdicts() -> dict[str, dict[str, int | None]]:
    """Per mutated module (its path), every mutant's exit code (None: not run yet)."""
    out: dict[str, dict[str, int | None]] = {}
    for path in modules():
        meta = MUTANTS / f"{path}.meta"
        if meta.exists():
            out[path] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    return out


def equivalents() -> dict[str, str]:
    """Mutant name -> why no input can tell it from the original."""
    named: dict[str, str] = {}
    if EQUIVALENTS.exists():
        for line in EQUIVALENTS.read_text("utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, reason = line.partition(" ")
                named[name] = reason.strip()
    return named


def status(code: int | None) -> str:
    if code is None:
        return "not run"
    if code in KILLED:
        return "killed"
    if code in SURVIVED:
        return "survived"
    if code in NO_TESTS:
        return "no tests"
    if code in SKIPPED:
        return "skipped"
    return "suspicious"


def report(show_survivors: bool) -> int:
    results = verdicts()
    if not results:
        print("no mutation results: run `make mutation` first")
        return 1
    named = equivalents()
    rows = []
    totals: Counter[str] = Counter()
    unexplained: list[str] = []
    for path in modules():
        counts: Counter[str] = Counter()
        for name, code in results.get(path, {}).items():
            kind = status(code)
            counts[kind] += 1
            if kind in ("survived", "no tests", "suspicious"):
                counts["equivalent"] += name in named
                if name not in named:
                    unexplained.append(f"{name}  ({kind})")
        totals.update(counts)
        rows.append((path, counts))
    width = max(len(path) for path, _ in rows)
    print(f"{'module':<{width}}  {'killed / total':>15}  {'score':>6}  {'w/o equiv.':>10}")
    for path, counts in [*rows, ("total", totals)]:
        total = sum(counts[k] for k in ("killed", "survived", "no tests", "suspicious"))
        killed, equivalent = counts["killed"], counts["equivalent"]
        score = 100 * killed / total if total else 100.0
        rest = total - equivalent
        without = 100 * killed / rest if rest else 100.0
        line = f"{path:<{width}}  {killed:>6} / {total:<6}  {score:5.1f}%  {without:9.1f}%"
        extra = [f"{counts[k]} {k}" for k in ("no tests", "suspicious", "not run") if counts[k]]
        print(line + (f"  ({', '.join(extra)})" if extra else ""))
    stale = sorted(set(named) - {n for r in results.values() for n in r})
    if stale:
        print(f"\n{len(stale)} name(s) in {EQUIVALENTS.name} are not mutants any more: {stale}")
    print(f"\n{len(unexplained)} surviving mutant(s) not named as equivalent", end="")
    if show_survivors and unexplained:
        print(":\n  " + "\n  ".join(unexplained))
        print("see one with: .venv/bin/mutmut show NAME")
    else:
        print(" (--survivors lists them)" if unexplained else "")
    return 0


def launch_mutmut(argv: list[str]) -> None:
    """mutmut's command line, with two changes to how pytest runs inside it.

    The cyclic garbage collector runs between tests only: collected at an arbitrary
    allocation, an abandoned stream's finalizer can run inside the `ContextVar.set` of mutmut's
    call tracking, which crashes CPython 3.11 (a segfault while mutmut collects its stats).
    So automatic collection is off, and each test starts with a collection of what the tests
    before it left (what pytest and the modules hold is frozen out of it once collected), which
    also keeps one test's garbage and its ResourceWarnings out of the next.

    The tests of a mutant run fastest first (durations from mutmut's stats run): a mutant dies
    at its first failing test, so the order only changes how soon. And a test that a mutant
    makes hang fails after 10 s plus 5 times its usual duration (SIGALRM), instead of holding
    its worker until mutmut's timeout for the whole run: the mutant is caught either way.
    """
    import gc
    import signal

    import pytest

    durations: dict[str, float] = {}
    stats = MUTANTS / "mutmut-stats.json"
    if stats.exists():
        durations = json.loads(stats.read_text("utf-8")).get("duration_by_test", {})

    class BetweenTests:
        frozen = False

        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(self, items: list[Any]) -> None:
            items.sort(key=lambda item: durations.get(item.nodeid, 0.0))

        def pytest_collection_finish(self) -> None:
            if not BetweenTests.frozen:
                BetweenTests.frozen = True
                gc.collect()
                gc.freeze()

        @pytest.hookimpl(tryfirst=True)
        def pytest_runtest_setup(self) -> None:
            gc.collect()

        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_protocol(self, item: Any) -> Any:
            limit = 10.0 + 5 * durations.get(item.nodeid, 10.0)
            previous = signal.signal(signal.SIGALRM, hung)
            signal.setitimer(signal.ITIMER_REAL, limit)
            try:
                yield
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)

    def hung(signum: int, frame: Any) -> None:
        raise TimeoutError("the test hung (scripts/mutation.py's per-test limit)")

    run_pytest = pytest.main

    def main(args: Any = None, plugins: Any = None) -> Any:
        return run_pytest(args, [*(plugins or []), BetweenTests()])

    pytest.main = main  # type: ignore[assignment]
    gc.disable()
    sys.argv = ["mutmut", *argv]
    from mutmut.__main__ import cli

    cli()


def mutmut(args: list[str], jobs: int) -> None:
    """Run mutmut at nice 10, its output into the log; show its last status line now and then."""
    command = ["nice", "-n", "10", sys.executable, __file__, "mutmut", "run"]
    command += ["--max-children", str(jobs), *args]
    MUTANTS.mkdir(exist_ok=True)
    with LOG.open("ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        while process.poll() is None:
            time.sleep(30)
            tail = LOG.read_bytes()[-400:].decode("utf-8", "replace")
            print(tail.replace("\r", "\n").strip().splitlines()[-1][:120], flush=True)
    if process.returncode != 0:
        print(LOG.read_bytes()[-3000:].decode("utf-8", "replace").replace("\r", "\n"))
        raise SystemExit(f"mutmut failed ({process.returncode}); see {LOG}")


def run(keep: bool, jobs: int) -> int:
    if not keep:
        shutil.rmtree(MUTANTS, ignore_errors=True)
    named = equivalents()  # no test can kill those: not worth their minutes
    retest = sorted(
        name
        for codes in verdicts().values()
        for name, code in codes.items()
        if status(code) in ("survived", "no tests", "suspicious") and name not in named
    )
    if retest:
        # mutmut keeps a survivor's verdict until its function changes: ask for these again,
        # so that tests added since count (mutmut also finds the new tests' coverage first).
        print(f"re-testing the {len(retest)} mutant(s) that survived the last campaign")
        mutmut(retest, jobs)
    if not retest or any(status(c) == "not run" for r in verdicts().values() for c in r.values()):
        mutmut([], jobs)  # every mutant without a verdict (all of them on a clean start)
    return report(show_survivors=True)


def main() -> int:
    if sys.argv[1:2] == ["mutmut"]:
        launch_mutmut(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run")
    run_parser.add_argument("--keep", action="store_true", help="reuse mutants/ (incremental)")
    run_parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    report_parser = sub.add_parser("report")
    report_parser.add_argument("--survivors", action="store_true")
    args = parser.parse_args()
    if args.command == "run":
        return run(args.keep, args.jobs)
    return report(args.survivors)


if __name__ == "__main__":
    raise SystemExit(main())
