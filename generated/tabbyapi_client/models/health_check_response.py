from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.health_check_response_status import (
    HealthCheckResponseStatus,
)

if TYPE_CHECKING:
    from ..models.unhealthy_event import UnhealthyEvent


T = TypeVar("T", bound="HealthCheckResponse")


@_attrs_define
class HealthCheckResponse:
    """System health status

    Attributes:
        status (HealthCheckResponseStatus): System health status Default: 'healthy'.
        issues (list[UnhealthyEvent]): List of issues
    """

    issues: list[UnhealthyEvent]
    status: HealthCheckResponseStatus = "healthy"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str = self.status

        issues = []
        for issues_item_data in self.issues:
            issues_item = issues_item_data.to_dict()
            issues.append(issues_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "issues": issues,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.unhealthy_event import UnhealthyEvent  # noqa: PLC0415

        d = dict(src_dict)
        status = d.pop("status", "healthy")

        issues = []
        _issues = d.pop("issues")
        for issues_item_data in _issues:
            issues_item = UnhealthyEvent.from_dict(issues_item_data)

            issues.append(issues_item)

        health_check_response = cls(
            status=status,
            issues=issues,
        )

        health_check_response.additional_properties = d
        return health_check_response

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
