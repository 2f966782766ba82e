"""`FakeTabbyServer`: the fake TabbyAPI on uvicorn (httptools parser, TabbyAPI's own stack),
served from a thread with its own event loop so sync and async tests alike can use it."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from types import TracebackType
from typing import Unpack

import uvicorn

from ._errors import Deliberate
from ._fake import FakeTabby, FakeTabbyOptions

_STOP_TIMEOUT = 10.0
_BACKLOG = 2048
_THREAD_NAME = "fake-tabby-server"


class _QuietDeliberateErrors(logging.Filter):
    """Drops uvicorn's "Exception in ASGI application" tracebacks for exceptions the fake raises
    on purpose (a 500 that drops the connection, an injected drop) and for requests that `stop()`
    cancelled; everything else, bugs in the fake included, is still logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, Deliberate):
            return False
        cancelled = isinstance(error, asyncio.CancelledError)
        return not (cancelled and record.threadName == _THREAD_NAME)


_uvicorn_logger = logging.getLogger("uvicorn.error")
if not any(isinstance(f, _QuietDeliberateErrors) for f in _uvicorn_logger.filters):
    _uvicorn_logger.addFilter(_QuietDeliberateErrors())


class _Uvicorn(uvicorn.Server):
    """uvicorn's Server with an event-driven main loop and an immediate shutdown.

    The stock ones poll every 0.1 s, sleep 0.1 s on shutdown and wait for open streams to end:
    ~0.2 s per stop, and the test suite starts a server per test.
    """

    def __init__(self, config: uvicorn.Config, fake: FakeTabbyServer) -> None:
        super().__init__(config)
        self._fake = fake
        self.stopping = asyncio.Event()

    async def main_loop(self) -> None:
        await self.on_tick(0)  # the date and server headers
        self._fake._serving.set()
        while not self.stopping.is_set():
            try:
                await asyncio.wait_for(self.stopping.wait(), timeout=1.0)
            except TimeoutError:
                await self.on_tick(0)  # keep the date header current

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Close the listener, cut every connection, cancel every request still running."""
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.transport.abort()
        await asyncio.sleep(0)  # let the protocols see their connections go
        tasks = [*self.server_state.tasks, *self._fake._state.background]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for server in self.servers:
            await server.wait_closed()


class FakeTabbyServer(FakeTabby):
    """A TabbyAPI-compatible HTTP server for tests, listening on `url` while started.

    Use as a context manager, or call `start()` / `stop()` (restartable). ``host`` / ``port``
    say where to listen (port 0: a free port, see `url`); every other option is one of
    `FakeTabbyOptions` (keys, ping interval, token delay, models on disk, ...).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        **options: Unpack[FakeTabbyOptions],
    ) -> None:
        super().__init__(**options)
        self._host = host
        self._port = port
        self._thread: threading.Thread | None = None
        self._uvicorn: _Uvicorn | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._serving = threading.Event()
        self._bound_port: int | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeTabbyServer:
        """Listen, and serve on a background thread; returns once connections are accepted."""
        if self._thread is not None:
            raise RuntimeError("FakeTabbyServer is already running")
        family, kind, proto, _, address = socket.getaddrinfo(
            self._host, self._port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
            sock.listen(_BACKLOG)
        except BaseException:
            sock.close()
            raise
        bound_port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            http="httptools",
            lifespan="off",
            log_level="warning",
            access_log=False,
            log_config=None,  # leave the process's logging configuration alone
            proxy_headers=False,
            interface="asgi3",
            backlog=_BACKLOG,
        )
        self._uvicorn = _Uvicorn(config, self)
        self._serving.clear()
        failure: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._run, args=(sock, failure), name=_THREAD_NAME, daemon=True
        )
        self._thread.start()
        self._serving.wait()
        if failure:
            self._thread.join()
            self._thread = self._uvicorn = None
            raise failure[0]
        self._bound_port = bound_port
        return self

    def _run(self, sock: socket.socket, failure: list[BaseException]) -> None:
        assert self._uvicorn is not None
        try:
            with asyncio.Runner() as runner:  # cancels whatever is left when the server ends
                self._loop = runner.get_loop()
                runner.run(self._uvicorn.serve(sockets=[sock]))
        except BaseException as error:  # reported to start() if it happened while starting
            failure.append(error)
        finally:
            sock.close()
            self._serving.set()

    def stop(self) -> None:
        """Close every connection (open streams are cut, not waited for) and join the thread."""
        thread, loop, server = self._thread, self._loop, self._uvicorn
        if thread is None:
            return
        if loop is not None and server is not None:
            loop.call_soon_threadsafe(server.stopping.set)
        thread.join(_STOP_TIMEOUT)
        self._thread = self._loop = self._uvicorn = None
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

    # --- where it listens ----------------------------------------------------------------

    @property
    def url(self) -> str:
        """Base URL, e.g. "http://127.0.0.1:54321", "http://[::1]:54321" (only while started)."""
        if self._bound_port is None:
            raise RuntimeError("FakeTabbyServer is not running")
        host = f"[{self._host}]" if ":" in self._host else self._host  # an IPv6 literal
        return f"http://{host}:{self._bound_port}"

    @property
    def port(self) -> int:
        if self._bound_port is None:
            raise RuntimeError("FakeTabbyServer is not running")
        return self._bound_port
