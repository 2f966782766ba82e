"""Everyday correct code against `AsyncTabby`: must type-check clean and run (see good_sync)."""

from __future__ import annotations

import asyncio
import dataclasses

from tabby_ext import (
    AsyncParseStream,
    AsyncStream,
    AsyncTabby,
    AuthenticationError,
    IncompleteStreamError,
    Parsed,
    ToolInvocation,
)
from tabby_ext.models import ChatCompletionStreamChunk, CompletionResponse, ModelLoadResponse
from tabby_ext.types import ChatCompletionMessageParam


async def chat(client: AsyncTabby) -> str:
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]
    answer = await client.chat.create(messages=messages, max_tokens=2)
    stream: AsyncStream[ChatCompletionStreamChunk] = await client.chat.create_stream(
        messages=messages, max_tokens=2
    )
    async with stream:
        async for chunk in stream:
            print(chunk.id, chunk.choices[0].finish_reason)
    again = await client.chat.create_stream(messages=messages, max_tokens=2)
    return (answer.choices[0].message.content or "") + await again.atext()


async def many(client: AsyncTabby) -> list[CompletionResponse]:
    calls = [client.completions.create(prompt=f"p{i}", max_tokens=1) for i in range(3)]
    return await asyncio.gather(*calls)


async def models(client: AsyncTabby) -> ModelLoadResponse:
    names = [card.id for card in (await client.models.list()).data]
    await client.models.unload()  # a loaded folder is not loaded again (older servers refuse it)
    async for event in await client.models.load_stream(model_name=names[0]):
        print(event.status)
    await client.models.unload()
    return await client.models.load(model_name=names[0])


async def errors(client: AsyncTabby) -> None:
    no_keys = client.with_options(api_key="wrong", admin_key="wrong", max_retries=0)
    try:
        await no_keys.models.unload()
    except AuthenticationError as exc:
        print(exc.status_code, exc.message)
    except IncompleteStreamError:
        raise
    print((await client.kobold.generate(prompt="Hi", max_tokens=1)).results[0].text)


@dataclasses.dataclass
class Point:
    x: int
    y: int


async def structured(client: AsyncTabby) -> int:
    ask: list[ChatCompletionMessageParam] = [{"role": "user", "content": "a point"}]
    answer = await client.chat.parse(ask, response_format=Point, max_tokens=30)
    stream: AsyncParseStream[Point, ChatCompletionStreamChunk] = await client.chat.parse_stream(
        ask, response_format=Point, max_tokens=30
    )
    async with stream:
        async for text in stream:
            print(text)
    final: Parsed[Point, ChatCompletionStreamChunk] = await stream.final()
    return answer.parsed.x + final.parsed.y


async def add(a: int, b: int) -> int:
    """Adds two numbers."""
    await asyncio.sleep(0)
    return a + b


async def runner(client: AsyncTabby) -> str:
    async def announce(call: ToolInvocation) -> None:  # hooks may be coroutines
        print("calling", call.name, call.arguments)

    ask: list[ChatCompletionMessageParam] = [{"role": "user", "content": "1 + 2?"}]
    run = await client.chat.run_tools(ask, tools=[add], on_tool_call=announce)
    stream = await client.chat.run_tools_stream(ask, tools=[add], max_rounds=4)
    async for text in stream:
        print(text)
    return (run.content or "") + str((await stream.final()).rounds + len(run.messages))


async def main(base_url: str, api_key: str, admin_key: str) -> None:
    async with AsyncTabby(base_url=base_url, api_key=api_key, admin_key=admin_key) as client:
        await chat(client)
        await many(client)
        await models(client)
        await errors(client)
        await structured(client)
        await runner(client)


def run(base_url: str, api_key: str, admin_key: str) -> None:
    asyncio.run(main(base_url, api_key, admin_key))
