from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.tool_call_output import ToolCallOutput


T = TypeVar("T", bound="ChatCompletionMessageOutput")


@_attrs_define
class ChatCompletionMessageOutput:
    """
    Attributes:
        role (str):  Default: 'user'.
        reasoning_content (None | str):
        tool_calls (list[ToolCallOutput] | None):
        tool_call_id (None | str):
        content (None | str):
    """

    reasoning_content: None | str
    tool_calls: list[ToolCallOutput] | None
    tool_call_id: None | str
    content: None | str
    role: str = "user"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        role = self.role

        reasoning_content: None | str
        reasoning_content = self.reasoning_content

        tool_calls: list[dict[str, Any]] | None
        if isinstance(self.tool_calls, list):
            tool_calls = []
            for tool_calls_type_0_item_data in self.tool_calls:
                tool_calls_type_0_item = tool_calls_type_0_item_data.to_dict()
                tool_calls.append(tool_calls_type_0_item)

        else:
            tool_calls = self.tool_calls

        tool_call_id: None | str
        tool_call_id = self.tool_call_id

        content: None | str
        content = self.content

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "role": role,
                "reasoning_content": reasoning_content,
                "tool_calls": tool_calls,
                "tool_call_id": tool_call_id,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tool_call_output import ToolCallOutput  # noqa: PLC0415

        d = dict(src_dict)
        role = d.pop("role", "user")

        def _parse_reasoning_content(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reasoning_content = _parse_reasoning_content(d.pop("reasoning_content", None))

        def _parse_tool_calls(data: object) -> list[ToolCallOutput] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tool_calls_type_0 = []
                _tool_calls_type_0 = data
                for tool_calls_type_0_item_data in _tool_calls_type_0:
                    tool_calls_type_0_item = ToolCallOutput.from_dict(tool_calls_type_0_item_data)

                    tool_calls_type_0.append(tool_calls_type_0_item)

                return tool_calls_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ToolCallOutput] | None, data)

        tool_calls = _parse_tool_calls(d.pop("tool_calls", None))

        def _parse_tool_call_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tool_call_id = _parse_tool_call_id(d.pop("tool_call_id", None))

        def _parse_content(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        content = _parse_content(d.pop("content", None))

        chat_completion_message_output = cls(
            role=role,
            reasoning_content=reasoning_content,
            tool_calls=tool_calls,
            tool_call_id=tool_call_id,
            content=content,
        )

        chat_completion_message_output.additional_properties = d
        return chat_completion_message_output

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
