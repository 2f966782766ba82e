"""The few I/O primitives that differ between the async engine and its generated sync twin."""

from __future__ import annotations

import contextlib
import os
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, ClassVar, TypeVar

T = TypeVar("T")


class ForkState:
    """Counts forks, so that no connection made before one is used after it.

    Both processes see the count change; a connection remembers the count and the pid it was
    made with. Pools register a callback to reset their locks and slots in the child (a lock
    held by another thread at the fork would otherwise stay held there forever).
    """

    generation = 0
    pid = os.getpid()
    _children: ClassVar[weakref.WeakSet[Any]] = weakref.WeakSet()

    @classmethod
    def register(cls, owner: Any) -> None:
        """Call `owner.after_fork_in_child()` in a forked child."""
        cls._children.add(owner)

    @classmethod
    def _parent(cls) -> None:
        cls.generation += 1

    @classmethod
    def _child(cls) -> None:
        cls.generation += 1
        cls.pid = os.getpid()
        for owner in list(cls._children):
            owner.after_fork_in_child()


if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
    os.register_at_fork(after_in_parent=ForkState._parent, after_in_child=ForkState._child)


async def async_sleep(seconds: float) -> None:
    """Sleep on whichever event loop runs us (asyncio or trio), via httpx's own anyio."""
    import anyio

    await anyio.sleep(seconds)


def sync_sleep(seconds: float) -> None:
    time.sleep(seconds)


def async_current_loop() -> Any:
    """The running asyncio loop (None under trio), for closing abandoned streams later."""
    import asyncio  # only async users pay for importing asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def sync_current_loop() -> Any:
    return None


def async_lock() -> Any:
    """Guard for the idle-connection lists: none needed between awaits on one event loop."""
    return contextlib.nullcontext()


def sync_lock() -> Any:
    import threading

    return threading.Lock()


def async_slots(limit: int) -> Any:
    """A FIFO semaphore of `limit` connection slots for the running event loop's library."""
    import anyio

    return anyio.Semaphore(limit, fast_acquire=True)


def sync_slots(limit: int) -> Any:
    import threading

    return threading.BoundedSemaphore(limit)


async def async_acquire(slots: Any, timeout: float | None) -> bool:
    """Take a slot, waiting at most `timeout` seconds (None: no limit); False if none came."""
    import anyio

    try:
        slots.acquire_nowait()
        return True
    except anyio.WouldBlock:
        pass
    with anyio.move_on_after(timeout):
        await slots.acquire()
        return True
    return False


def sync_acquire(slots: Any, timeout: float | None) -> bool:
    return bool(slots.acquire(timeout=timeout))


async def async_gather(calls: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
    """Run `calls` concurrently, one task each on the running loop's library (anyio), and return
    their results in order. The calls catch their own exceptions (one leaving cancels the rest)."""
    if len(calls) == 1:
        return [await calls[0]()]
    import anyio

    results: list[Any] = [None] * len(calls)

    async def run(index: int, call: Callable[[], Awaitable[T]]) -> None:
        results[index] = await call()

    async with anyio.create_task_group() as group:
        for index, call in enumerate(calls):
            group.start_soon(run, index, call)
    return results


def sync_gather(calls: Sequence[Callable[[], T]]) -> list[T]:
    return [call() for call in calls]


async def async_settle(value: Any) -> Any:
    """What a user's function returned, awaited if it is awaitable (an async tool or hook)."""
    import inspect

    if inspect.isawaitable(value):
        return await value
    return value


def sync_settle(value: Any) -> Any:
    import inspect

    if inspect.isawaitable(value):
        close = getattr(value, "close", None)
        if close is not None:
            close()  # a coroutine never awaited would warn
        from .errors import RequestValidationError

        raise RequestValidationError("an async function needs AsyncTabby (Tabby cannot await it)")
    return value


def async_runs(fn: Any, what: str) -> None:
    """Refuse, before anything is sent, a user's function this client cannot call: none for
    AsyncTabby; an async one for Tabby."""


def sync_runs(fn: Any, what: str) -> None:
    import inspect

    if fn is not None and inspect.iscoroutinefunction(inspect.unwrap(fn)):
        from .errors import RequestValidationError

        raise RequestValidationError(f"{what} is an async function: run it with AsyncTabby")
