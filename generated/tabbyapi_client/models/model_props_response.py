from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.model_default_generation_settings import ModelDefaultGenerationSettings


T = TypeVar("T", bound="ModelPropsResponse")


@_attrs_define
class ModelPropsResponse:
    """Represents a model props response.

    Attributes:
        total_slots (int):  Default: 1.
        chat_template (str):  Default: ''.
        default_generation_settings (ModelDefaultGenerationSettings): Contains default generation settings for model
            props.
    """

    default_generation_settings: ModelDefaultGenerationSettings
    total_slots: int = 1
    chat_template: str = ""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_slots = self.total_slots

        chat_template = self.chat_template

        default_generation_settings = self.default_generation_settings.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total_slots": total_slots,
                "chat_template": chat_template,
                "default_generation_settings": default_generation_settings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.model_default_generation_settings import ModelDefaultGenerationSettings  # noqa: PLC0415

        d = dict(src_dict)
        total_slots = d.pop("total_slots", 1)

        chat_template = d.pop("chat_template", "")

        default_generation_settings = ModelDefaultGenerationSettings.from_dict(
            d.pop("default_generation_settings")
        )

        model_props_response = cls(
            total_slots=total_slots,
            chat_template=chat_template,
            default_generation_settings=default_generation_settings,
        )

        model_props_response.additional_properties = d
        return model_props_response

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
