from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ServiceApi")


@_attrs_define
class ServiceApi:
    """One API the server offers (`openai`, `koboldai`), relative to the server's root.

    Attributes:
        name (str):
        relative_url (str):
        documentation (str):
        version (int):
    """

    name: str
    relative_url: str
    documentation: str
    version: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        relative_url = self.relative_url

        documentation = self.documentation

        version = self.version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "relative_url": relative_url,
                "documentation": documentation,
                "version": version,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        relative_url = d.pop("relative_url")

        documentation = d.pop("documentation")

        version = d.pop("version")

        service_api = cls(
            name=name,
            relative_url=relative_url,
            documentation=documentation,
            version=version,
        )

        service_api.additional_properties = d
        return service_api

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
