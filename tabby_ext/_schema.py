"""What a structured answer must be: a Python type or a raw JSON Schema, as the JSON Schema sent
to TabbyAPI and as the client's own check that turns the answer into a value of that type.

TabbyAPI enforces a schema with its grammar engine, but skips one it cannot compile and then
generates freely (docs/structured-outputs.md), so every answer is validated here too. Schemas
come from dataclasses, TypedDicts, attrs classes, enums, `Literal`s, unions and containers
(described here, with the standard library's `typing` introspection) and from pydantic models
(their own `model_json_schema()`). Validation is jsonschema's (the `structured` extra; a
pydantic model alone is validated by pydantic), imported on first use: nothing here costs
`import tabby_ext` anything.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import enum
import functools
import inspect
import json
import re
import sys
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: The most validation problems one message lists (the rest are counted).
MAX_PROBLEMS = 5
EXTRA_HINT = 'pip install "tabbyapi[structured]"'
SUPPORTED = (
    "str, int, float, bool, None, Any, list / tuple / set, dict with str keys, Literal, Enum,"
    " unions, dataclasses, TypedDicts, attrs classes and pydantic models"
)


class UnsupportedSchema(TypeError):
    """The type (or dict) cannot be turned into a JSON Schema this client can check."""


class SchemaMismatch(ValueError):
    """The answer is not JSON that fits the schema; the message says where and why."""


Loader = Callable[[Any], Any]


def _jsonschema() -> Any:
    try:
        import jsonschema  # type: ignore[import-untyped]
    except ImportError:
        raise ImportError(
            'validating structured answers needs jsonschema, which the "structured" extra'
            f" brings: {EXTRA_HINT}"
        ) from None
    return jsonschema


def _pydantic_model(tp: Any) -> bool:
    """A pydantic model class (pydantic is never imported for this: a user with one has it)."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _where(path: collections.abc.Iterable[Any]) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class OutputSchema(Generic[T]):
    """A JSON Schema and the check of an answer against it (`loads`), giving a `T`."""

    __slots__ = ("_loader", "_only_pydantic", "_validator", "name", "schema")

    def __init__(self, name: str, schema: dict[str, Any], loader: Loader, only_pydantic: bool):
        self.name = name
        #: What is sent in TabbyAPI's `json_schema` field.
        self.schema = schema
        self._loader = loader
        self._only_pydantic = only_pydantic
        self._validator: Any = None

    def __repr__(self) -> str:
        return f"<OutputSchema {self.name}>"

    def ensure_validator(self) -> None:
        """Import the validator now (so a missing extra is reported before anything is sent)."""
        if self._validator is None and not self._only_pydantic:
            jsonschema = _jsonschema()
            cls = jsonschema.validators.validator_for(
                self.schema, default=jsonschema.Draft202012Validator
            )
            self._validator = cls(self.schema)

    def loads(self, text: str) -> T:
        """The value of answer `text`; `SchemaMismatch` if it is not JSON fitting the schema."""
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise SchemaMismatch(f"the answer is not JSON ({exc})") from None
        return self.load(value)

    def load(self, value: Any) -> T:
        """`value` (decoded JSON) checked against the schema and built into a `T`."""
        self.ensure_validator()
        if self._validator is not None:
            problems = sorted(
                self._validator.iter_errors(value), key=lambda e: (len(e.path), list(e.path))
            )
            if problems:
                lines = [f"{_where(e.absolute_path)}: {e.message}" for e in problems[:MAX_PROBLEMS]]
                more = len(problems) - MAX_PROBLEMS
                if more > 0:
                    lines.append(f"and {more} more")
                raise SchemaMismatch("; ".join(lines))
        try:
            return typing.cast("T", self._loader(value))
        except SchemaMismatch:
            raise
        except Exception as exc:  # a constructor's own check (__post_init__, pydantic)
            raise SchemaMismatch(_loader_failure(exc)) from exc


def _loader_failure(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):  # pydantic's ValidationError
        try:
            found = errors(include_url=False)
            parts = [f"{_where(e.get('loc', ()))}: {e.get('msg')}" for e in found[:MAX_PROBLEMS]]
            return "; ".join(parts)
        except TypeError:
            pass
    return f"{type(exc).__name__}: {exc}"


def output_schema(target: Any) -> OutputSchema[Any]:
    """The schema of `target`: a type, or a JSON Schema dict (OpenAI's `{"name", "schema"}`
    wrapper and a whole `{"type": "json_schema", "json_schema": ...}` response format are
    unwrapped). `UnsupportedSchema` if it cannot be described or is not valid JSON Schema."""
    if isinstance(target, Mapping):
        return _raw_schema(dict(target))
    if _pydantic_model(target):
        schema = target.model_json_schema()
        return OutputSchema(target.__name__, schema, target.model_validate, True)
    deriver = _Deriver()
    schema, loader = deriver.root(target)
    return OutputSchema(_type_name(target), schema, loader, False)


def arguments_schema(fn: Callable[..., Any]) -> OutputSchema[dict[str, Any]]:
    """The JSON Schema of a function's keyword arguments (its parameters and annotations), whose
    `load` gives the keyword arguments to call it with, each built into its annotated type."""
    name = getattr(fn, "__name__", type(fn).__name__)
    try:
        signature = inspect.signature(fn)
        hints = typing.get_type_hints(fn, include_extras=True)
    except (NameError, TypeError, ValueError) as exc:
        raise UnsupportedSchema(f"cannot read the parameters of {name} ({exc})") from None
    docs = parameter_docs(inspect.getdoc(fn) or "")
    deriver = _Deriver()
    properties: dict[str, Any] = {}
    loaders: dict[str, Loader] = {}
    required: list[str] = []
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD, param.POSITIONAL_ONLY):
            raise UnsupportedSchema(
                f"{name}: parameter {param.name!r} cannot be given by name; a tool's parameters"
                " must be keyword arguments"
            )
        if param.name not in hints:
            raise UnsupportedSchema(
                f"{name}: parameter {param.name!r} has no annotation; the model needs its type"
            )
        schema, loader = deriver.node(hints[param.name], f"{name}({param.name})")
        if param.name in docs:
            schema = {**schema, "description": docs[param.name]}
        properties[param.name] = schema
        loaders[param.name] = loader
        if param.default is param.empty:
            required.append(param.name)
    top: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        top["required"] = required
    top["additionalProperties"] = False

    def load(value: Any) -> dict[str, Any]:
        return {key: loaders[key](item) for key, item in value.items()}

    return OutputSchema(name, deriver.finish(top), load, False)


#: Google-style "Args:" entries (`name (type): text`) and reST `:param name: text` lines.
_ARGS_HEAD = re.compile(r"^(Args|Arguments|Parameters|Params):\s*$")
_ARG_LINE = re.compile(r"^\s+\*{0,2}(\w+)(?:\s*\(.*?\))?\s*:\s*(.*)$")
_REST_PARAM = re.compile(r"^:param(?:\s+[\w\[\], ]+)?\s+(\w+):\s*(.*)$")


def parameter_docs(doc: str) -> dict[str, str]:
    """Per parameter, its description from a Google-style `Args:` section or `:param x:`."""
    out: dict[str, str] = {}
    current: str | None = None
    section_indent: int | None = None  # inside `Args:`: the indent of its entries
    for line in doc.splitlines():
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        rest = _REST_PARAM.match(stripped)
        if rest:
            current, section_indent = rest.group(1), None
            out[current] = rest.group(2).strip()
        elif _ARGS_HEAD.match(stripped):
            current, section_indent = None, -1
        elif section_indent is not None and stripped:
            entry = _ARG_LINE.match(line)
            if section_indent == -1 and entry and indent > 0:
                section_indent = indent
            if indent < max(section_indent, 1):
                current, section_indent = None, None
            elif entry and indent == section_indent:
                current = entry.group(1)
                out[current] = entry.group(2).strip()
            elif current is not None:
                out[current] = f"{out[current]} {stripped}".strip()
        elif current is not None and stripped and indent > 0:
            out[current] = f"{out[current]} {stripped}".strip()
        elif not stripped and section_indent is None:
            current = None
    return out


def summary_doc(doc: str) -> str:
    """A docstring without its parameter, return and raise sections: what the function does."""
    kept: list[str] = []
    for line in doc.splitlines():
        stripped = line.strip()
        if (
            _ARGS_HEAD.match(stripped)
            or stripped.startswith(":param")
            or re.match(r"^(Returns?|Raises|Yields|Examples?|Notes?):\s*$", stripped)
        ):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _raw_schema(schema: dict[str, Any]) -> OutputSchema[Any]:
    if schema.get("type") == "json_schema" and isinstance(schema.get("json_schema"), Mapping):
        schema = dict(schema["json_schema"])
    name = str(schema.get("title") or "response")
    if isinstance(schema.get("schema"), Mapping) and "type" not in schema:
        name = str(schema.get("name") or name)
        schema = dict(schema["schema"])
    if not schema:
        raise UnsupportedSchema("an empty JSON Schema allows any answer: describe what you want")
    try:
        jsonschema = _jsonschema()
    except ImportError as exc:
        raise UnsupportedSchema(str(exc)) from None
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as exc:
        where = _where(exc.absolute_path)
        raise UnsupportedSchema(f"not a valid JSON Schema ({where}: {exc.message})") from None
    return OutputSchema(name, schema, _identity, False)


def _identity(value: Any) -> Any:
    return value


def _type_name(tp: Any) -> str:
    return str(getattr(tp, "__name__", None) or re.sub(r"\W+", "_", repr(tp)).strip("_"))


_SCALARS: dict[Any, tuple[dict[str, Any], Loader]] = {
    str: ({"type": "string"}, _identity),
    bool: ({"type": "boolean"}, _identity),
    int: ({"type": "integer"}, int),
    float: ({"type": "number"}, float),
    type(None): ({"type": "null"}, _identity),
    None: ({"type": "null"}, _identity),
    Any: ({}, _identity),
    object: ({}, _identity),
}
_SEQUENCES = {
    list,
    collections.abc.Sequence,
    collections.abc.MutableSequence,
    collections.abc.Iterable,
    collections.abc.Collection,
}
_SETS = {set, frozenset, collections.abc.Set, collections.abc.MutableSet}
_MAPPINGS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}
_REQUIRED_MARKS = {
    typing.Required,
    typing.NotRequired,
    getattr(typing, "ReadOnly", typing.Required),
}


class _Deriver:
    """Walks a type once, giving its JSON Schema and the loader that builds a value of it from
    validated JSON. Classes become `$defs` entries, so recursive and shared ones work."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.loaders: dict[str, Loader] = {}
        self.names: dict[Any, str] = {}
        self._validators: dict[int, Any] = {}

    def root(self, tp: Any) -> tuple[dict[str, Any], Loader]:
        schema, loader = self.node(tp, _type_name(tp))
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):  # the top class itself, not a reference to it
            name = ref.removeprefix("#/$defs/")
            schema = dict(self.defs[name])
            if ref not in json.dumps(self.defs):  # not recursive: no need to keep it twice
                del self.defs[name]
        return self.finish(schema), loader

    def finish(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {**schema, "$defs": self.defs} if self.defs else schema

    def node(self, tp: Any, where: str) -> tuple[dict[str, Any], Loader]:
        """(schema, loader) of one annotation; `where` names it in errors."""
        if isinstance(tp, str | typing.ForwardRef):
            raise UnsupportedSchema(f"{where}: the annotation {tp!r} is not resolved")
        scalar = _SCALARS.get(tp) if _hashable(tp) else None
        if scalar is not None:
            return dict(scalar[0]), scalar[1]
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Annotated:
            return self.node(args[0], where)
        if origin in _REQUIRED_MARKS:
            return self.node(args[0], where)
        if origin is typing.Union or origin is types.UnionType:
            return self._union(args, where)
        if origin is typing.Literal:
            return self._literal(args, where)
        if isinstance(tp, typing.NewType):
            return self.node(tp.__supertype__, where)
        if isinstance(tp, getattr(typing, "TypeAliasType", ())):
            return self.node(getattr(tp, "__value__"), where)  # noqa: B009
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self._enum(tp, where)
        if origin in _SEQUENCES or tp in _SEQUENCES:
            item, load = self.node(args[0] if args else Any, f"{where}[]")
            return {"type": "array", "items": item}, functools.partial(_load_list, load)
        if origin in _SETS or tp in _SETS:
            item, load = self.node(args[0] if args else Any, f"{where}[]")
            kind = frozenset if (origin or tp) is frozenset else set
            schema = {"type": "array", "items": item, "uniqueItems": True}
            return schema, functools.partial(_load_set, kind, load)
        if origin is tuple or tp is tuple:
            return self._tuple(args, where)
        if origin in _MAPPINGS or tp in _MAPPINGS:
            key = args[0] if args else str
            if key not in (str, Any):
                raise UnsupportedSchema(f"{where}: JSON object keys are strings, not {key!r}")
            value, load = self.node(args[1] if len(args) > 1 else Any, f"{where}{{}}")
            schema = {"type": "object", "additionalProperties": value}
            return schema, functools.partial(_load_dict, load)
        if origin is not None and _is_class_like(origin):
            raise UnsupportedSchema(
                f"{where}: the generic class {tp!r} is not supported; use a concrete class"
            )
        if _is_class_like(tp):
            return self._class(tp, where)
        raise UnsupportedSchema(f"{where}: {tp!r} cannot be described in JSON Schema ({SUPPORTED})")

    def _union(self, args: tuple[Any, ...], where: str) -> tuple[dict[str, Any], Loader]:
        branches = [self.node(arg, where) for arg in args]
        schemas = [schema for schema, _ in branches]
        pairs = [
            (self._accepts(arg, schema), load)
            for arg, (schema, load) in zip(args, branches, strict=True)
        ]

        def load(value: Any) -> Any:
            for accepts, branch in pairs:
                if accepts(value):
                    return branch(value)
            raise SchemaMismatch(f"{where}: {value!r:.60} fits no member of the union")

        return {"anyOf": schemas}, load

    def _accepts(self, tp: Any, schema: dict[str, Any]) -> Callable[[Any], bool]:
        """A cheap test for a union member; a full schema check where the JSON type is not
        enough (objects and arrays)."""
        simple = {
            str: lambda v: isinstance(v, str),
            bool: lambda v: isinstance(v, bool),
            int: lambda v: (
                (isinstance(v, int) and not isinstance(v, bool))
                or (isinstance(v, float) and v.is_integer())
            ),
            float: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            type(None): lambda v: v is None,
            None: lambda v: v is None,
        }
        if _hashable(tp) and tp in simple:
            return simple[tp]

        def check(value: Any) -> bool:
            key = id(schema)
            validator = self._validators.get(key)
            if validator is None:
                jsonschema = _jsonschema()
                full = {**schema, "$defs": self.defs} if self.defs else schema
                validator = jsonschema.Draft202012Validator(full)
                self._validators[key] = validator
            return bool(validator.is_valid(value))

        return check

    def _literal(self, args: tuple[Any, ...], where: str) -> tuple[dict[str, Any], Loader]:
        values: list[Any] = []
        for arg in args:
            if isinstance(arg, enum.Enum):
                arg = arg.value
            if not isinstance(arg, str | int | float | bool | type(None)):
                raise UnsupportedSchema(f"{where}: the Literal value {arg!r} is not JSON")
            values.append(arg)
        members = {value: arg for value, arg in zip(values, args, strict=True)}
        return {"enum": values}, lambda value: members.get(value, value)

    def _enum(self, tp: type[enum.Enum], where: str) -> tuple[dict[str, Any], Loader]:
        values = [member.value for member in tp]
        if not all(isinstance(v, str | int | float | bool) for v in values):
            raise UnsupportedSchema(f"{where}: the values of {tp.__name__} are not all JSON")
        return {"enum": values, "title": tp.__name__}, tp

    def _tuple(self, args: tuple[Any, ...], where: str) -> tuple[dict[str, Any], Loader]:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            item, load = self.node(args[0] if args else Any, f"{where}[]")
            return {"type": "array", "items": item}, functools.partial(_load_tuple, load)
        if args == ((),):  # tuple[()]
            return {"type": "array", "maxItems": 0}, lambda value: ()
        nodes = [self.node(arg, f"{where}[{i}]") for i, arg in enumerate(args)]
        schema = {
            "type": "array",
            "prefixItems": [s for s, _ in nodes],
            "items": False,
            "minItems": len(nodes),
            "maxItems": len(nodes),
        }
        loads = [load for _, load in nodes]
        return schema, lambda value: tuple(
            load(item) for load, item in zip(loads, value, strict=True)
        )

    def _class(self, tp: type, where: str) -> tuple[dict[str, Any], Loader]:
        name = self.names.get(tp)
        if name is None:
            name = self._new_name(tp)
            self.defs[name] = {}  # claimed: a recursive reference finds it
            schema, loader = self._describe_class(tp, name)
            self.defs[name] = schema
            self.loaders[name] = loader
        loaders = self.loaders
        return {"$ref": f"#/$defs/{name}"}, lambda value: loaders[name](value)

    def _new_name(self, tp: type) -> str:
        name = re.sub(r"\W+", "_", tp.__name__)
        taken = set(self.defs)
        candidate, n = name, 1
        while candidate in taken:
            n += 1
            candidate = f"{name}_{n}"
        self.names[tp] = candidate
        return candidate

    def _describe_class(self, tp: type, name: str) -> tuple[dict[str, Any], Loader]:
        if _pydantic_model(tp):
            return self._pydantic(tp, name)
        where = tp.__qualname__
        try:
            hints = typing.get_type_hints(tp, include_extras=True)
        except (NameError, TypeError) as exc:
            raise UnsupportedSchema(
                f"cannot resolve the annotations of {where} ({exc}): define the class at module"
                " level, or import what its annotations name"
            ) from None
        fields: list[tuple[str, str, Any, bool]]  # (JSON key, keyword, annotation, required)
        if typing.is_typeddict(tp):
            required_keys = tp.__required_keys__  # type: ignore[attr-defined]
            fields = [
                (k, k, hints[k], _typed_dict_required(hints[k], k in required_keys)) for k in hints
            ]
            build: Callable[..., Any] = dict
        elif dataclasses.is_dataclass(tp):
            fields = []
            for field in dataclasses.fields(tp):
                if not field.init:
                    continue
                missing = dataclasses.MISSING
                required = field.default is missing and field.default_factory is missing
                fields.append((field.name, field.name, hints.get(field.name, Any), required))
            build = tp
        else:
            import attrs

            fields = []
            for attribute in attrs.fields(tp):
                if not attribute.init:
                    continue
                kind = hints.get(attribute.name, attribute.type or Any)
                key = attribute.alias or attribute.name
                fields.append((key, key, kind, attribute.default is attrs.NOTHING))
            build = tp
        properties: dict[str, Any] = {}
        loaders: dict[str, tuple[str, Loader]] = {}
        for key, keyword, annotation, _ in fields:
            schema, loader = self.node(annotation, f"{where}.{key}")
            properties[key] = schema
            loaders[key] = (keyword, loader)
        out: dict[str, Any] = {"type": "object", "title": tp.__name__}
        doc = _own_doc(tp)
        if doc:
            out["description"] = doc
        out["properties"] = properties
        needed = [key for key, _, _, is_required in fields if is_required]
        if needed:
            out["required"] = needed
        out["additionalProperties"] = False

        def load(value: Any) -> Any:
            kwargs = {}
            for key, item in value.items():
                keyword, loader = loaders[key]
                kwargs[keyword] = loader(item)
            return build(**kwargs)

        return out, load

    def _pydantic(self, tp: Any, name: str) -> tuple[dict[str, Any], Loader]:
        schema = tp.model_json_schema(ref_template="#/$defs/{model}")
        for key, definition in schema.pop("$defs", {}).items():
            if self.defs.get(key) not in (None, {}, definition):
                raise UnsupportedSchema(f"two different types are named {key!r}")
            self.defs[key] = definition
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/") and len(schema) == 1:  # a recursive model: its own def
            schema = self.defs[ref.removeprefix("#/$defs/")]
        return schema, tp.model_validate


def _typed_dict_required(annotation: Any, declared: bool) -> bool:
    """Whether a TypedDict key is required: its `Required` / `NotRequired` mark wins (the class's
    `__required_keys__` misses marks written as strings, under `from __future__ import
    annotations` before Python 3.12)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin is typing.NotRequired:
        return False
    if origin is typing.Required:
        return True
    return declared


def _hashable(tp: Any) -> bool:
    try:
        hash(tp)
    except TypeError:
        return False
    return True


def _is_class_like(tp: Any) -> bool:
    if not isinstance(tp, type):
        return False
    if typing.is_typeddict(tp) or dataclasses.is_dataclass(tp) or _pydantic_model(tp):
        return True
    return hasattr(tp, "__attrs_attrs__")


def _own_doc(tp: type) -> str:
    """The class's docstring, unless it is one the library wrote (a dataclass's signature)."""
    doc = tp.__doc__
    if not doc or doc.startswith(f"{tp.__name__}(") or doc == getattr(dict, "__doc__", None):
        return ""
    return inspect.cleandoc(doc)


def _load_list(load: Loader, value: Any) -> list[Any]:
    return [load(item) for item in value]


def _load_tuple(load: Loader, value: Any) -> tuple[Any, ...]:
    return tuple(load(item) for item in value)


def _load_set(kind: type, load: Loader, value: Any) -> Any:
    return kind(load(item) for item in value)


def _load_dict(load: Loader, value: Any) -> dict[str, Any]:
    return {key: load(item) for key, item in value.items()}


def partial_json(text: str) -> Any:
    """The value of the JSON text so far (an unfinished stream), read leniently: unclosed
    strings, arrays and objects as far as they go. Needs pydantic-core (pydantic brings it)."""
    try:
        from pydantic_core import from_json
    except ImportError:
        raise ImportError(
            f"partial JSON needs pydantic-core: pip install pydantic (or {EXTRA_HINT})"
        ) from None
    if not text.strip():
        return None
    try:
        return from_json(text, allow_partial="trailing-strings")
    except ValueError:
        return None
