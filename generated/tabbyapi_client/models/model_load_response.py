from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ModelLoadResponse")


@_attrs_define
class ModelLoadResponse:
    """Represents a model load response.

    Attributes:
        model_type (str):  Default: 'model'.
        module (int):
        modules (int):
        status (str):
    """

    module: int
    modules: int
    status: str
    model_type: str = "model"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model_type = self.model_type

        module = self.module

        modules = self.modules

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_type": model_type,
                "module": module,
                "modules": modules,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        model_type = d.pop("model_type", "model")

        module = d.pop("module")

        modules = d.pop("modules")

        status = d.pop("status")

        model_load_response = cls(
            model_type=model_type,
            module=module,
            modules=modules,
            status=status,
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
