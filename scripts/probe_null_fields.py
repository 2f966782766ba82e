"""Which nullable request fields a real TabbyAPI fails on when one is sent as JSON `null`.

Opt-in evidence gathering, never run by `make test`: needs a running TabbyAPI (the harness in
../shared/harness) with `fake-chatml-4k` available.

    .venv/bin/python scripts/probe_null_fields.py --url http://127.0.0.1:5057 \\
        --label e632af4 --spec openapi/tabbyapi.json --log /tmp/tabby/tabby-5057.log \\
        [--compat-url http://127.0.0.1:5059 --compat-log ...] \\
        [--api-key test-api-key] [--admin-key test-admin-key] \\
        --fixture tests/fixtures/null_request_fields.json

For every request-body schema of the spec (and every object schema reachable from one) and each
of its properties whose schema admits null (`anyOf` with `{"type": "null"}`), the probe sends a
minimal valid request with that one field set to null and records the status, the body and, for
streamed requests, the in-band error event. Each target is first sent without any null (the
baseline): a field is measured only where its baseline works. Completions and chat are sent
both non-streamed and streamed. Model loads unload first (a load of the loaded folder ignores
its parameters) and leave `fake-chatml-4k` loaded; LoRA and sampler-override probes undo
themselves.

`--compat-url` names a second server started with `--kobold-compat --lora-mode working`: the
Kobold generate and LoRA schemas are probed there (on the default harness every Kobold
generation and every LoRA load fails whatever the request holds). `--log` (and `--compat-log`)
name the server's log file: the innermost TabbyAPI frame of a failure's traceback and the
exception are then recorded (`raised_at`, `exception`), and a failure raised inside the
harness's stand-in model (`fake_backend`) is marked so.

The result for one server is merged into `--fixture` under `--label`, and the rule
"nullable with a non-null spec `default` => the server fails on null" is re-evaluated over every
label in the fixture (`rule_holds`, `exceptions`).
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

MAIN = "fake-chatml-4k"
DRAFT = "fake-base-2k"
LORA = "fake-lora-a"
HI = {"role": "user", "content": "hi"}
MISSING = object()  # a field absent from the spec's schema has no "default"


@dataclass
class Target:
    """How to send a minimal valid request holding one schema's fields."""

    schema: str
    method: str
    path: str
    admin: bool
    base: dict[str, Any]
    at: list[Any] = field(default_factory=list)  # where the schema's object sits in `base`
    modes: tuple[str, ...] = ("json",)  # "json", "sse" (OpenAI stream), "kobold", "load"
    compat: bool = False  # probe on --compat-url when given
    before: Callable[[Probe], None] | None = None
    after: Callable[[Probe], None] | None = None
    note: str = ""


def _gen(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"messages": [dict(HI)], "max_tokens": 2, **(extra or {})}


TOOL_HISTORY = [
    dict(HI),
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": "{}"},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
]


def _unload_model(p: Probe) -> None:
    p.request("POST", "/v1/model/unload", admin=True)


def _reload_main(p: Probe) -> None:
    """Leave exactly MAIN loaded, without a draft, whatever the probe did."""
    card = p.request("GET", "/v1/model", admin=False)
    try:
        loaded = card.status_code == 200 and card.json().get("id") == MAIN
        draft = loaded and (card.json().get("parameters") or {}).get("draft")
    except ValueError:
        loaded = draft = False
    if loaded and not draft:
        return
    if loaded:
        _unload_model(p)
    p.load_stream({"model_name": MAIN})


def _unload_loras(p: Probe) -> None:
    p.request("POST", "/v1/lora/unload", admin=True)


def _unload_overrides(p: Probe) -> None:
    p.request("POST", "/v1/sampling/override/unload", admin=True)


TARGETS = [
    Target("CompletionRequest", "POST", "/v1/completions", False,
           {"prompt": "hi", "max_tokens": 2}, modes=("json", "sse")),
    Target("ChatCompletionRequest", "POST", "/v1/chat/completions", False, _gen(),
           modes=("json", "sse")),
    Target("ChatCompletionMessage", "POST", "/v1/chat/completions", False, _gen(),
           at=["messages", 0], modes=("json", "sse")),
    Target("ChatCompletionMessagePart", "POST", "/v1/chat/completions", False,
           {"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
            "max_tokens": 2},
           at=["messages", 0, "content", 0], modes=("json", "sse")),
    Target("ToolCall", "POST", "/v1/chat/completions", False,
           {"messages": copy.deepcopy(TOOL_HISTORY), "max_tokens": 2},
           at=["messages", 1, "tool_calls", 0], modes=("json", "sse")),
    Target("ChatCompletionStreamOptions", "POST", "/v1/chat/completions", False,
           _gen({"stream_options": {}}), at=["stream_options"], modes=("json", "sse")),
    Target("CompletionResponseFormat", "POST", "/v1/chat/completions", False,
           _gen({"response_format": {}}), at=["response_format"], modes=("json", "sse")),
    Target("ReasoningOptions", "POST", "/v1/chat/completions", False,
           _gen({"reasoning": {}}), at=["reasoning"], modes=("json", "sse")),
    Target("EmbeddingsRequest", "POST", "/v1/embeddings", False, {"input": "hi"},
           note="no embeddings backend in the harness: the baseline fails"),
    Target("GenerateRequest", "POST", "/api/v1/generate", False,
           {"prompt": "hi", "max_tokens": 2}, modes=("json", "kobold"), compat=True),
    Target("TokenEncodeRequest", "POST", "/v1/token/encode", False,
           {"text": [dict(HI)]}, note="text as messages: the form that reads template_vars"),
    Target("TokenDecodeRequest", "POST", "/v1/token/decode", False, {"tokens": [1, 64]}),
    Target("TokenCountRequest", "POST", "/api/extra/tokencount", False, {"prompt": "hi"}),
    Target("DownloadRequest", "POST", "/v1/download", True, {"repo_id": "nobody/nothing"},
           note="no network: the baseline fails with 400"),
    Target("EmbeddingModelLoadRequest", "POST", "/v1/model/embedding/load", True,
           {"embedding_model_name": MAIN}, note="no embeddings backend: the baseline fails"),
    Target("LoraLoadInfo", "POST", "/v1/lora/load", True, {"loras": [{"name": LORA}]},
           at=["loras", 0], compat=True, after=_unload_loras),
    Target("SamplerOverrideSwitchRequest", "POST", "/v1/sampling/override/switch", True,
           {"preset": "sample_preset", "overrides": {"max_tokens": {"override": 3}}},
           after=_unload_overrides),
    Target("ModelLoadRequest", "POST", "/v1/model/load", True, {"model_name": MAIN},
           modes=("load",), before=_unload_model, after=_reload_main),
    Target("DraftModelLoadRequest", "POST", "/v1/model/load", True,
           {"model_name": MAIN, "draft_model": {"draft_model_name": DRAFT}},
           at=["draft_model"], modes=("load",), before=_unload_model, after=_reload_main),
]  # fmt: skip


# ----------------------------------------------------------------------------------------
# the spec


def nullable_fields(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{schema: {field: default-or-MISSING}} for request schemas and the objects they reach."""
    schemas = spec["components"]["schemas"]
    roots = []
    for operations in spec["paths"].values():
        for operation in operations.values():
            for content in (operation.get("requestBody") or {}).get("content", {}).values():
                ref = content.get("schema", {}).get("$ref", "")
                if ref:
                    roots.append(ref.rsplit("/", 1)[-1])
    seen: list[str] = []
    todo = list(dict.fromkeys(roots))
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.append(name)
        for prop in schemas[name].get("properties", {}).values():
            todo.extend(r for r in _refs(prop) if r not in seen)
    found: dict[str, dict[str, Any]] = {}
    for name in seen:
        for key, prop in schemas[name].get("properties", {}).items():
            if any(branch.get("type") == "null" for branch in prop.get("anyOf", [])):
                found.setdefault(name, {})[key] = prop.get("default", MISSING)
    return found


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        out = [node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else []
        for value in node.values():
            out.extend(_refs(value))
        return out
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


# ----------------------------------------------------------------------------------------
# talking to the server


@dataclass
class Outcome:
    status: int
    ok: bool
    body: str
    error: Any = None  # the in-band error event of a stream


class Probe:
    def __init__(self, url: str, api_key: str, admin_key: str, log: str | None) -> None:
        self.url = url.rstrip("/")
        self.keys = {"api": api_key, "admin": admin_key}
        self.log = Path(log) if log else None
        # No connection reuse: after a 500 TabbyAPI drops the connection without saying so.
        self.http = httpx.Client(
            timeout=60, limits=httpx.Limits(max_keepalive_connections=0), trust_env=False
        )

    def close(self) -> None:
        self.http.close()

    def headers(self, admin: bool) -> dict[str, str]:
        return {"x-admin-key": self.keys["admin"]} if admin else {"x-api-key": self.keys["api"]}

    def request(self, method: str, path: str, admin: bool, body: Any = MISSING) -> httpx.Response:
        kwargs: dict[str, Any] = {"headers": self.headers(admin)}
        if body is not MISSING:
            kwargs["json"] = body
        return self.http.request(method, self.url + path, **kwargs)

    def load_stream(self, body: dict[str, Any]) -> Outcome:
        return self.send("POST", "/v1/model/load", True, body, "load")

    def send(self, method: str, path: str, admin: bool, body: Any, mode: str) -> Outcome:
        if mode == "sse":
            body = {**body, "stream": True}
        if mode == "kobold":
            path = "/api/extra/generate/stream"
        with self.http.stream(
            method, self.url + path, headers=self.headers(admin), json=body
        ) as response:
            raw = response.read().decode("utf-8", "replace")
        kind = response.headers.get("content-type", "")
        if not kind.startswith("text/event-stream"):
            ok = response.status_code == 200
            if ok and path == "/v1/lora/load":  # 200 with the folder under "failure"
                ok = not json.loads(raw).get("failure")
            return Outcome(response.status_code, ok, _short(raw))
        lines = raw.replace("\r\n", "\n").split("\n")
        events = [line[5:].strip() for line in lines if line.startswith("data:")]
        payloads = [json.loads(e) if e.startswith("{") else e for e in events]
        error = next((e["error"] for e in payloads if isinstance(e, dict) and "error" in e), None)
        if mode == "load":
            last = payloads[-1] if payloads else None
            ok = error is None and isinstance(last, dict) and last.get("status") == "finished"
            ok = ok and last.get("model_type") == "model"
        elif mode == "kobold":
            ok = error is None and bool(payloads)
        else:
            ok = error is None and bool(events) and events[-1] == "[DONE]"
        summary = json.dumps(error) if error else f"{len(events)} events, last {events[-1:]}"
        return Outcome(response.status_code, ok, _short(summary), error)

    def log_offset(self) -> int:
        """The log's size once TabbyAPI stopped writing (it logs a failure after answering)."""
        if not self.log or not self.log.exists():
            return 0
        size, quiet = -1, 0
        for _ in range(40):
            now = self.log.stat().st_size
            quiet = quiet + 1 if now == size else 0
            if quiet >= 2:
                break
            size = now
            time.sleep(0.05)
        return size

    def traceback_since(self, offset: int) -> dict[str, str]:
        """The innermost TabbyAPI (or stand-in) frame and the exception logged since offset."""
        if not self.log or not self.log.exists():
            return {}
        end = self.log_offset()
        with self.log.open("rb") as f:
            f.seek(offset)
            text = f.read(max(0, end - offset)).decode("utf-8", "replace")
        # "2026-12-05 22:53:02.765 ERROR:    <text>", wrapped at 80 columns: a line without the
        # time stamp continues the record before it. The level is padded to 10 columns, so a
        # record keeps its own indentation ("  File ...", "    code", "TypeError: ...").
        records: list[str] = []
        for line in text.splitlines():
            if STAMP.match(line):
                records.append(line[STAMP_WIDTH:])
            elif records:
                records[-1] += " " + line.strip()
        starts = [i for i, r in enumerate(records) if "Traceback (most recent call last)" in r]
        if not starts:
            return {}
        frames, exception = [], ""
        for record in records[starts[-1] + 1 :]:
            frame = FRAME.search(record)
            if frame:
                frames.append(frame.groups())
            elif record and not record[0].isspace():
                exception = record.strip()
                break
        out: dict[str, str] = {}
        ours = [f for f in frames if "/tabbyAPI/" in f[0] or "fake_backend" in f[0]]
        if ours:
            file, line, func = ours[-1]
            short = file.split("/tabbyAPI/", 1)[-1] if "/tabbyAPI/" in file else Path(file).name
            out["raised_at"] = f"{short}:{line} {func}"
            if "fake_backend" in file:
                out["raised_in_stand_in"] = "yes"
        if exception:
            out["exception"] = _short(" ".join(exception.split()), 200)
        return out


STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \w+: ")
STAMP_WIDTH = len("2026-12-05 22:53:02.765 ERROR:    ")
FRAME = re.compile(r'File\s+"([^"]+)",\s+line\s+(\d+),\s+in\s+(\w+)')


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + f"... <{len(text) - limit} more chars>"


def _put(body: dict[str, Any], at: list[Any], key: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(body)
    node: Any = body
    for step in at:
        node = node[step]
    if value is MISSING:
        node.pop(key, None)
    else:
        node[key] = value
    return body


def _skipped_modes(target: Target, key: str) -> set[str]:
    """`stream: null` in a streamed request would replace the `stream: true` the mode sends."""
    return {"sse"} if target.at == [] and key == "stream" else set()


# ----------------------------------------------------------------------------------------
# one server


def probe_server(args: argparse.Namespace) -> dict[str, Any]:
    spec = json.loads(Path(args.spec).read_text()) if args.spec else None
    main = Probe(args.url, args.api_key, args.admin_key, args.log)
    compat = (
        Probe(args.compat_url, args.api_key, args.admin_key, args.compat_log)
        if args.compat_url
        else None
    )
    try:
        if spec is None:
            spec = main.request("GET", "/openapi.json", admin=False).json()
        fields = nullable_fields(spec)
        results: dict[str, Any] = {}
        for probe in (main, compat):
            if probe is not None:
                _reload_main(probe)
                _unload_overrides(probe)
        for target in TARGETS:
            if target.schema not in fields:
                continue
            probe = compat if (target.compat and compat is not None) else main
            results.update(probe_target(probe, target, fields[target.schema], probe is compat))
        for schema, names in fields.items():
            for name, default in names.items():
                key = f"{schema}.{name}"
                if key not in results:
                    results[key] = {
                        "status": None, "ok": None, "measured": False,
                        "default": None if default is MISSING else default,
                        "default_in_spec": default is not MISSING,
                        "note": "no probe target for this schema",
                    }  # fmt: skip
        return results
    finally:
        for probe in (main, compat):
            if probe is not None:
                probe.close()


def probe_target(
    probe: Probe, target: Target, fields: dict[str, Any], on_compat: bool
) -> dict[str, Any]:
    print(f"{target.schema}: {len(fields)} nullable fields", file=sys.stderr)
    baseline: dict[str, Outcome] = {}
    for mode in target.modes:
        baseline[mode] = run(probe, target, target.base, mode)
    results: dict[str, Any] = {}
    for key, default in fields.items():
        record: dict[str, Any] = {
            "default": None if default is MISSING else default,
            "default_in_spec": default is not MISSING,
            "endpoint": f"{target.method} {target.path}",
        }
        modes = [m for m in target.modes if m not in _skipped_modes(target, key)]
        outcomes: dict[str, Outcome] = {}
        extra: dict[str, str] = {}
        for mode in modes:
            offset = probe.log_offset()
            outcomes[mode] = run(probe, target, _put(target.base, target.at, key, None), mode)
            if not outcomes[mode].ok and not extra:
                extra = probe.traceback_since(offset)
        first = outcomes[modes[0]]
        record["status"] = first.status
        record["body"] = first.body if not first.ok else _short(first.body, 100)
        for mode in modes[1:]:
            o = outcomes[mode]
            record[mode] = {"status": o.status, "ok": o.ok, "body": o.body}
        measured = all(baseline[m].ok for m in modes)
        record["measured"] = measured
        record["ok"] = all(o.ok for o in outcomes.values())
        if not measured:
            record["baseline"] = {m: [baseline[m].status, baseline[m].body] for m in modes}
        record.update(extra)
        # A field the minimal request itself sends: does null behave like leaving it out?
        if key in _node(target.base, target.at):
            omitted = _put(target.base, target.at, key, MISSING)
            record["ok_when_omitted"] = all(run(probe, target, omitted, m).ok for m in modes)
        if on_compat:
            record["server"] = "compat (--kobold-compat --lora-mode working)"
        if target.note:
            record["note"] = target.note
        results[f"{target.schema}.{key}"] = record
        print(f"  {key}: {record['status']} ok={record['ok']} measured={measured}", file=sys.stderr)
    return results


def _node(body: dict[str, Any], at: list[Any]) -> Any:
    node: Any = body
    for step in at:
        node = node[step]
    return node


def run(probe: Probe, target: Target, body: dict[str, Any], mode: str) -> Outcome:
    if target.before:
        target.before(probe)
    try:
        return probe.send(target.method, target.path, target.admin, body, mode)
    finally:
        if target.after:
            target.after(probe)


# ----------------------------------------------------------------------------------------
# the fixture and the rule


def evaluate(fixture: dict[str, Any]) -> None:
    """Rule: a nullable field whose spec default is non-null fails on null, and only those.

    A field that fails on null exactly as it fails when left out (`ok_when_omitted` false) is
    not a null problem: it is listed under `not_null_specific`, not counted against the rule.
    """
    exceptions, not_null_specific = [], []
    for label, results in fixture.items():
        if label in TOP_KEYS or not isinstance(results, dict):
            continue
        for key, r in sorted(results.items()):
            if not r.get("measured"):
                continue
            predicted = r["default_in_spec"] and r["default"] is not None
            failed = not r["ok"]
            if failed and r.get("ok_when_omitted") is False:
                not_null_specific.append({"version": label, "field": key})
                continue
            if predicted == failed:
                continue
            if failed:
                default = "null" if r["default_in_spec"] else "absent"
                why = f"fails on null although its spec default is {default}"
            else:
                why = f"accepts null although its spec default is {json.dumps(r['default'])}"
            entry = {"version": label, "field": key, "status": r["status"], "why": why}
            for extra in ("raised_at", "exception"):
                if extra in r:
                    entry[extra] = r[extra]
            exceptions.append(entry)
    fixture["rule_holds"] = not exceptions
    fixture["exceptions"] = exceptions
    fixture["not_null_specific"] = not_null_specific


TOP_KEYS = ("note", "rule_holds", "exceptions", "not_null_specific")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--api-key", default="test-api-key")
    parser.add_argument("--admin-key", default="test-admin-key")
    parser.add_argument("--label", required=True, help="the server's key in the fixture")
    parser.add_argument("--spec", help="the spec whose fields to probe (default: live)")
    parser.add_argument("--log", help="the server's log file (failure tracebacks)")
    parser.add_argument("--compat-url", help="a --kobold-compat --lora-mode working server")
    parser.add_argument("--compat-log")
    parser.add_argument("--fixture", help="merge into this JSON file (else print)")
    args = parser.parse_args()
    results = probe_server(args)
    if not args.fixture:
        json.dump(results, sys.stdout, indent=1)
        return 0
    path = Path(args.fixture)
    fixture = json.loads(path.read_text()) if path.exists() else {}
    fixture.setdefault("note", NOTE)
    fixture[args.label] = results
    evaluate(fixture)
    labels = sorted(k for k in fixture if k not in TOP_KEYS)
    fixture = {k: fixture[k] for k in ["note", *labels, *TOP_KEYS[1:]]}
    path.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {path}: rule_holds={fixture['rule_holds']}", file=sys.stderr)
    return 0


NOTE = (
    "Each nullable request field (anyOf with null) of the server's spec, sent as JSON null in "
    "an otherwise minimal valid request to the real TabbyAPI run by ../shared/harness "
    "(scripts/probe_null_fields.py). status/body: the non-streamed answer; sse/kobold/load: the "
    "streamed one; ok: every mode answered 200 without an in-band error; measured: false when "
    "the request fails even without the null (baseline). default/default_in_spec: the spec's "
    "`default`. raised_at/exception: from the server log. The harness fakes the GPU model: a "
    "null the real model container would trip over but the stand-in ignores reads ok here."
)

if __name__ == "__main__":
    sys.exit(main())
