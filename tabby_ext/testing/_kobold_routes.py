"""KoboldAI routes, with generation working the way TabbyAPI's Kobold code was written to
(docs/server-behavior.md §5): LF-framed `event: message` token events, no terminator; check and
abort find a running generation by its genkey."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from sse_starlette import ServerSentEvent
from starlette.responses import Response

from ._generation import normalise_params, plan, stop_list
from ._oai_routes import rounds
from ._responses import EventStream, compact_json, json_response
from ._routing import Call, Router
from ._state import KoboldJob
from ._tokens import count_tokens

router = Router()


async def _generate(call: Call) -> AsyncIterator[str]:
    """Yield generated pieces while recording them under the request's genkey."""
    loaded, state = call.model, call.state
    params = normalise_params(call.body, state.sampler_overrides)
    genkey = params.get("genkey") or uuid.uuid4().hex
    job = state.kobold_jobs[genkey] = KoboldJob()
    room = loaded.max_seq_len - count_tokens(params["prompt"])
    pieces = plan(params.get("max_tokens"), stop_list(params), state.tokenizer, room=room).pieces
    try:
        async for _, _, piece in rounds(call, loaded, [pieces]):
            if job.abort.is_set() or piece is None:
                return
            job.text += piece
            yield piece
    finally:
        state.kobold_jobs.pop(genkey, None)


@router.route("POST", "/api/v1/generate", needs="model")
async def generate(call: Call) -> Response:
    text = "".join([piece async for piece in _generate(call)])
    return json_response({"results": [{"text": text}]})


async def _token_events(call: Call) -> AsyncIterator[ServerSentEvent]:
    async for piece in _generate(call):
        # TabbyAPI's Kobold router frames its events with LF (its pings stay CRLF).
        yield ServerSentEvent(compact_json({"token": piece}), event="message", sep="\n")


@router.route("POST", "/api/extra/generate/stream", needs="model")
async def generate_stream(call: Call) -> EventStream:
    return EventStream(_token_events(call))


@router.route("POST", "/api/extra/abort", needs="model")
async def abort_generate(call: Call) -> Response:
    job = call.state.kobold_jobs.get(call.body["genkey"])
    if job is not None:
        job.abort.set()
    return json_response({"success": True})


@router.route("GET", "/api/extra/generate/check", needs="model")
@router.route("POST", "/api/extra/generate/check", needs="model")
async def check_generate(call: Call) -> Response:
    job = call.state.kobold_jobs.get(call.body["genkey"])
    return json_response({"results": [{"text": job.text}] if job and job.text else []})


@router.route("GET", "/api/v1/model", needs="model")
async def current_model(call: Call) -> Response:
    return json_response({"result": f"tabbyAPI/{call.model.model.name}"})


@router.route("GET", "/api/v1/config/max_length", needs="model")
@router.route("GET", "/api/v1/config/max_context_length", needs="model")
@router.route("GET", "/api/extra/true_max_context_length", needs="model")
async def max_length(call: Call) -> Response:
    return json_response({"value": call.model.max_seq_len})


@router.route("POST", "/api/extra/tokencount", needs="model")
async def token_count(call: Call) -> Response:
    ids = call.state.tokenizer.encode(call.body["prompt"])
    return json_response({"value": len(ids), "ids": ids})


@router.route("GET", "/api/v1/info/version")
async def version(call: Call) -> Response:
    return json_response({"result": "1.2.5"})


@router.route("GET", "/api/extra/version")
async def extra_version(call: Call) -> Response:
    return json_response({"result": "KoboldCpp", "version": "1.74"})


@router.route("GET", "/api/v1/config/soft_prompts_list")
async def soft_prompts_list(call: Call) -> Response:
    return json_response({"values": []})


@router.route("GET", "/api/v1/config/soft_prompt")
async def soft_prompt(call: Call) -> Response:
    return json_response({"value": ""})


@router.route("PUT", "/api/v1/config/soft_prompt")
async def set_soft_prompt(call: Call) -> Response:
    return json_response({})
