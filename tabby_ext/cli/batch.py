"""`tabby batch IN.jsonl -o OUT.jsonl`: the shell over `tabby_ext.batch.run_batch`.

A progress bar (requests/s, tokens/s) on a terminal, bad lines on stderr as they are found, a
summary at the end. Exit 0 when every line has its output line, 1 when some were not written
(bad or unanswered: fix and run again, the done ones are skipped) or a file could not be
used, 2 when OUT.jsonl cannot take the results (the input itself, a file of requests, a folder
that does not exist: nothing is read, sent or changed), 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .parser import UsageError

if TYPE_CHECKING:
    from ..batch import BatchPlan, BatchProblem, BatchResult, BatchSummary
    from .config import State
    from .parser import Parser


def existing_file(text: str) -> str:
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{text} does not exist")
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a directory")
    return text


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return value


def batch(parser: Parser) -> None:
    parser.handle(run)
    parser.add_argument("input_path", metavar="IN.jsonl", type=existing_file, help="Requests.")
    parser.add_argument(
        "-o",
        "--output",
        dest="output_path",
        required=True,
        metavar="OUT.jsonl",
        help="Results, appended as they finish; an existing file of results is resumed.",
    )
    parser.add_argument(
        "--concurrency",
        type=positive_int,
        metavar="N",
        help="Parallel requests (default: the loaded model's max_batch_size, else 4).",
    )


def run(state: State, args: argparse.Namespace) -> int:
    """Run the requests of an OpenAI-format batch file (IN.jsonl) against TabbyAPI.

    Each line: {"custom_id": ..., "method": "POST", "url": "/v1/chat/completions", "body":
    {...}} (completions, embeddings and other operations too); the body is sent as written.
    Each result line: {"id", "custom_id", "response": {"status_code", "request_id", "body"},
    "error"}. Running again with the same OUT.jsonl skips the custom_ids already done; an
    OUT.jsonl that is not a file of results (the input, say) is refused, unchanged.
    """
    from ..batch import BatchFileError, run_batch
    from .progress import BatchBar

    input_path: str = args.input_path
    output_path: str = args.output_path
    concurrency: int | None = args.concurrency
    out = state.out
    bar: BatchBar | None = None

    def on_plan(plan: BatchPlan) -> None:
        nonlocal bar
        if plan.done:
            out.info(f"Resuming: {len(plan.done)} request(s) already in {output_path}.")
        unlisted = Counter(name for request in plan.pending for name in request.unlisted)
        if unlisted:
            fields = ", ".join(f"{name} ({count} line(s))" for name, count in unlisted.items())
            out.info(f"Sent as written, fields the spec does not list: {fields}.")
        bar = BatchBar(out, len(plan.pending)).start()

    def on_result(result: BatchResult) -> None:
        if bar is not None:
            bar.advance(result.tokens)

    def on_problem(problem: BatchProblem) -> None:
        out.error(f"{input_path}: {problem}")

    async def main() -> BatchSummary:
        async with state.settings.async_client() as client:
            return await run_batch(
                Path(input_path),
                Path(output_path),
                client=client,
                concurrency=concurrency,
                on_plan=on_plan,
                on_result=on_result,
                on_problem=on_problem,
            )

    try:
        summary = asyncio.run(main())
    except KeyboardInterrupt:
        summary = None
    except BatchFileError as exc:
        raise UsageError(str(exc)) from None
    except BrokenPipeError:
        raise
    except OSError as exc:  # the files: unreadable, not writable, a full disk
        out.error(f"{exc.filename or output_path}: {exc.strerror or exc}")
        return 1
    finally:
        if bar is not None:
            bar.stop()
    if summary is None:
        out.info(
            f"Interrupted: the results so far are in {output_path}; "
            "run the same command again to do the rest."
        )
        return 130
    report = {
        "output": output_path,
        "total": summary.total,
        "skipped": summary.skipped,
        "succeeded": summary.succeeded,
        "failed": summary.failed,
        "invalid": len(summary.invalid),
        "unanswered": len(summary.unsent),
        "tokens": summary.tokens,
    }
    line = (
        f"{summary.succeeded} succeeded, {summary.failed} failed (written with their error), "
        f"{summary.skipped} already done, {len(summary.invalid)} bad line(s), "
        f"{len(summary.unsent)} unanswered; results in {output_path}."
    )
    out.info(line)
    if state.out.json:
        out.json_line(report)
    return 0 if summary.complete else 1
