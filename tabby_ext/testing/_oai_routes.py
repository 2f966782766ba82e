"""OpenAI-compatible routes: completions and chat completions (JSON or SSE), embeddings.

Chunk shapes, id prefixes and the usage/stop/n quirks follow docs/server-behavior.md §1 and §6.
With a schema the answer is JSON that fits it; with tools a chat answer calls one until a tool
result arrives (`_structured.py` says which).

An older server version (`ServerVersion`; docs/server-behavior.md, "Older servers") generates
the same text; its streams are built by the `_legacy_*` generators below (that era's chunk
shapes), and its fields are the older spec's (`_conform.py`, applied to whatever is written here).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sse_starlette import ServerSentEvent
from starlette.responses import Response

from ._catalog import render_prompt
from ._conform import dump
from ._errors import ContextLengthError, HTTPError, InternalError
from ._generation import (
    REASONING_LENGTH,
    Plan,
    logprob,
    normalise_params,
    plan,
    stop_list,
    top_candidates,
    usage,
)
from ._responses import (
    DONE,
    EventStream,
    compact_json,
    error_event,
    json_response,
    single_event,
)
from ._routing import Call, Router
from ._state import EMBEDDING_DIMENSIONS, LoadedModel
from ._structured import fault_of, json_plan, tool_calls
from ._tokens import Tokenizer, count_tokens, embed, embedding_base64
from ._versions import ServerVersion

if TYPE_CHECKING:
    from ._faults import FaultSpec

router = Router()
T = TypeVar("T")

STREAM_WITHOUT_MAX_TOKENS = "Completion aborted. Please check the server console."


def _hex_id() -> str:
    return uuid.uuid4().hex


async def rounds(
    call: Call, loaded: LoadedModel, sequences: Sequence[Sequence[T]]
) -> AsyncIterator[tuple[int, int, T | None]]:
    """Yield (choice, position, item) round-robin across choices, one round per token time;
    item None marks the end of that choice. If the model is unloaded mid-stream the stream
    hangs (pings only), as on the real server."""
    longest = max((len(s) for s in sequences), default=0)
    for position in range(longest + 1):
        # Even with no delay, give the loop a turn per token, as a real generator does: it is
        # how a stream notices that its client went away (sending to a closed one is a no-op).
        await asyncio.sleep(call.state.config.token_delay)
        if call.state.model is not loaded:
            await asyncio.get_running_loop().create_future()
        for index, sequence in enumerate(sequences):
            if position < len(sequence):
                yield index, position, sequence[position]
            elif position == len(sequence):
                yield index, position, None


async def _generate_wait(call: Call, loaded: LoadedModel, tokens: int, request_id: str) -> None:
    """Non-streaming generation time; an unload meanwhile aborts the request with a 503."""
    if call.state.config.token_delay:
        await asyncio.sleep(call.state.config.token_delay * tokens)
    if call.state.model is not loaded:
        raise HTTPError(
            503,
            f"Completion {request_id} aborted. Maybe the model was unloaded? "
            "Please check the server console.",
        )


def _aborted(what: str, request_id: str) -> HTTPError:
    return HTTPError(
        503,
        f"{what} {request_id} aborted. Maybe the model was unloaded? "
        "Please check the server console.",
    )


def check_generation(
    loaded: LoadedModel, params: dict[str, Any], prompt_tokens: int, version: ServerVersion
) -> bool:
    """Refuses what the server refuses before generating; False: the generation itself will
    fail (an older server's container: prompt + max_tokens over max_seq_len)."""
    min_tokens, max_tokens = params.get("min_tokens"), params.get("max_tokens")
    if min_tokens is not None and max_tokens is not None and min_tokens > max_tokens:
        raise InternalError("min_tokens > max_tokens")
    if not version.context_length_error:
        room = loaded.max_seq_len - prompt_tokens
        wanted = max(room if max_tokens is None else max_tokens, 1)
        return prompt_tokens + wanted <= loaded.max_seq_len
    required = loaded.chunk_size + 256
    if required > loaded.max_seq_len:
        raise ContextLengthError(
            f"Initial job allocation requires {required} cache tokens, which exceeds "
            f"the available context size of {loaded.max_seq_len} tokens"
        )
    if prompt_tokens > loaded.max_seq_len:
        raise ContextLengthError(
            f"Prompt length {prompt_tokens} exceeds the available context size of "
            f"{loaded.max_seq_len} tokens"
        )
    return True


def _include_usage(params: dict[str, Any]) -> bool:
    options = params.get("stream_options") or {}
    return bool(options.get("include_usage"))


def _answer(
    answer_id: str,
    kind: str,
    choices: list[dict[str, Any]],
    loaded: LoadedModel,
    params: dict[str, Any],
    version: ServerVersion,
    used: dict[str, Any],
) -> Response:
    """A non-streamed completion or chat answer around its choices; `usage` only when asked
    for (436ce75: always)."""
    with_usage = version.pydantic_answers or _include_usage(params)
    return json_response(
        {
            "id": answer_id,
            "choices": choices,
            "created": int(time.time()),
            "model": loaded.model.name,
            "object": kind,
            "usage": used if with_usage else None,
        }
    )


def message_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            part.get("text") or "" for part in content if part.get("type", "text") == "text"
        )
    return ""


def _completion_logprobs(
    pieces: Sequence[str], first: int, offset: int, top: int
) -> dict[str, Any]:
    offsets = []
    for text in pieces:
        offsets.append(offset)
        offset += len(text)
    return {
        "tokens": list(pieces),
        "token_logprobs": [logprob(first + i) for i in range(len(pieces))],
        "top_logprobs": [
            dict(top_candidates(text, first + i, top)) for i, text in enumerate(pieces)
        ],
        "text_offset": offsets,
    }


def _chat_logprobs(
    tokenizer: Tokenizer, pieces: Sequence[str], first: int, top: int
) -> dict[str, Any]:
    def entry(token: str, value: float) -> dict[str, Any]:
        return {"token": token, "token_id": tokenizer.token_id(token), "logprob": value}

    return {
        "content": [
            {
                **entry(text, logprob(first + i)),
                "top_logprobs": [entry(t, v) for t, v in top_candidates(text, first + i, top)],
            }
            for i, text in enumerate(pieces)
        ]
    }


# --- completions -------------------------------------------------------------------------


@router.route("POST", "/v1/completions", needs="model_or_inline")
async def completions(call: Call) -> Response | EventStream:
    loaded, state = call.model, call.state
    version = state.config.version
    params = normalise_params(call.body, state.sampler_overrides)
    prompt = params["prompt"] if isinstance(params["prompt"], str) else "\n".join(params["prompt"])
    prompt_tokens = count_tokens(prompt)
    fits = check_generation(loaded, params, prompt_tokens, version)
    n = params.get("n") or 1
    top = params.get("logprobs") or 0
    request_id = _hex_id()
    if params.get("stream"):
        if not fits:
            failure = f"Completion {request_id} aborted. Please check the server console."
            return EventStream(single_event(error_event(failure)))
        if version.pydantic_answers:
            return EventStream(
                _legacy_completion_events(call, loaded, params, prompt_tokens, n, top)
            )
        if params.get("max_tokens") is None and version.stream_completion_needs_max_tokens:
            return EventStream(single_event(error_event(STREAM_WITHOUT_MAX_TOKENS)))
        return EventStream(_completion_events(call, loaded, params, prompt_tokens, n, top))
    if not fits:
        raise _aborted("Completion", request_id)
    room = loaded.max_seq_len - prompt_tokens
    plans = [
        json_plan(params, fault_of(call), room)
        or plan(params.get("max_tokens"), stop_list(params), state.tokenizer, room=room)
        for _ in range(n)
    ]
    started = time.monotonic()
    await _generate_wait(call, loaded, max(p.completion_tokens for p in plans), request_id)
    choices = [
        {
            "index": index,
            "finish_reason": p.finish_reason,
            "eos_reason": p.eos_reason,
            "logprobs": _completion_logprobs(p.pieces, 0, 0, top) if top else None,
            "text": p.text,
        }
        for index, p in enumerate(plans)
    ]
    generated = sum(p.completion_tokens for p in plans)
    return _answer(
        f"cmpl-{request_id}",
        "text_completion",
        choices,
        loaded,
        params,
        version,
        usage(prompt_tokens, generated, started),
    )


async def _completion_events(
    call: Call, loaded: LoadedModel, params: dict[str, Any], prompt_tokens: int, n: int, top: int
) -> AsyncIterator[ServerSentEvent]:
    request_id, created, started = f"chatcmpl-{_hex_id()}", int(time.time()), time.monotonic()
    stops = stop_list(params)
    room = loaded.max_seq_len - prompt_tokens
    plans = [
        json_plan(params, fault_of(call), room)
        or plan(params["max_tokens"] + 5 * i, stops, call.state.tokenizer, room=room)
        for i in range(n)
    ]
    offsets = [0] * n
    include_usage = _include_usage(params)

    def chunk(choice: dict[str, Any], usage_block: dict[str, Any] | None = None) -> ServerSentEvent:
        payload = {
            "id": request_id,
            "object": "text_completion",
            "choices": [choice],
            "created": created,
            "model_name": loaded.model.name,
        }
        if usage_block is not None:
            payload["usage"] = usage_block
        return ServerSentEvent(json.dumps(payload, ensure_ascii=False))

    async for index, position, text in rounds(call, loaded, [p.pieces for p in plans]):
        done = plans[index]
        if text is not None:
            choice: dict[str, Any] = {"index": index, "text": text, "finish_reason": None}
            if top:
                choice["logprobs"] = _completion_logprobs([text], position, offsets[index], top)
            offsets[index] += len(text)
            yield chunk(choice)
        elif include_usage:
            final = {"index": index, "text": "", "finish_reason": done.finish_reason}
            yield chunk(final, usage(prompt_tokens, done.completion_tokens, started))
        else:
            yield chunk(
                {
                    "index": index,
                    "text": "",
                    "finish_reason": done.finish_reason,
                    "eos_reason": done.eos_reason,
                }
            )
    yield DONE


async def _legacy_completion_events(
    call: Call, loaded: LoadedModel, params: dict[str, Any], prompt_tokens: int, n: int, top: int
) -> AsyncIterator[ServerSentEvent]:
    """436ce75: every chunk is a whole `CompletionResponse` (`cmpl-` id, `model`, usage with the
    tokens so far); each choice generates `max_tokens`; `stream_options` is not read."""
    request_id, created, started = f"cmpl-{_hex_id()}", int(time.time()), time.monotonic()
    room = loaded.max_seq_len - prompt_tokens
    stops = stop_list(params)
    plans = [
        json_plan(params, fault_of(call), room)
        or plan(params.get("max_tokens"), stops, call.state.tokenizer, room=room)
        for _ in range(n)
    ]
    offsets = [0] * n

    def chunk(choice: dict[str, Any], generated: int) -> ServerSentEvent:
        payload = {
            "id": request_id,
            "choices": [choice],
            "created": created,
            "model": loaded.model.name,
            "object": "text_completion",
            "usage": usage(prompt_tokens, generated, started),
        }
        return ServerSentEvent(compact_json(payload))

    async for index, position, text in rounds(call, loaded, [p.pieces for p in plans]):
        done = plans[index]
        if text is not None:
            logprobs = _completion_logprobs([text], position, offsets[index], top) if top else None
            offsets[index] += len(text)
            choice = {"index": index, "finish_reason": None, "logprobs": logprobs, "text": text}
            yield chunk(choice, position + 1)
        else:
            final = {
                "index": index,
                "finish_reason": done.finish_reason,
                "eos_reason": done.eos_reason,
                "logprobs": None,
                "text": "",
            }
            yield chunk(final, done.completion_tokens)
    yield DONE


# --- chat completions --------------------------------------------------------------------


@dataclass(frozen=True)
class _ChatOutput:
    """One chat choice: optional reasoning, then content (or tool calls instead)."""

    reasoning: tuple[str, ...]
    content: Plan
    tool_calls: list[dict[str, Any]] | None

    @property
    def steps(self) -> list[tuple[str, str]]:
        return [("reasoning_content", p) for p in self.reasoning] + [
            ("content", p) for p in self.content.pieces
        ]

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.tool_calls else self.content.finish_reason

    @property
    def completion_tokens(self) -> int:
        return len(self.reasoning) + self.content.completion_tokens

    def unsplit(self) -> _ChatOutput:
        """The same tokens from a server that does not parse reasoning: all of it is content."""
        if not self.reasoning:
            return self
        content = self.content
        pieces = (*self.reasoning, *content.pieces)
        folded = Plan(
            pieces,
            self.completion_tokens,
            content.finish_reason,
            content.eos_reason,
            content.stop_str,
        )
        return _ChatOutput((), folded, self.tool_calls)


def _chat_output(
    params: dict[str, Any],
    loaded: LoadedModel,
    tokenizer: Tokenizer,
    room: int,
    fault: FaultSpec | None = None,
) -> _ChatOutput:
    max_tokens: int | None = params.get("max_tokens")
    reasoning: tuple[str, ...] = ()
    thinking = params.get("enable_thinking") is not False and (
        (params.get("reasoning") or {}).get("enabled") is not False
    )
    if loaded.model.reasoning and thinking:
        budget = REASONING_LENGTH if max_tokens is None else min(REASONING_LENGTH, max_tokens)
        reasoning = plan(budget, [], tokenizer, word="think").pieces
        max_tokens = None if max_tokens is None else max_tokens - len(reasoning)
    calls = tool_calls(params, fault, message_text)
    if calls:
        return _ChatOutput(reasoning, Plan((), 1, "stop", "stop_token"), calls)
    constrained = json_plan({**params, "max_tokens": max_tokens}, fault, room - len(reasoning))
    content = constrained or plan(
        max_tokens, stop_list(params), tokenizer, room=room - len(reasoning)
    )
    return _ChatOutput(reasoning, content, None)


@router.route("POST", "/v1/chat/completions", needs="model_or_inline")
async def chat_completions(call: Call) -> Response | EventStream:
    loaded, state = call.model, call.state
    version = state.config.version
    params = normalise_params(call.body, state.sampler_overrides)
    if loaded.prompt_template is None:
        raise HTTPError(422, "Chat completions are disabled because a prompt template is not set.")
    add_generation_prompt = params.get("add_generation_prompt") is not False
    if params.get("continue_final_message") and add_generation_prompt:
        raise HTTPError(422, "continue_final_message requires add_generation_prompt to be false")
    turns = [(m.get("role") or "user", message_text(m.get("content"))) for m in params["messages"]]
    prompt_tokens = count_tokens(
        render_prompt(loaded.prompt_template, turns, add_generation_prompt)
    )
    fits = check_generation(loaded, params, prompt_tokens, version)
    room = loaded.max_seq_len - prompt_tokens
    fault = fault_of(call)
    outputs = [
        _chat_output(params, loaded, state.tokenizer, room, fault)
        for _ in range(params.get("n") or 1)
    ]
    if not version.reasoning_split:
        outputs = [output.unsplit() for output in outputs]
    top = (params.get("top_logprobs") or 1) if params.get("logprobs") else 0
    request_id = _hex_id()
    if params.get("stream"):
        if not fits:
            failure = "Chat completion aborted. Please check the server console."
            return EventStream(single_event(error_event(failure)))
        if version.pydantic_answers:
            return EventStream(
                _legacy_chat_events(call, loaded, params, outputs, prompt_tokens, top)
            )
        return EventStream(_chat_events(call, loaded, params, outputs, prompt_tokens, top))
    if not fits:
        raise _aborted("Chat completion", request_id)
    started = time.monotonic()
    await _generate_wait(call, loaded, max(o.completion_tokens for o in outputs), request_id)
    choices = [
        {
            "index": index,
            "finish_reason": output.finish_reason,
            "eos_reason": output.content.eos_reason,
            "stop_str": output.content.stop_str,
            "message": {
                "role": "assistant",
                # pydantic answers keep the empty text; e632af4 sends null for it
                "content": output.content.text or ("" if version.pydantic_answers else None),
                "reasoning_content": "".join(output.reasoning) or None,
                "tool_calls": output.tool_calls,
                "tool_call_id": None,
            },
            "logprobs": (
                _chat_logprobs(state.tokenizer, output.content.pieces, 0, top) if top else None
            ),
        }
        for index, output in enumerate(outputs)
    ]
    generated = sum(o.completion_tokens for o in outputs)
    prefix = "chatcmpl" if version.pydantic_answers else "cmpl"
    return _answer(
        f"{prefix}-{request_id}",
        "chat.completion",
        choices,
        loaded,
        params,
        version,
        usage(prompt_tokens, generated, started),
    )


async def _chat_events(
    call: Call,
    loaded: LoadedModel,
    params: dict[str, Any],
    outputs: list[_ChatOutput],
    prompt_tokens: int,
    top: int,
) -> AsyncIterator[ServerSentEvent]:
    request_id, created, started = f"chatcmpl-{_hex_id()}", int(time.time()), time.monotonic()
    include_usage = _include_usage(params)

    def chunk(choice: dict[str, Any], usage_block: dict[str, Any] | None = None) -> ServerSentEvent:
        payload = {
            "id": request_id,
            "object": "chat.completion.chunk",
            "created": created,
            "choices": [choice],
            "model": loaded.model.name,
        }
        if usage_block is not None:
            payload["usage"] = usage_block
        return ServerSentEvent(json.dumps(payload, ensure_ascii=False))

    async for index, position, step in rounds(call, loaded, [o.steps for o in outputs]):
        output = outputs[index]
        if step is not None:
            field, text = step
            choice: dict[str, Any] = {"index": index, "delta": {field: text}, "finish_reason": None}
            if top and field == "content":
                choice["logprobs"] = _chat_logprobs(call.state.tokenizer, [text], position, top)
            yield chunk(choice)
            continue
        tool_delta = {"tool_calls": output.tool_calls} if output.tool_calls else {}
        if include_usage:
            if tool_delta:
                yield chunk({"index": index, "delta": tool_delta, "finish_reason": None})
            final = {"index": index, "delta": {}, "finish_reason": output.finish_reason}
            yield chunk(final, usage(prompt_tokens, output.completion_tokens, started))
        else:
            yield chunk(
                {
                    "index": index,
                    "delta": tool_delta,
                    "finish_reason": output.finish_reason,
                    "eos_reason": output.content.eos_reason,
                }
            )
    yield DONE


async def _legacy_chat_events(
    call: Call,
    loaded: LoadedModel,
    params: dict[str, Any],
    outputs: list[_ChatOutput],
    prompt_tokens: int,
    top: int,
) -> AsyncIterator[ServerSentEvent]:
    """436ce75: whole `ChatCompletionStreamChunk` dumps. Each text delta is a whole message with
    `role: "assistant"`; a choice ends with `delta: {}`, or with its tool calls in a message left
    at the model's default role; with include_usage the usage comes last, in a chunk with
    `choices: []` (the last finished choice's counts)."""
    request_id, created, started = f"chatcmpl-{_hex_id()}", int(time.time()), time.monotonic()
    tokenizer = call.state.tokenizer
    last = outputs[-1]

    def chunk(choices: list[dict[str, Any]], usage_block: Any = None) -> ServerSentEvent:
        payload = {
            "id": request_id,
            "choices": choices,
            "created": created,
            "model": loaded.model.name,
            "object": "chat.completion.chunk",
            "usage": usage_block,
        }
        return ServerSentEvent(compact_json(payload))

    async for index, position, step in rounds(call, loaded, [o.steps for o in outputs]):
        output = outputs[index]
        if step is not None:
            _, text = step
            delta = dump("ChatCompletionMessage", role="assistant", content=text)
            logprobs = _chat_logprobs(tokenizer, [text], position, top) if top else None
            yield chunk(
                [{"index": index, "finish_reason": None, "delta": delta, "logprobs": logprobs}]
            )
            continue
        last = output
        delta = (
            dump("ChatCompletionMessage", tool_calls=output.tool_calls) if output.tool_calls else {}
        )
        final = {"index": index, "finish_reason": output.finish_reason, "delta": delta}
        yield chunk([{**final, "logprobs": None}])
    if _include_usage(params):
        yield chunk([], usage(prompt_tokens, last.completion_tokens, started))
    yield DONE


# --- embeddings --------------------------------------------------------------------------


@router.route("POST", "/v1/embeddings", needs="embeddings")
async def embeddings(call: Call) -> Response:
    inputs = call.body["input"]
    texts: list[str] = [inputs] if isinstance(inputs, str) else inputs
    as_base64 = call.body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(texts):
        vector = embed(text, EMBEDDING_DIMENSIONS)
        encoded: list[float] | str = embedding_base64(vector) if as_base64 else vector
        data.append({"object": "embedding", "embedding": encoded, "index": index})
    tokens = sum(count_tokens(text) for text in texts)
    return json_response(
        {
            "object": "list",
            "data": data,
            "model": call.state.embedding_model,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens, "completion_tokens": 0},
        }
    )
