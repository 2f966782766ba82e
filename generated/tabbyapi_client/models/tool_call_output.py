from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_output import ToolOutput


T = TypeVar("T", bound="ToolCallOutput")


@_attrs_define
class ToolCallOutput:
    """Represents an OAI tool call.

    The ``index`` field is optional so it can be omitted in non-streaming
    responses (where OpenAI does not include it) via ``exclude_none=True``,
    while being set explicitly for streaming deltas where it is required
    by strict validators like the Vercel AI SDK.

    TOOL_CALL_SCHEMA:
     {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "function": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "arguments": {
                            # Converted to OAI's string in post process
                            "type": "object"
                        },
                    },
                    "required": ["name", "arguments"],
                },
            },
            "required": ["function"],
        },
    }

        Attributes:
            id (str):
            function (ToolOutput): Represents an OAI tool description.
            type_ (Literal['function']):  Default: 'function'.
            index (int | None):
    """

    id: str
    function: ToolOutput
    index: int | None
    type_: Literal["function"] = "function"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        function = self.function.to_dict()

        type_ = self.type_

        index: int | None
        index = self.index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "function": function,
                "type": type_,
                "index": index,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_output import ToolOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        function = ToolOutput.from_dict(d.pop("function"))

        type_ = cast(Literal["function"], d.pop("type", "function"))
        if type_ != "function":
            raise ValueError(f"type must match const 'function', got '{type_}'")

        def _parse_index(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        index = _parse_index(d.pop("index", None))

        tool_call_output = cls(
            id=id,
            function=function,
            type_=type_,
            index=index,
        )

        tool_call_output.additional_properties = d
        return tool_call_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
