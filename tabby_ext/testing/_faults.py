"""Fault injection: what a test asked to go wrong, and which requests it applies to.

`FaultRegistry` is shared between the test thread (inject/clear) and the server loop (take).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class FaultSpec:
    """The knobs of one injected fault; see `FakeTabbyServer.inject` for their meaning."""

    delay_headers: float = 0.0
    delay_events: float = 0.0
    drop_after_events: int | None = None
    malformed_sse: bool = False
    inband_error: str | None = None
    after_events: int = 0
    no_done: bool = False
    pings_only: bool = False
    ping_every: float = 1.0
    status: int | None = None
    retry_after: str | None = None
    body: Any = None
    status_500_close: bool = False
    html_error: bool = False
    truncated_chunked: bool = False
    invalid_utf8: bool = False
    huge_event_bytes: int | None = None
    redirect_to: str | None = None
    # What the generation does instead (read by the routes, not the middleware):
    ignore_schema: bool = False
    ignore_tool_choice: bool = False
    tool_call: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if (self.retry_after is not None or self.body is not None) and self.status is None:
            raise ValueError("retry_after= and body= need status=")
        if self.retry_after is not None and not isinstance(self.retry_after, str):
            object.__setattr__(self, "retry_after", str(self.retry_after))


KNOBS = frozenset(f.name for f in fields(FaultSpec))


@dataclass
class Fault:
    """An injected fault: applies to the next `times` matching requests (None: all of them)."""

    spec: FaultSpec
    path: str | None = None
    method: str | None = None
    times: int | None = 1
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        return (self.path is None or self.path == path) and (
            self.method is None or self.method.upper() == method
        )


@dataclass
class FaultRegistry:
    """Thread-safe FIFO of faults; the first matching, unexhausted fault wins."""

    _faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, method: str, path: str) -> FaultSpec | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.hits += 1
                    if fault.times is not None and fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault.spec
        return None
