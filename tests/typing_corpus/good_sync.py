"""Everyday correct code against `Tabby`: must type-check clean (mypy --strict, pyright) and run.

`tests/test_typing.py` type-checks this file and runs `run()` against the embedded server.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, TypedDict

import httpx

from tabby_ext import (
    APIConnectionError,
    APIStatusError,
    OutputTruncatedError,
    OutputValidationError,
    Parsed,
    RetryPolicy,
    ServiceUnavailableError,
    Stream,
    Tabby,
    ToolResult,
    ToolRun,
    tool,
)
from tabby_ext.models import (
    ChatCompletionResponse,
    ChatCompletionStreamChunk,
    ModelCard,
    ModelLoadResponse,
)
from tabby_ext.types import NOT_GIVEN, ChatCompletionMessageParam, LoraLoadInfoParam


def chat(client: Tabby) -> str:
    history: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": "You are terse."},
        {"role": "user", "content": "hi"},
    ]
    answer: ChatCompletionResponse = client.chat.create(
        messages=history, max_tokens=3, temperature=0.7, stop=["\n"], tool_choice="none"
    )
    content = answer.choices[0].message.content
    if answer.usage is not None:
        print(answer.usage.prompt_tokens + answer.usage.completion_tokens)
    return content or ""


def chat_stream(client: Tabby) -> str:
    parts: list[str] = []
    stream: Stream[ChatCompletionStreamChunk] = client.chat.create_stream(
        messages=[{"role": "user", "content": "hi"}],
        max_tokens=3,
        stream_options={"include_usage": True},
    )
    with stream:
        for chunk in stream:
            for choice in chunk.choices:  # a usage chunk may have none (older TabbyAPI, OpenAI)
                if isinstance(choice.delta.content, str):
                    parts.append(choice.delta.content)
    return "".join(parts)


def tool_loop(client: Tabby) -> list[str]:
    """The everyday tool round trip: an answer's message goes back into `messages` as it came,
    and each tool call's id and type are plain strings (the server always sends them)."""
    messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "weather?"}]
    answer = client.chat.create(
        messages=messages,
        max_tokens=5,
        tools=[
            {
                "type": "function",
                "function": {"name": "get_weather", "description": "d", "parameters": {}},
            }
        ],
    )
    message = answer.choices[0].message
    messages.append(message)
    ids: list[str] = []
    for tc in message.tool_calls or []:
        kind: str = tc.type_
        messages.append({"role": "tool", "tool_call_id": tc.id, "content": kind})
        ids.append(tc.id)
    client.chat.create(messages=messages, max_tokens=2)
    return ids


def stream_chunk_fields(client: Tabby) -> tuple[str, str, int]:
    """A chat stream chunk's model, object and created are plain values."""
    model, kind, created = "", "", 0
    for chunk in client.chat.create_stream(messages=[{"role": "user", "content": "hi"}]):
        model, kind, created = chunk.model, chunk.object_, chunk.created
    return model.upper(), kind.upper(), created + 1


def completions(client: Tabby) -> str:
    result = client.completions.create(prompt="Once", max_tokens=2, n=1, logprobs=NOT_GIVEN)
    streamed = client.completions.create_stream("Once", max_tokens=2).text()
    return result.choices[0].text + streamed


def models(client: Tabby) -> list[str]:
    names = [card.id for card in client.models.list().data]
    current: ModelCard = client.models.get()
    if current.parameters is not None and current.parameters.max_seq_len is not None:
        print(current.parameters.max_seq_len * 2)
    client.models.unload()  # a loaded folder is not loaded again (older servers refuse it)
    for event in client.models.load_stream(model_name=names[0], max_seq_len=4096, cache_mode="Q8"):
        print(event.model_type, event.module, "/", event.modules, event.status)
    client.models.unload()
    final: ModelLoadResponse = client.models.load(
        names[0], draft_model={"draft_model_name": "Llama-3.2-1B-Instruct-exl3"}
    )
    print(final.status, client.models.get_props().total_slots)
    client.models.unload()
    return names


def administration(client: Tabby) -> None:
    client.models.load(model_name=client.models.list().data[0].id)
    lora: LoraLoadInfoParam = {"name": client.lora.list().data[0].id, "scaling": 0.5}
    print(client.lora.load(loras=[lora]).success, client.lora.get_active().data)
    client.lora.unload()
    templates = client.templates.list().data
    client.templates.switch(templates[0])
    client.templates.unload()
    print(client.sampling.list_overrides().presets)
    client.sampling.switch_override(preset="creative")
    client.sampling.unload_override()
    tokens = client.tokens.encode("hello world").tokens
    print(client.tokens.decode(tokens=tokens).text, client.auth.get_permission().permission)
    print(client.health.check().status, client.service_info.get().software.name)
    print(client.embeddings.create(input=["a", "b"]).data[0].embedding[:2])


def kobold(client: Tabby) -> str:
    print(client.kobold.current_model().result, client.kobold.max_length().value)
    print(client.kobold.token_count("one two").ids, client.kobold.version().result)
    print(client.kobold.extra_version().version, client.kobold.list_soft_prompts().values)
    generated = client.kobold.generate(prompt="Hi", max_tokens=2)
    return generated.results[0].text + client.kobold.generate_stream("Hi", max_tokens=2).text()


def errors_and_options(client: Tabby) -> None:
    quick = client.with_options(timeout=5, max_retries=0, retry=RetryPolicy(max_retries=1))
    try:
        quick.chat.create(
            messages=[{"role": "user", "content": "hi"}],
            max_tokens=1,
            extra_headers={"x-trace": "1"},
            extra_body={"future_field": True},
            extra_query={"q": 1},
            timeout=httpx.Timeout(3.0),
        )
    except ServiceUnavailableError as exc:
        print("no model:", exc.message)
    except APIStatusError as exc:
        print(exc.status_code, exc.code, exc.body)
    except APIConnectionError as exc:
        print("unreachable:", exc)


@dataclasses.dataclass
class City:
    name: str
    population: int
    size: Literal["town", "city"]


class Pet(TypedDict):
    name: str
    legs: int


@tool
def get_weather(city: str, unit: Literal["C", "F"] = "C") -> str:
    """The weather of a city."""
    return f"sunny in {city} ({unit})"


def structured(client: Tabby) -> str:
    """Typed answers: `parsed` is the type asked for; a raw JSON Schema gives JSON (Any)."""
    ask: list[ChatCompletionMessageParam] = [{"role": "user", "content": "a city"}]
    answer: Parsed[City, ChatCompletionResponse] = client.chat.parse(
        ask, response_format=City, max_tokens=50, max_attempts=2
    )
    city: City = answer.parsed
    pet: Pet = client.chat.parse(ask, response_format=Pet).parsed
    names: list[str] = client.completions.parse("Names:", response_format=list[str]).parsed
    raw: Any = client.chat.parse(ask, response_format={"type": "object"}).parsed
    with client.chat.parse_stream(ask, response_format=City, max_tokens=50) as stream:
        for text in stream:
            print(text.strip(), stream.partial())
    streamed: Parsed[City, ChatCompletionStreamChunk] = stream.final()
    try:
        client.chat.parse(ask, response_format=Pet, max_tokens=2)
    except OutputValidationError as error:
        print(error.validation_message, error.text)
    except OutputTruncatedError as error:  # max_tokens=2: cut short
        print(error.text, error.response)
    print(raw, names)
    return city.name + pet["name"] + streamed.parsed.size


def runner(client: Tabby) -> str:
    """The tool runner: plain or decorated functions, hooks, the whole conversation back."""

    def show(result: ToolResult) -> None:
        print(result.call.name, result.call.arguments, result.content)

    ask: list[ChatCompletionMessageParam] = [{"role": "user", "content": "weather?"}]
    run: ToolRun[ChatCompletionResponse] = client.chat.run_tools(
        ask, tools=[get_weather], max_rounds=3, on_tool_result=show, temperature=0.2
    )
    forecast: str = get_weather("Paris", unit="F")  # a tool is still its function
    streamed = client.chat.run_tools_stream(ask, tools=[get_weather], tool_choice="required")
    with streamed:
        for text in streamed:
            print(text, end="")
    return (run.content or "") + forecast + str(streamed.final().rounds)


def run(base_url: str, api_key: str, admin_key: str) -> None:
    with Tabby(base_url=base_url, api_key=api_key, admin_key=admin_key, timeout=30) as client:
        chat(client)
        chat_stream(client)
        completions(client)
        tool_loop(client)
        structured(client)
        runner(client)
        stream_chunk_fields(client)
        models(client)
        administration(client)
        kobold(client)
        errors_and_options(client)
