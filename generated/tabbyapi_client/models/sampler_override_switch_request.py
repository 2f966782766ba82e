from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.sampler_override_switch_request_overrides_type_0 import (
        SamplerOverrideSwitchRequestOverridesType0,
    )


T = TypeVar("T", bound="SamplerOverrideSwitchRequest")


@_attrs_define
class SamplerOverrideSwitchRequest:
    """Sampler override switch request

    Attributes:
        preset (None | str | Unset): Pass a sampler override preset name
        overrides (None | SamplerOverrideSwitchRequestOverridesType0 | Unset): Sampling override parent takes in
            individual keys and overrides. Ignored if preset is provided.
    """

    preset: None | str | Unset = UNSET
    overrides: None | SamplerOverrideSwitchRequestOverridesType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.sampler_override_switch_request_overrides_type_0 import (
            SamplerOverrideSwitchRequestOverridesType0,  # noqa: PLC0415
        )

        preset: None | str | Unset
        if isinstance(self.preset, Unset):
            preset = UNSET
        else:
            preset = self.preset

        overrides: dict[str, Any] | None | Unset
        if isinstance(self.overrides, Unset):
            overrides = UNSET
        elif isinstance(self.overrides, SamplerOverrideSwitchRequestOverridesType0):
            overrides = self.overrides.to_dict()
        else:
            overrides = self.overrides

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if preset is not UNSET:
            field_dict["preset"] = preset
        if overrides is not UNSET:
            field_dict["overrides"] = overrides

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.sampler_override_switch_request_overrides_type_0 import (
            SamplerOverrideSwitchRequestOverridesType0,  # noqa: PLC0415
        )

        d = dict(src_dict)

        def _parse_preset(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        preset = _parse_preset(d.pop("preset", UNSET))

        def _parse_overrides(data: object) -> None | SamplerOverrideSwitchRequestOverridesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                overrides_type_0 = SamplerOverrideSwitchRequestOverridesType0.from_dict(data)

                return overrides_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SamplerOverrideSwitchRequestOverridesType0 | Unset, data)

        overrides = _parse_overrides(d.pop("overrides", UNSET))

        sampler_override_switch_request = cls(
            preset=preset,
            overrides=overrides,
        )

        sampler_override_switch_request.additional_properties = d
        return sampler_override_switch_request

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
