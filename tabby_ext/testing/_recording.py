"""Request recording: the outermost middleware reads each request whole, logs it as received,
then replays the body to the app (so faults and handlers see the same bytes)."""

from __future__ import annotations

import threading

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ._messages import Headers, RecordedRequest


class RequestLog:
    """Every request received so far; appended on the serving loop, read from test threads."""

    def __init__(self) -> None:
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def add(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()


class Recorder:
    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before its request was complete
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        raw_headers = scope["headers"]
        self.log.add(
            RecordedRequest(
                method=scope["method"],
                path=scope["path"],
                query=scope["query_string"].decode("latin-1"),
                headers=Headers((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers),
                body=bytes(body),
                http_version=scope.get("http_version", "1.1"),
            )
        )
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)
