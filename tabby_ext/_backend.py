"""The two I/O primitives that differ between the async engine and its generated sync twin."""

from __future__ import annotations

import time


async def async_sleep(seconds: float) -> None:
    """Sleep on whichever event loop runs us (asyncio or trio), via httpx's own anyio."""
    import anyio

    await anyio.sleep(seconds)


def sync_sleep(seconds: float) -> None:
    time.sleep(seconds)
