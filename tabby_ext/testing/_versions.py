"""Which TabbyAPI the fake answers as: the pinned e632af4 (default) or an older release.

`server_version="436ce75"` makes the fake answer as TabbyAPI 436ce75 (March 2025, the
ExLlamaV2 era) does (docs/server-behavior.md, "Older servers"). Two kinds of difference:

* **Fields** come from that server's own OpenAPI spec (`_conform.py`): every answer the fake
  writes in the pinned shape loses the properties the old spec's schema lacks and gains the ones
  only the old spec has. The one thing no spec can say is listed here (`hidden_fields`).
* **Behaviour** (statuses, stream shapes, what the routes do) is the flags below, each read by
  the route that behaves differently.

This module needs nothing beyond the standard library, so the pytest plugin and the CLI can name
the versions without the `testing` extra.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class ServerVersion:
    """One TabbyAPI release the fake can answer as."""

    #: The short upstream commit, the value of ``server_version``.
    name: str
    #: The full upstream commit (github.com/theroyallab/tabbyAPI).
    commit: str
    date: str
    #: That commit's exported OpenAPI spec (None: the pinned spec, openapi/tabbyapi.json).
    spec_file: str | None
    #: sha256 of `spec_file` (the file exactly as exported at `commit`; the tests check it).
    spec_sha256: str | None
    #: Status of `check_model_container` / `check_embeddings_container` ("No models are
    #: currently loaded.").
    no_model_status: int
    #: True: a prompt over the context is refused up front with the OpenAI-shaped 400
    #: `context_length_exceeded`. False: the generation itself fails (prompt + max_tokens over
    #: max_seq_len): 503 "... aborted. Maybe the model was unloaded?", in-band on a stream.
    context_length_error: bool
    #: True: OpenAI answers and chunks are whole pydantic dumps built by that era's code: usage in
    #: every non-streaming answer and in every completion chunk, `model` (not `model_name`) and a
    #: `cmpl-` id in completion chunks, `chatcmpl-` ids on chat answers, chat deltas that are whole
    #: messages (`role: "assistant"`; a tool-call delta's role is the model default, "user"), a
    #: final `delta: {}`, the usage in a last chunk with `choices: []`, `content: ""` (not null).
    pydantic_answers: bool
    #: True: reasoning models' thinking comes as `reasoning_content`; False: it is plain content.
    reasoning_split: bool
    #: True: a streaming completion without max_tokens fails in-band (e632af4's `None += 0`).
    stream_completion_needs_max_tokens: bool
    #: `GET /v1/model` carries the server's logging settings (e632af4: `logging: null`).
    model_card_logging: bool
    #: Loading the folder already loaded: True, `finished` at once (the new parameters are
    #: ignored); False, the in-band error 'Model "X" is already loaded! Aborting.'.
    reload_is_noop: bool
    #: False: no keep-alive pings on any stream (436ce75's routes pass `ping=maxsize`), whatever
    #: `ping_interval` says.
    sse_pings: bool
    #: Status of a template switch to a name that does not exist (e632af4: an unhandled 500).
    unknown_template_status: int
    #: Default sampler presets this version does not ship.
    presets_missing: tuple[str, ...] = ()
    #: Fields a version's answers carry that its own spec does not declare (pydantic
    #: `SkipJsonSchema` fields), by the old spec's schema name: added to every complete dump of
    #: that schema (an object with every property the schema declares).
    hidden_fields: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, compare=False)

    @property
    def pinned(self) -> bool:
        return self.spec_file is None

    def describe(self) -> str:
        what = "the pinned spec, default" if self.pinned else "an older release"
        return f"{self.name!r} (TabbyAPI {self.commit[:7]}, {self.date}, {what})"


PINNED = ServerVersion(
    name="e632af4",
    commit="e632af41eba68abeadc3437c62674360f2f8cbf1",
    date="2026-08-13",
    spec_file=None,
    spec_sha256=None,
    no_model_status=503,
    context_length_error=True,
    pydantic_answers=False,
    reasoning_split=True,
    stream_completion_needs_max_tokens=True,
    model_card_logging=False,
    reload_is_noop=True,
    sse_pings=True,
    unknown_template_status=500,
)

V436CE75 = ServerVersion(
    name="436ce75",
    commit="436ce752da5f9a3b26c2e5f4877633ce79420a3e",
    date="2025-03",
    spec_file="tabbyapi-436ce75.json",
    spec_sha256="71fde491e615c7406ded6d84eb26fb09e1589949c769d6bff465115fcd66bd4f",
    no_model_status=400,
    context_length_error=False,
    pydantic_answers=True,
    reasoning_split=False,
    stream_completion_needs_max_tokens=False,
    model_card_logging=True,
    reload_is_noop=False,
    sse_pings=False,
    unknown_template_status=400,
    presets_missing=("safe_defaults",),
    # endpoints/OAI/types/chat_completion.py at 436ce75:
    #     tool_calls_json: SkipJsonSchema[Optional[str]] = None
    hidden_fields=MappingProxyType({"ChatCompletionMessage": {"tool_calls_json": None}}),
)

#: Every version the fake can answer as, by `server_version` value; the first is the default.
VERSIONS: Mapping[str, ServerVersion] = MappingProxyType({v.name: v for v in (PINNED, V436CE75)})
#: The accepted `server_version` values, the default first.
SERVER_VERSIONS: tuple[str, ...] = tuple(VERSIONS)
DEFAULT_SERVER_VERSION = PINNED.name


def server_version(value: object) -> ServerVersion:
    """The version a `server_version` option names: a short commit of `SERVER_VERSIONS` or that
    commit in full. Anything else is a ValueError listing what is known."""
    if isinstance(value, str):
        for version in VERSIONS.values():
            if value in (version.name, version.commit):
                return version
    known = "; ".join(v.describe() for v in VERSIONS.values())
    raise ValueError(f"unknown server_version {value!r}; known: {known}")
