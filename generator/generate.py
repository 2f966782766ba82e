"""Regenerate the raw client: normalise a TabbyAPI spec, run openapi-python-client, index it.

    python generator/generate.py [--spec openapi/tabbyapi.json] [--out generated]

writes `<out>/tabbyapi.normalized.json` (what the generator was fed), `<out>/tabbyapi_client/`
(the generated package, formatted) and `<out>/tabbyapi_client/operations.json`, the per-operation
table (auth, streaming, models) that `tabby_ext` reads instead of keeping its own list.
Any generator warning fails the run, so no operation can be dropped silently.
"""

from __future__ import annotations

import argparse
import ast
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from facade import facade_methods, field_table, write_facade
from normalize import HERE, Json, normalize_file, operations

ROOT = HERE.parent
PACKAGE = "tabbyapi_client"


def run(*args: str, cwd: Path | None = None) -> str:
    """Run a tool from this interpreter's environment; fail loudly with its output."""
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return proc.stdout + proc.stderr


def tool(name: str) -> str:
    """Path of a console script installed beside the running interpreter."""
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: run `make install` first")
    return found


def model_index(package: Path) -> dict[str, str]:
    """Map each generated model class to its module, read from `models/__init__.py`."""
    tree = ast.parse((package / "models" / "__init__.py").read_text(encoding="utf-8"))
    index: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                index[alias.name] = f"{PACKAGE}.models.{node.module}"
    return index


def schema_ref(schema: Any) -> str | None:
    """The component name a body/response schema refers to, if it is a plain `$ref`."""
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    return None


def field_kind(prop: Json, schemas: Json) -> list[Any] | None:
    """How a fast decoder treats one property: `["plain"]`, `["model", Name]`, `["list", Name]`
    (`?` suffix: may be null), or None when only the generated `from_dict` gets it right."""

    def is_model(name: str) -> bool:
        target = schemas.get(name, {})
        return target.get("type") == "object" or "properties" in target

    def plain(node: Json) -> bool:
        if "$ref" in node or node.get("format") in ("date-time", "date", "binary"):
            return False
        if node.get("type") == "object":  # inline objects become generated classes
            return False
        if node.get("type") == "array":
            return plain(node.get("items", {}))
        if "anyOf" in node or "oneOf" in node or "allOf" in node:
            return all(plain(n) for n in node.get("anyOf", node.get("oneOf", node.get("allOf"))))
        return "enum" not in node or node.get("type") == "string"

    nullable = False
    node = prop
    if len(prop.get("allOf", [])) == 1:  # `allOf: [$ref]`, which lets a reference carry a default
        node = prop = prop["allOf"][0]
    if "anyOf" in prop:
        branches = [b for b in prop["anyOf"] if b.get("type") != "null"]
        nullable = len(branches) < len(prop["anyOf"])
        if len(branches) != 1:
            return ["plain"] if all(plain(b) for b in branches) else None
        node = branches[0]
    suffix = "?" if nullable else ""
    ref = schema_ref(node)
    if ref is not None:
        return (
            [f"model{suffix}", ref] if is_model(ref) else ["plain"] if plain(schemas[ref]) else None
        )
    items_ref = schema_ref(node.get("items")) if node.get("type") == "array" else None
    if items_ref is not None:
        return [f"list{suffix}", items_ref] if is_model(items_ref) else None
    return ["plain"] if plain(node) else None


def decode_plans(spec: Json, roots: set[str], classes: dict[str, str]) -> dict[str, Any]:
    """Per model class reachable from `roots`: its fields and how to decode each, for tabby_ext's
    fast typed decoder; `fields` is null where the model must go through its own `from_dict`.

    A field is `[key, kind, model or null, always sent, fallback?]`: the fallback (the normaliser's
    `x-tabby-fallbacks`) is what a missing key reads as; without one, a missing key is an error.
    """
    schemas = spec["components"]["schemas"]
    plans: dict[str, Any] = {}
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name in plans or name not in schemas:
            continue
        schema = schemas[name]
        fields: list[Any] | None = []
        for key, prop in schema.get("properties", {}).items():
            kind = field_kind(prop, schemas)
            if kind is None or fields is None:
                fields = None
                continue
            target = None
            if len(kind) > 1:
                todo.append(kind[1])
                target = schemas[kind[1]]["title"]
            always = key in schema.get("x-tabby-always", schema.get("required", []))
            fallbacks = schema.get("x-tabby-fallbacks", {})
            fallback = [fallbacks[key]] if key in fallbacks else []
            fields.append([key, kind[0], target, always, *fallback])
        title = schema["title"]
        plans[name] = {"module": classes[title], "class": title, "fields": fields}
    return {plan["class"]: plan for plan in plans.values()}


def credential_headers(spec: Json) -> dict[str, str]:
    """The header each kind of credential travels in, from the normalised security schemes:
    `api_key`, `admin_key` and `bearer_token` (the client's argument names)."""
    schemes = spec.get("components", {}).get("securitySchemes", {})
    kinds = {"ApiKey": "api_key", "AdminKey": "admin_key", "Bearer": "bearer_token"}
    headers = {}
    for scheme, kind in kinds.items():
        declared = schemes[scheme]
        if declared["type"] == "http" and declared.get("scheme") == "bearer":
            headers[kind] = "authorization"
        else:
            assert declared["type"] == "apiKey" and declared["in"] == "header", declared
            headers[kind] = declared["name"].lower()
    return headers


def answer_statuses(op: Json) -> list[int]:
    """The non-200 statuses an operation declares with its 200 answer's own JSON schema."""
    responses = op.get("responses", {})

    def schema(status: str) -> Any:
        content = responses.get(status, {}).get("content", {})
        return content.get("application/json", {}).get("schema")

    ok = schema("200")
    return [int(s) for s in responses if s != "200" and ok is not None and schema(s) == ok]


def operation_table(spec: Json, package: Path) -> dict[str, Any]:
    """The machine-readable per-operation table `tabby_ext` is driven by."""
    classes = model_index(package)
    schemas = spec["components"]["schemas"]

    def model(name: str | None) -> dict[str, str] | None:
        if name is None:
            return None
        class_name = schemas[name]["title"]
        return {"module": classes[class_name], "class": class_name}

    table: dict[str, Any] = {}
    for method, path, op in operations(spec):
        tag, name = op["tags"][0], op["operationId"]
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        request = schema_ref(body.get("schema"))
        ok = op.get("responses", {}).get("200", {}).get("content", {})
        stream = op.get("x-tabby-stream")
        auth = op["x-tabby-auth"]
        table[f"{method} {path}"] = {
            "method": method,
            "path": path,
            "tag": tag,
            "name": name,
            "module": f"{PACKAGE}.api.{tag}.{name}",
            "facade": op.get("x-tabby-facade"),
            "alias_of": op.get("x-tabby-alias-of"),
            "raw_only": op.get("x-tabby-raw-only"),
            "auth": auth,
            # A request field that, when given, makes the call need the admin key too.
            "admin_when": op.get("x-tabby-admin-when"),
            # Every admin-key operation of TabbyAPI changes server state: never retried blindly.
            "mutates": auth == "admin",
            "request": model(request),
            "request_fields": list(schemas[request].get("properties", {})) if request else [],
            "request_required": schemas[request].get("required", []) if request else [],
            "response": model(schema_ref(ok.get("application/json", {}).get("schema"))),
            # Error statuses whose body is the answer too (an unhealthy /health's 503).
            "answer_statuses": answer_statuses(op),
            "stream": stream
            and {
                **{k: stream.get(k) for k in ("framing", "when", "field", "terminator")},
                **{k: stream.get(k) for k in ("end_when", "error_field", "text")},
                "event": model(stream["event"] if stream["event"] in schemas else None),
            },
        }
    ops = {f"{m} {p}": op for m, p, op in operations(spec)}
    helpers = spec.get("x-tabby-helper-methods", {})
    for key, row in table.items():
        row["facade_methods"] = facade_methods(row)
        row["helpers"] = {h: helpers[h]["mode"] for h in ops[key].get("x-tabby-helpers", [])}
        row["fields"] = field_table(spec, row, ops[key])
        row["aliases"] = {a: name for name, f in row["fields"].items() for a in f["aliases"]}
    roots = {
        ref["class"]
        for row in table.values()
        for ref in (row["response"], row["stream"] and row["stream"]["event"])
        if ref
    }
    return {
        "title": spec["info"].get("title"),
        "version": spec["info"].get("version"),
        "credentials": credential_headers(spec),
        "operations": table,
        "decoders": decode_plans(spec, roots, classes),
    }


def generate(spec_path: Path, out: Path) -> list[str]:
    """Generate into `out`; return the normaliser's notices."""
    spec, notices = normalize_file(spec_path)
    out.mkdir(parents=True, exist_ok=True)
    normalized = out / "tabbyapi.normalized.json"
    normalized.write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    package = out / PACKAGE
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / PACKAGE
        log = run(
            tool("openapi-python-client"),
            "generate",
            "--path",
            str(normalized),
            "--config",
            str(HERE / "config.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(staging),
            "--fail-on-warning",
            "--custom-template-path",
            str(HERE / "templates"),
        )
        if "warning" in log.lower():
            sys.stderr.write(log)
            raise SystemExit("openapi-python-client reported warnings")
        ruff, config = tool("ruff"), str(HERE / "ruff-generated.toml")
        run(ruff, "check", "--quiet", "--fix-only", "--config", config, str(staging))
        run(ruff, "format", "--quiet", "--config", config, str(staging))
        (staging / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")
        table = operation_table(spec, staging)
        write_facade(spec, table["operations"], model_index(staging), staging)
        run(ruff, "check", "--quiet", "--fix-only", "--config", config, str(staging))
        run(ruff, "format", "--quiet", "--config", config, str(staging))
        (staging / "operations.json").write_text(
            json.dumps(table, indent=1) + "\n", encoding="utf-8"
        )
        if package.exists():
            shutil.rmtree(package)
        shutil.copytree(staging, package)
    return notices


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "openapi" / "tabbyapi.json")
    parser.add_argument("--out", type=Path, default=ROOT / "generated")
    args = parser.parse_args()
    for notice in generate(args.spec, args.out):
        print(f"notice: {notice}", file=sys.stderr)
    count = sum(1 for _ in (args.out / PACKAGE / "api").glob("*/*.py") if _.name != "__init__.py")
    print(f"generated {count} operation modules into {args.out / PACKAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
