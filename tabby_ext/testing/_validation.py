"""Request-body validation against the spec's schemas, reporting errors the way FastAPI does.

A small subset of pydantic's lax-mode rules (types, required fields, unions, bounds, literals):
enough for clients to see the same 422 shapes, and to give handlers coerced values.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Mapping
from typing import Any

ErrorDict = dict[str, Any]
Loc = tuple[str | int, ...]

_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})
_NULL = {"type": "null"}


def json_invalid(error: json.JSONDecodeError) -> list[ErrorDict]:
    """FastAPI's answer to a body that is not JSON."""
    return [
        {
            "type": "json_invalid",
            "loc": ["body", error.pos],
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": error.msg},
        }
    ]


def _error(
    kind: str, loc: Loc, msg: str, value: Any, ctx: dict[str, Any] | None = None
) -> ErrorDict:
    error: ErrorDict = {"type": kind, "loc": list(loc), "msg": msg, "input": value}
    if ctx is not None:
        error["ctx"] = ctx
    return error


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _literals(values: list[Any]) -> str:
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


class BodyValidator:
    """Validates JSON values against schemas that `$ref` into the spec's components."""

    def __init__(self, components: Mapping[str, Any]) -> None:
        self._components = components

    def validate_body(self, schema: dict[str, Any], body: Any) -> tuple[Any, list[ErrorDict]]:
        """Validate a request body (None: no body was sent) at loc ("body",)."""
        if body is None:
            return None, [_error("missing", ("body",), "Field required", None)]
        return self._validate(schema, body, ("body",))

    def _validate(
        self, schema: dict[str, Any], value: Any, loc: Loc
    ) -> tuple[Any, list[ErrorDict]]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            return self._model(self._components[name], value, loc)
        if "anyOf" in schema:
            return self._union(schema["anyOf"], value, loc)
        if "const" in schema or "enum" in schema:
            allowed = [schema["const"]] if "const" in schema else list(schema["enum"])
            if value in allowed and isinstance(value, type(allowed[0])):
                return value, []
            expected = _literals(allowed)
            return value, [
                _error(
                    "literal_error",
                    loc,
                    f"Input should be {expected}",
                    value,
                    {"expected": expected},
                )
            ]
        kind = schema.get("type")
        if kind == "string":
            if isinstance(value, str):
                return value, []
            return value, [_error("string_type", loc, "Input should be a valid string", value)]
        if kind == "integer":
            return self._bounded(schema, *self._integer(value, loc), loc)
        if kind == "number":
            return self._bounded(schema, *self._float(value, loc), loc)
        if kind == "boolean":
            return self._boolean(value, loc)
        if kind == "array":
            return self._array(schema, value, loc)
        if kind == "object":
            return self._dict(schema, value, loc)
        return value, []

    def _model(self, schema: dict[str, Any], value: Any, loc: Loc) -> tuple[Any, list[ErrorDict]]:
        if not isinstance(value, dict):
            msg = "Input should be a valid dictionary or object to extract fields from"
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            return value, [_error("model_attributes_type", loc, msg, value)]
        result = dict(value)
        errors: list[ErrorDict] = []
        required = set(schema.get("required", ()))
        for name, prop in schema.get("properties", {}).items():
            if name not in value:
                if name in required:
                    errors.append(_error("missing", (*loc, name), "Field required", value))
                continue
            result[name], prop_errors = self._validate(prop, value[name], (*loc, name))
            errors.extend(prop_errors)
        return result, errors

    def _union(
        self, branches: list[dict[str, Any]], value: Any, loc: Loc
    ) -> tuple[Any, list[ErrorDict]]:
        choices = [b for b in branches if b != _NULL]
        if value is None and len(choices) < len(branches):
            return None, []
        if len(choices) == 1:
            return self._validate(choices[0], value, loc)
        errors: list[ErrorDict] = []
        for branch in choices:
            coerced, branch_errors = self._validate(branch, value, (*loc, self._tag(branch)))
            if not branch_errors:
                return coerced, []
            errors.extend(branch_errors)
        return value, errors

    def _tag(self, schema: dict[str, Any]) -> str:
        if "$ref" in schema:
            return str(schema["$ref"].rsplit("/", 1)[-1])
        if "anyOf" in schema:
            return "union[" + ",".join(self._tag(b) for b in schema["anyOf"] if b != _NULL) + "]"
        if "const" in schema or "enum" in schema:
            allowed = [schema["const"]] if "const" in schema else schema["enum"]
            return "literal[" + ",".join(repr(v) for v in allowed) + "]"
        kind = schema.get("type")
        if kind == "array":
            return f"list[{self._tag(schema.get('items', {}))}]"
        simple = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
        return simple.get(str(kind), "dict[str,any]" if kind == "object" else "any")

    @staticmethod
    def _integer(value: Any, loc: Loc) -> tuple[Any, list[ErrorDict]]:
        if isinstance(value, (bool, int)):
            return int(value), []
        if isinstance(value, float):
            if value.is_integer():
                return int(value), []
            msg = "Input should be a valid integer, got a number with a fractional part"
            return value, [_error("int_from_float", loc, msg, value)]
        if isinstance(value, str):
            try:
                return int(value.strip()), []
            except ValueError:
                msg = "Input should be a valid integer, unable to parse string as an integer"
                return value, [_error("int_parsing", loc, msg, value)]
        return value, [_error("int_type", loc, "Input should be a valid integer", value)]

    @staticmethod
    def _float(value: Any, loc: Loc) -> tuple[Any, list[ErrorDict]]:
        if isinstance(value, (bool, int, float)):
            return float(value), []
        if isinstance(value, str):
            try:
                return float(value.strip()), []
            except ValueError:
                msg = "Input should be a valid number, unable to parse string as a number"
                return value, [_error("float_parsing", loc, msg, value)]
        return value, [_error("float_type", loc, "Input should be a valid number", value)]

    @staticmethod
    def _bounded(
        schema: dict[str, Any], value: Any, errors: list[ErrorDict], loc: Loc
    ) -> tuple[Any, list[ErrorDict]]:
        if errors:
            return value, errors
        checks = (
            ("minimum", "greater_than_equal", "ge", "greater than or equal to", operator.ge),
            ("maximum", "less_than_equal", "le", "less than or equal to", operator.le),
            ("exclusiveMinimum", "greater_than", "gt", "greater than", operator.gt),
        )
        for key, kind, ctx_key, words, holds in checks:
            if key in schema and not holds(value, schema[key]):
                bound = _number(schema[key])
                msg = f"Input should be {words} {bound}"
                return value, [_error(kind, loc, msg, value, {ctx_key: bound})]
        return value, []

    @staticmethod
    def _boolean(value: Any, loc: Loc) -> tuple[Any, list[ErrorDict]]:
        if isinstance(value, bool):
            return value, []
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value), []
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE, []
        if isinstance(value, (int, float, str)):
            msg = "Input should be a valid boolean, unable to interpret input"
            return value, [_error("bool_parsing", loc, msg, value)]
        return value, [_error("bool_type", loc, "Input should be a valid boolean", value)]

    def _array(self, schema: dict[str, Any], value: Any, loc: Loc) -> tuple[Any, list[ErrorDict]]:
        if not isinstance(value, list):
            return value, [_error("list_type", loc, "Input should be a valid list", value)]
        items = schema.get("items", {})
        result: list[Any] = []
        errors: list[ErrorDict] = []
        for index, item in enumerate(value):
            coerced, item_errors = self._validate(items, item, (*loc, index))
            result.append(coerced)
            errors.extend(item_errors)
        return result, errors

    def _dict(self, schema: dict[str, Any], value: Any, loc: Loc) -> tuple[Any, list[ErrorDict]]:
        if not isinstance(value, dict):
            return value, [_error("dict_type", loc, "Input should be a valid dictionary", value)]
        values = schema.get("additionalProperties")
        if not isinstance(values, dict):
            return value, []
        result: dict[str, Any] = {}
        errors: list[ErrorDict] = []
        for key, item in value.items():
            result[key], item_errors = self._validate(values, item, (*loc, key))
            errors.extend(item_errors)
        return result, errors
