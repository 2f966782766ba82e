from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DownloadRequest")


@_attrs_define
class DownloadRequest:
    """Parameters for a HuggingFace repo download.

    Attributes:
        repo_id (str):
        repo_type (str | Unset): Server default: `"model"`.
        folder_name (None | str | Unset):
        revision (None | str | Unset):
        token (None | str | Unset):
        include (list[str] | Unset):
        exclude (list[str] | Unset):
        chunk_limit (int | None | Unset):
        timeout (int | None | Unset):
    """

    repo_id: str
    repo_type: str | Unset = UNSET
    folder_name: None | str | Unset = UNSET
    revision: None | str | Unset = UNSET
    token: None | str | Unset = UNSET
    include: list[str] | Unset = UNSET
    exclude: list[str] | Unset = UNSET
    chunk_limit: int | None | Unset = UNSET
    timeout: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        repo_id = self.repo_id

        repo_type = self.repo_type

        folder_name: None | str | Unset
        if isinstance(self.folder_name, Unset):
            folder_name = UNSET
        else:
            folder_name = self.folder_name

        revision: None | str | Unset
        if isinstance(self.revision, Unset):
            revision = UNSET
        else:
            revision = self.revision

        token: None | str | Unset
        if isinstance(self.token, Unset):
            token = UNSET
        else:
            token = self.token

        include: list[str] | Unset = UNSET
        if not isinstance(self.include, Unset):
            include = self.include

        exclude: list[str] | Unset = UNSET
        if not isinstance(self.exclude, Unset):
            exclude = self.exclude

        chunk_limit: int | None | Unset
        if isinstance(self.chunk_limit, Unset):
            chunk_limit = UNSET
        else:
            chunk_limit = self.chunk_limit

        timeout: int | None | Unset
        if isinstance(self.timeout, Unset):
            timeout = UNSET
        else:
            timeout = self.timeout

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "repo_id": repo_id,
            }
        )
        if repo_type is not UNSET:
            field_dict["repo_type"] = repo_type
        if folder_name is not UNSET:
            field_dict["folder_name"] = folder_name
        if revision is not UNSET:
            field_dict["revision"] = revision
        if token is not UNSET:
            field_dict["token"] = token
        if include is not UNSET:
            field_dict["include"] = include
        if exclude is not UNSET:
            field_dict["exclude"] = exclude
        if chunk_limit is not UNSET:
            field_dict["chunk_limit"] = chunk_limit
        if timeout is not UNSET:
            field_dict["timeout"] = timeout

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        repo_id = d.pop("repo_id")

        repo_type = d.pop("repo_type", UNSET)

        def _parse_folder_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        folder_name = _parse_folder_name(d.pop("folder_name", UNSET))

        def _parse_revision(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        revision = _parse_revision(d.pop("revision", UNSET))

        def _parse_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        token = _parse_token(d.pop("token", UNSET))

        include = cast(list[str], d.pop("include", UNSET))

        exclude = cast(list[str], d.pop("exclude", UNSET))

        def _parse_chunk_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        chunk_limit = _parse_chunk_limit(d.pop("chunk_limit", UNSET))

        def _parse_timeout(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        timeout = _parse_timeout(d.pop("timeout", UNSET))

        download_request = cls(
            repo_id=repo_id,
            repo_type=repo_type,
            folder_name=folder_name,
            revision=revision,
            token=token,
            include=include,
            exclude=exclude,
            chunk_limit=chunk_limit,
            timeout=timeout,
        )

        download_request.additional_properties = d
        return download_request

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
