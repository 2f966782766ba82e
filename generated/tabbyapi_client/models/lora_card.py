from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LoraCard")


@_attrs_define
class LoraCard:
    """Represents a single Lora card.

    Attributes:
        id (str):  Default: 'test'.
        object_ (str):  Default: 'lora'.
        created (int):
        owned_by (str):  Default: 'tabbyAPI'.
        scaling (float | None):
    """

    created: int
    scaling: float | None
    id: str = "test"
    object_: str = "lora"
    owned_by: str = "tabbyAPI"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        scaling: float | None
        scaling = self.scaling

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "owned_by": owned_by,
                "scaling": scaling,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", "test")

        object_ = d.pop("object", "lora")

        created = d.pop("created")

        owned_by = d.pop("owned_by", "tabbyAPI")

        def _parse_scaling(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        scaling = _parse_scaling(d.pop("scaling", None))

        lora_card = cls(
            id=id,
            object_=object_,
            created=created,
            owned_by=owned_by,
            scaling=scaling,
        )

        lora_card.additional_properties = d
        return lora_card

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
