"""The generated operation table, and turning a facade call into a request and back.

Everything operation-specific (path, auth class, request/response/event models, how a stream
ends) comes from `tabbyapi_client/operations.json`, written by the generator. Request bodies
are built by the generated models and `_get_kwargs`; nothing here names a path or a field.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ._contract import CallOptions
from ._decode import DecodePlans, MissingField
from .errors import RequestValidationError, ResponseDecodeError

if TYPE_CHECKING:
    import httpx

GENERATED_PACKAGE = "tabbyapi_client"


#: The per-call options every facade method takes besides the request's fields.
CALL_OPTIONS = tuple(option.name for option in dataclasses.fields(CallOptions))


@dataclasses.dataclass(frozen=True, slots=True)
class ModelRef:
    """A generated attrs model, imported on first use (keeps `import tabby_ext` cheap)."""

    module: str
    cls: str
    plans: DecodePlans | None = dataclasses.field(default=None, compare=False, repr=False)

    def load(self) -> Any:
        return _load_class(self.module, self.cls)

    def decoder(self, strict: bool = False) -> Callable[[Any], Any]:
        """JSON value -> model: the fast compiled decoder, else the model's own `from_dict`.

        Tolerant by default (a field the answer leaves out reads as its default or None);
        `strict` also insists on every field the pinned server always sends."""
        if self.plans is not None and self.plans.has(self.cls):
            return self.plans.decoder(self.cls, strict)
        return self.load().from_dict  # type: ignore[no-any-return]


@functools.cache
def _load_class(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


@dataclasses.dataclass(frozen=True, slots=True)
class StreamSpec:
    """How an operation's SSE answer is framed and how it ends."""

    framing: str  # "openai" | "model_load" | "kobold"
    when: str  # "stream_field" (the request's `field` is true) | "always"
    field: str | None
    terminator: str | None
    end_when: Mapping[str, Any] | None
    error_field: str | None
    text: tuple[str | int, ...] | None
    event: ModelRef | None


@dataclasses.dataclass(frozen=True, slots=True)
class Operation:
    """One row of the generated operation table."""

    key: str
    method: str
    path: str
    tag: str
    name: str
    module: str
    facade: str | None
    alias_of: str | None
    raw_only: str | None
    auth: str  # "none" | "api" | "admin" | "listing"
    #: A request field that, when given, makes the call need the admin key too (`model`).
    admin_when: str | None
    mutates: bool
    request: ModelRef | None
    request_fields: tuple[str, ...]
    request_required: tuple[str, ...]
    response: ModelRef | None
    #: Error statuses whose body is an answer of `response` too (an unhealthy /health's 503).
    answer_statuses: frozenset[int]
    stream: StreamSpec | None
    #: The server's other names for request fields (`max_length` -> `max_tokens`).
    aliases: Mapping[str, str]
    #: Facade method name -> "call" / "stream" / "drain" (see generator/facade.py).
    facade_methods: Mapping[str, str]
    #: Per request field: JSON types, choices, description, server default, aliases.
    fields: Mapping[str, Mapping[str, Any]]
    #: Helper method name -> its mode ("parse", "tools", ...: `chat.parse`, `chat.run_tools`).
    helpers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    known_fields: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)
    #: Request fields whose schema does not admit null (a typed field given None).
    not_null: frozenset[str] = dataclasses.field(init=False, repr=False, compare=False)
    #: The `CallPlan`s of this operation's facade calls, by (mode, escalated to admin).
    plans: dict[tuple[str, bool], CallPlan] = dataclasses.field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "known_fields", frozenset(self.request_fields))
        not_null = {
            name
            for name, field in self.fields.items()
            if not field.get("nullable", True) and "any" not in field.get("types", ["any"])
        }
        object.__setattr__(self, "not_null", frozenset(not_null))

    def endpoint(self) -> Any:
        """The generated endpoint module."""
        return importlib.import_module(self.module)

    def build(
        self,
        fields: Mapping[str, Any],
        *,
        stream: bool | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """httpx request arguments (method, url, json, headers) for these request fields.

        `fields` are the request model's field names (as in the spec); values may be generated
        models or plain JSON at any depth. The body goes through the generated request model and
        endpoint module, and is refused (naming the field) if they would change what was given.
        """
        if self.request is None:
            for name in fields:
                self.unexpected(name)
            kwargs: dict[str, Any] = self.endpoint()._get_kwargs()
        else:
            body = self._body(fields)
            if stream is not None and self.stream and self.stream.field:
                body[self.stream.field] = stream
            try:
                model = self.request.load().from_dict(body)
                kwargs = self.endpoint()._get_kwargs(body=model)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                raise self._invalid(body, exc) from exc
            self._check_round_trip(body, kwargs.get("json"))
        if extra_body:
            kwargs["json"] = {**kwargs.get("json", {}), **extra_body}
        return kwargs

    @property
    def label(self) -> str:
        return f"{self.tag}.{self.facade or self.name}"

    def with_aliases(self, fields: dict[str, Any], aliases: Mapping[str, Any]) -> dict[str, Any]:
        """`fields` plus the values given under the server's other names for them."""
        for name, value in aliases.items():
            canonical = self.aliases.get(name)
            if canonical is None:
                self.unexpected(name)
            if canonical in fields:
                raise RequestValidationError(
                    f"{self.label}() got {name!r} and {canonical!r}, the same field"
                    f" ({name!r} is the server's other name for {canonical!r}): give one",
                    field=canonical,
                )
            fields[canonical] = value
        return fields

    def unexpected(self, name: str) -> NoReturn:
        """Raise the error for a keyword this operation does not take, with a hint."""
        import difflib  # the error path only

        canonical = self.aliases.get(name)
        if canonical is not None:
            hint = f"; it is the server's other name for {canonical!r}"
        elif self.stream and name == self.stream.field:
            hint = f"; use {self.label}_stream() to stream"
        else:
            close = difflib.get_close_matches(
                name, [*self.request_fields, *self.aliases, *CALL_OPTIONS], n=1
            )
            hint = f"; did you mean {close[0]!r}?" if close else ""
        raise RequestValidationError(
            f"{self.label}() got an unexpected keyword argument {name!r}{hint}", field=name
        )

    def _body(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        known = self.known_fields
        for name in fields:
            if name not in known:
                self.unexpected(name)
        missing = [n for n in self.request_required if n not in fields]
        if missing:
            raise RequestValidationError(
                f"{self.label}() missing required field(s): {', '.join(missing)}", field=missing[0]
            )
        for name, value in fields.items():
            if value is None and name in self.not_null:
                raise RequestValidationError(
                    f"{self.label}(): {name!r} cannot be None (JSON null), which the server fails"
                    " on: leave it out (NOT_GIVEN) for the server's default",
                    field=name,
                )
        return {name: to_jsonable(value) for name, value in fields.items()}

    def _check_round_trip(self, body: dict[str, Any], sent: Any) -> None:
        """Refuse a field the generated model changed on the way (`{}` for a list becomes `[]`):
        what is sent must be what was given."""
        if not isinstance(sent, dict):
            return
        missing = object()
        for name, value in body.items():
            if sent.get(name, missing) != value:
                raise RequestValidationError(
                    f"{self.label}(): invalid value for field {name!r}: {value!r:.80}", field=name
                )

    def _invalid(self, body: dict[str, Any], exc: Exception) -> RequestValidationError:
        """The error for a body the generated model cannot take, naming the first bad field."""
        assert self.request is not None
        request_cls = self.request.load()
        for name, value in body.items():
            probe = {n: body[n] for n in self.request_required if n != name}
            try:
                request_cls.from_dict({**probe, name: value}).to_dict()
            except (TypeError, ValueError, KeyError, AttributeError):
                return RequestValidationError(
                    f"{self.label}(): invalid value for field {name!r}: {value!r:.80}", field=name
                )
        return RequestValidationError(f"{self.label}(): invalid request ({exc!r})")

    def parse(self, content: bytes, strict: bool = False) -> Any:
        """The typed value of a 200 JSON body (None for JSON `null`); `strict`: see `decoder`."""
        try:
            data = json.loads(content) if content else None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ResponseDecodeError(f"{self.label}: response is not valid JSON ({exc})") from exc
        if self.response is None or data is None:
            return data
        try:
            return self.response.decoder(strict)(data)
        except KeyError as exc:
            raise missing_field(
                f"{self.label}: the response", self.response.cls, exc, strict
            ) from exc
        except (TypeError, ValueError, AttributeError) as exc:
            raise ResponseDecodeError(
                f"{self.label}: response does not match {self.response.cls} ({exc!r})"
            ) from exc


def missing_field(subject: str, model: str, exc: KeyError, strict: bool) -> ResponseDecodeError:
    """The error for an answer (`subject`: "models.get: the response", "a stream event") without
    a field it cannot do without, naming the field and the model that needs it."""
    if isinstance(exc, MissingField):
        model, key = exc.model, exc.key
    else:
        key = exc.args[0] if exc.args else "?"
    if strict:
        return ResponseDecodeError(
            f"{subject} has no {key!r} field, which the pinned TabbyAPI always sends in {model}"
            " (strict_responses=True)"
        )
    return ResponseDecodeError(
        f"{subject} has no {key!r} field, which {model} requires (it has no default)"
    )


#: The generator's suffix for the answer-side copy of a schema requests use too.
ANSWER_SUFFIX = "Output"


def unencodable_field(body: Mapping[str, Any]) -> RequestValidationError | None:
    """The error for the first field JSON cannot carry (NaN, infinity, a set, an object)."""
    for name, value in body.items():
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError) as exc:
            return RequestValidationError(
                f"field {name!r} cannot be sent as JSON: {exc}", field=name
            )
    return None


def to_jsonable(value: Any) -> Any:
    """Generated models (at any depth) become their dicts; everything else passes through.

    An answer's model sent back (an assistant message appended to `messages`) goes as the
    request-side object it stands for: the fields it has, without its nulls (a request field
    left out reads as null anyway) or the extras the answering server added."""
    if hasattr(value, "to_dict") and hasattr(value, "__attrs_attrs__"):
        if type(value).__name__.endswith(ANSWER_SUFFIX):
            extras = value.additional_properties
            return {
                key: to_jsonable(item)
                for key, item in value.to_dict().items()
                if item is not None and key not in extras
            }
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


#: Request extension holding the request's `CallPlan`.
PLAN = "tabby_plan"
#: Request extension holding the call's telemetry (`_otel.Watch`), when it records: the
#: transport adds its retries to the call's span.
WATCH = "tabby_watch"
#: Methods that never change server state: a raw call to a route the table does not know is
#: retried like a read only with one of these.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclasses.dataclass(frozen=True, slots=True)
class CallPlan:
    """What is decided once per request and read by auth, retries and error messages."""

    label: str  # `models.load`, or `POST /v1/new/route` for a route the table does not know
    auth: str  # which keys go with it: "none" | "api" | "admin" | "listing"
    mutates: bool  # changes server state: retried only when the request never left
    operation: Operation | None = None

    @classmethod
    def of(cls, op: Operation, fields: Mapping[str, Any], mode: str = "call") -> CallPlan:
        """The plan of a facade call (`mode` names the method: `chat.create_stream`); a
        generation naming `model=` needs the admin key too (TabbyAPI loads that model inline
        for admins only). Plans are immutable and made once per kind of call."""
        escalate = op.admin_when is not None and fields.get(op.admin_when) is not None
        plan = op.plans.get((mode, escalate))
        if plan is None:
            methods = {**op.facade_methods, **op.helpers}
            names = (n for n, m in methods.items() if m == mode)
            label = f"{op.tag}.{next(names, op.facade or op.name)}"
            plan = cls(label, "listing" if escalate else op.auth, op.mutates, op)
            op.plans[(mode, escalate)] = plan
        return plan


def plan_for(request: httpx.Request, table: OperationTable, prefix: str) -> CallPlan:
    """The request's plan: stamped by the facade, or (a `client.raw` call) found by route and
    stamped now, so the auth flow and the transport decide from the same plan."""
    plan: CallPlan | None = request.extensions.get(PLAN)
    if plan is None:
        path = request.url.path
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
        op = table.lookup(request.method, path)
        if op is not None:
            plan = CallPlan(op.label, op.auth, op.mutates, op)
        else:
            unsafe = request.method not in SAFE_METHODS
            plan = CallPlan(f"{request.method} {path}", "api", unsafe)
        request.extensions[PLAN] = plan
    return plan


class OperationTable:
    """The operations, indexed by key, by route (for `client.raw` calls) and by facade name."""

    def __init__(self, operations: list[Operation], credentials: Mapping[str, str]) -> None:
        self.operations = operations
        #: Header per credential (`api_key`, `admin_key`, `bearer_token`), from the spec.
        self.credentials = dict(credentials)
        self.by_key = {op.key: op for op in operations}
        self.by_route = {(op.method, op.path): op for op in operations}
        #: (tag, facade method) -> (operation, mode).
        self.methods: dict[tuple[str, str], tuple[Operation, str]] = {
            (op.tag, name): (op, mode)
            for op in operations
            for name, mode in op.facade_methods.items()
        }

    def lookup(self, method: str, path: str) -> Operation | None:
        return self.by_route.get((method, path))

    def facade(self, tag: str, name: str) -> Operation:
        """The operation behind `client.<tag>.<name>`."""
        try:
            return self.methods[(tag, name)][0]
        except KeyError:
            raise AttributeError(f"TabbyAPI has no operation {tag}.{name}") from None


def _operation(key: str, row: dict[str, Any], plans: DecodePlans) -> Operation:
    def _ref(data: Mapping[str, str] | None) -> ModelRef | None:
        return ModelRef(data["module"], data["class"], plans) if data else None

    stream = row["stream"]
    plain = (
        "method",
        "path",
        "tag",
        "name",
        "module",
        "facade",
        "alias_of",
        "raw_only",
        "auth",
        "admin_when",
        "mutates",
        "aliases",
        "facade_methods",
        "fields",
    )
    return Operation(
        key=key,
        **{name: row[name] for name in plain},
        request=_ref(row["request"]),
        request_fields=tuple(row["request_fields"]),
        request_required=tuple(row["request_required"]),
        response=_ref(row["response"]),
        answer_statuses=frozenset(row["answer_statuses"]),
        helpers=row.get("helpers", {}),
        stream=stream
        and StreamSpec(
            **{
                name: stream[name]
                for name in ("framing", "when", "field", "terminator", "end_when", "error_field")
            },
            text=tuple(stream["text"]) if stream["text"] else None,
            event=_ref(stream["event"]),
        ),
    )


@functools.cache
def operation_table() -> OperationTable:
    """The table of the installed generated package (read once)."""
    # Located without importing the package: its __init__ pulls in attrs and the client classes.
    spec = importlib.util.find_spec(GENERATED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"the generated package {GENERATED_PACKAGE!r} is not installed")
    location = Path(next(iter(spec.submodule_search_locations)))
    text = (location / "operations.json").read_text("utf-8")
    data = json.loads(text)
    plans = DecodePlans(data.get("decoders", {}))
    return OperationTable(
        [_operation(key, row, plans) for key, row in data["operations"].items()],
        data["credentials"],
    )
