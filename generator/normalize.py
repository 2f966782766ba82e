"""Turn TabbyAPI's exported OpenAPI document into the one fed to openapi-python-client.

The fixes are data: `operations.yaml` names and groups the operations, `overlay.yaml` (an OpenAPI
Overlay) declares SSE responses, stream-event schemas and error bodies. This module applies them,
plus a few rules that are derived from the spec itself rather than listed (auth from header
parameters, request defaults, titles, dangling references). Every rule that finds nothing to do
on a given spec says so in a notice instead of failing, so older and newer TabbyAPI specs work.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonpath
from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
AUTH_HEADERS = {"x-api-key", "x-admin-key", "authorization"}

#: Security requirements per auth class (`x-tabby-auth`), alternatives in preference order.
SECURITY = {
    "none": [],
    "api": [{"ApiKey": []}, {"Bearer": []}],
    "admin": [{"AdminKey": []}, {"Bearer": []}],
    "listing": [{"AdminKey": []}, {"ApiKey": []}, {"Bearer": []}],
}
SECURITY_SCHEMES = {
    "ApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "x-api-key",
        "description": "TabbyAPI api key (the admin key is accepted here too).",
    },
    "AdminKey": {
        "type": "apiKey",
        "in": "header",
        "name": "x-admin-key",
        "description": "TabbyAPI admin key, for admin operations and admin listings.",
    },
    "Bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "`Authorization: Bearer <api or admin key>`; works everywhere.",
    },
}

Json = dict[str, Any]


class Notices(list[str]):
    """What the normaliser skipped or decided on its own, printed for the person regenerating."""

    def add(self, message: str) -> None:
        self.append(message)


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def operations(spec: Json) -> Iterator[tuple[str, str, Json]]:
    """Yield (METHOD, path, operation) in document order."""
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


# ---- operation table: tags, names, aliases ------------------------------------------------


def fastapi_function_name(op: Json, method: str, path: str) -> str:
    """FastAPI's operationId is `<function>_<path with _>_<method>`: recover `<function>`."""
    op_id = op.get("operationId") or f"{method}_{path}"
    suffix = re.sub(r"\W", "_", path) + "_" + method.lower()
    name = op_id[: -len(suffix)] if op_id.endswith(suffix) else op_id
    return re.sub(r"\W+", "_", name).strip("_").lower() or method.lower()


def alias_name(canonical_key: str, canonical_name: str, method: str, path: str) -> str:
    """The alias rule: `_via_<method>` if only the method differs, else the last 2 segments."""
    canonical_path = canonical_key.split(" ", 1)[1]
    if canonical_path == path:
        return f"{canonical_name}_via_{method.lower()}"
    tail = [s for s in path.split("/") if s][-2:]
    return f"{canonical_name}_via_" + "_".join(re.sub(r"\W+", "_", s) for s in tail)


def tag_for(path: str, rules: dict[str, str]) -> str:
    matches = [p for p in rules if path == p or path.startswith(p.rstrip("/") + "/")]
    return rules[max(matches, key=len)] if matches else "misc"


def apply_operation_table(spec: Json, table: Json, notices: Notices) -> None:
    """Give each operation its tag and readable operationId; record table facts as x-tabby-*."""
    entries: dict[str, Json] = table["operations"]
    present = {f"{m} {p}": op for m, p, op in operations(spec)}
    for key in entries:
        if key not in present:
            notices.add(f"operations.yaml: {key} is not in this spec; skipped")
    taken: set[tuple[str, str]] = set()
    # Canonical entries first so aliases can refer to their names.
    ordered = sorted(present.items(), key=lambda kv: "alias_of" in entries.get(kv[0], {}))
    for key, op in ordered:
        method, path = key.split(" ", 1)
        entry = entries.get(key)
        if entry is None:
            tag = tag_for(path, table["tag_rules"])
            name = fastapi_function_name(op, method, path)
            notices.add(
                f"{key} is not in operations.yaml: generated as {tag}.{name} (fallback rule)"
            )
            entry = {"tag": tag, "name": name, "facade": name}
        elif "alias_of" in entry:
            canonical = present.get(entry["alias_of"])
            if canonical is None:
                entry = {**entry, "name": fastapi_function_name(op, method, path)}
                notices.add(
                    f"{key}: alias target {entry['alias_of']} absent; named {entry['name']}"
                )
            else:
                name = alias_name(entry["alias_of"], canonical["operationId"], method, path)
                entry = {**entry, "name": name}
                op["description"] = (
                    f"Alias of `{entry['alias_of']}`. " + op.get("description", "")
                ).strip()
        tag, name = entry["tag"], entry["name"]
        if (tag, name) in taken:
            name = f"{name}_{method.lower()}_" + "_".join(re.findall(r"\w+", path))
            notices.add(f"{key}: name taken, renamed to {name}")
        taken.add((tag, name))
        op["tags"] = [tag]
        op["operationId"] = name
        if entry.get("facade"):
            op["x-tabby-facade"] = entry["facade"]
        if entry.get("alias_of"):
            op["x-tabby-alias-of"] = entry["alias_of"]
        if entry.get("raw_only"):
            op["x-tabby-raw-only"] = entry["raw_only"]
        if entry.get("admin_view"):
            op["x-tabby-admin-view"] = True
        if entry.get("admin_when"):
            op["x-tabby-admin-when"] = entry["admin_when"]
        helpers = table.get("helper_methods", {})
        for helper in entry.get("helpers", []):
            if helper not in helpers:
                raise SystemExit(f"operations.yaml: {key} names an unknown helper {helper!r}")
        if entry.get("helpers"):
            op["x-tabby-helpers"] = list(entry["helpers"])


# ---- auth ---------------------------------------------------------------------------------


def derive_auth(spec: Json) -> None:
    """Auth class from the header parameters FastAPI exported; declare it as OpenAPI security.

    An operation reading `x-admin-key` is admin, one reading `x-api-key` is api, one reading
    neither needs no key; admin-view listings are `listing` (they read both). The key headers
    are removed as parameters: the client sends them from its configuration, not per call.
    """
    for _, _, op in operations(spec):
        params = op.get("parameters", [])
        headers = {p["name"].lower() for p in params if p.get("in") == "header"}
        if "x-admin-key" in headers:
            auth = "admin"
        elif "x-api-key" in headers or "authorization" in headers:
            auth = "listing" if op.get("x-tabby-admin-view") else "api"
        else:
            auth = "none"
        op["x-tabby-auth"] = auth
        op["security"] = copy.deepcopy(SECURITY[auth])
        kept = [
            p for p in params if not (p.get("in") == "header" and p["name"].lower() in AUTH_HEADERS)
        ]
        if kept:
            op["parameters"] = kept
        else:
            op.pop("parameters", None)
    spec.setdefault("components", {})["securitySchemes"] = copy.deepcopy(SECURITY_SCHEMES)


# ---- overlay ------------------------------------------------------------------------------


def merge(target: Any, update: Any) -> Any:
    """Overlay merge: objects merge recursively, arrays append, anything else is replaced."""
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    if isinstance(target, list):
        target.extend(
            copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)]
        )
        return target
    return copy.deepcopy(update)


def apply_overlay(spec: Json, overlay: Json, notices: Notices, stage: str = "spec") -> None:
    """Apply OpenAPI Overlay 1.0 actions (JSONPath targets, `update` or `remove`) in order.

    Actions marked `x-tabby-stage: answers` run in a second pass, after the answer-side copies
    of shared schemas exist (`split_output_schemas`), so they can narrow those copies only.
    """
    for action in overlay.get("actions", []):
        if action.get("x-tabby-stage", "spec") != stage:
            continue
        target = action["target"]
        matches = list(jsonpath.finditer(target, spec))
        if not matches:
            notices.add(f"overlay: no match for {target}; skipped")
            continue
        for match in reversed(matches):  # reversed keeps list indices valid on removal
            if action.get("remove"):
                parent = match.parent.obj if match.parent else None
                key = match.parts[-1]
                if isinstance(parent, dict):
                    parent.pop(key, None)
                elif isinstance(parent, list):
                    parent.pop(int(key))
            else:
                merge(match.obj, action.get("update", {}))


# ---- derived schema rules -----------------------------------------------------------------


def refs_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs_in(value)


def request_schemas(spec: Json) -> set[str]:
    """Names of component schemas reachable from any request body."""
    bodies = [op.get("requestBody") for _, _, op in operations(spec)]
    return reachable(spec, [ref for body in bodies for ref in refs_in(body)])


def reachable(spec: Json, roots: Iterator[str] | list[str]) -> set[str]:
    """Names of the component schemas reachable from these `$ref`s (transitively)."""
    schemas = spec.get("components", {}).get("schemas", {})
    todo = list(roots)
    seen: set[str] = set()
    while todo:
        name = todo.pop().rsplit("/", 1)[-1]
        if name in schemas and name not in seen:
            seen.add(name)
            todo.extend(refs_in(schemas[name]))
    return seen


def response_schemas(spec: Json) -> tuple[set[str], set[str]]:
    """(schemas FastAPI serialises as 200 JSON answers, schemas of SSE stream events)."""
    json_roots: list[str] = []
    event_roots: list[str] = []
    for _, _, op in operations(spec):
        content = op.get("responses", {}).get("200", {}).get("content", {})
        json_roots.extend(refs_in(content.get("application/json", {})))
        event_roots.extend(refs_in(content.get("text/event-stream", {}).get("itemSchema", {})))
    return reachable(spec, json_roots), reachable(spec, event_roots)


def split_output_schemas(spec: Json) -> None:
    """Give a schema used by requests and by answers (JSON or stream events) an output copy,
    `<Name>Output`.

    The answer side is then made complete (`complete_answers`) while the request side keeps its
    optional fields; references from the answer side move to the copy.
    """
    schemas = spec.get("components", {}).get("schemas", {})
    answers, events = response_schemas(spec)
    shared = sorted((answers | events) & request_schemas(spec))
    if not shared:
        return
    copies = {name: f"{name}Output" for name in shared}
    for name, copy_name in copies.items():
        if copy_name in schemas:
            raise SystemExit(f"normalize: cannot split {name}: {copy_name} already exists")
        schemas[copy_name] = copy.deepcopy(schemas[name])
        schemas[copy_name]["title"] = copy_name
    retarget = {f"#/components/schemas/{a}": f"#/components/schemas/{b}" for a, b in copies.items()}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref in retarget:
                node["$ref"] = retarget[ref]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in answers | events:
        walk(schemas[copies.get(name, name)])
    for _, _, op in operations(spec):
        content = op.get("responses", {}).get("200", {}).get("content", {})
        walk(content.get("application/json"))
        walk(content.get("text/event-stream", {}).get("itemSchema"))


def prune_output_copies(spec: Json) -> None:
    """Drop answer-side copies that nothing refers to any more (the overlay narrowed them away)."""
    schemas = spec.get("components", {}).get("schemas", {})
    while True:
        used = {ref.rsplit("/", 1)[-1] for ref in refs_in(spec.get("paths", {}))}
        used |= {
            ref.rsplit("/", 1)[-1]
            for name, schema in schemas.items()
            for ref in refs_in(schema)
            if ref.rsplit("/", 1)[-1] != name
        }
        unused = [n for n in schemas if n.endswith("Output") and n not in used]
        if not unused:
            return
        for name in unused:
            del schemas[name]


def nullable(prop: Json) -> bool:
    """Whether a property's schema admits JSON null."""
    branches = prop.get("anyOf", prop.get("oneOf", [prop]))
    return any(b.get("type") == "null" or b.get("const", 0) is None for b in branches)


def make_nullable(prop: Json) -> None:
    """Add a `null` branch to a property schema (in place), keeping its title and description."""
    if "anyOf" in prop or "oneOf" in prop:
        prop.setdefault("anyOf", prop.pop("oneOf", None)).append({"type": "null"})
        return
    meta = {k: prop.pop(k) for k in ("title", "description", "default") if k in prop}
    branch = dict(prop)
    prop.clear()
    prop.update({"anyOf": [branch, {"type": "null"}], **meta})


def complete_answers(spec: Json) -> None:
    """Make every answer-side schema complete, and say how a field an answer lacks is read.

    The server always sends every field of a schema FastAPI serialises as a JSON answer; stream
    events are built by hand, so for schemas reachable only from events the declared `required`
    (the overlay's) is what it always sends. That set is recorded as `x-tabby-always` (what the
    opt-in strict reading insists on). Every field then becomes required in the generated model,
    so no answer attribute is `Unset`: a field the server may leave out is typed `X | None`.

    Older servers, newer ones and proxies leave fields out that the pinned server sends, so
    `x-tabby-fallbacks` records what a missing field reads as: the spec's default, else None
    where the field is nullable. A field with neither (a completion's `choices`) has no
    fallback: an answer without it cannot mean anything and fails to decode.
    """
    schemas = spec.get("components", {}).get("schemas", {})
    answers, events = response_schemas(spec)
    for name in sorted(answers | events):
        properties = schemas[name].get("properties")
        if properties is None:
            continue
        always = list(properties) if name in answers else schemas[name].get("required", [])
        fallbacks: Json = {}
        for key, prop in properties.items():
            if "default" in prop:
                fallbacks[key] = prop["default"]
            elif nullable(prop):
                fallbacks[key] = None
            elif key not in always:
                make_nullable(prop)
                fallbacks[key] = None
        schemas[name]["required"] = list(properties)
        schemas[name]["x-tabby-always"] = [key for key in properties if key in always]
        schemas[name]["x-tabby-fallbacks"] = fallbacks


def refuse_null(spec: Json) -> None:
    """Drop the `null` branch of request fields marked `x-tabby-not-null` (by the overlay, from
    what the real server answered: tests/fixtures/null_request_fields.json): the spec admits
    null there, but the server fails on it, so the types do not offer it."""
    for schema in spec.get("components", {}).get("schemas", {}).values():
        for prop in schema.get("properties", {}).values():
            if prop.pop("x-tabby-not-null", False) and "anyOf" in prop:
                prop["anyOf"] = [b for b in prop["anyOf"] if b.get("type") != "null"]
                if len(prop["anyOf"]) == 1:
                    prop.update(prop.pop("anyOf")[0])


def document_defaults(spec: Json) -> None:
    """Move server defaults out of `default` into the description where a client must not send them.

    In request models a generated default would be sent with every request, overriding the
    server's own defaults and its sampler-override presets; `default: {}` on a nullable object
    also makes openapi-python-client drop `POST /v1/chat/completions`. In responses, only
    object/array defaults go (the generator cannot express them). The description keeps the value.
    """
    schemas = spec.get("components", {}).get("schemas", {})
    in_requests = request_schemas(spec)
    for name, schema in schemas.items():
        for prop in schema.get("properties", {}).values():
            if "default" not in prop:
                continue
            if name in in_requests or isinstance(prop["default"], (dict, list)):
                value = json.dumps(prop.pop("default"))
                note = f"Server default: `{value}`."
                prop["description"] = (
                    f"{prop['description']} {note}" if prop.get("description") else note
                )


def const_branches_to_enums(spec: Json) -> None:
    """`anyOf: [{type: string, const: "auto"}, {type: number}]` becomes an `enum` branch.

    openapi-python-client parses a `const` union member without try/except, so a number in
    `rope_alpha` (whose other branch is "auto") fails client-side; a one-value enum is tried in
    turn like the other members.
    """

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for branch in node.get("anyOf", []):
                if isinstance(branch, dict) and "const" in branch and "enum" not in branch:
                    branch["enum"] = [branch.pop("const")]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec.get("components", {}))


def unique_titles(spec: Json) -> None:
    """Title each component schema by its key, so FastAPI's `X-Input`/`X-Output` pairs differ."""
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        schema["title"] = re.sub(r"[^0-9A-Za-z]+", "", name.title() if "-" in name else name)


def replace_dangling_refs(spec: Json, notices: Notices) -> None:
    """A `$ref` to a schema this spec lacks (an enrichment for another version) becomes `{}`."""
    schemas = spec.get("components", {}).get("schemas", {})

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            dangling = isinstance(ref, str) and ref.rsplit("/", 1)[-1] not in schemas
            if dangling and str(ref).startswith("#/components/schemas/"):
                notices.add(f"{where}: {ref} is not in this spec; typed as a free-form object")
                node.clear()
                node.update({"type": "object", "additionalProperties": True})
                return
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(spec, "#")


def normalize(spec: Json, table: Json, overlay: Json) -> tuple[Json, Notices]:
    """Return the normalised copy of `spec` and the notices explaining what was skipped."""
    spec = copy.deepcopy(spec)
    notices = Notices()
    apply_operation_table(spec, table, notices)
    # The helper methods' definitions, for the facade generator (generator/facade.py).
    spec["x-tabby-helper-methods"] = copy.deepcopy(table.get("helper_methods", {}))
    spec["x-tabby-helper-imports"] = copy.deepcopy(table.get("helper_imports", {}))
    derive_auth(spec)
    apply_overlay(spec, overlay, notices)
    split_output_schemas(spec)
    apply_overlay(spec, overlay, notices, stage="answers")
    prune_output_copies(spec)
    complete_answers(spec)
    refuse_null(spec)
    document_defaults(spec)
    const_branches_to_enums(spec)
    unique_titles(spec)
    replace_dangling_refs(spec, notices)
    return spec, notices


def normalize_file(source: Path) -> tuple[Json, Notices]:
    spec = json.loads(source.read_text(encoding="utf-8"))
    return normalize(spec, load_yaml(HERE / "operations.yaml"), load_yaml(HERE / "overlay.yaml"))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python generator/normalize.py SPEC OUT", file=sys.stderr)
        return 2
    spec, notices = normalize_file(Path(argv[0]))
    Path(argv[1]).write_text(
        json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for notice in notices:
        print(f"notice: {notice}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
