from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LoraCard")


@_attrs_define
class LoraCard:
    """Represents a single Lora card.

    Attributes:
        id (str | Unset):  Default: 'test'.
        object_ (str | Unset):  Default: 'lora'.
        created (int | Unset):
        owned_by (str | Unset):  Default: 'tabbyAPI'.
        scaling (float | None | Unset):
    """

    id: str | Unset = "test"
    object_: str | Unset = "lora"
    created: int | Unset = UNSET
    owned_by: str | Unset = "tabbyAPI"
    scaling: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        scaling: float | None | Unset
        if isinstance(self.scaling, Unset):
            scaling = UNSET
        else:
            scaling = self.scaling

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if object_ is not UNSET:
            field_dict["object"] = object_
        if created is not UNSET:
            field_dict["created"] = created
        if owned_by is not UNSET:
            field_dict["owned_by"] = owned_by
        if scaling is not UNSET:
            field_dict["scaling"] = scaling

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        object_ = d.pop("object", UNSET)

        created = d.pop("created", UNSET)

        owned_by = d.pop("owned_by", UNSET)

        def _parse_scaling(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        scaling = _parse_scaling(d.pop("scaling", UNSET))

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
