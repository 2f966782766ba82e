from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.service_info_api import ServiceInfoApi
    from ..models.service_info_software import ServiceInfoSoftware


T = TypeVar("T", bound="ServiceInfo")


@_attrs_define
class ServiceInfo:
    """`/.well-known/serviceinfo`: what the server is and which APIs it serves.

    Attributes:
        version (float):
        software (ServiceInfoSoftware):
        api (ServiceInfoApi):
    """

    version: float
    software: ServiceInfoSoftware
    api: ServiceInfoApi
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        software = self.software.to_dict()

        api = self.api.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "software": software,
                "api": api,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.service_info_api import ServiceInfoApi  # noqa: PLC0415
        from ..models.service_info_software import ServiceInfoSoftware  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        software = ServiceInfoSoftware.from_dict(d.pop("software"))

        api = ServiceInfoApi.from_dict(d.pop("api"))

        service_info = cls(
            version=version,
            software=software,
            api=api,
        )

        service_info.additional_properties = d
        return service_info

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
