"""What the fake records of each request: its headers and body as received (plain data)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any


class Headers(Mapping[str, str]):
    """Case-insensitive, order-preserving header mapping with lower-case keys.

    Lookup returns the first value of a repeated header (like Starlette); `get_list` returns all.
    """

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._items = [(name.lower(), value) for name, value in items]

    def __getitem__(self, key: str) -> str:
        wanted = key.lower()
        for name, value in self._items:
            if name == wanted:
                return value
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(name for name, _ in self._items))

    def __len__(self) -> int:
        return len(dict.fromkeys(name for name, _ in self._items))

    def __repr__(self) -> str:
        return f"Headers({self._items!r})"

    def get_list(self, key: str) -> list[str]:
        """Every value sent for `key`, in order."""
        wanted = key.lower()
        return [value for name, value in self._items if name == wanted]

    def raw(self) -> list[tuple[str, str]]:
        """The (lower-cased name, value) pairs as received."""
        return list(self._items)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it (recorded before any fault or handler ran)."""

    method: str
    path: str
    query: str
    headers: Headers
    body: bytes
    http_version: str = "1.1"

    def json(self) -> Any:
        """The body decoded as JSON (raises `json.JSONDecodeError` if it is not JSON)."""
        return json.loads(self.body)
