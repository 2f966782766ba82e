"""Python types and raw dicts as JSON Schemas, and answers checked against them (no server).

What `chat.parse`'s `response_format=` and `tool(fn)` derive: the schema sent to TabbyAPI,
validated as JSON Schema by jsonschema itself, and the value built back from valid JSON.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import sys
from typing import Annotated, Any, Literal, NewType, NotRequired, TypedDict

import attrs
import jsonschema
import pydantic
import pytest

from tabby_ext._schema import (
    SchemaMismatch,
    UnsupportedSchema,
    arguments_schema,
    output_schema,
    parameter_docs,
    partial_json,
    summary_doc,
)


class Size(enum.Enum):
    SMALL = "s"
    LARGE = "l"


@dataclasses.dataclass
class Point:
    x: int
    y: float = 0.0


@dataclasses.dataclass
class Tree:
    """A labelled tree."""

    label: str
    children: list[Tree] = dataclasses.field(default_factory=list)
    size: Size = Size.SMALL
    kind: Literal["leaf", "node"] | None = None


class Pet(TypedDict):
    name: str
    tags: NotRequired[list[str]]


@attrs.define
class Shelf:
    _width: int
    items: tuple[str, int]
    spot: Point | None = None


class Collar(pydantic.BaseModel):
    colour: str


class Owner(pydantic.BaseModel):
    name: str
    collars: list[Collar] = []


Meters = NewType("Meters", float)


def schema_of(tp: Any) -> dict[str, Any]:
    schema = output_schema(tp).schema
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_a_dataclass_becomes_a_closed_object_with_its_docstring_and_defs() -> None:
    schema = schema_of(Tree)
    assert schema["title"] == "Tree" and schema["description"] == "A labelled tree."
    assert schema["required"] == ["label"] and schema["additionalProperties"] is False
    assert schema["properties"]["children"] == {"type": "array", "items": {"$ref": "#/$defs/Tree"}}
    assert schema["properties"]["size"] == {"enum": ["s", "l"], "title": "Size"}
    assert schema["properties"]["kind"] == {"anyOf": [{"enum": ["leaf", "node"]}, {"type": "null"}]}
    assert schema["$defs"]["Tree"]["properties"] == schema["properties"]  # recursive: kept


def test_values_are_built_back_into_the_types_asked_for() -> None:
    text = '{"label": "a", "children": [{"label": "b", "size": "l", "kind": "leaf"}]}'
    tree = output_schema(Tree).loads(text)
    assert tree == Tree("a", [Tree("b", [], Size.LARGE, "leaf")])
    shelf = output_schema(Shelf).loads('{"width": 2, "items": ["a", 1], "spot": {"x": 1}}')
    assert shelf == Shelf(2, ("a", 1), Point(1, 0.0))
    assert shelf.spot is not None and isinstance(shelf.spot.y, float)
    assert output_schema(Pet).loads('{"name": "Rex"}') == {"name": "Rex"}
    owner = output_schema(Owner).loads('{"name": "Ann", "collars": [{"colour": "red"}]}')
    assert owner == Owner(name="Ann", collars=[Collar(colour="red")])
    assert output_schema(list[int | str]).loads('[1, "a", 2.0]') == [1, "a", 2]
    assert output_schema(set[int]).loads("[1, 2]") == {1, 2}
    assert output_schema(dict[str, Point]).loads('{"a": {"x": 3}}') == {"a": Point(3)}
    assert output_schema(Annotated[Meters, "m"]).loads("3") == 3.0


def test_typed_dict_marks_and_attrs_aliases() -> None:
    assert schema_of(Pet)["required"] == ["name"]  # NotRequired, even written as a string
    shelf = schema_of(Shelf)
    assert list(shelf["properties"]) == ["width", "items", "spot"]  # the init name of `_width`
    assert shelf["properties"]["items"]["prefixItems"] == [{"type": "string"}, {"type": "integer"}]
    assert shelf["$defs"]["Point"]["required"] == ["x"]


def test_a_pydantic_model_nested_in_a_dataclass_shares_its_defs() -> None:
    @dataclasses.dataclass
    class Household:
        owner: Owner

    schema = schema_of(Household)
    assert schema["properties"]["owner"] == {"$ref": "#/$defs/Owner"}
    assert {"Owner", "Collar"} <= set(schema["$defs"])
    assert output_schema(Household).loads('{"owner": {"name": "B"}}').owner == Owner(name="B")


def test_invalid_answers_name_each_problem_with_its_path() -> None:
    with pytest.raises(SchemaMismatch) as info:
        output_schema(Tree).loads('{"label": 1, "children": [{"size": "xl"}], "extra": 0}')
    message = str(info.value)
    assert "$: Additional properties are not allowed ('extra' was unexpected)" in message
    assert "$.label: 1 is not of type 'string'" in message
    assert "$.children[0]: 'label' is a required property" in message
    assert "$.children[0].size: 'xl' is not one of ['s', 'l']" in message
    with pytest.raises(SchemaMismatch, match=r"^the answer is not JSON \(Expecting value"):
        output_schema(Point).loads("tok0 tok1")
    with pytest.raises(SchemaMismatch, match=r"\$\.name: Input should be a valid string"):
        output_schema(Owner).loads('{"name": 5}')  # pydantic's own check and words


def test_a_constructor_that_refuses_is_a_mismatch() -> None:
    @dataclasses.dataclass
    class Positive:
        n: int

        def __post_init__(self) -> None:
            if self.n <= 0:
                raise ValueError("n must be positive")

    with pytest.raises(SchemaMismatch, match="ValueError: n must be positive"):
        output_schema(Positive).loads('{"n": 0}')


@pytest.mark.parametrize(
    ("target", "words"),
    [
        (datetime.datetime, "cannot be described in JSON Schema"),
        (dict[int, str], "JSON object keys are strings"),
        (Literal[b"x"], "is not JSON"),
        ({"type": "nope"}, "not a valid JSON Schema ($.type:"),
        ({}, "an empty JSON Schema allows any answer"),
    ],
)
def test_what_has_no_json_schema_is_refused(target: Any, words: str) -> None:
    with pytest.raises(UnsupportedSchema) as info:
        output_schema(target)
    assert words in str(info.value)


def test_unresolvable_annotations_are_refused_with_a_hint() -> None:
    @dataclasses.dataclass
    class Local:
        other: Missing  # type: ignore[name-defined]  # noqa: F821

    with pytest.raises(UnsupportedSchema, match="define the class at module level"):
        output_schema(Local)


def test_raw_schemas_are_checked_and_openai_wrappers_unwrapped() -> None:
    inner = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    for given in (
        inner,
        {"name": "thing", "schema": inner},
        {"type": "json_schema", "json_schema": {"name": "thing", "schema": inner}},
    ):
        schema = output_schema(given)
        assert schema.schema == inner
        assert schema.loads('{"a": 1}') == {"a": 1}
    assert output_schema({"name": "thing", "schema": inner}).name == "thing"
    with pytest.raises(SchemaMismatch, match=r"\$\.a: 'x' is not of type 'integer'"):
        output_schema(inner).loads('{"a": "x"}')


def weather(city: str, unit: Literal["C", "F"] = "C", *, days: int = 1) -> str:
    """The weather of a city.

    Args:
        city: The city,
            in full.
        unit (str): Celsius or Fahrenheit.

    Returns:
        A sentence.
    """
    return city


def test_a_functions_parameters_become_its_arguments_schema() -> None:
    arguments = arguments_schema(weather)
    assert arguments.schema == {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "The city, in full."},
            "unit": {"enum": ["C", "F"], "description": "Celsius or Fahrenheit."},
            "days": {"type": "integer"},
        },
        "required": ["city"],
        "additionalProperties": False,
    }
    assert arguments.loads('{"city": "Oslo", "days": 2}') == {"city": "Oslo", "days": 2}
    assert summary_doc(weather.__doc__ or "") == "The weather of a city."
    assert parameter_docs(":param city: Where.\n:param int days: How long.") == {
        "city": "Where.",
        "days": "How long.",
    }


def test_parameters_a_model_cannot_give_are_refused() -> None:
    def star(*cities: str) -> None: ...

    def bare(city) -> None: ...  # type: ignore[no-untyped-def]

    with pytest.raises(UnsupportedSchema, match="'cities' cannot be given by name"):
        arguments_schema(star)
    with pytest.raises(UnsupportedSchema, match="'city' has no annotation"):
        arguments_schema(bare)


def test_partial_json_reads_an_unfinished_answer() -> None:
    assert partial_json("") is None
    assert partial_json('{"name": "Pa') == {"name": "Pa"}
    assert partial_json('{"items": [1, 2') == {"items": [1, 2]}
    assert partial_json('{"a": 1}') == {"a": 1}


LAZY = (
    "jsonschema",
    "pydantic",
    "pydantic_core",
    "tabby_ext._schema",
    "tabby_ext._structured",
    "tabby_ext._tools",
    "tabby_ext._constraints",
    "tabby_ext._sync.helpers",
    "tabby_ext._async.helpers",
    "tabbyapi_client.facade.sync_helpers",
    "tabbyapi_client.facade.async_helpers",
)


def test_nothing_of_it_is_imported_with_the_client_until_used() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from tabby_ext import Tabby, AsyncTabby\n"
        "client = Tabby(base_url='http://127.0.0.1:9')\n"
        "client.chat.create; client.completions.create_stream\n"
        f"print(sorted(m for m in sys.modules if m.startswith({LAZY!r})))\n"
        "client.chat.parse  # the first helper method loads its module, not the validator\n"
        f"print(sorted(m for m in sys.modules if m.startswith({LAZY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = out.stdout.splitlines()
    assert before == "[]"
    assert eval(after) == ["tabbyapi_client.facade.sync_helpers"]
