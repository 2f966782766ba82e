"""Fast typed decoding: JSON to the generated attrs models, several times quicker than `from_dict`.

The generated `from_dict` re-imports, re-defines helper closures and copies the dict on every call;
on a stream that is most of the client's CPU per chunk. From the decode plans the generator writes
beside the operation table (which JSON key holds a nested model, a list of models, or a plain
value), this module compiles one small straight-line function per model. The result is the same
object `from_dict` builds (a test checks equality); models whose fields the plan cannot describe
(unions of models, inline objects) keep their own `from_dict`.
"""

from __future__ import annotations

import functools
import importlib
import keyword
from collections.abc import Callable, Mapping
from typing import Any

Decoder = Callable[[Any], Any]


class MissingField(KeyError):
    """An answer lacks a field that has no fallback (or, read strictly, one the server always
    sends): names the model and the key, for the caller's `ResponseDecodeError`."""

    def __init__(self, model: str, key: str) -> None:
        super().__init__(key)
        self.model = model
        self.key = key


class DecodePlans:
    """Compiles and caches decoders for the models named in the generated plans.

    Two readings per model: tolerant (the default: a field the answer leaves out reads as its
    fallback, the spec's default or None) and strict (a field the pinned server always sends
    must be there). A field without a fallback is required either way.
    """

    def __init__(self, plans: Mapping[str, Any]) -> None:
        self._plans = plans
        self._compiling: set[tuple[str, bool]] = set()

    def has(self, name: str) -> bool:
        return name in self._plans

    def decoder(self, name: str, strict: bool = False) -> Decoder:
        """The decoder for generated model class `name` (compiled once per reading)."""
        return self._decoder(name, bool(strict))

    @functools.cache  # noqa: B019 - one instance per process (the operation table's)
    def _decoder(self, name: str, strict: bool) -> Decoder:
        plan = self._plans.get(name)
        if plan is None:
            raise KeyError(name)
        self._compiling.add((name, strict))
        try:
            return self._build(plan, strict)
        finally:
            self._compiling.discard((name, strict))

    def _build(self, plan: Mapping[str, Any], strict: bool) -> Decoder:
        cls = getattr(importlib.import_module(plan["module"]), plan["class"])
        if plan["fields"] is None:
            return cls.from_dict  # type: ignore[no-any-return]
        source = _compile(cls, plan["fields"], strict)
        if source is None:
            return cls.from_dict  # type: ignore[no-any-return]
        code, needs, constants = source
        from tabbyapi_client.types import UNSET

        env: dict[str, Any] = {
            "_cls": cls,
            "_U": UNSET,
            "_dict": dict,
            "_missing": _missing(plan["class"]),
            **constants,
        }
        env.update(
            {
                f"_d_{n}": _Lazy(self, n, strict)
                if (n, strict) in self._compiling
                else self.decoder(n, strict)
                for n in needs
            }
        )
        env["_known"] = frozenset(f[0] for f in plan["fields"])
        exec(code, env)  # the source is built above from the generated plan, never from input
        return env["decode"]  # type: ignore[no-any-return]


def _missing(model: str) -> Callable[[str], MissingField]:
    return lambda key: MissingField(model, key)


class _Lazy:
    """A nested decoder still being compiled further up (a recursive model), resolved on use."""

    __slots__ = ("_fn", "_name", "_plans", "_strict")

    def __init__(self, plans: DecodePlans, name: str, strict: bool) -> None:
        self._plans = plans
        self._name = name
        self._strict = strict
        self._fn: Decoder | None = None

    def __call__(self, data: Any) -> Any:
        fn = self._fn
        if fn is None:
            fn = self._fn = self._plans.decoder(self._name, self._strict)
        return fn(data)


def _python_name(cls: Any, key: str) -> str | None:
    """The attrs field openapi-python-client made of JSON key `key` (`object` -> `object_`)."""
    names = {a.name for a in cls.__attrs_attrs__}
    for candidate in (key, f"{key}_"):
        if candidate in names and candidate.isidentifier() and not keyword.iskeyword(candidate):
            return candidate
    return None


def _compile(
    cls: Any, fields: list[list[Any]], strict: bool
) -> tuple[str, set[str], dict[str, Any]] | None:
    """The source of `decode(d)` for one model. A present key costs a dict lookup either way; a
    missing one reads as its fallback (a literal in the source), or raises `MissingField`."""
    lines = ["    get = d.get"]
    args, needs = [], set()
    constants: dict[str, Any] = {}
    required: set[str] = set()
    for i, field in enumerate(fields):
        key, kind, target, always = field[:4]
        fallback = field[4:]
        py = _python_name(cls, key)
        if py is None:
            return None
        if fallback and not (strict and always):
            default = fallback[0]
            if not isinstance(default, dict | list) or kind != "plain":
                # Immutable, or only read by a nested decoder: one shared value, no allocation.
                constants[f"_f{i}"] = default
                lines.append(f"    v{i} = get({key!r}, _f{i})")
            else:  # kept in the model as it is: a fresh copy for each answer that lacks it
                lines.append(f"    v{i} = get({key!r}, _U)")
                lines.append(f"    if v{i} is _U: v{i} = {default!r}")
        else:
            required.add(key)
            lines.append(f"    v{i} = d[{key!r}]")
        args.append(f"{py}=v{i}")
        if kind == "plain":
            continue
        needs.add(target)
        fn = f"_d_{target}"
        convert = f"[{fn}(x) for x in v{i}]" if kind.startswith("list") else f"{fn}(v{i})"
        if kind.endswith("?"):
            lines.append(f"    if v{i} is not None: v{i} = {convert}")
        else:
            lines.append(f"    v{i} = {convert}")
    lines.append(f"    obj = _cls({', '.join(args)})")
    lines.append("    if not _known.issuperset(d):")
    lines.append(
        "        obj.additional_properties = {k: v for k, v in d.items() if k not in _known}"
    )
    lines.append("    return obj")
    body = "\n".join("    " + line for line in lines)
    # A KeyError is ours when it names a required key this answer lacks (a nested model's own
    # `from_dict` may raise one too): the happy path pays nothing for the check.
    constants["_required"] = frozenset(required)
    source = (
        "def decode(d):\n"
        "    if type(d) is not _dict: raise TypeError(type(d).__name__)\n"
        f"    try:\n{body}\n"
        "    except KeyError as exc:\n"
        "        key = exc.args[0] if len(exc.args) == 1 else None\n"
        "        if type(exc) is not KeyError or key not in _required or key in d: raise\n"
        "        raise _missing(key) from None\n"
    )
    return source, needs, constants
