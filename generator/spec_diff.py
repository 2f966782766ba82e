"""Readable report of what changed between two TabbyAPI specs (`make spec-diff OLD=... NEW=...`).

Lists operations added/removed/changed and, per component schema, the fields added, removed or
changed (type or required-ness), so an upgrade can be reviewed before regenerating.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

Json = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")


def type_of(schema: Any) -> str:
    """A short type expression: `integer | null`, `array[ChatCompletionMessage]`, ..."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return " | ".join(type_of(s) for s in schema[key])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array[{type_of(schema.get('items'))}]"
    if isinstance(kind, list):
        return " | ".join(kind)
    return str(kind)


def operation_index(spec: Json) -> dict[str, str]:
    """`METHOD /path` -> a signature (request and 200 response types) to compare."""
    index = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                op = item[method]
                body = op.get("requestBody", {}).get("content", {})
                ok = op.get("responses", {}).get("200", {}).get("content", {})
                request = ", ".join(type_of(m.get("schema")) for m in body.values()) or "-"
                response = ", ".join(type_of(m.get("schema")) for m in ok.values()) or "-"
                index[f"{method.upper()} {path}"] = f"{request} -> {response}"
    return index


def fields(schema: Json) -> dict[str, str]:
    required = set(schema.get("required", []))
    return {
        name: type_of(prop) + (" (required)" if name in required else "")
        for name, prop in schema.get("properties", {}).items()
    }


def diff(old: Json, new: Json) -> list[str]:
    lines: list[str] = []
    old_ops, new_ops = operation_index(old), operation_index(new)
    for key in sorted(new_ops.keys() - old_ops.keys()):
        lines.append(f"+ operation {key}: {new_ops[key]}")
    for key in sorted(old_ops.keys() - new_ops.keys()):
        lines.append(f"- operation {key}")
    for key in sorted(old_ops.keys() & new_ops.keys()):
        if old_ops[key] != new_ops[key]:
            lines.append(f"~ operation {key}: {old_ops[key]}  =>  {new_ops[key]}")
    old_s = old.get("components", {}).get("schemas", {})
    new_s = new.get("components", {}).get("schemas", {})
    for name in sorted(new_s.keys() - old_s.keys()):
        lines.append(f"+ schema {name} ({', '.join(fields(new_s[name])) or 'no fields'})")
    for name in sorted(old_s.keys() - new_s.keys()):
        lines.append(f"- schema {name}")
    for name in sorted(old_s.keys() & new_s.keys()):
        before, after = fields(old_s[name]), fields(new_s[name])
        for field in sorted(after.keys() - before.keys()):
            lines.append(f"+ field {name}.{field}: {after[field]}")
        for field in sorted(before.keys() - after.keys()):
            lines.append(f"- field {name}.{field}: {before[field]}")
        for field in sorted(before.keys() & after.keys()):
            if before[field] != after[field]:
                lines.append(f"~ field {name}.{field}: {before[field]}  =>  {after[field]}")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python generator/spec_diff.py OLD.json NEW.json", file=sys.stderr)
        return 2
    old, new = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv)
    lines = diff(old, new)
    print(f"spec diff {argv[0]} -> {argv[1]}: {len(lines)} change(s)")
    print("\n".join(lines) if lines else "no differences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
