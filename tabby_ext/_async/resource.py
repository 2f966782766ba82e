"""`AsyncResource`: something with connections to give back, closed by `async with`."""

from __future__ import annotations

from typing import Self


class AsyncResource:
    """`async with` closes it (`aclose()`), however the block ends."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
