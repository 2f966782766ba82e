"""The facade's typed surface, generated from the normalised spec and the operation table.

Writes into the generated package:

* `params.py`: a `TypedDict` per request-side schema (`ChatCompletionMessageParam`, ...) so plain
  dicts are checked where the spec nests objects, plus `<Request>Aliases` for the field names the
  server also accepts (`max_length` for `max_tokens`);
* `facade/sync_services.py`, `facade/async_services.py`: one class per tag with a real method per
  facade call (parameters, types, docstring from the spec), and `Services` / `AsyncServices`, the
  client mixins that carry one attribute per tag;
* `facade/sync_helpers.py`, `facade/async_helpers.py`: the helper methods an operation's row
  names (operations.yaml `helper_methods`: `chat.parse`, `chat.run_tools`, ...), each with the
  operation's own signature minus the fields it decides, plus its own parameters, overloads and
  return type; a service finds them on first use (tabby_ext._contract.Service).

Nothing here is hand-listed per operation: a new operation, field or tag in the spec gets its
method, parameter or service on the next `make generate`.
"""

from __future__ import annotations

import dataclasses
import json
import keyword
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tabby_ext._contract import CallOptions

Json = dict[str, Any]

#: Options every facade method takes besides the request's fields: annotation and doc, read
#: from the hand-written contract the generated services import (tabby_ext/_contract.py).
CALL_OPTIONS = {f.name: (str(f.type), f.metadata["doc"]) for f in dataclasses.fields(CallOptions)}
#: Prefix of a call option whose name a request field already uses (`timeout` on a download).
OPTION_PREFIX = "request_"
ALIASES = re.compile(r"Aliases:\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\.?\s*")
SERVER_DEFAULT = re.compile(r"\s*Server default: `(.*?)`\.")
RAISES = [
    ("RequestValidationError", "the arguments cannot form a valid request (nothing was sent)."),
    (
        "APIStatusError",
        "the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,"
        " `ServiceUnavailableError`, ...).",
    ),
    (
        "APIConnectionError",
        "the server could not be reached or the connection broke (`APITimeoutError`: timed out).",
    ),
    ("ResponseDecodeError", "the answer is not what the spec promises."),
]
STREAM_RAISES = [
    ("StreamError", "while iterating: the server reported an error inside the stream."),
    ("IncompleteStreamError", "while iterating: the stream ended before its end marker."),
]


class GeneratorError(SystemExit):
    """A spec the facade cannot be generated from: fail loudly, never guess."""


@dataclasses.dataclass
class Field:
    """One request field as a facade parameter."""

    name: str  # JSON key
    param: str  # Python parameter name
    schema: Json
    required: bool
    description: str
    default: Any
    has_default: bool
    aliases: list[str]


@dataclasses.dataclass
class Method:
    """One facade method: an operation called, streamed or drained."""

    key: str
    tag: str
    name: str
    mode: str  # "call" | "stream" | "drain"
    op: Json
    row: Json
    fields: list[Field]
    options: dict[str, str]  # call option -> parameter name
    aliases: dict[str, str]  # alias -> canonical field
    #: A helper method's definition (operations.yaml `helper_methods`); None: the operation's own.
    helper: Json | None = None


def service_class(tag: str) -> str:
    return "".join(part.capitalize() for part in tag.split("_"))


def python_name(name: str) -> str:
    """A parameter name for JSON key `name` (`from` -> `from_`)."""
    clean = re.sub(r"\W", "_", name)
    if not clean.isidentifier() or keyword.iskeyword(clean) or clean == "self":
        clean = f"{clean}_"
    return clean


def facade_methods(row: Json) -> dict[str, str]:
    """Facade method name -> mode for one operation-table row.

    An operation that streams when its request says so gives `name` (JSON answer) and
    `name_stream`; one that always streams gives `name_stream` and, unless its name already ends
    in `_stream`, `name`, which reads the whole stream and returns its last event.
    """
    name, stream = row["facade"], row["stream"]
    if not name:
        return {}
    if stream is None:
        return {name: "call"}
    if stream["when"] == "always":
        if name.endswith("_stream"):
            return {name: "stream"}
        return {name: "drain", f"{name}_stream": "stream"}
    return {name: "call", f"{name}_stream": "stream"}


def split_description(text: str) -> tuple[str, list[str], Any, bool]:
    """(description, aliases, server default, has default) from a normalised field description."""
    aliases: list[str] = []
    match = ALIASES.search(text)
    if match:
        aliases = [a.strip() for a in match.group(1).split(",")]
        text = text[: match.start()] + text[match.end() :]
    default, has_default = None, False
    match = SERVER_DEFAULT.search(text)
    if match:
        default, has_default = json.loads(match.group(1)), True
        text = text[: match.start()] + text[match.end() :]
    return " ".join(text.split()), aliases, default, has_default


class Types:
    """Python type expressions for schema nodes, and the TypedDicts they need."""

    def __init__(self, spec: Json, classes: dict[str, str]) -> None:
        self.schemas: Json = spec["components"]["schemas"]
        self.classes = classes
        #: Schema names that need a TypedDict (request side), in discovery order.
        self.typed_dicts: dict[str, None] = {}
        #: Generated attrs model classes the annotations name.
        self.models: dict[str, None] = {}
        #: Generated attrs model classes a request-side `<Name>Param` alias accepts.
        self.param_models: dict[str, None] = {}

    def title(self, name: str) -> str:
        return str(self.schemas[name]["title"])

    def is_object(self, schema: Json) -> bool:
        return schema.get("type") == "object" and "properties" in schema

    def param(self, node: Json) -> str:
        """The type a caller may pass for this request-side node (dicts or attrs models)."""
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            target = self.schemas[name]
            if self.is_object(target):
                self.typed_dicts.setdefault(name)
                for model in self.accepted_models(name):
                    self.param_models.setdefault(model)
                return f"{self.title(name)}Param"
            return self.param(target)
        return self._common(node, self.param)

    def accepted_models(self, name: str) -> list[str]:
        """The generated models a request value of schema `name` may also be: its own model, and
        its answer-side copy (so an answer's message can be sent back as it came)."""
        output = f"{name}Output"
        return [self.title(n) for n in (name, output) if n in self.schemas]

    def result(self, node: Json | None) -> str:
        """The type a JSON answer of this schema decodes to (the generated model, or JSON)."""
        if node is None:
            return "Any"
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if self.is_object(self.schemas[name]):
                self.models.setdefault(self.title(name))
                return self.title(name)
            return self.result(self.schemas[name])
        return self._common(node, self.result, sequence="list", mapping="dict")

    def _common(self, node: Json, inner: Any, sequence: str = "", mapping: str = "") -> str:
        for key in ("anyOf", "oneOf"):
            if key in node:
                return union(inner(branch) for branch in node[key])
        if len(node.get("allOf", [])) == 1:
            return str(inner(node["allOf"][0]))
        if "const" in node:
            return literal([node["const"]])
        if "enum" in node:
            return literal(node["enum"])
        kind = node.get("type")
        if isinstance(kind, list):
            return union(inner({**node, "type": k}) for k in kind)
        if kind == "array":
            item = inner(node.get("items", {}))
            if not sequence:  # request side: a str is never a list; objects need plain Sequence
                sequence = "Sequence" if "Param" in item else "SequenceNotStr"
            return f"{sequence}[{item}]"
        if kind == "object":
            extra = node.get("additionalProperties")
            value = inner(extra) if isinstance(extra, dict) and extra else "Any"
            if self.is_object(node) or value == "object":
                value = "Any"
            return f"{mapping or 'Mapping'}[str, {value}]"
        scalar = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
        if kind == "null":
            return "None"
        return scalar.get(str(kind), "Any")


def union(members: Iterable[str]) -> str:
    out: list[str] = []
    for member in members:
        for part in split_union(member):
            if part not in out:
                out.append(part)
    if "Any" in out:
        return "Any"
    if "str" in out:  # a str is welcome here anyway: a sequence beside it need not refuse one
        out = [re.sub(r"^SequenceNotStr\[", "Sequence[", p) for p in out]
    if "None" in out:
        out = [p for p in out if p != "None"] + ["None"]
    return " | ".join(out)


def split_union(expr: str) -> list[str]:
    """Top-level `|` members of a type expression."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(expr):
        depth += ch == "["
        depth -= ch == "]"
        if ch == "|" and depth == 0:
            parts.append(expr[start:i].strip())
            start = i + 1
    parts.append(expr[start:].strip())
    return parts


def literal(values: list[Any]) -> str:
    members = [json.dumps(v) if isinstance(v, str) else repr(v) for v in values if v is not None]
    text = f"Literal[{', '.join(members)}]" if members else ""
    return union([text, "None"]) if None in values else text


def collect_fields(spec: Json, row: Json, op: Json) -> tuple[list[Field], dict[str, str]]:
    """The request fields of an operation as parameters, and its alias map."""
    request = row["request"]
    if request is None:
        return [], {}
    schemas = spec["components"]["schemas"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    schema = schemas[body["$ref"].rsplit("/", 1)[-1]]
    required = set(schema.get("required", []))
    fields, aliases = [], {}
    for name, prop in schema.get("properties", {}).items():
        text, names, default, has_default = split_description(prop.get("description", ""))
        names += [a for a in prop.get("x-tabby-aliases", []) if a not in names]
        fields.append(
            Field(name, python_name(name), prop, name in required, text, default, has_default, [])
        )
        for alias in names:
            if alias in schema["properties"] or alias in aliases:
                continue  # a real field of that name, or an alias claimed twice: not an alias
            aliases[alias] = name
            fields[-1].aliases.append(alias)
    return fields, aliases


def methods_of(spec: Json, table: Json, ops: dict[str, Json]) -> list[Method]:
    out = []
    seen: dict[tuple[str, str], str] = {}
    for key, row in table.items():
        fields, aliases = collect_fields(spec, row, ops[key])
        stream_field = row["stream"] and row["stream"].get("field")
        fields = [f for f in fields if f.name != stream_field]
        taken = {f.param for f in fields} | set(aliases)
        options = {}
        for option in CALL_OPTIONS:
            param = option if option not in taken else f"{OPTION_PREFIX}{option}"
            if param in taken:
                raise GeneratorError(f"{key}: call option {option!r} clashes with a field")
            options[option] = param
        params = [f.param for f in fields]
        if len(params) != len(set(params)):
            raise GeneratorError(f"{key}: two request fields map to one parameter name")
        for name, mode in facade_methods(row).items():
            if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
                raise GeneratorError(f"{key}: {name!r} is not a usable method name")
            if (row["tag"], name) in seen:
                raise GeneratorError(f"{key}: {row['tag']}.{name} is also {seen[row['tag'], name]}")
            seen[row["tag"], name] = key
            out.append(Method(key, row["tag"], name, mode, ops[key], row, fields, options, aliases))
        for name in ops[key].get("x-tabby-helpers", []):
            helper = spec["x-tabby-helper-methods"][name]
            if (row["tag"], name) in seen:
                raise GeneratorError(
                    f"{key}: helper {row['tag']}.{name} is also {seen[row['tag'], name]}"
                )
            seen[row["tag"], name] = key
            omit = set(helper.get("omit", []))
            kept = [f for f in fields if f.name not in omit]
            if any(canonical in omit for canonical in aliases.values()):
                raise GeneratorError(
                    f"{key}: helper {name} omits a field the server has aliases for"
                )
            taken_by_helper = {p["name"] for p in helper.get("params", [])}
            if taken_by_helper & {f.param for f in kept} | taken_by_helper & set(options.values()):
                raise GeneratorError(f"{key}: a parameter of helper {name} clashes with a field")
            out.append(
                Method(
                    key,
                    row["tag"],
                    name,
                    helper["mode"],
                    ops[key],
                    row,
                    kept,
                    options,
                    aliases,
                    helper,
                )
            )
    return out


def helper_type(method: Method, text: str, is_async: bool) -> str:
    """A helper's type or doc text with its placeholders filled in."""
    row = method.row
    event = (
        row["stream"]["event"]["class"] if row.get("stream") and row["stream"].get("event") else ""
    )
    response = row["response"]["class"] if row.get("response") else "Any"
    return text.format(response=response, event=event, Async="Async" if is_async else "")


# ---- params.py ----------------------------------------------------------------------------

PARAMS_HEADER = '''"""Request-side types: a `TypedDict` per object the spec nests in a request.

Generated by generator/facade.py from the spec; do not edit. Annotate your own values with
them (`messages: list[ChatCompletionMessageParam] = [...]`); the generated attrs models are
accepted wherever these are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Required, TypeAlias, TypedDict

# Hand-written (tabby_ext/_contract.py), re-exported here with the generated types.
from tabby_ext._contract import NoAliases, SequenceNotStr

if TYPE_CHECKING:
{model_imports}
'''


def typed_dict(types: Types, name: str) -> str:
    schema = types.schemas[name]
    title = types.title(name)
    required = set(schema.get("required", []))
    lines: list[str] = []
    for key, prop in schema.get("properties", {}).items():
        kind = types.param(prop)
        if key in required:
            kind = f"Required[{kind}]"
        text = split_description(prop.get("description", ""))[0]
        if not key.isidentifier() or keyword.iskeyword(key):
            return functional_typed_dict(types, name)
        if text:
            lines.append(f"    #: {text}")
        lines.append(f"    {key}: {kind}")
    doc = " ".join((schema.get("description") or f"The `{title}` object of a request.").split())
    body = "\n".join(lines) or "    pass"
    typed = f'class {title}Dict(TypedDict, total=False):\n    """{escape_doc(doc)}"""\n\n{body}\n'
    return typed + "\n\n" + param_alias(types, name)


def param_alias(types: Types, name: str) -> str:
    """`<Name>Param`: what a request takes for schema `name`, a plain dict or a generated model
    (its answer-side copy too: `messages.append(answer.choices[0].message)` type-checks)."""
    title = types.title(name)
    members = " | ".join([f"{title}Dict", *types.accepted_models(name)])
    return (
        f"#: What a request takes for `{title}`: a dict (`{title}Dict`) or the generated model.\n"
        f'{title}Param: TypeAlias = "{members}"\n'
    )


def functional_typed_dict(types: Types, name: str) -> str:
    schema = types.schemas[name]
    required = set(schema.get("required", []))
    items = []
    for key, prop in schema.get("properties", {}).items():
        kind = types.param(prop)
        items.append(f"{key!r}: {f'Required[{kind}]' if key in required else kind}")
    typed = (
        f"{types.title(name)}Dict = TypedDict(\n"
        f"    {types.title(name) + 'Dict'!r}, {{{', '.join(items)}}}, total=False\n)\n"
    )
    return typed + "\n\n" + param_alias(types, name)


def aliases_typed_dict(types: Types, method: Method) -> str | None:
    if not method.aliases:
        return None
    by_name = {f.name: f for f in method.fields}
    lines = []
    for alias, canonical in method.aliases.items():
        kind = types.param(by_name[canonical].schema)
        lines.append(f"    #: Alias of `{canonical}`.\n    {alias}: {kind}")
    title = method.row["request"]["class"]
    return (
        f"class {title}Aliases(TypedDict, total=False):\n"
        f'    """Other names the server accepts for fields of `{title}`."""\n\n'
        + "\n".join(lines)
        + "\n"
    )


def render_params(types: Types, methods: list[Method]) -> str:
    blocks: list[str] = []
    done: set[str] = set()
    for method in methods:
        for field in method.fields:
            types.param(field.schema)
        request = method.op.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = request.get("schema", {}).get("$ref")
        if ref:
            types.typed_dicts.setdefault(ref.rsplit("/", 1)[-1])
    aliases: dict[str, str] = {}
    for method in methods:
        text = aliases_typed_dict(types, method)
        if text and method.row["request"]["class"] not in aliases:
            aliases[method.row["request"]["class"]] = text
    # TypedDicts discovered while rendering others are appended until none is left.
    while True:
        pending = [n for n in types.typed_dicts if n not in done]
        if not pending:
            break
        for name in pending:
            done.add(name)
            blocks.append(typed_dict(types, name))
    names = {f"{types.title(n)}{kind}" for n in done for kind in ("Dict", "Param")}
    names |= {f"{t}Aliases" for t in aliases}
    clash = names & (set(types.models) | set(types.param_models))
    if clash:
        raise GeneratorError(f"params.py: names used by both a TypedDict and a model: {clash}")
    imports = "\n".join(
        f"    from .models.{module_of(types, m)} import {m}" for m in sorted(types.param_models)
    )
    head = PARAMS_HEADER.format(model_imports=imports or "    pass")
    exported = sorted(names | {"NoAliases", "SequenceNotStr"})
    listing = "__all__ = [\n" + "".join(f'    "{n}",\n' for n in exported) + "]\n"
    return head + "\n\n" + "\n\n".join(blocks + list(aliases.values())) + "\n\n" + listing


def module_of(types: Types, cls: str) -> str:
    return types.classes[cls].rsplit(".", 1)[-1]


def escape_doc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


# ---- services -----------------------------------------------------------------------------

SERVICES_HEADER = '''"""{doc} (generated: generator/facade.py)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from tabby_ext._contract import NOT_GIVEN, Call, CallOptions, Engine, NotGiven, Service

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Literal, Unpack

    import httpx
    from tabby_ext.{stream_module} import {stream}, {text_stream}
{helper_imports}
    from ..params import {param_imports}
{model_imports}
{type_vars}'''


def annotation(types: Types, field: Field) -> str:
    kind = types.param(field.schema)
    return kind if field.required else f"{kind} | NotGiven"


def signature(
    types: Types, method: Method, is_async: bool = False, narrowed: Json | None = None
) -> list[str]:
    """The parameters of a method; `narrowed` replaces a helper parameter's type (an overload)."""
    params = ["self"]
    required = [f for f in method.fields if f.required]
    optional = [f for f in method.fields if not f.required]
    params += [f"{f.param}: {annotation(types, f)}" for f in required]
    params.append("*")
    for param in (method.helper or {}).get("params", []):
        kind = helper_type(method, (narrowed or {}).get(param["name"], param["type"]), is_async)
        default = f" = {param['default']}" if "default" in param else ""
        params.append(f"{param['name']}: {kind}{default}")
    params += [f"{f.param}: {annotation(types, f)} = NOT_GIVEN" for f in optional]
    params += [f"{p}: {CALL_OPTIONS[o][0]} = None" for o, p in method.options.items()]
    aliases = f"{method.row['request']['class']}Aliases" if method.aliases else "NoAliases"
    params.append(f"**aliases: Unpack[{aliases}]")
    return params


def returns(types: Types, method: Method, stream_cls: str) -> tuple[str, str]:
    """(return annotation, docstring line) of a facade method."""
    row = method.row
    if method.helper is not None:
        is_async = stream_cls.startswith("Async")
        for ref in (row.get("response"), (row.get("stream") or {}).get("event")):
            if ref:
                types.models.setdefault(ref["class"])
        return (
            helper_type(method, method.helper["returns"], is_async),
            helper_type(method, " ".join(method.helper["returns_doc"].split()), is_async),
        )
    if method.mode == "call":
        ok = method.op.get("responses", {}).get("200", {}).get("content", {})
        schema = ok.get("application/json", {}).get("schema") if "application/json" in ok else None
        kind = types.result(schema if schema else None)
        if kind == "None":
            return kind, "None: the server answers with JSON `null`."
        if kind == "Any":
            return kind, "Any: the decoded JSON answer (the spec declares no schema for it)."
        return kind, f"{kind}: the server's answer."
    event = row["stream"]["event"]["class"]
    types.models.setdefault(event)
    if method.mode == "drain":
        return event, f"{event}: the last event, once the whole stream was read."
    if row["stream"].get("text"):
        stream_cls = stream_cls.replace("Stream", "TextStream")
        join = "text" if stream_cls == "TextStream" else "atext"
        extra = f"; `.{join}()` joins the first choice's text, `.{join}s()` each choice's"
    else:
        extra = ""
    return (
        f"{stream_cls}[{event}]",
        f"{stream_cls}[{event}]: the events as they arrive; iterate it, close it or use it"
        f" as a context manager (leaving early closes the connection){extra}.",
    )


def docstring(types: Types, method: Method, returns_line: str, is_async: bool = False) -> str:
    op = method.op
    lead = op.get("x-tabby-doc") or op.get("description") or op.get("summary") or method.name
    if method.helper is not None:
        lead = method.helper["doc"]
    paragraphs = [" ".join(p.split()) for p in str(lead).split("\n\n") if p.strip()]
    lines = []
    for paragraph in paragraphs:
        lines += [*textwrap.wrap(paragraph, width=96), ""]
    lines.append("Args:")
    for param in (method.helper or {}).get("params", []):
        kind = helper_type(method, param["type"], is_async)
        optional = ", optional" if "default" in param else ""
        text = " ".join(param["doc"].split())
        lines += wrap(f"{param['name']} ({kind}{optional}): {text}", indent=4)
    if method.helper is not None:  # the fields are the operation's own: documented there once
        omitted = [
            f"`{o}`" for o in method.helper.get("omit", []) if o in method.row["request_fields"]
        ]
        base = method.row["facade"]
        lines += wrap(
            f"The other arguments are those of `{base}()` (without {', '.join(omitted)}):"
            " see its help.",
            indent=4,
        )
    for field in method.fields if method.helper is None else []:
        text = field.description or ""
        if field.has_default:
            text = f"{text} Server default: `{json.dumps(field.default)}`.".strip()
        if field.aliases:
            text = f"{text} Also accepted as {', '.join(f'`{a}`' for a in field.aliases)}.".strip()
        kind = types.param(field.schema)
        optional = "" if field.required else ", optional"
        lines += wrap(f"{field.param} ({kind}{optional}): {text}".rstrip(": "), indent=4)
    for option, param in method.options.items() if method.helper is None else []:
        lines += wrap(f"{param}: {CALL_OPTIONS[option][1]}", indent=4)
    lines += ["", "Returns:", *wrap(returns_line, indent=4), "", "Raises:"]
    streams = method.mode != "call" if method.helper is None else method.helper.get("stream")
    raises = RAISES + (STREAM_RAISES if streams else [])
    raises += [(name, text) for name, text in (method.helper or {}).get("raises", [])]
    for name, text in raises:
        lines += wrap(f"{name}: {text}", indent=4)
    return "\n".join(lines)


def wrap(text: str, indent: int = 0) -> list[str]:
    return textwrap.wrap(
        text, width=96, initial_indent=" " * indent, subsequent_indent=" " * (indent + 4)
    ) or [""]


def method_source(types: Types, method: Method, is_async: bool) -> str:
    stream_cls = "AsyncStream" if is_async else "Stream"
    result, returns_line = returns(types, method, stream_cls)
    doc = textwrap.indent(escape_doc(docstring(types, method, returns_line, is_async)), "        ")
    fields = ", ".join(f'"{f.name}": {f.param}' for f in method.fields)
    options = ", ".join(f"{o}={p}" for o, p in method.options.items())
    extras = ""
    if method.helper is not None:
        names = [p["name"] for p in method.helper.get("params", [])]
        extras = ", {" + ", ".join(f'"{n}": {n}' for n in names) + "}"
    call = (
        f'self._client._request(Call("{method.key}", "{method.mode}", {{{fields}}},'
        f" CallOptions({options}), aliases{extras}))"
    )
    if is_async:
        body = f'return cast("{result}", await {call})'
    else:
        body = f'return cast("{result}", {call})'
    prefix = "async def" if is_async else "def"
    overloads = ""
    for variant in (method.helper or {}).get("overloads", []):
        narrowed = {k: v for k, v in variant.items() if k != "returns"}
        params = ",\n            ".join(signature(types, method, is_async, narrowed))
        kind = helper_type(method, variant["returns"], is_async)
        overloads += (
            f"        @overload\n        {prefix} {method.name}(\n            {params},\n"
            f"        ) -> {kind}: ...\n"
        )
    if overloads:  # for type checkers only: nothing to build at import time
        overloads = f"    if TYPE_CHECKING:\n\n{overloads}\n"
    params = ",\n        ".join(signature(types, method, is_async))
    return overloads + (
        f"    {prefix} {method.name}(\n        {params},\n    ) -> {result}:\n"
        f'        """{doc.strip()}\n        """\n        {body}\n'
    )


def helper_import_names(imports: Json, is_async: bool) -> dict[str, list[str]]:
    """Module -> names the helper methods' annotations use, for one flavour of the services."""
    flavour = "_async" if is_async else "_sync"
    prefix = "Async" if is_async else ""
    return {
        module.format(flavour=flavour): [n.format(Async=prefix) for n in names]
        for module, names in imports.items()
    }


def render_services(
    types: Types, methods: list[Method], is_async: bool, spec_imports: Json | None = None
) -> tuple[str, str]:
    """(the services module, the helpers module) of one flavour.

    The helper methods (`chat.parse`, ...) live in their own module, imported on a service's
    first use of one (`tabby_ext._contract.Service`): `import tabby_ext` does not load them.
    Type checkers see them as the service's base class (`Chat(ChatHelpers)`).
    """
    prefix = "Async" if is_async else ""
    flavour = "async" if is_async else "sync"
    client = "AsyncTabby" if is_async else "Tabby"
    by_tag: dict[str, list[Method]] = {}
    for method in methods:
        by_tag.setdefault(method.tag, []).append(method)
    helper_classes = {
        tag: f"{prefix}{service_class(tag)}Helpers"
        for tag, tag_methods in by_tag.items()
        if any(m.helper is not None for m in tag_methods)
    }
    # ---- the services
    types.models = {}
    classes = []
    for tag, tag_methods in by_tag.items():
        cls = f"{prefix}{service_class(tag)}"
        body = "\n".join(method_source(types, m, is_async) for m in tag_methods if m.helper is None)
        doc = f"TabbyAPI's `{tag}` operations."
        base, lazy = "Service", ""
        if tag in helper_classes:
            base = helper_classes[tag]
            module = f"tabbyapi_client.facade.{flavour}_helpers"
            lazy = (
                f"    #: Where the helper methods are (imported on first use).\n"
                f'    _helpers = ("{module}", "{base}")\n\n'
            )
        classes.append(
            f'class {cls}({base}):\n    """{doc}"""\n\n    __slots__ = ()\n{lazy}\n{body}'
        )
    attrs = []
    for tag in by_tag:
        cls = f"{prefix}{service_class(tag)}"
        attrs.append(
            f"    @functools.cached_property\n    def {tag}(self) -> {cls}:\n"
            f'        """TabbyAPI\'s `{tag}` operations."""\n'
            f'        return {cls}(cast("Engine", self))\n'
        )
    mixin = (
        f"class {prefix}Services:\n"
        f'    """The services of `{client}`: one attribute per TabbyAPI tag."""\n\n'
        + "\n".join(attrs)
    )
    bases = ""
    if helper_classes:
        names = sorted(helper_classes.values())
        bases = (
            f"\nif TYPE_CHECKING:\n    from .{flavour}_helpers import {', '.join(names)}\n"
            f"else:  # the helper methods are found by Service.__getattr__\n"
            f"    {' = '.join(names)} = Service\n"
        )
    services = _module(
        types,
        methods,
        classes,
        is_async,
        doc=f"{'Asynchronous' if is_async else 'Synchronous'} services of `tabby_ext.{client}`",
        extra_own=set(helper_classes.values()),
        helper_imports={},
        generic=False,
        preamble=bases,
    )
    # ---- the helpers
    types.models = {}
    helper_sources = []
    for tag, cls in helper_classes.items():
        body = "\n".join(
            method_source(types, m, is_async) for m in by_tag[tag] if m.helper is not None
        )
        doc = f"The helper methods of TabbyAPI's `{tag}` service (`{client}.{tag}`)."
        helper_sources.append(
            f'class {cls}(Service):\n    """{doc}"""\n\n    __slots__ = ()\n\n{body}'
        )
    helper_methods = [m for m in methods if m.helper is not None]
    generic = any(
        "_T" in v.get("returns", "") for m in helper_methods for v in m.helper.get("overloads", [])
    )
    helpers = _module(
        types,
        helper_methods,
        helper_sources,
        is_async,
        doc=f"Helper methods of `tabby_ext.{client}`'s services, imported on first use",
        extra_own=set(),
        helper_imports=helper_import_names(spec_imports or {}, is_async),
        generic=generic,
    )
    return services + "\n\n" + mixin, helpers


def _module(
    types: Types,
    methods: list[Method],
    classes: list[str],
    is_async: bool,
    *,
    doc: str,
    extra_own: set[str],
    helper_imports: dict[str, list[str]],
    generic: bool,
    preamble: str = "",
) -> str:
    """A generated facade module: its header (imports for type checkers only) and `classes`."""
    prefix = "Async" if is_async else ""
    params = sorted(
        {f"{types.title(n)}Param" for n in types.typed_dicts}
        | {f"{m.row['request']['class']}Aliases" for m in methods if m.aliases}
        | {"NoAliases", "SequenceNotStr"}
    )
    # A model named like a class of this module (a tag `service_info` and a `ServiceInfo` model)
    # is imported under another name and annotated with it.
    own = (
        {c.split("(")[0].removeprefix("class ") for c in classes}
        | extra_own
        | {
            f"{prefix}Services",
            "Service",
            "Engine",
            "Call",
            "CallOptions",
            "NotGiven",
            "Stream",
            "AsyncStream",
            "TextStream",
            "AsyncTextStream",
        }
    )
    renamed = {m: f"{m}Model" for m in types.models if m in own}
    models = "\n".join(
        f"    from ..models.{module_of(types, m)} import {m}"
        + (f" as {renamed[m]}" if m in renamed else "")
        for m in sorted(types.models)
    )
    body = "\n\n".join(classes)
    for name, alias in renamed.items():
        body = re.sub(rf"(-> |cast\(\"|\[){name}\b", rf"\g<1>{alias}", body)
    clash = {n for names in helper_imports.values() for n in names} & (set(types.models) | own)
    if clash:
        raise GeneratorError(f"helper_imports: names also used by the generated code: {clash}")
    helper_lines = "".join(
        f"    from {module} import {', '.join(sorted(names))}\n"
        for module, names in sorted(helper_imports.items())
    )
    if generic:
        helper_lines += "    from typing import TypeVar, overload\n"
    header = SERVICES_HEADER.format(
        doc=doc,
        helper_imports=helper_lines,
        type_vars=(
            '\n    #: The type a helper method\'s answer is parsed into.\n    _T = TypeVar("_T")\n'
            if generic
            else ""
        ),
        stream_module="_async.streaming" if is_async else "_sync.streaming",
        stream="AsyncStream" if is_async else "Stream",
        text_stream="AsyncTextStream" if is_async else "TextStream",
        param_imports=", ".join(params),
        model_imports=models,
    )
    return header + preamble + "\n\n" + body


def write_facade(spec: Json, table: Json, classes: dict[str, str], package: Path) -> None:
    """Write params.py and facade/ into the generated package."""
    ops = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                ops[f"{method.upper()} {path}"] = op
    methods = methods_of(spec, table, ops)
    types = Types(spec, classes)
    params = render_params(types, methods)
    imports = spec.get("x-tabby-helper-imports", {})
    sync, sync_helpers = render_services(types, methods, is_async=False, spec_imports=imports)
    async_, async_helpers = render_services(types, methods, is_async=True, spec_imports=imports)
    (package / "params.py").write_text(params, encoding="utf-8")
    facade = package / "facade"
    facade.mkdir(exist_ok=True)
    (facade / "__init__.py").write_text(
        '"""The typed facade services (generated; the contract: tabby_ext/_contract.py)."""\n',
        encoding="utf-8",
    )
    (facade / "sync_services.py").write_text(sync, encoding="utf-8")
    (facade / "async_services.py").write_text(async_, encoding="utf-8")
    (facade / "sync_helpers.py").write_text(sync_helpers, encoding="utf-8")
    (facade / "async_helpers.py").write_text(async_helpers, encoding="utf-8")


def field_table(spec: Json, row: Json, op: Json) -> dict[str, Any]:
    """Per request field, what a command line or a form needs: JSON types, choices, help."""
    schemas = spec["components"]["schemas"]
    fields, _ = collect_fields(spec, row, op)
    out: dict[str, Any] = {}

    def kinds(node: Json) -> list[Json]:
        ref = node.get("$ref")
        if isinstance(ref, str):
            target = schemas[ref.rsplit("/", 1)[-1]]
            return [{"type": "object"}] if target.get("type") == "object" else kinds(target)
        for key in ("anyOf", "oneOf"):
            if key in node:
                return [k for branch in node[key] for k in kinds(branch)]
        if "const" in node:
            return [{"type": json_type(node["const"]), "enum": [node["const"]]}]
        return [node]

    for field in fields:
        branches = kinds(field.schema)
        types_ = [b.get("type", "any") for b in branches if b.get("type") != "null"]
        enums = [v for b in branches for v in b.get("enum", [])]
        items = [
            b.get("items", {}).get("type", "any") for b in branches if b.get("type") == "array"
        ]
        out[field.name] = {
            "required": field.required,
            "types": sorted(set(map(str, types_))) or ["any"],
            "nullable": any(b.get("type") == "null" for b in branches),
            "items": sorted(set(map(str, items))) or None,
            "choices": enums or None,
            "description": field.description,
            "default": field.default if field.has_default else None,
            "aliases": field.aliases,
        }
    return out


def json_type(value: Any) -> str:
    return {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(value), "any")
