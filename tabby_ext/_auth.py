"""Which key goes with which request: an `httpx.Auth` driven by the generated auth table.

Least privilege (docs/server-behavior.md §3): api operations get the api-key header
(`x-api-key`; the admin key only when no api key is configured), admin operations the
admin-key header (`x-admin-key`), admin-view listings both (the api check reads one, the view
the other), and a bearer token goes as `Authorization: Bearer`. The header names come from the
table, which takes them from the spec's security schemes.
Being an auth flow, it serves raw generated endpoints called through `client.raw` too. httpx
follows redirects below the auth flow, so the client's transport calls
`strip_foreign_credentials` on every hop: a request to another origin carries no credentials.
"""

from __future__ import annotations

from collections.abc import Generator

import httpx

from ._operations import OperationTable, plan_for
from ._settings import Secret

Origin = tuple[str, str, int | None]
#: Request extension: the origin of the client that sent it (`strip_foreign_credentials`).
ORIGIN = "tabby_origin"


def origin(url: httpx.URL) -> Origin:
    return (url.scheme, url.host, url.port)


def strip_foreign_credentials(
    request: httpx.Request, server: Origin, table: OperationTable
) -> None:
    """Remove every credential header from a request that is not for the configured server."""
    if origin(request.url) != server:
        for name in table.credentials.values():
            request.headers.pop(name, None)


class TabbyAuth(httpx.Auth):
    """Adds TabbyAPI credentials to requests for the configured server, and only to those."""

    def __init__(
        self,
        base_url: httpx.URL,
        table: OperationTable,
        *,
        api_key: Secret | None,
        admin_key: Secret | None,
        bearer_token: Secret | None,
    ) -> None:
        self._origin = origin(base_url)
        self._prefix = base_url.path.rstrip("/")
        self._table = table
        self._api_key = api_key
        self._admin_key = admin_key
        self._bearer = bearer_token

    def __repr__(self) -> str:
        keys = [
            n
            for n, k in (
                ("api", self._api_key),
                ("admin", self._admin_key),
                ("bearer", self._bearer),
            )
            if k
        ]
        return f"TabbyAuth(keys={keys})"

    def headers_for(self, auth: str) -> dict[str, str]:
        """The credential headers an operation of class `auth` gets."""
        headers: dict[str, str] = {}
        names = self._table.credentials
        api, admin = self._api_key, self._admin_key
        if auth in ("api", "listing") and (api or admin):
            # The api-key check reads the api header; the admin key passes it when alone.
            headers[names["api_key"]] = (api or admin).get()  # type: ignore[union-attr]
        if auth in ("admin", "listing") and admin:
            # Listings (and permission) look at the admin header first for the admin view.
            headers[names["admin_key"]] = admin.get()
        if self._bearer and auth != "none":
            headers[names["bearer_token"]] = f"Bearer {self._bearer.get()}"
        return headers

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if origin(request.url) == self._origin:
            auth = plan_for(request, self._table, self._prefix).auth
            for name, value in self.headers_for(auth).items():
                request.headers.setdefault(name, value)
        yield request
