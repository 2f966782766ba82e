"""Record what a LiteLLM proxy in front of TabbyAPI answers, next to TabbyAPI's own answer.

Opt-in, never run by `make test`: needs the harness's TabbyAPI (e632af4, `fake-chatml-4k`
loaded) and the proxy of `scripts/litellm_proxy.sh` in front of it.

    .venv/bin/python scripts/observe_litellm.py --proxy http://127.0.0.1:4000 \\
        --direct http://127.0.0.1:5057 [--out tests/fixtures/observed_litellm.json]

Each call is sent through the proxy (key "<call>") and straight to TabbyAPI
(key "direct <call>"): a JSON body as it came, an SSE stream as the list of its `data:`
payloads (JSON decoded, `[DONE]` kept as the string), anything else (or a status other than
200) as {"status": ..., "body": ...}. Same style as ../shared/harness/observed-436ce75.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import httpx

MODEL = "fake-chatml-4k"
HI = [{"role": "user", "content": "hi"}]
USAGE = {"stream_options": {"include_usage": True}}

# (call name, method, path, body, headers: "api" | "none" | "wrong" | "admin+api")
CALLS: list[tuple[str, str, str, dict[str, Any] | None, str]] = [
    ("GET /v1/models", "GET", "/v1/models", None, "api"),
    ("GET /v1/models (admin key too)", "GET", "/v1/models", None, "admin+api"),
    ("GET /v1/model", "GET", "/v1/model", None, "api"),
    (f"GET /v1/models/{MODEL}", "GET", f"/v1/models/{MODEL}", None, "api"),
    ("POST /v1/completions max_tokens=3", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 3}, "api"),
    ("POST /v1/completions max_tokens=3 include_usage", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 3, **USAGE}, "api"),
    ("POST /v1/completions max_tokens=2 n=2", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 2, "n": 2}, "api"),
    ("POST /v1/completions max_tokens=2 logprobs=2", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 2, "logprobs": 2}, "api"),
    ("POST /v1/completions stop=tok1", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 5, "stop": ["tok1"]}, "api"),
    ("POST /v1/completions stream max_tokens=3", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 3, "stream": True}, "api"),
    ("POST /v1/completions stream max_tokens=3 include_usage", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 3, "stream": True, **USAGE}, "api"),
    ("POST /v1/completions stream max_tokens=2 n=2", "POST", "/v1/completions",
     {"prompt": "hi", "max_tokens": 2, "n": 2, "stream": True}, "api"),
    ("POST /v1/chat/completions max_tokens=3", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 3}, "api"),
    ("POST /v1/chat/completions stop=tok1 (stop_str)", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 5, "stop": ["tok1"]}, "api"),
    ("POST /v1/chat/completions max_tokens=3 include_usage", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 3, **USAGE}, "api"),
    ("POST /v1/chat/completions max_tokens=1 logprobs top_logprobs=2", "POST",
     "/v1/chat/completions", {"messages": HI, "max_tokens": 1, "logprobs": True,
                              "top_logprobs": 2}, "api"),
    ("POST /v1/chat/completions stream max_tokens=3", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 3, "stream": True}, "api"),
    ("POST /v1/chat/completions stream max_tokens=3 include_usage", "POST",
     "/v1/chat/completions", {"messages": HI, "max_tokens": 3, "stream": True, **USAGE}, "api"),
    ("POST /v1/chat/completions n=null", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 3, "n": None}, "api"),
    # errors
    ("POST /v1/completions stream without max_tokens (in-band error)", "POST",
     "/v1/completions", {"prompt": "hi", "stream": True}, "api"),
    ("POST /v1/completions prompt too long", "POST", "/v1/completions",
     {"prompt": "w " * 5000, "max_tokens": 1}, "api"),
    ("POST /v1/chat/completions min_tokens > max_tokens (500)", "POST",
     "/v1/chat/completions", {"messages": HI, "max_tokens": 1, "min_tokens": 5}, "api"),
    ("POST /v1/chat/completions no model named", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 1, "model": None}, "api"),
    ("POST /v1/chat/completions unknown model name", "POST", "/v1/chat/completions",
     {"messages": HI, "max_tokens": 1, "model": "no-such-model"}, "api"),
    ("GET /v1/models without a key", "GET", "/v1/models", None, "none"),
    ("GET /v1/models wrong key", "GET", "/v1/models", None, "wrong"),
    ("POST /v1/token/encode", "POST", "/v1/token/encode", {"text": "hello"}, "api"),
    ("GET /health", "GET", "/health", None, "api"),
]  # fmt: skip


def headers(kind: str, api_key: str, admin_key: str) -> dict[str, str]:
    return {
        "api": {"x-api-key": api_key},
        "admin+api": {"x-api-key": api_key, "x-admin-key": admin_key},
        "none": {},
        "wrong": {"x-api-key": "wrong-key"},
    }[kind]


def call(
    http: httpx.Client, base: str, method: str, path: str, body: Any, hdrs: dict[str, str]
) -> Any:
    kwargs: dict[str, Any] = {"headers": hdrs}
    if body is not None:
        kwargs["json"] = body
    with http.stream(method, base + path, **kwargs) as response:
        raw = response.read().decode("utf-8", "replace")
    kind = response.headers.get("content-type", "")
    if response.status_code == 200 and kind.startswith("text/event-stream"):
        lines = raw.replace("\r\n", "\n").split("\n")
        data = [line[5:].strip() for line in lines if line.startswith("data:")]
        return [json.loads(d) if d.startswith("{") else d for d in data]
    try:
        parsed: Any = json.loads(raw)
    except ValueError:
        parsed = raw
    if response.status_code == 200 and kind.startswith("application/json"):
        return parsed
    return {"status": response.status_code, "content_type": kind, "body": parsed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--proxy", required=True)
    parser.add_argument("--direct", required=True)
    parser.add_argument("--api-key", default="test-api-key")
    parser.add_argument("--admin-key", default="test-admin-key")
    parser.add_argument("--litellm-version", default="1.108.7")
    parser.add_argument("--out")
    args = parser.parse_args()
    out: dict[str, Any] = {
        "note": (
            f"LiteLLM proxy {args.litellm_version} (scripts/litellm_proxy.sh, "
            "tests/real/litellm/config.yaml) in front of the real TabbyAPI e632af4 with "
            "../shared/harness (fake-chatml-4k loaded). '<call>': the proxy's answer; "
            "'direct <call>': TabbyAPI's own answer to the same request (without `model`). "
            "SSE: the list of data payloads. Not 200 or not JSON: {status, content_type, body}."
        )
    }
    # No connection reuse: after a 500 TabbyAPI drops the connection without saying so.
    limits = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(timeout=120, trust_env=False, limits=limits) as http:
        for name, method, path, body, kind in CALLS:
            hdrs = headers(kind, args.api_key, args.admin_key)
            proxied = body
            if body is not None and path.startswith("/v1/") and "model" not in body:
                proxied = {"model": MODEL, **body}  # the proxy routes by model name
            if proxied is not None and proxied.get("model", "") is None:
                proxied = {k: v for k, v in proxied.items() if k != "model"}
            out[name] = call(http, args.proxy.rstrip("/"), method, path, proxied, hdrs)
            direct_body = None if body is None else {k: v for k, v in body.items() if k != "model"}
            out[f"direct {name}"] = call(
                http, args.direct.rstrip("/"), method, path, direct_body, hdrs
            )
            print(f"{name}: ok", file=sys.stderr)
    text = json.dumps(out, indent=1, ensure_ascii=False) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
