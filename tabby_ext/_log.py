"""The client's log: one standard `logging` logger per area, one line per event.

    tabby_ext.http       DEBUG    each request attempt: operation, method, path, status (or the
                                  failure), time to the response head, attempt number
    tabby_ext.retry      INFO     each retry: the reason and the delay
                         WARNING  a retriable failure given up on (retries spent, or a
                                  `Retry-After` longer than the policy waits)
    tabby_ext.stream     DEBUG    each stream's end: done, closed by the caller, or failed
    tabby_ext.telemetry  WARNING  the client's own telemetry failing (never the call)

Every line also carries its fields in `extra=`, as `tabby_*` attributes of the record, for JSON
formatters (`tabby_operation`, `tabby_method`, `tabby_path`, `tabby_status`, `tabby_error`,
`tabby_elapsed_ms`, `tabby_attempt`, `tabby_reason`, `tabby_delay_s`, `tabby_outcome`). No line
holds a key or content: the path, never the query or the body, and errors by their type only.
A line costs nothing while its level is off (`Logger.isEnabledFor`, cached by `logging`).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from ._operations import CallPlan

HTTP = logging.getLogger("tabby_ext.http")
RETRY = logging.getLogger("tabby_ext.retry")
STREAM = logging.getLogger("tabby_ext.stream")
TELEMETRY = logging.getLogger("tabby_ext.telemetry")
#: Every logger of the client (their parent, "tabby_ext", shows them all).
LOGGERS = (HTTP.name, RETRY.name, STREAM.name, TELEMETRY.name)

DEBUG = logging.DEBUG


def attempt(
    plan: CallPlan,
    request: httpx.Request,
    outcome: int | BaseException,
    started: float,
    number: int,
) -> None:
    """`tabby_ext.http`: one attempt of a request ended with a status or a failure (call only
    when the logger is enabled for DEBUG: `started` is a `time.perf_counter()`)."""
    elapsed = (time.perf_counter() - started) * 1e3
    status, error = (outcome, None) if isinstance(outcome, int) else (None, type(outcome).__name__)
    HTTP.debug(
        "%s: %s %s -> %s in %.1f ms (attempt %d)",
        plan.label,
        request.method,
        request.url.path,
        status if error is None else error,
        elapsed,
        number,
        extra={
            "tabby_operation": plan.label,
            "tabby_method": request.method,
            "tabby_path": request.url.path,
            "tabby_status": status,
            "tabby_error": error,
            "tabby_elapsed_ms": round(elapsed, 3),
            "tabby_attempt": number,
        },
    )


def retry(
    plan: CallPlan,
    request: httpx.Request,
    number: int,
    max_retries: int,
    reason: str,
    delay: float,
) -> None:
    """`tabby_ext.retry` at INFO: retry `number` (from 1) of `max_retries`, after `delay` s."""
    RETRY.info(
        "%s: retrying %s %s in %.2fs (%s, retry %d of %d)",
        plan.label,
        request.method,
        request.url.path,
        delay,
        reason,
        number,
        max_retries,
        extra={
            "tabby_operation": plan.label,
            "tabby_method": request.method,
            "tabby_path": request.url.path,
            "tabby_reason": reason,
            "tabby_delay_s": delay,
            "tabby_attempt": number + 1,
        },
    )


def give_up(plan: CallPlan, request: httpx.Request, attempts: int, reason: str, why: str) -> None:
    """`tabby_ext.retry` at WARNING: the last failure (`reason`) of a request that was worth
    retrying is raised after `attempts` attempts (`why`: retries spent, or a Retry-After)."""
    RETRY.warning(
        "%s: giving up on %s %s after %d %s (%s; %s)",
        plan.label,
        request.method,
        request.url.path,
        attempts,
        "attempt" if attempts == 1 else "attempts",
        reason,
        why,
        extra={
            "tabby_operation": plan.label,
            "tabby_method": request.method,
            "tabby_path": request.url.path,
            "tabby_reason": reason,
            "tabby_attempt": attempts,
        },
    )


def stream_end(
    label: str, request: httpx.Request, outcome: str, error: BaseException | None
) -> None:
    """`tabby_ext.stream` at DEBUG: a stream ended ("done", "closed" early by the caller, or
    "failed" with an error, named by its type only)."""
    kind = None if error is None else type(error).__name__
    STREAM.debug(
        "%s: stream %s %s %s%s",
        label,
        request.method,
        request.url.path,
        outcome,
        "" if kind is None else f" ({kind})",
        extra={
            "tabby_operation": label,
            "tabby_method": request.method,
            "tabby_path": request.url.path,
            "tabby_outcome": outcome,
            "tabby_error": kind,
        },
    )
