"""Typed JSON answers: `chat.parse` sends a schema, validates the answer, returns your type."""

import asyncio
import dataclasses
from typing import Any, Literal

from tabby_ext import AsyncTabby, Tabby
from tabby_ext.testing import example_server


@dataclasses.dataclass
class City:
    """A city and its country."""

    name: str
    country: str
    population: int
    size: Literal["village", "town", "city"]


async def in_async(env: dict[str, Any]) -> None:
    async with AsyncTabby(**env) as client:
        answer = await client.completions.parse(
            prompt="The capital of Italy, as JSON:", response_format=City, max_tokens=100
        )
        print("async:", answer.parsed.name, answer.parsed.size)


with example_server() as env, Tabby(**env) as client:
    answer = client.chat.parse(
        messages=[{"role": "user", "content": "The largest city in France?"}],
        response_format=City,  # a dataclass, TypedDict, attrs class, pydantic model or a dict
        max_tokens=100,
        max_attempts=2,  # re-ask once, with the problem, if the answer does not validate
    )
    city: City = answer.parsed  # validated on the client too
    print(city.name, city.population, "| raw:", answer.text)
    asyncio.run(in_async(env))
