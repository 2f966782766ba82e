"""Structured answers and tool calls of the fake server (docs/structured-outputs.md).

TabbyAPI constrains generation with a JSON Schema from `json_schema`, or from `response_format`
(`"json"`: any object; `"json_schema"`: its schema, OpenAI's `{"name", "schema"}` wrapper
unwrapped), endpoints/OAI/router.py and backends/exllamav3/grammar.py. The fake answers with the
simplest value the schema allows (the first enum member, the minimum, one item per list, the
required properties), so tests can tell what was asked for from what came back.

With tools (and `tool_choice` not "none") a chat answer calls: the named function, else the
tools the last message names (several: parallel calls), else the first tool; once the last
message is a `tool` result it answers with text. The arguments are the simplest the tool's
parameters allow. Fault knobs (`FakeTabbyServer.inject`) make it ignore the schema or
`tool_choice`, or call something else, as a real model may.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import TYPE_CHECKING, Any

from ._generation import Plan

if TYPE_CHECKING:
    from ._faults import FaultSpec
    from ._routing import Call

#: A JSON answer's "tokens": each word with the spaces before it.
_PIECES = re.compile(r"\s*\S+")

#: The text of a string no other rule fixes (like the fake's generated text).
WORD = "tok0"


def requested_schema(params: dict[str, Any]) -> dict[str, Any] | None:
    """The schema the server would enforce for this request (None: free text)."""
    schema = params.get("json_schema")
    response_format = params.get("response_format")
    if isinstance(response_format, dict):
        kind = response_format.get("type")
        if kind == "json":
            schema = {"type": "object"}
        elif kind == "json_schema":
            schema = response_format.get("json_schema")
    if isinstance(schema, dict) and "schema" in schema and "name" in schema:
        schema = schema["schema"]
    return schema if isinstance(schema, dict) and schema else None


def example(schema: Any, root: dict[str, Any] | None = None) -> Any:
    """The simplest value `schema` accepts (deterministic)."""
    root = schema if root is None else root
    if not isinstance(schema, dict):
        return None if schema is False else WORD
    if "$ref" in schema:
        return example(_resolve(root, str(schema["$ref"])), root)
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            branches = schema[key]
            chosen = next((b for b in branches if b.get("type") != "null"), branches[0])
            return example(chosen, root)
    if schema.get("allOf"):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            merged.update(_resolve(root, part["$ref"]) if "$ref" in part else part)
        return example(merged, root)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "array" if "items" in schema else None
    return _typed(kind, schema, root)


def _typed(kind: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    if kind == "object":
        properties: dict[str, Any] = schema.get("properties") or {}
        wanted = schema.get("required") or list(properties)
        return {name: example(properties.get(name, {}), root) for name in wanted}
    if kind == "array":
        prefix = schema.get("prefixItems") or []
        items = [example(item, root) for item in prefix]
        count = max(int(schema.get("minItems", 1)), len(items))
        count = min(count, int(schema.get("maxItems", count)))
        extra = schema.get("items", {})
        while len(items) < count and extra is not False:
            items.append(example(extra, root))
        return items[:count]
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", -1) + 1))
    if kind == "number":
        return float(schema.get("minimum", 0.0))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    text = WORD
    length = int(schema.get("minLength", 0))
    return (text * (length // len(text) + 1))[: max(length, len(text))]


def _resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        if part:
            node = node.get(part, {}) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def fault_of(call: Call) -> FaultSpec | None:
    """The fault injected for this request, if any (its generation knobs apply here)."""
    from ._injection import FAULT_SCOPE_KEY

    fault: FaultSpec | None = call.request.scope.get(FAULT_SCOPE_KEY)
    return fault


def json_plan(params: dict[str, Any], fault: FaultSpec | None, room: int | None) -> Plan | None:
    """The plan of a constrained answer: the schema's simplest JSON, cut at `max_tokens` (or
    the context); None for free text (no schema, or the `ignore_schema` fault)."""
    schema = requested_schema(params)
    if schema is None or (fault is not None and fault.ignore_schema):
        return None
    pieces = tuple(_PIECES.findall(json.dumps(example(schema))))
    limit = params.get("max_tokens")
    if room is not None:
        limit = room if limit is None else min(limit, room)
    if limit is not None and len(pieces) > limit:
        return Plan(pieces[:limit], limit, "length", "max_new_tokens")
    return Plan(pieces, len(pieces), "stop", "stop_token")


def tool_calls(
    params: dict[str, Any], fault: FaultSpec | None, text_of: Any
) -> list[dict[str, Any]] | None:
    """The tool calls of a chat answer (None: it answers with text); `text_of` reads a
    message's content."""
    functions = [tool["function"] for tool in params.get("tools") or []]
    choice = params.get("tool_choice")
    messages = params.get("messages") or []
    if not functions or choice == "none":
        return None
    if fault is not None and fault.tool_call is not None:
        return [_call(0, fault.tool_call["name"], fault.tool_call.get("arguments", "{}"))]
    if (messages and messages[-1].get("role") == "tool") or (
        fault is not None and fault.ignore_tool_choice
    ):
        return None
    if isinstance(choice, dict):
        chosen = [f for f in functions if f["name"] == choice["function"]["name"]][:1]
    else:
        last = text_of(messages[-1].get("content")) if messages else ""
        chosen = [f for f in functions if f["name"] in last] or functions[:1]
    return [
        _call(index, f["name"], json.dumps(example(f.get("parameters") or {"type": "object"})))
        for index, f in enumerate(chosen)
    ] or None


def _call(index: int, name: str, arguments: str) -> dict[str, Any]:
    return {
        "id": f"call_{uuid.uuid4().hex[:24]}",
        "function": {"name": name, "arguments": arguments},
        "type": "function",
        "index": index,
    }
