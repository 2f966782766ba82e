from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.service_info_response_api import ServiceInfoResponseApi
    from ..models.service_info_software import ServiceInfoSoftware


T = TypeVar("T", bound="ServiceInfoResponse")


@_attrs_define
class ServiceInfoResponse:
    """`/.well-known/serviceinfo`: what the server is and which APIs it serves.

    Attributes:
        version (float):
        software (ServiceInfoSoftware):
        api (ServiceInfoResponseApi):
    """

    version: float
    software: ServiceInfoSoftware
    api: ServiceInfoResponseApi
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
        from ..models.service_info_response_api import ServiceInfoResponseApi  # noqa: PLC0415
        from ..models.service_info_software import ServiceInfoSoftware  # noqa: PLC0415

        d = dict(src_dict)
        version = d.pop("version")

        software = ServiceInfoSoftware.from_dict(d.pop("software"))

        api = ServiceInfoResponseApi.from_dict(d.pop("api"))

        service_info_response = cls(
            version=version,
            software=software,
            api=api,
        )

        service_info_response.additional_properties = d
        return service_info_response

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
