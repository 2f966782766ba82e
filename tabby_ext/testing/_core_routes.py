"""Core routes that are not about loading models: tokens, auth permission, templates,
sampler overrides, health, service info and the API documents."""

from __future__ import annotations

import copy
from typing import Any

from starlette.responses import HTMLResponse, Response

from ._auth import KeyPermissionError
from ._catalog import render_prompt
from ._errors import HTTPError, InternalError
from ._oai_routes import message_text
from ._responses import json_response
from ._routing import Call, Router
from ._spec import older_spec_bytes, spec_bytes

router = Router()

SERVICE_INFO = {
    "version": 0.1,
    "software": {
        "name": "TabbyAPI",
        "repository": "https://github.com/theroyallab/tabbyAPI",
        "homepage": "https://github.com/theroyallab/tabbyAPI",
    },
    "api": {
        "openai": {
            "name": "OpenAI API",
            "relative_url": "/v1",
            "documentation": "https://theroyallab.github.io/tabbyAPI",
            "version": 1,
        },
        "koboldai": {
            "name": "KoboldAI API",
            "relative_url": "/api",
            "documentation": "https://theroyallab.github.io/tabbyAPI",
            "version": 1,
        },
    },
}

_DOCS_PAGE = (
    "<!DOCTYPE html><html><head><title>TabbyAPI - {title}</title></head>"
    '<body><p>Fake TabbyAPI server. The API document is at <a href="/openapi.json">'
    "/openapi.json</a>.</p></body></html>"
)


@router.route("GET", "/health")
async def health(call: Call) -> Response:
    return json_response({"status": "healthy", "issues": []})


@router.route("GET", "/.well-known/serviceinfo")
async def service_info(call: Call) -> Response:
    return json_response(SERVICE_INFO)


@router.route("GET", "/openapi.json")
async def openapi_document(call: Call) -> Response:
    """The spec of the version the fake answers as, byte for byte."""
    version = call.state.config.version
    document = spec_bytes() if version.spec_file is None else older_spec_bytes(version.spec_file)
    return Response(document, media_type="application/json")


@router.route("GET", "/docs")
@router.route("GET", "/redoc")
async def docs_page(call: Call) -> Response:
    return HTMLResponse(_DOCS_PAGE.format(title=call.request.url.path.strip("/").capitalize()))


@router.route("GET", "/v1/auth/permission")
async def key_permission(call: Call) -> Response:
    try:
        return json_response({"permission": call.permission()})
    except KeyPermissionError as error:
        raise HTTPError(400, str(error)) from error


# --- tokens ------------------------------------------------------------------------------


@router.route("POST", "/v1/token/encode", needs="model")
async def encode_tokens(call: Call) -> Response:
    text: Any = call.body["text"]
    if not isinstance(text, str):
        template = call.model.prompt_template
        if template is None:
            raise HTTPError(
                422, "Cannot tokenize chat completion message because a prompt template is not set."
            )
        turns = [(m.get("role") or "user", message_text(m.get("content"))) for m in text]
        text = render_prompt(template, turns, add_generation_prompt=False)
    add_bos = call.body.get("add_bos_token", True) is not False
    tokens = call.state.tokenizer.encode(text, add_bos=add_bos)
    return json_response({"tokens": tokens, "length": len(tokens)})


@router.route("POST", "/v1/token/decode", needs="model")
async def decode_tokens(call: Call) -> Response:
    # Both versions keep the special tokens unless asked not to (observed: "<s>Hetok0 tok1</s>").
    special = call.body.get("decode_special_tokens") is not False
    return json_response({"text": call.state.tokenizer.decode(call.body["tokens"], special)})


# --- templates ---------------------------------------------------------------------------


@router.route("GET", "/v1/templates")
@router.route("GET", "/v1/template/list")
async def list_templates(call: Call) -> Response:
    if call.permission() == "admin":
        names = list(call.state.config.templates)
    else:
        loaded = call.state.model
        names = [loaded.prompt_template] if loaded and loaded.prompt_template else []
    return json_response({"object": "list", "data": names})


@router.route("POST", "/v1/template/switch", needs="model")
async def switch_template(call: Call) -> Response:
    name = call.body["prompt_template_name"]
    if not name:
        raise HTTPError(400, "New template name not found.")
    if name not in call.state.config.templates:
        if call.state.config.version.unknown_template_status == 400:
            raise HTTPError(400, f"The template name {name} doesn't exist. Check the spelling?")
        raise InternalError(f"unknown template {name!r}")
    call.model.prompt_template = name
    return json_response(None)


@router.route("POST", "/v1/template/unload", needs="model")
async def unload_template(call: Call) -> Response:
    call.model.prompt_template = None
    return json_response(None)


# --- sampler overrides -------------------------------------------------------------------


@router.route("GET", "/v1/sampling/overrides")
@router.route("GET", "/v1/sampling/override/list")
async def list_sampler_overrides(call: Call) -> Response:
    state = call.state
    presets = list(state.config.sampler_presets) if call.permission() == "admin" else []
    return json_response(
        {
            "selected_preset": state.sampler_preset,
            "overrides": state.sampler_overrides,
            "presets": presets,
        }
    )


@router.route("POST", "/v1/sampling/override/switch")
async def switch_sampler_override(call: Call) -> Response:
    state, preset, overrides = call.state, call.body.get("preset"), call.body.get("overrides")
    if preset:
        if preset not in state.config.sampler_presets:
            raise HTTPError(
                400,
                f"Sampler override preset with name {preset} does not exist. Check the spelling?",
            )
        state.sampler_preset = preset
        state.sampler_overrides = copy.deepcopy(dict(state.config.sampler_presets[preset]))
    elif overrides:
        state.sampler_preset = None
        state.sampler_overrides = copy.deepcopy(overrides)
    else:
        raise HTTPError(400, "A sampler override preset or dictionary wasn't provided.")
    return json_response(None)


@router.route("POST", "/v1/sampling/override/unload")
async def unload_sampler_override(call: Call) -> Response:
    call.state.sampler_preset = None
    call.state.sampler_overrides = {}
    return json_response(None)
