from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelLoadResponse")


@_attrs_define
class ModelLoadResponse:
    """Represents a model load response.

    Attributes:
        module (int):
        modules (int):
        status (str):
        model_type (str | Unset):  Default: 'model'.
    """

    module: int
    modules: int
    status: str
    model_type: str | Unset = "model"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        module = self.module

        modules = self.modules

        status = self.status

        model_type = self.model_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "module": module,
                "modules": modules,
                "status": status,
            }
        )
        if model_type is not UNSET:
            field_dict["model_type"] = model_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        module = d.pop("module")

        modules = d.pop("modules")

        status = d.pop("status")

        model_type = d.pop("model_type", UNSET)

        model_load_response = cls(
            module=module,
            modules=modules,
            status=status,
            model_type=model_type,
        )

        model_load_response.additional_properties = d
        return model_load_response

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
