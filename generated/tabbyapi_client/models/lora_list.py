from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.lora_card import LoraCard


T = TypeVar("T", bound="LoraList")


@_attrs_define
class LoraList:
    """Represents a list of Lora cards.

    Attributes:
        object_ (str):  Default: 'list'.
        data (list[LoraCard]):
    """

    data: list[LoraCard]
    object_: str = "list"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        object_ = self.object_

        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "object": object_,
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.lora_card import LoraCard  # noqa: PLC0415

        d = dict(src_dict)
        object_ = d.pop("object", "list")

        data = []
        _data = d.pop("data")
        for data_item_data in _data:
            data_item = LoraCard.from_dict(data_item_data)

            data.append(data_item)

        lora_list = cls(
            object_=object_,
            data=data,
        )

        lora_list.additional_properties = d
        return lora_list

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
