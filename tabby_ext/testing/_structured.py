"""Structured answers of the fake server: deterministic JSON that satisfies a request's schema.

TabbyAPI constrains generation with a JSON Schema from `json_schema`, or from `response_format`
(`"json"`: any object; `"json_schema"`: its schema, OpenAI's `{"name", "schema"}` wrapper
unwrapped), endpoints/OAI/router.py and backends/exllamav3/grammar.py. The fake answers with the
simplest value the schema allows (the first enum member, the minimum, one item per list, the
required properties), so tests can tell what was asked for from what came back.
"""

from __future__ import annotations

from typing import Any

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
