"""The fake TabbyAPI itself, whatever carries it: configuration, model state, faults, recorded
requests and the ASGI app. `FakeTabbyServer` serves it over HTTP, the transports in process."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict, Unpack

from starlette.types import ASGIApp

from ._app import build_app
from ._catalog import (
    DEFAULT_DOWNLOADABLE_REPOS,
    DEFAULT_DRAFT_MODELS,
    DEFAULT_EMBEDDING_MODELS,
    DEFAULT_LORAS,
    DEFAULT_MODELS,
    DEFAULT_SAMPLER_PRESETS,
    DEFAULT_TEMPLATES,
    FakeModel,
)
from ._faults import KNOBS, Fault, FaultRegistry, FaultSpec
from ._messages import RecordedRequest
from ._recording import RequestLog
from ._state import ServerConfig, ServerState
from ._versions import SERVER_VERSIONS, server_version


class FakeTabbyOptions(TypedDict, total=False):
    """What a fake TabbyAPI is configured with (every key optional):

    * ``api_key`` / ``admin_key``: the keys TabbyAPI would read from api_tokens.yml. None
      (default) disables that kind of check (both None: no auth at all, every caller is admin).
    * ``ping_interval``: seconds between SSE ``: ping`` comments (default 15; None or 0: none).
    * ``token_delay``: seconds per generated token (and per model module while loading).
    * ``loaded_model`` / ``loaded_embedding_model``: loaded at start (default: the first of
      ``models`` / ``embedding_models``; None: nothing loaded).
    * ``models``, ``draft_models`` (`FakeModel` or folder names), ``embedding_models``,
      ``templates``, ``sampler_presets`` (name -> overrides), ``loras``: what is "on disk".
    * ``downloadable_repos``: repo ids `/v1/download` succeeds for (others fail as offline).
    * ``server_version``: which TabbyAPI release to answer as, by its short upstream commit:
      ``"e632af4"`` (default: the pinned spec's) or ``"436ce75"`` (March 2025, the ExLlamaV2
      era: that spec's fields, 400 for no model loaded, 503 for a prompt over the context, its
      stream shapes, no pings, no reload of the loaded model, no ``safe_defaults`` preset; the
      `ServerVersion` flags in ``_versions.py`` list every difference). `SERVER_VERSIONS` lists
      the values; anything else is a ValueError.
    """

    api_key: str | None
    admin_key: str | None
    ping_interval: float | None
    token_delay: float
    loaded_model: str | None
    loaded_embedding_model: str | None
    models: Sequence[FakeModel | str]
    draft_models: Sequence[FakeModel | str]
    embedding_models: Sequence[str]
    templates: Sequence[str]
    sampler_presets: Mapping[str, Mapping[str, Any]]
    loras: Sequence[str]
    downloadable_repos: Sequence[str]
    server_version: str


def _as_models(models: Sequence[FakeModel | str]) -> tuple[FakeModel, ...]:
    return tuple(m if isinstance(m, FakeModel) else FakeModel(m) for m in models)


def server_config(owner: str, options: Mapping[str, Any]) -> ServerConfig:
    """Options (as given to `owner`'s constructor) with their defaults applied."""
    for name in options:
        if name not in FakeTabbyOptions.__annotations__:
            raise TypeError(f"{owner}() got an unexpected keyword argument {name!r}")
    models = _as_models(options.get("models", DEFAULT_MODELS))
    embedding_models = tuple(options.get("embedding_models", DEFAULT_EMBEDDING_MODELS))
    first_model = models[0].name if models else None
    first_embedding = embedding_models[0] if embedding_models else None
    version = server_version(options.get("server_version", SERVER_VERSIONS[0]))
    presets = options.get("sampler_presets")
    if presets is None:
        presets = {
            name: overrides
            for name, overrides in DEFAULT_SAMPLER_PRESETS.items()
            if name not in version.presets_missing
        }
    return ServerConfig(
        api_key=options.get("api_key"),
        admin_key=options.get("admin_key"),
        ping_interval=options.get("ping_interval", 15.0) or None,
        token_delay=options.get("token_delay", 0.0),
        loaded_model=options.get("loaded_model", first_model),
        loaded_embedding_model=options.get("loaded_embedding_model", first_embedding),
        models=models,
        draft_models=_as_models(options.get("draft_models", DEFAULT_DRAFT_MODELS)),
        embedding_models=embedding_models,
        templates=tuple(options.get("templates", DEFAULT_TEMPLATES)),
        sampler_presets=dict(presets),
        loras=tuple(options.get("loras", DEFAULT_LORAS)),
        downloadable_repos=tuple(options.get("downloadable_repos", DEFAULT_DOWNLOADABLE_REPOS)),
        version=version,
    )


class FakeTabby:
    """Behaves like TabbyAPI (auth, error shapes, SSE framing, model state, deterministic
    ``tok0 tok1 ...`` generation); records every request and applies injected faults."""

    def __init__(self, **options: Unpack[FakeTabbyOptions]) -> None:
        self._config = server_config(type(self).__name__, options)
        self._state = ServerState(self._config)
        self._faults = FaultRegistry()
        self._log = RequestLog()
        self._app: ASGIApp = build_app(lambda: self._state, self._faults, self._log)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a snapshot)."""
        return self._log.snapshot()

    @property
    def server_version(self) -> str:
        """The TabbyAPI release this fake answers as (a value of `SERVER_VERSIONS`)."""
        return self._config.version.name

    @property
    def loaded_model(self) -> str | None:
        """Folder name of the model currently loaded, if any."""
        loaded = self._state.model
        return loaded.model.name if loaded is not None else None

    def inject(
        self,
        path: str | None = None,
        *,
        method: str | None = None,
        times: int | None = 1,
        **params: Any,
    ) -> Fault:
        """Make the next `times` requests to `path` (None: any path; `method` None: any
        method; `times` None: every one until `clear_faults()`) misbehave. Faults are matched
        before normal handling (no auth, no validation); the first matching fault wins.

        Knobs (combine freely):

        * ``delay_headers=s``: wait s seconds before sending the status line.
        * ``delay_events=s``: wait s seconds before each SSE event (pings excluded).
        * ``drop_after_events=n``: after n events close the connection without the
          terminating chunk (0: right after the headers).
        * ``malformed_sse=True``: the first JSON event is cut in half (its data is not JSON).
        * ``inband_error="msg"``: after ``after_events=n`` events (default 0) send
          ``data: {"error":{"message":"msg","trace":null}}`` and end the stream (no [DONE]).
        * ``no_done=True``: end the stream cleanly without ``data: [DONE]``.
        * ``pings_only=True``: answer 200 SSE, then only ping comments every
          ``ping_every=s`` seconds (default 1) until the client goes away.
        * ``status=code``: answer that status instead, with ``retry_after="2"`` (or an
          HTTP-date) as a Retry-After header and ``body=`` (dict/list: JSON, str: text,
          bytes: raw; default ``{"detail": <reason phrase>}``).
        * ``status_500_close=True``: plain-text 500 "Internal Server Error", then close the
          kept-alive connection without a Connection: close header (like TabbyAPI).
        * ``html_error=True``: an nginx-style HTML error page (status= or 502, text/html).
        * ``truncated_chunked=True``: the body (for a stream: its first event) is cut in half,
          then the connection closes without the terminating chunk (JSON bodies are switched
          to chunked for this).
        * ``invalid_utf8=True``: bytes 0xFF 0xFE inside the first JSON string of the body
          (for streams: of the first JSON event).
        * ``huge_event_bytes=n``: the first JSON event gets a ``padding`` key making the
          encoded event n bytes long.
        * ``redirect_to="url"``: 307 with that Location.
        * ``ignore_schema=True``: generate free text despite a ``json_schema`` or a JSON
          ``response_format`` (what TabbyAPI does with a schema it cannot compile).
        * ``ignore_tool_choice=True``: answer with text, without the tool call that
          ``tool_choice`` asks for (TabbyAPI does not enforce it).
        * ``tool_call={"name": ..., "arguments": "<json>"}``: the model calls that instead
          (an unknown function, invalid arguments).

        Stream knobs only affect SSE responses. In process (the transports) a dropped or cut
        connection raises `httpx.RemoteProtocolError`. Returns the `Fault` (its ``hits``
        counts uses).
        """
        unknown = set(params) - KNOBS
        if unknown:
            raise TypeError(f"unknown fault knob(s) {sorted(unknown)}; known: {sorted(KNOBS)}")
        return self._faults.add(Fault(FaultSpec(**params), path, method, times))

    def clear_faults(self) -> None:
        """Forget every injected fault."""
        self._faults.clear()

    def reset(self) -> None:
        """Faults, recorded requests and model state back to how they were at construction."""
        self.clear_faults()
        self._log.clear()
        self._state = ServerState(self._config)
