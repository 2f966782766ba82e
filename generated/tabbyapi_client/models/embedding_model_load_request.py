from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EmbeddingModelLoadRequest")


@_attrs_define
class EmbeddingModelLoadRequest:
    """
    Attributes:
        embedding_model_name (str):
        embeddings_device (None | str | Unset): Server default: `"cpu"`.
    """

    embedding_model_name: str
    embeddings_device: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        embedding_model_name = self.embedding_model_name

        embeddings_device: None | str | Unset
        if isinstance(self.embeddings_device, Unset):
            embeddings_device = UNSET
        else:
            embeddings_device = self.embeddings_device

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "embedding_model_name": embedding_model_name,
            }
        )
        if embeddings_device is not UNSET:
            field_dict["embeddings_device"] = embeddings_device

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        embedding_model_name = d.pop("embedding_model_name")

        def _parse_embeddings_device(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        embeddings_device = _parse_embeddings_device(d.pop("embeddings_device", UNSET))

        embedding_model_load_request = cls(
            embedding_model_name=embedding_model_name,
            embeddings_device=embeddings_device,
        )

        embedding_model_load_request.additional_properties = d
        return embedding_model_load_request

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
