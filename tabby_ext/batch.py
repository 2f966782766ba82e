"""Run an OpenAI-format batch file through `AsyncTabby`, resumably: `await run_batch(...)`.

Input lines are `{"custom_id", "method", "url", "body"}`; any operation of the table with a
JSON body can be named by its url (`/v1/chat/completions`, `/v1/completions`,
`/v1/embeddings`, ...). Output lines are OpenAI's batch output shape: `{"id", "custom_id",
"response": {"status_code", "request_id", "body"}, "error"}`.

A line's body is sent as written: the fields the spec lists go through the facade method's
checks, the others ride along as `extra_body` (`seed`, or a field named `timeout`, is a body
field, never a call option).

Nothing is lost: each finished result is appended with one `write()` as soon as it arrives, so
an interrupted or killed run leaves a valid file (a torn last line is cut off on the next run),
and running again with the same output skips the `custom_id`s already there. Lines that cannot
become a request are reported with their line number and are not written, nor are requests
that never got an answer (connection errors after the client's retries): the next run tries
them again. An output file that is not a batch run's results (the input itself, a file of
requests) is refused with `BatchFileError`, unchanged.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._async.client import AsyncTabby
    from ._operations import Operation, OperationTable

#: Parallel requests when neither the caller nor the loaded model (`max_batch_size`) says.
DEFAULT_CONCURRENCY = 4
#: How every output line starts (`_record`'s first key): a torn last line is a prefix of one.
RECORD_START = b'{"id": "batch_req_'
STREAM_MODE = "stream"


class BatchFileError(ValueError):
    """The output file cannot take this run's results (it is the input, its folder does not
    exist, or it holds lines that are not batch results); nothing was changed."""


@dataclasses.dataclass(frozen=True)
class BatchRequest:
    """One valid input line."""

    line: int
    custom_id: str
    url: str
    body: dict[str, Any]
    operation: Operation = dataclasses.field(repr=False)
    method: str = dataclasses.field(repr=False)

    @property
    def unlisted(self) -> list[str]:
        """The body's fields the spec does not list (sent as written, as `extra_body`)."""
        listed = self.operation.known_fields | self.operation.aliases.keys()
        return [name for name in self.body if name not in listed]


@dataclasses.dataclass(frozen=True)
class BatchProblem:
    """An input line that was not run (bad line) or not answered (connection failure)."""

    line: int
    custom_id: str | None
    message: str
    #: "invalid": the line cannot become a request; "unanswered": sent, no answer came.
    kind: str = "invalid"

    def __str__(self) -> str:
        who = f" ({self.custom_id})" if self.custom_id else ""
        return f"line {self.line}{who}: {self.message}"


@dataclasses.dataclass(frozen=True)
class BatchResult:
    """A written output line and what it counted for."""

    request: BatchRequest
    record: dict[str, Any]
    ok: bool
    tokens: int


@dataclasses.dataclass
class BatchPlan:
    """What a run will do: the requests to send, the ids already done, the bad lines."""

    pending: list[BatchRequest]
    done: set[str]
    invalid: list[BatchProblem]


@dataclasses.dataclass
class BatchSummary:
    """The outcome of `run_batch`; `complete` means every input line has an output line."""

    total: int = 0
    skipped: int = 0
    succeeded: int = 0
    failed: int = 0
    tokens: int = 0
    invalid: list[BatchProblem] = dataclasses.field(default_factory=list)
    unsent: list[BatchProblem] = dataclasses.field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.invalid and not self.unsent


# --- reading ----------------------------------------------------------------------------


def repair_output(path: Path) -> set[str]:
    """The custom_ids already in the output. A torn last line (a killed write: unfinished,
    no newline) is cut off; a complete last line without its newline gets one. Any other line
    that is not a batch result is a `BatchFileError`, and the file is left as it is."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return set()
    except IsADirectoryError:
        raise BatchFileError(f"{path} is a directory") from None
    *lines, last = data.split(b"\n")
    done = {_result_id(path, number, raw) for number, raw in enumerate(lines, 1) if raw.strip()}
    if last.strip():
        try:
            done.add(_result_id(path, len(lines) + 1, last))
        except BatchFileError:
            if not (last.startswith(RECORD_START) or RECORD_START.startswith(last)):
                raise
            with path.open("r+b") as handle:  # torn by a kill: the next run writes it again
                handle.truncate(len(data) - len(last))
        else:
            with path.open("ab") as handle:
                handle.write(b"\n")
    return done


def _result_id(path: Path, number: int, raw: bytes) -> str:
    """The custom_id of an output line; a `BatchFileError` if the line is not a result."""
    try:
        record = json.loads(raw)
    except ValueError as exc:
        problem = f"is not valid JSON ({exc})"
    else:
        if not isinstance(record, dict):
            problem = "is not a JSON object"
        elif "url" in record:
            problem = "is a request, not a result"
        elif isinstance(record.get("custom_id"), str) and record.keys() & {"response", "error"}:
            return str(record["custom_id"])
        else:
            problem = "is not a batch result (a custom_id with a response or an error)"
    raise BatchFileError(
        f"line {number} of {path} {problem}; the output must be a new file or the results"
        " of an earlier batch run"
    )


def facade_method(op: Operation, table: OperationTable) -> tuple[Operation, str] | None:
    """The operation and facade method that answer `op`'s route: a route alias is answered by
    its canonical operation (which takes the same request), and the method that returns the
    answer comes before the one that returns a stream (an operation that only streams gives
    its stream). None: no facade method answers it."""
    if op.alias_of:
        op = table.by_key[op.alias_of]
    methods = sorted(op.facade_methods, key=lambda name: op.facade_methods[name] == STREAM_MODE)
    return (op, methods[0]) if methods else None


def _parse(number: int, raw: bytes, table: OperationTable) -> BatchRequest | BatchProblem:
    try:
        line = json.loads(raw)  # bytes: a UTF-8 BOM is skipped, invalid UTF-8 is an error
    except ValueError as exc:
        return BatchProblem(number, None, f"not valid JSON ({exc})")
    if not isinstance(line, dict):
        return BatchProblem(number, None, "not a JSON object")
    custom_id = line.get("custom_id")
    if not isinstance(custom_id, str) or not custom_id:
        return BatchProblem(number, None, "no custom_id (a non-empty string)")
    method = str(line.get("method") or "POST").upper()
    url = line.get("url")
    body = line.get("body")
    if not isinstance(url, str):
        return BatchProblem(number, custom_id, "no url")
    op = table.lookup(method, url.partition("?")[0])
    found = facade_method(op, table) if op is not None else None
    if found is None:
        return BatchProblem(number, custom_id, f"{method} {url} is not an operation of TabbyAPI")
    if not isinstance(body, dict):
        return BatchProblem(number, custom_id, "body must be a JSON object")
    target, facade = found
    stream = target.stream.field if target.stream else None
    if target.facade_methods[facade] == STREAM_MODE or (stream and body.get(stream)):
        return BatchProblem(number, custom_id, "streaming requests cannot be batched")
    body = dict(body)
    if stream:
        body.pop(stream, None)
    if "stream_options" in target.known_fields and "stream_options" not in body:
        # TabbyAPI reports usage only when asked; batch outputs carry it (as OpenAI's do).
        body["stream_options"] = {"include_usage": True}
    return BatchRequest(number, custom_id, url, body, target, facade)


def plan_batch(input_path: Path, output_path: Path, table: OperationTable) -> BatchPlan:
    """Read the input and the existing output (repairing a torn last line); a
    `BatchFileError` if the output cannot take this run's results."""
    if not output_path.parent.is_dir():
        raise BatchFileError(f"there is no folder {output_path.parent} (for {output_path})")
    if output_path.exists() and output_path.samefile(input_path):
        raise BatchFileError(f"{output_path} is the input file: the results need their own")
    done = repair_output(output_path)
    pending: list[BatchRequest] = []
    invalid: list[BatchProblem] = []
    seen: set[str] = set()
    with input_path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            parsed = _parse(number, raw, table)
            if isinstance(parsed, BatchProblem):
                invalid.append(parsed)
                continue
            if parsed.custom_id in seen:
                invalid.append(BatchProblem(number, parsed.custom_id, "duplicate custom_id"))
                continue
            seen.add(parsed.custom_id)
            if parsed.custom_id not in done:
                pending.append(parsed)
    return BatchPlan(pending, done & seen, invalid)


# --- writing ----------------------------------------------------------------------------


class _Appender:
    """Appends whole lines with one write() each (O_APPEND), so a kill never splits two."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def close(self) -> None:
        os.close(self._fd)


def _record(
    request: BatchRequest, response: dict[str, Any] | None, error: dict[str, Any] | None
) -> dict[str, Any]:
    return {
        "id": f"batch_req_{uuid.uuid4().hex}",
        "custom_id": request.custom_id,
        "response": response,
        "error": error,
    }


def _tokens(body: Any) -> int:
    usage = body.get("usage") if isinstance(body, dict) else None
    if not isinstance(usage, dict):
        return 0
    count = usage.get("completion_tokens") or usage.get("total_tokens") or 0
    return count if isinstance(count, int) else 0


def _plain(value: Any) -> Any:
    return value.to_dict() if hasattr(value, "to_dict") else value


# --- running ----------------------------------------------------------------------------


async def default_concurrency(client: AsyncTabby) -> int:
    """The loaded model's `max_batch_size`, else DEFAULT_CONCURRENCY."""
    from .errors import TabbyError

    try:
        card = await client.models.get()
    except TabbyError:
        return DEFAULT_CONCURRENCY
    size = getattr(card.parameters, "max_batch_size", None)  # parameters may be null
    return size if isinstance(size, int) and size > 0 else DEFAULT_CONCURRENCY


async def _send(client: AsyncTabby, request: BatchRequest) -> BatchResult | BatchProblem:
    from .errors import APIConnectionError, APIStatusError, RequestValidationError, TabbyError

    function = getattr(getattr(client, request.operation.tag), request.method)
    unlisted = request.unlisted
    fields = {name: value for name, value in request.body.items() if name not in unlisted}
    extra = {name: request.body[name] for name in unlisted}
    try:
        answer = _plain(await function(**fields, extra_body=extra))
    except RequestValidationError as exc:
        return BatchProblem(request.line, request.custom_id, exc.message)
    except APIConnectionError as exc:
        return BatchProblem(
            request.line, request.custom_id, f"no answer: {exc.message}", kind="unanswered"
        )
    except APIStatusError as exc:
        response = {"status_code": exc.status_code, "request_id": None, "body": exc.body}
        return BatchResult(request, _record(request, response, None), False, 0)
    except TabbyError as exc:
        error = {"code": type(exc).__name__, "message": exc.message}
        return BatchResult(request, _record(request, None, error), False, 0)
    request_id = answer.get("id") if isinstance(answer, dict) else None
    response = {"status_code": 200, "request_id": request_id, "body": answer}
    return BatchResult(request, _record(request, response, None), True, _tokens(answer))


async def run_batch(
    input_path: str | os.PathLike[str],
    output_path: str | os.PathLike[str],
    *,
    client: AsyncTabby,
    concurrency: int | None = None,
    on_plan: Callable[[BatchPlan], None] | None = None,
    on_result: Callable[[BatchResult], None] | None = None,
    on_problem: Callable[[BatchProblem], None] | None = None,
) -> BatchSummary:
    """Send every request of `input_path` not yet in `output_path`, appending each result.

    `concurrency` defaults to the loaded model's `max_batch_size`. Retries are the client's
    (its `RetryPolicy`). The callbacks see the plan, each written result and each line that
    was not written (bad, or unanswered), as they happen.
    """
    from ._operations import operation_table

    plan = plan_batch(Path(input_path), Path(output_path), operation_table())
    summary = BatchSummary(
        total=len(plan.pending) + len(plan.done) + len(plan.invalid),
        skipped=len(plan.done),
        invalid=list(plan.invalid),
    )
    if on_plan is not None:
        on_plan(plan)
    if on_problem is not None:
        for problem in plan.invalid:
            on_problem(problem)
    if not plan.pending:
        return summary
    workers = concurrency or await default_concurrency(client)
    queue: Iterator[BatchRequest] = iter(plan.pending)
    appender = _Appender(Path(output_path))

    async def worker() -> None:
        for request in queue:  # shared: each request goes to exactly one worker
            outcome = await _send(client, request)
            if isinstance(outcome, BatchProblem):
                (summary.invalid if outcome.kind == "invalid" else summary.unsent).append(outcome)
                if on_problem is not None:
                    on_problem(outcome)
                continue
            appender.write(outcome.record)
            if outcome.ok:
                summary.succeeded += 1
            else:
                summary.failed += 1
            summary.tokens += outcome.tokens
            if on_result is not None:
                on_result(outcome)

    tasks = [asyncio.ensure_future(worker()) for _ in range(min(workers, len(plan.pending)))]
    try:
        await asyncio.gather(*tasks)
    finally:  # an error or a cancel stops every worker; what was written stays
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        appender.close()
    return summary
