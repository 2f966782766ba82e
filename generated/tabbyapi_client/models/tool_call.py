from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tool import Tool


T = TypeVar("T", bound="ToolCall")


@_attrs_define
class ToolCall:
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
            function (Tool): Represents an OAI tool description.
            id (str | Unset):
            type_ (Literal['function'] | Unset): Server default: `"function"`.
            index (int | None | Unset):
    """

    function: Tool
    id: str | Unset = UNSET
    type_: Literal["function"] | Unset = UNSET
    index: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        function = self.function.to_dict()

        id = self.id

        type_ = self.type_

        index: int | None | Unset
        if isinstance(self.index, Unset):
            index = UNSET
        else:
            index = self.index

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "function": function,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if index is not UNSET:
            field_dict["index"] = index

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool import Tool  # noqa: PLC0415

        d = dict(src_dict)
        function = Tool.from_dict(d.pop("function"))

        id = d.pop("id", UNSET)

        type_ = cast(Literal["function"] | Unset, d.pop("type", UNSET))
        if type_ != "function" and not isinstance(type_, Unset):
            raise ValueError(f"type must match const 'function', got '{type_}'")

        def _parse_index(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        index = _parse_index(d.pop("index", UNSET))

        tool_call = cls(
            function=function,
            id=id,
            type_=type_,
            index=index,
        )

        tool_call.additional_properties = d
        return tool_call

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
