"""When to retry and how long to wait: pure decisions, used by the retrying transports.

Only what can succeed on a second try is retried: connection failures (not a TLS certificate
the client does not trust), timeouts, and 408/429/502/504, and 503 only when the server sends
`Retry-After` (TabbyAPI's "No models are currently loaded." has none and is not transient).
A 500 is not retried: TabbyAPI answers 500 for requests it cannot handle (a `model` while none is
loaded, `min_tokens > max_tokens`, a wrong admin key on a listing), and they fail again.
Operations that change server state are retried only when the request never left.
"""

from __future__ import annotations

import dataclasses
import email.utils
import math
import random
import ssl
import time

import httpx

#: Failures that happen before a single byte of the request reached the server.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Failures after which the request may or may not have been processed.
MAYBE_SENT = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


@dataclasses.dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many times and how patiently to retry.

    Waits grow as `initial_backoff * 2**attempt`, capped at `max_backoff`, with full jitter; a
    server's `Retry-After` / `retry-after-ms` is honoured when it is at most `max_retry_after`
    seconds, and a longer one is not waited for (the error is raised instead).
    """

    max_retries: int = 2
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: bool = True
    max_retry_after: float = 60.0
    retry_statuses: frozenset[int] = frozenset({408, 429, 502, 504})

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be >= 0")

    def backoff(self, attempt: int) -> float:
        delay = min(self.max_backoff, self.initial_backoff * (2**attempt))
        return random.uniform(0, delay) if self.jitter else delay

    def delay_for_exception(self, attempt: int, exc: Exception, *, mutates: bool) -> float | None:
        """Seconds to wait before retrying after `exc`, or None to give up."""
        if attempt >= self.max_retries or deterministic(exc):
            return None
        if isinstance(exc, NOT_SENT) or (isinstance(exc, MAYBE_SENT) and not mutates):
            return self.backoff(attempt)
        return None

    def delay_for_response(
        self, attempt: int, response: httpx.Response, *, mutates: bool
    ) -> float | None:
        """Seconds to wait before retrying after this status, or None to return it as is."""
        status = response.status_code
        if status < 400 or attempt >= self.max_retries or mutates:
            return None
        retry_after = parse_retry_after(response.headers)
        if status not in self.retry_statuses and not (status == 503 and retry_after is not None):
            return None
        if retry_after is None:
            return self.backoff(attempt)
        return retry_after if retry_after <= self.max_retry_after else None

    def gave_up(
        self, attempt: int, failure: Exception | httpx.Response, *, mutates: bool
    ) -> str | None:
        """Why a failure the policy declined to retry (its delay was None) was given up on,
        when it was worth retrying: the retries are spent, or the server's `Retry-After` is
        longer than `max_retry_after`. None when it never was (a 400, a 500, an untrusted
        certificate, a state change that may have been applied), or when no retry was allowed
        at all (`max_retries=0`: nothing was given up). For the log; decides nothing."""
        patient = dataclasses.replace(self, max_retries=attempt + 1, max_retry_after=math.inf)
        if isinstance(failure, httpx.Response):
            if patient.delay_for_response(attempt, failure, mutates=mutates) is None:
                return None
            if attempt < self.max_retries:
                wait, bound = parse_retry_after(failure.headers), self.max_retry_after
                return f"Retry-After {wait:g}s is longer than max_retry_after {bound:g}s"
        elif patient.delay_for_exception(attempt, failure, mutates=mutates) is None:
            return None
        return f"retries exhausted (max_retries={self.max_retries})" if attempt else None


def deterministic(exc: Exception) -> bool:
    """A failure that the same request meets again: a TLS certificate not trusted."""
    if not isinstance(exc, httpx.ConnectError):
        return False
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def parse_retry_after(headers: httpx.Headers) -> float | None:
    """`retry-after-ms`, else `Retry-After` as seconds or an HTTP-date; None if absent or bad."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
