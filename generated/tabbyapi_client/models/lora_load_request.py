from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.lora_load_info import LoraLoadInfo


T = TypeVar("T", bound="LoraLoadRequest")


@_attrs_define
class LoraLoadRequest:
    """Represents a Lora load request.

    Attributes:
        loras (list[LoraLoadInfo]):
        skip_queue (bool | Unset): Server default: `false`.
    """

    loras: list[LoraLoadInfo]
    skip_queue: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        loras = []
        for loras_item_data in self.loras:
            loras_item = loras_item_data.to_dict()
            loras.append(loras_item)

        skip_queue = self.skip_queue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "loras": loras,
            }
        )
        if skip_queue is not UNSET:
            field_dict["skip_queue"] = skip_queue

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.lora_load_info import LoraLoadInfo  # noqa: PLC0415

        d = dict(src_dict)
        loras = []
        _loras = d.pop("loras")
        for loras_item_data in _loras:
            loras_item = LoraLoadInfo.from_dict(loras_item_data)

            loras.append(loras_item)

        skip_queue = d.pop("skip_queue", UNSET)

        lora_load_request = cls(
            loras=loras,
            skip_queue=skip_queue,
        )

        lora_load_request.additional_properties = d
        return lora_load_request

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
