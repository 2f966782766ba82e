"""Model management routes: list/load/unload models, drafts, embedding models, LoRAs, download.

The load stream follows docs/server-behavior.md §4: per-module progress events, draft first,
a same-model reload answers at once, and a load keeps going if its client walks away.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

from sse_starlette import ServerSentEvent
from starlette.responses import Response

from ._catalog import FakeModel, template_source
from ._conform import dump
from ._errors import HTTPError
from ._responses import EventStream, compact_json, error_event, json_response
from ._routing import Call, Router
from ._state import LoadedDraft, LoadedModel, ServerState

router = Router()

#: ModelCardParameters' fields and defaults: pydantic serialises every one of them.
_PARAMETER_DEFAULTS: dict[str, Any] = {
    "max_seq_len": None,
    "cache_size": None,
    "cache_mode": "FP16",
    "rope_scale": 1.0,
    "rope_alpha": 1.0,
    "max_batch_size": 1,
    "chunk_size": 2048,
    "prompt_template": None,
    "prompt_template_content": None,
    "use_vision": False,
    "draft": None,
}


def model_card(name: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "id": name,
        "object": "model",
        "created": int(time.time()),
        "owned_by": "tabbyAPI",
        "logging": None,
        "parameters": parameters,
    }


def _model_list(names: list[str]) -> Response:
    return json_response({"object": "list", "data": [model_card(name) for name in names]})


def _parameters(loaded: LoadedModel) -> dict[str, Any]:
    draft = None
    if loaded.draft is not None:
        draft_parameters = {
            **_PARAMETER_DEFAULTS,
            "max_seq_len": loaded.max_seq_len,
            "rope_scale": loaded.draft.rope_scale,
            "rope_alpha": loaded.draft.rope_alpha,
        }
        draft = model_card(loaded.draft.model.name, draft_parameters)
    template = loaded.prompt_template
    return {
        **_PARAMETER_DEFAULTS,
        "max_seq_len": loaded.max_seq_len,
        "cache_size": loaded.cache_size,
        "cache_mode": loaded.cache_mode,
        "rope_scale": loaded.rope_scale,
        "rope_alpha": loaded.rope_alpha,
        "max_batch_size": 1,
        "chunk_size": loaded.chunk_size,
        "prompt_template": template,
        "prompt_template_content": template_source(template) if template else None,
        "use_vision": loaded.use_vision,
        "draft": draft,
    }


@router.route("GET", "/v1/models")
@router.route("GET", "/v1/model/list")
async def list_models(call: Call) -> Response:
    if call.permission() == "admin":
        return _model_list([m.name for m in call.state.models])
    loaded = call.state.model
    return _model_list([loaded.model.name] if loaded else [])


@router.route("GET", "/v1/model", needs="model")
async def current_model(call: Call) -> Response:
    loaded = call.model
    card = model_card(loaded.model.name, _parameters(loaded))
    if call.state.config.version.model_card_logging:
        card["logging"] = dump("LoggingConfig")  # the server's defaults: nothing logged
    # else: e632af4's container fills `parameters` only; `logging` stays null.
    return json_response(card)


@router.route("GET", "/props", needs="model")
async def model_props(call: Call) -> Response:
    loaded = call.model
    template = loaded.prompt_template
    return json_response(
        {
            "total_slots": 1,
            "chat_template": template_source(template) if template else "",
            "default_generation_settings": {"n_ctx": loaded.max_seq_len},
        }
    )


@router.route("GET", "/v1/model/draft/list")
async def list_draft_models(call: Call) -> Response:
    if call.permission() == "admin":
        return _model_list([m.name for m in call.state.config.draft_models])
    loaded = call.state.model
    draft = loaded.draft if loaded else None
    return _model_list([draft.model.name] if draft else [])


def _progress(model_type: str, module: int, modules: int, status: str) -> ServerSentEvent:
    payload = {"model_type": model_type, "module": module, "modules": modules, "status": status}
    return ServerSentEvent(compact_json(payload))


def _new_container(state: ServerState, model: FakeModel, body: dict[str, Any]) -> LoadedModel:
    max_seq_len = body.get("max_seq_len") or model.max_seq_len
    template = body.get("prompt_template")
    rope_alpha = body.get("rope_alpha")
    return LoadedModel(
        model,
        max_seq_len,
        template if template in state.config.templates else model.prompt_template,
        cache_size=body.get("cache_size") or max_seq_len,
        cache_mode=body.get("cache_mode") or "FP16",
        chunk_size=body.get("chunk_size") or 2048,
        rope_scale=body.get("rope_scale") or 1.0,
        rope_alpha=rope_alpha if isinstance(rope_alpha, float) else 1.0,
        use_vision=bool(body.get("vision")),
    )


async def _load(
    state: ServerState,
    model: FakeModel,
    body: dict[str, Any],
    events: asyncio.Queue[ServerSentEvent | None],
) -> None:
    """The load itself; runs as a background task feeding `events` (None ends the stream)."""
    try:
        if state.model is not None and state.model.model.name == model.name:
            if state.config.version.reload_is_noop:
                events.put_nowait(_progress("model", 1, 1, "processing"))
                events.put_nowait(_progress("model", 1, 1, "finished"))
            else:  # checked before anything is unloaded: the model stays
                events.put_nowait(error_event(f'Model "{model.name}" is already loaded! Aborting.'))
            return
        state.model = None
        backend = body.get("backend")
        if backend not in (None, "exllamav3"):
            events.put_nowait(
                error_event(f"Invalid backend '{backend}'. Available backends: exllamav3")
            )
            return
        container = _new_container(state, model, body)
        stages = [("model", model)]
        draft_request = body.get("draft_model")
        if draft_request is not None:
            draft = state.find_draft(draft_request["draft_model_name"])
            if draft is None:
                message = f"Could not find the draft model {draft_request['draft_model_name']}."
                events.put_nowait(error_event(message))
                return
            rope_alpha = draft_request.get("draft_rope_alpha")
            container.draft = LoadedDraft(
                draft,
                draft_request.get("draft_rope_scale") or 1.0,
                rope_alpha if isinstance(rope_alpha, float) else 1.0,
            )
            stages.insert(0, ("draft", draft))
        for model_type, stage in stages:
            for module in range(1, stage.modules + 1):
                if state.config.token_delay:
                    await asyncio.sleep(state.config.token_delay)
                events.put_nowait(_progress(model_type, module, stage.modules, "processing"))
            if model_type == "model":
                state.model = container
            events.put_nowait(_progress(model_type, stage.modules, stage.modules, "finished"))
    finally:
        events.put_nowait(None)


async def _drain(events: asyncio.Queue[ServerSentEvent | None]) -> AsyncIterator[ServerSentEvent]:
    while (event := await events.get()) is not None:
        yield event


@router.route("POST", "/v1/model/load")
async def load_model(call: Call) -> EventStream:
    body = call.body
    if not body["model_name"]:
        raise HTTPError(400, "A model name was not provided for load.")
    draft = body.get("draft_model")
    if draft is not None and not draft["draft_model_name"]:
        raise HTTPError(400, "Could not find the draft model name for model load.")
    model = call.state.find_model(body["model_name"])
    if model is None:
        raise HTTPError(
            400, "Could not find the model path for load. Check model name or config.yml?"
        )
    events: asyncio.Queue[ServerSentEvent | None] = asyncio.Queue()
    call.state.spawn(_load(call.state, model, body, events))
    return EventStream(_drain(events))


@router.route("POST", "/v1/model/unload", needs="model")
async def unload_model(call: Call) -> Response:
    call.state.model = None
    return json_response(None)


# --- embedding models --------------------------------------------------------------------


@router.route("GET", "/v1/model/embedding/list")
async def list_embedding_models(call: Call) -> Response:
    if call.permission() == "admin":
        return _model_list(list(call.state.config.embedding_models))
    loaded = call.state.embedding_model
    return _model_list([loaded] if loaded else [])


@router.route("GET", "/v1/model/embedding", needs="embeddings")
async def get_embedding_model(call: Call) -> Response:
    return json_response(model_card(str(call.state.embedding_model)))


@router.route("POST", "/v1/model/embedding/load")
async def load_embedding_model(call: Call) -> Response:
    name = call.body["embedding_model_name"]
    if not name:
        raise HTTPError(400, "A model name was not provided for load.")
    if name not in call.state.config.embedding_models:
        raise HTTPError(
            400,
            "Could not find the embedding model path for load. Check model name or config.yml?",
        )
    call.state.embedding_model = name
    return json_response(
        {"model_type": "embedding_model", "module": 1, "modules": 1, "status": "finished"}
    )


@router.route("POST", "/v1/model/embedding/unload", needs="embeddings")
async def unload_embedding_model(call: Call) -> Response:
    call.state.embedding_model = None
    return json_response(None)


# --- download ----------------------------------------------------------------------------


@router.route("POST", "/v1/download")
async def download_model(call: Call) -> Response:
    """Only `downloadable_repos` "download" (instantly); anything else fails as offline."""
    body, state = call.body, call.state
    repo_id: str = body["repo_id"]
    if repo_id not in state.config.downloadable_repos:
        revision = body.get("revision") or "main"
        raise HTTPError(
            400,
            f"Cannot reach http://127.0.0.1:9/api/models/{repo_id}/revision/{revision}: "
            "offline mode is enabled. To disable it, please unset the `HF_HUB_OFFLINE` "
            "environment variable.",
        )
    folder = body.get("folder_name") or repo_id.rsplit("/", 1)[-1]
    if body.get("repo_type") == "lora":
        if folder not in state.loras:
            state.loras.append(folder)
        return json_response({"download_path": f"loras/{folder}"})
    if state.find_model(folder) is None:
        state.models.append(FakeModel(folder))
    return json_response({"download_path": f"models/{folder}"})


# --- LoRAs -------------------------------------------------------------------------------


def _lora_list(loras: dict[str, float | None]) -> Response:
    cards = [
        {
            "id": name,
            "object": "lora",
            "created": int(time.time()),
            "owned_by": "tabbyAPI",
            "scaling": scaling,
        }
        for name, scaling in loras.items()
    ]
    return json_response({"object": "list", "data": cards})


def _active_loras(state: ServerState) -> Response:
    return _lora_list(dict(state.model.loras) if state.model else {})


@router.route("GET", "/v1/loras")
@router.route("GET", "/v1/lora/list")
async def list_all_loras(call: Call) -> Response:
    if call.permission() == "admin":
        return _lora_list(dict.fromkeys(call.state.loras))
    return _active_loras(call.state)


@router.route("GET", "/v1/lora", needs="model")
async def active_loras(call: Call) -> Response:
    return _active_loras(call.state)


@router.route("POST", "/v1/lora/load", needs="model")
async def load_lora(call: Call) -> Response:
    requested = call.body["loras"]
    if not requested:
        raise HTTPError(400, "List of loras to load is not found.")
    success = [lora["name"] for lora in requested if lora["name"] in call.state.loras]
    failure = [lora["name"] for lora in requested if lora["name"] not in call.state.loras]
    scaling = {lora["name"]: lora.get("scaling", 1.0) for lora in requested}
    call.model.loras = {name: scaling[name] for name in success}
    return json_response({"success": success, "failure": failure})


@router.route("POST", "/v1/lora/unload", needs="model")
async def unload_loras(call: Call) -> Response:
    call.model.loras = {}
    return json_response(None)
