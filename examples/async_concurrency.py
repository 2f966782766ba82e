"""Many streams at once on one AsyncTabby (one connection pool)."""

import asyncio
from typing import Any

from tabby_ext import AsyncTabby
from tabby_ext.testing import example_server


async def one(client: AsyncTabby, i: int) -> str:
    stream = await client.chat.create_stream(
        messages=[{"role": "user", "content": f"story {i}"}], max_tokens=5
    )
    return await stream.atext()


async def main(env: dict[str, Any]) -> None:
    async with AsyncTabby(**env) as client:
        texts = await asyncio.gather(*(one(client, i) for i in range(50)))
        print(f"{len(texts)} streams done; first: {texts[0]!r}")


with example_server() as env:
    asyncio.run(main(env))
