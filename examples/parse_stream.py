"""A typed JSON answer, streamed: the text as it arrives, then the validated value."""

import asyncio
from typing import Any, TypedDict

from tabby_ext import AsyncTabby, Tabby
from tabby_ext.testing import example_server


class Recipe(TypedDict):
    title: str
    ingredients: list[str]
    minutes: int


async def in_async(env: dict[str, Any]) -> None:
    async with AsyncTabby(**env) as client:
        messages: Any = [{"role": "user", "content": "A pancake recipe."}]
        stream = await client.chat.parse_stream(messages, response_format=Recipe, max_tokens=200)
        async with stream:
            async for _ in stream:
                print("so far:", stream.partial())  # the JSON read leniently, as it grows
        print("async:", (await stream.final()).parsed["title"])


with example_server() as env, Tabby(**env) as client:
    messages: Any = [{"role": "user", "content": "A pancake recipe."}]
    with client.chat.parse_stream(messages, response_format=Recipe, max_tokens=200) as stream:
        for text in stream:
            print(text, end="", flush=True)
    recipe = stream.final().parsed  # a Recipe, checked once the answer is complete
    print("\n", recipe["title"], len(recipe["ingredients"]), "ingredients")
    asyncio.run(in_async(env))
