from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenDecodeRequest")


@_attrs_define
class TokenDecodeRequest:
    """ " Represents a detokenization request.

    Attributes:
        tokens (list[int]):
        add_bos_token (bool | Unset): Server default: `true`.
        encode_special_tokens (bool | Unset): Server default: `true`.
        decode_special_tokens (bool | Unset): Server default: `true`.
    """

    tokens: list[int]
    add_bos_token: bool | Unset = UNSET
    encode_special_tokens: bool | Unset = UNSET
    decode_special_tokens: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tokens = self.tokens

        add_bos_token = self.add_bos_token

        encode_special_tokens = self.encode_special_tokens

        decode_special_tokens = self.decode_special_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tokens": tokens,
            }
        )
        if add_bos_token is not UNSET:
            field_dict["add_bos_token"] = add_bos_token
        if encode_special_tokens is not UNSET:
            field_dict["encode_special_tokens"] = encode_special_tokens
        if decode_special_tokens is not UNSET:
            field_dict["decode_special_tokens"] = decode_special_tokens

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tokens = cast(list[int], d.pop("tokens"))

        add_bos_token = d.pop("add_bos_token", UNSET)

        encode_special_tokens = d.pop("encode_special_tokens", UNSET)

        decode_special_tokens = d.pop("decode_special_tokens", UNSET)

        token_decode_request = cls(
            tokens=tokens,
            add_bos_token=add_bos_token,
            encode_special_tokens=encode_special_tokens,
            decode_special_tokens=decode_special_tokens,
        )

        token_decode_request.additional_properties = d
        return token_decode_request

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
