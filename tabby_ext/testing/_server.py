"""`FakeTabbyServer`: the public face of the fake server.

Runs an asyncio HTTP server on its own thread so sync and async tests alike can use it;
records every request and applies the faults tests inject.
"""

from __future__ import annotations

import asyncio
import enum
import threading
from collections.abc import AsyncIterator, Mapping, Sequence
from http import HTTPStatus
from types import TracebackType
from typing import Any, Literal

from ._app import App
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
from ._http import HTTPConnection
from ._messages import (
    EventStream,
    RecordedRequest,
    Response,
    SSEEvent,
    internal_server_error,
    json_bytes,
)
from ._sender import send_response, send_stream
from ._state import ServerConfig, ServerState

_STOP_TIMEOUT = 10.0
_BACKLOG = 2048
_HTML_ERROR = (
    "<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class _Default(enum.Enum):
    FIRST = "the first of `models` (or of `embedding_models`)"


def _as_models(models: Sequence[FakeModel | str]) -> tuple[FakeModel, ...]:
    return tuple(m if isinstance(m, FakeModel) else FakeModel(m) for m in models)


async def _silence() -> AsyncIterator[SSEEvent]:
    never: asyncio.Future[SSEEvent] = asyncio.get_running_loop().create_future()
    yield await never


def _fault_response(fault: FaultSpec) -> Response | EventStream | None:
    """The response a fault substitutes for normal handling, if it does."""
    if fault.redirect_to is not None:
        return Response(307, b"", None, [("location", fault.redirect_to)])
    if fault.status_500_close:
        return internal_server_error()
    if fault.html_error:
        status = fault.status or 502
        page = _HTML_ERROR.format(status=status, phrase=HTTPStatus(status).phrase)
        return Response(status, page.encode(), "text/html")
    if fault.status is not None:
        headers = [("retry-after", fault.retry_after)] if fault.retry_after is not None else []
        body = fault.body
        if body is None:
            body = {"detail": HTTPStatus(fault.status).phrase}
        if isinstance(body, bytes):
            return Response(fault.status, body, "application/octet-stream", headers)
        if isinstance(body, str):
            return Response(fault.status, body.encode(), "text/plain; charset=utf-8", headers)
        return Response(fault.status, json_bytes(body), "application/json", headers)
    if fault.pings_only:
        return EventStream(_silence(), ping_interval=fault.ping_every)
    return None


def _wants_close(request: RecordedRequest) -> bool:
    tokens = {t.strip().lower() for t in request.headers.get("connection", "").split(",")}
    if request.http_version == "1.0":
        return "keep-alive" not in tokens
    return "close" in tokens


class FakeTabbyServer:
    """A TabbyAPI-compatible HTTP server for tests, listening on `url` while started.

    Use as a context manager, or call `start()` / `stop()` (restartable). Options:

    * ``api_key`` / ``admin_key``: the keys TabbyAPI would read from api_tokens.yml. None
      disables that kind of check (both None: no auth at all, every caller is admin).
    * ``host`` / ``port``: where to listen (port 0: a free port, see `url`).
    * ``ping_interval``: seconds between SSE ``: ping`` comments (None or 0: no pings).
    * ``token_delay``: seconds per generated token (and per model module while loading).
    * ``loaded_model`` / ``loaded_embedding_model``: loaded at start (default: the first of
      ``models`` / ``embedding_models``; None: nothing loaded).
    * ``models``, ``draft_models`` (`FakeModel` or folder names), ``embedding_models``,
      ``templates``, ``sampler_presets`` (name -> overrides), ``loras``: what is "on disk".
    * ``downloadable_repos``: repo ids `/v1/download` succeeds for (others fail as offline).
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        admin_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        ping_interval: float | None = 15.0,
        token_delay: float = 0.0,
        loaded_model: str | Literal[_Default.FIRST] | None = _Default.FIRST,
        loaded_embedding_model: str | Literal[_Default.FIRST] | None = _Default.FIRST,
        models: Sequence[FakeModel | str] = DEFAULT_MODELS,
        draft_models: Sequence[FakeModel | str] = DEFAULT_DRAFT_MODELS,
        embedding_models: Sequence[str] = DEFAULT_EMBEDDING_MODELS,
        templates: Sequence[str] = DEFAULT_TEMPLATES,
        sampler_presets: Mapping[str, Mapping[str, Any]] = DEFAULT_SAMPLER_PRESETS,
        loras: Sequence[str] = DEFAULT_LORAS,
        downloadable_repos: Sequence[str] = DEFAULT_DOWNLOADABLE_REPOS,
    ) -> None:
        model_list = _as_models(models)
        if loaded_model is _Default.FIRST:
            loaded_model = model_list[0].name if model_list else None
        if loaded_embedding_model is _Default.FIRST:
            loaded_embedding_model = embedding_models[0] if embedding_models else None
        self._config = ServerConfig(
            api_key=api_key,
            admin_key=admin_key,
            ping_interval=ping_interval or None,
            token_delay=token_delay,
            loaded_model=loaded_model,
            loaded_embedding_model=loaded_embedding_model,
            models=model_list,
            draft_models=_as_models(draft_models),
            embedding_models=tuple(embedding_models),
            templates=tuple(templates),
            sampler_presets=dict(sampler_presets),
            loras=tuple(loras),
            downloadable_repos=tuple(downloadable_repos),
        )
        self._host = host
        self._port = port
        self._app = App(ServerState(self._config))
        self._faults = FaultRegistry()
        self._requests: list[RecordedRequest] = []
        self._requests_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._bound_port: int | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeTabbyServer:
        """Bind and serve on a background thread; returns once the port is listening."""
        if self._thread is not None:
            raise RuntimeError("FakeTabbyServer is already running")
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._run, args=(ready, failure), name="fake-tabby-server", daemon=True
        )
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Close every connection and the listening socket, and join the thread."""
        thread, loop, stopping = self._thread, self._loop, self._stopping
        if thread is None:
            return
        if loop is not None and stopping is not None:
            loop.call_soon_threadsafe(stopping.set)
        thread.join(_STOP_TIMEOUT)
        self._thread = self._loop = self._stopping = None
        self._bound_port = None

    def __enter__(self) -> FakeTabbyServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._bound_port is not None else "stopped"
        return f"<FakeTabbyServer {where}>"

    def _run(self, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(self._main(loop, ready))
        except BaseException as error:  # reported to start() if it happened while starting
            failure.append(error)
        finally:
            ready.set()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _main(self, loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
        connections: set[HTTPConnection] = set()
        stopping = asyncio.Event()
        server = await loop.create_server(
            lambda: HTTPConnection(self._serve_request, connections),
            self._host,
            self._port,
            backlog=_BACKLOG,
        )
        self._bound_port = server.sockets[0].getsockname()[1]
        self._loop, self._stopping = loop, stopping
        ready.set()
        try:
            await stopping.wait()
        finally:
            server.close()
            tasks: list[asyncio.Task[Any]] = list(self._app.state.background)
            for conn in list(connections):
                if conn.task is not None:
                    tasks.append(conn.task)
                if conn.transport is not None:
                    conn.transport.abort()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await server.wait_closed()

    # --- request handling ----------------------------------------------------------------

    async def _serve_request(self, conn: HTTPConnection, request: RecordedRequest) -> bool:
        with self._requests_lock:
            self._requests.append(request)
        fault = self._faults.take(request.method, request.path)
        close = _wants_close(request)
        response = _fault_response(fault) if fault is not None else None
        if response is None:
            response = await self._app.handle(request)
        if fault is not None and fault.delay_headers:
            await asyncio.sleep(fault.delay_headers)
        if isinstance(response, EventStream):
            keep = await send_stream(conn, response, fault, self._config.ping_interval)
        else:
            keep = await send_response(conn, response, fault, request.method == "HEAD", close)
        return keep and not close

    # --- test API ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, e.g. "http://127.0.0.1:54321" (only while started)."""
        if self._bound_port is None:
            raise RuntimeError("FakeTabbyServer is not running")
        return f"http://{self._host}:{self._bound_port}"

    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise RuntimeError("FakeTabbyServer is not running")
        return self._bound_port

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a snapshot)."""
        with self._requests_lock:
            return list(self._requests)

    @property
    def loaded_model(self) -> str | None:
        """Folder name of the model currently loaded, if any."""
        loaded = self._app.state.model
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
        * ``drop_after_events=n``: after n events close the TCP connection without the
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
        * ``truncated_chunked=True``: chunked body cut off mid-chunk, then the connection
          closes (JSON bodies are switched to chunked for this).
        * ``invalid_utf8=True``: bytes 0xFF 0xFE inside the first JSON string of the body
          (for streams: of the first JSON event).
        * ``huge_event_bytes=n``: the first JSON event gets a ``padding`` key making the
          encoded event n bytes long.
        * ``redirect_to="url"``: 307 with that Location.

        Stream knobs only affect SSE responses. Returns the `Fault` (its ``hits`` counts uses).
        """
        unknown = set(params) - KNOBS
        if unknown:
            raise TypeError(f"unknown fault knob(s) {sorted(unknown)}; known: {sorted(KNOBS)}")
        return self._faults.add(Fault(FaultSpec(**params), path, method, times))

    def clear_faults(self) -> None:
        """Forget every injected fault."""
        self._faults.clear()

    def reset(self) -> None:
        """Faults, recorded requests and model state back to how the server started."""
        self.clear_faults()
        with self._requests_lock:
            self._requests.clear()
        state = ServerState(self._config)
        loop = self._loop
        if loop is None:
            self._app.state = state
            return

        async def swap() -> None:
            self._app.state = state

        asyncio.run_coroutine_threadsafe(swap(), loop).result(_STOP_TIMEOUT)
