from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.sampler_override_list_response_overrides import SamplerOverrideListResponseOverrides


T = TypeVar("T", bound="SamplerOverrideListResponse")


@_attrs_define
class SamplerOverrideListResponse:
    """Sampler override list response

    Attributes:
        selected_preset (None | str):
        overrides (SamplerOverrideListResponseOverrides): Server default: `{}`.
        presets (list[str] | None):
    """

    selected_preset: None | str
    overrides: SamplerOverrideListResponseOverrides
    presets: list[str] | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        selected_preset: None | str
        selected_preset = self.selected_preset

        overrides = self.overrides.to_dict()

        presets: list[str] | None
        if isinstance(self.presets, list):
            presets = self.presets

        else:
            presets = self.presets

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "selected_preset": selected_preset,
                "overrides": overrides,
                "presets": presets,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sampler_override_list_response_overrides import SamplerOverrideListResponseOverrides  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_selected_preset(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        selected_preset = _parse_selected_preset(d.pop("selected_preset", None))

        overrides = SamplerOverrideListResponseOverrides.from_dict(d.pop("overrides", {}))

        def _parse_presets(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                presets_type_0 = cast(list[str], data)

                return presets_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        presets = _parse_presets(d.pop("presets", None))

        sampler_override_list_response = cls(
            selected_preset=selected_preset,
            overrides=overrides,
            presets=presets,
        )

        sampler_override_list_response.additional_properties = d
        return sampler_override_list_response

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
