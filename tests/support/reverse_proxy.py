"""A reverse proxy on 127.0.0.1 serving an upstream under a path prefix (no tests here).

Like TabbyAPI behind nginx at `https://host/tabby/`: a request for `/tabby/v1/models` is
forwarded to `upstream` as `/v1/models`, headers and body unchanged, and the answer returned
whole (streams are buffered). A request outside the prefix gets a 404 from the proxy itself.
`reshape(content_type, body) -> body` rewrites each 200 answer on the way back, as a proxy like
LiteLLM does (see `litellm_like`).
"""

from __future__ import annotations

import http.client
import json
import socketserver
import threading
import urllib.parse
from collections.abc import Callable
from types import TracebackType
from typing import Any

Reshape = Callable[[str, bytes], bytes]


class PrefixProxy:
    def __init__(
        self, upstream: str, prefix: str = "/tabby", reshape: Reshape | None = None
    ) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.prefix = prefix.rstrip("/")
        self.reshape = reshape
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                while proxy._forward_one(self.rfile, self.wfile):
                    pass

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}"

    def __enter__(self) -> PrefixProxy:
        threading.Thread(target=self._server.serve_forever, args=(0.01,), daemon=True).start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _forward_one(self, rfile: object, wfile: object) -> bool:
        line = rfile.readline()  # type: ignore[attr-defined]
        if not line.strip():
            return False
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: list[tuple[str, str]] = []
        while (header := rfile.readline()) not in (b"\r\n", b"\n", b""):  # type: ignore[attr-defined]
            name, value = header.decode("latin-1").split(":", 1)
            headers.append((name.strip().lower(), value.strip()))
        length = int(dict(headers).get("content-length", "0"))
        body = rfile.read(length)  # type: ignore[attr-defined]
        if target.startswith(self.prefix + "/"):
            upstream = http.client.HTTPConnection(
                self.upstream.hostname or "127.0.0.1", self.upstream.port or 80, timeout=10
            )
            upstream.putrequest(method, target[len(self.prefix) :], skip_host=True)
            for name, value in headers:
                upstream.putheader(name, value)
            upstream.endheaders(body)
            answer = upstream.getresponse()
            status, reason, content = answer.status, answer.reason, answer.read()
            framing = ("transfer-encoding", "content-length", "connection")
            kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in framing]
            upstream.close()
            if self.reshape is not None and status == 200:
                content = self.reshape(answer.getheader("content-type") or "", content)
        else:
            status, reason, content, kept = 404, "Not Found", b"not under the prefix", []
        head = f"HTTP/1.1 {status} {reason}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in kept)
        head += f"content-length: {len(content)}\r\n\r\n"
        wfile.write(head.encode("latin-1") + content)  # type: ignore[attr-defined]
        return True


# ---- what LiteLLM's proxy does to TabbyAPI's answers (tests/real/FINDINGS.md) -------------------

USAGE_TIMINGS = (
    "prompt_time",
    "prompt_tokens_per_sec",
    "completion_time",
    "completion_tokens_per_sec",
    "total_time",
)


def _litellm_value(value: Any) -> Any:
    """Nulls dropped at every depth, usage timings dropped, TabbyAPI's choice extras moved into
    `provider_specific_fields`, a model card's `logging` / `parameters` dropped."""
    if isinstance(value, list):
        return [_litellm_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _litellm_value(v) for k, v in value.items() if v is not None}
    if "completion_tokens" in out:
        for key in USAGE_TIMINGS:
            out.pop(key, None)
    moved = {k: out.pop(k) for k in ("eos_reason", "stop_str") if k in out}
    if moved:
        out["provider_specific_fields"] = moved
    if out.get("object") == "model":
        out.pop("logging", None)
        out.pop("parameters", None)
    return out


def _litellm_event(data: dict[str, Any]) -> dict[str, Any]:
    reshaped: dict[str, Any] = _litellm_value(data)
    reshaped.pop("eos_reason", None)
    for choice in reshaped.get("choices", []):
        choice.pop("provider_specific_fields", None)  # streams lose eos_reason entirely
    if "model_name" in reshaped:
        reshaped["model"] = reshaped.pop("model_name")
    for choice in reshaped.get("choices", []):
        if choice.get("finish_reason") and choice.get("text") == "":
            del choice["text"]  # the last completion chunk carries no text at all
    return reshaped


def litellm_like(content_type: str, body: bytes) -> bytes:
    """`reshape` for `PrefixProxy`: TabbyAPI's answers as LiteLLM's proxy passes them on."""
    if content_type.startswith("application/json"):
        return json.dumps(_litellm_value(json.loads(body))).encode()
    if not content_type.startswith("text/event-stream"):
        return body
    out = []
    for block in body.decode().split("\r\n\r\n"):
        if block.startswith("data: {"):
            block = "data: " + json.dumps(_litellm_event(json.loads(block[6:])))
        out.append(block)
    return "\r\n\r\n".join(out).encode()
