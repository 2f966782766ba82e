"""The few I/O primitives that differ between the async engine and its generated sync twin."""

from __future__ import annotations

import contextlib
import time
from typing import Any


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


def async_close_later(response: Any, loop: Any) -> None:
    """Close an abandoned streaming response from a finalizer: schedule it on its event loop."""
    if loop is not None and not loop.is_closed():
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(lambda: loop.create_task(response.aclose()))


def sync_close_later(response: Any, loop: Any) -> None:
    """Close an abandoned streaming response from a finalizer."""
    with contextlib.suppress(Exception):
        response.close()
