"""Tools from plain functions: the runner calls the model, runs what it asks for, repeats."""

import asyncio
from typing import Any, Literal

from tabby_ext import AsyncTabby, Tabby, ToolResult
from tabby_ext.testing import example_server


def get_weather(city: str, unit: Literal["C", "F"] = "C") -> str:
    """The current weather of a city.

    Args:
        city: The city's name, like "Paris".
    """
    return f"18 degrees {unit} and sunny in {city}"


async def get_time(city: str) -> str:
    """The local time in a city."""
    await asyncio.sleep(0.01)  # several calls of one round run concurrently in AsyncTabby
    return f"It is noon in {city}."


def show(result: ToolResult) -> None:
    print(f"  {result.call.name}({result.call.arguments}) -> {result.content}")


with example_server() as env, Tabby(**env) as client:
    messages: Any = [{"role": "user", "content": "What is the weather in Paris?"}]
    run = client.chat.run_tools(messages, tools=[get_weather], on_tool_result=show)
    print(run.content, f"({run.rounds} rounds, {len(run.messages)} messages)")

    async def in_async() -> None:
        async with AsyncTabby(**env) as aclient:
            stream = await aclient.chat.run_tools_stream(messages, tools=[get_time, get_weather])
            print("async:", "".join([text async for text in stream]))

    asyncio.run(in_async())
