"""One planted mistake per marked line; both type checkers must report each, and nothing else.

Each line ending in `# mistake: ...` holds exactly one error a user could make. Never run.
"""

from __future__ import annotations

import dataclasses
from typing import TypedDict

from tabby_ext import AsyncTabby, Tabby, tool
from tabby_ext.types import ChatCompletionMessageParam

HI: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]


@dataclasses.dataclass
class City:
    name: str


class Pet(TypedDict):
    name: str


@tool
def get_weather(city: str) -> str:
    """The weather."""
    return city


def structured_mistakes(client: Tabby) -> None:
    print(client.chat.parse(HI, response_format=City).parsed.nam)  # mistake: wrong attribute
    print(client.chat.parse(HI, response_format=Pet).parsed["legs"])  # mistake: wrong key
    client.chat.parse(HI, response_format=City, json_schema={})  # mistake: parse sets the schema
    client.chat.parse(HI, response_format=5)  # mistake: not a type or a JSON Schema
    client.chat.parse(HI, response_format=City, max_attempts="2")  # mistake: str attempts
    client.chat.create(messages=HI, response_format={"type": "json_objct"})  # mistake: format
    client.chat.run_tools(HI, tools=[get_weather], max_round=3)  # mistake: misspelled option
    print(client.chat.run_tools(HI, tools=[get_weather]).content.upper())  # mistake: may be None
    client.chat.run_tools(HI, tools=get_weather)  # mistake: tools is a list
    get_weather(3)  # mistake: a tool keeps its function's signature
    client.completions.run_tools(HI, tools=[get_weather])  # mistake: completions have no tools
    for text in client.chat.parse_stream(HI, response_format=City):
        print(text.name)  # mistake: the stream yields text; the value comes from final()


def sync_mistakes(client: Tabby) -> None:
    client.completions.create(prompt="x", max_token=5)  # mistake: misspelled keyword
    client.completions.create(prompt="x", max_tokens="20")  # mistake: str for an int
    client.templates.switch()  # mistake: missing required field
    client.chat.create(messages=[{"role": "user", "contnet": "hi"}])  # mistake: key in a message
    client.chat.create(messages=[{"role": "user", "content": 5}])  # mistake: int message content
    client.lora.load(loras=[{"nam": "style"}])  # mistake: misspelled LoRA key
    client.lora.load(loras=[{"name": "style", "scaling": "high"}])  # mistake: str scaling
    client.models.load("m", draft_model={"draft_model": "d"})  # mistake: draft model key
    client.models.load("m", draft_model={"draft_model_name": 1})  # mistake: int draft name
    client.chat.creat(messages=HI)  # mistake: misspelled method
    client.chats.create(messages=HI)  # mistake: misspelled service
    client.chat.create(messages=HI, timout=3)  # mistake: misspelled call option
    client.chat.create(messages=HI, extra_headers={"x-trace": 1})  # mistake: int header value
    client.chat.create(messages=HI, tool_choice="sometimes")  # mistake: not a tool_choice literal
    client.tokens.decode(tokens="1 2 3")  # mistake: str for a list of ints
    client.models.download("repo", include="*.safetensors")  # mistake: str for a list of str
    client.completions.create(prompt="x", max_length="long")  # mistake: str for an alias int
    client.with_options(max_retry=3)  # mistake: misspelled option
    answer = client.chat.create(messages=HI)
    print(answer.choices[0].text)  # mistake: a completion field on a chat answer
    print(answer.usage.prompt_tokens)  # mistake: usage may be None
    for chunk in client.chat.create_stream(messages=HI):
        print(chunk.choices[0].delta.content.upper())  # mistake: delta content may be absent
    client.models.load_stream("m").text()  # mistake: a load stream has no text
    client.completions.create_stream(prompt="x", stream=True)  # mistake: stream is not a field
    client.completions.create(prompt="x", n=None)  # mistake: the server fails on a null n
    client.chat.create(messages=HI, response_format=None)  # mistake: the server fails on null
    client.chat.create(messages=HI, template_vars=None)  # mistake: the server fails on null
    client.embeddings.create(input=[1, 2])  # mistake: ints where strings are due
    client.embeddings.create([1, 2])  # mistake: ints where strings are due, positionally
    client.tokens.decode(tokens=["1", "2"])  # mistake: strings where ints are due


async def async_mistakes(client: AsyncTabby) -> None:
    print(client.chat.create(messages=HI).choices)  # mistake: missing await
    async for chunk in client.chat.create_stream(messages=HI):  # mistake: stream not awaited
        print(chunk)
    stream = await client.chat.create_stream(messages=HI)
    for event in stream:  # mistake: sync for over an async stream
        print(event)
    parsing = await client.chat.parse_stream(HI, response_format=City)
    print(parsing.final().parsed)  # mistake: final() must be awaited
    print((await client.chat.parse(HI, response_format=City)).parsed.nam)  # mistake: attribute
