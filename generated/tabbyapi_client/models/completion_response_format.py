from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.completion_response_format_type import (
    CompletionResponseFormatType,
    check_completion_response_format_type,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="CompletionResponseFormat")


@_attrs_define
class CompletionResponseFormat:
    """
    Attributes:
        type_ (CompletionResponseFormatType | Unset): "json": any JSON object; "json_schema": JSON fitting
            `json_schema`; "json_object" (OpenAI's JSON mode) is sent as "json". Server default: `"text"`.
        json_schema (Any | None | Unset):
    """

    type_: CompletionResponseFormatType | Unset = UNSET
    json_schema: Any | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        json_schema: Any | None | Unset
        if isinstance(self.json_schema, Unset):
            json_schema = UNSET
        else:
            json_schema = self.json_schema

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not UNSET:
            field_dict["type"] = type_
        if json_schema is not UNSET:
            field_dict["json_schema"] = json_schema

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _type_ = d.pop("type", UNSET)
        type_: CompletionResponseFormatType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_completion_response_format_type(_type_)

        def _parse_json_schema(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        json_schema = _parse_json_schema(d.pop("json_schema", UNSET))

        completion_response_format = cls(
            type_=type_,
            json_schema=json_schema,
        )

        completion_response_format.additional_properties = d
        return completion_response_format

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
