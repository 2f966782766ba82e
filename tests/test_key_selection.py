"""Which key goes with which request (`TabbyAuth`, pure): least privilege per auth class, only
to the configured origin, never over a header the caller set, stripped on foreign hops."""

from __future__ import annotations

import httpx
import pytest

from tabby_ext._auth import TabbyAuth, origin, strip_foreign_credentials
from tabby_ext._config import Secret
from tabby_ext._operations import operation_table

TABLE = operation_table()
BASE = httpx.URL("http://tabby:5000")


def auth(
    api: str | None = "k-api",
    admin: str | None = "k-admin",
    bearer: str | None = None,
    base: httpx.URL = BASE,
) -> TabbyAuth:
    def secret(value: str | None) -> Secret | None:
        return Secret(value) if value is not None else None

    return TabbyAuth(
        base, TABLE, api_key=secret(api), admin_key=secret(admin), bearer_token=secret(bearer)
    )


@pytest.mark.parametrize(
    ("kind", "headers"),
    [
        ("none", {}),
        ("api", {"x-api-key": "k-api"}),
        ("admin", {"x-admin-key": "k-admin"}),
        ("listing", {"x-api-key": "k-api", "x-admin-key": "k-admin"}),
    ],
)
def test_each_auth_class_gets_the_least_it_needs(kind: str, headers: dict[str, str]) -> None:
    assert auth().headers_for(kind) == headers


def test_the_admin_key_alone_passes_api_checks() -> None:
    alone = auth(api=None)
    assert alone.headers_for("api") == {"x-api-key": "k-admin"}
    assert alone.headers_for("listing") == {"x-api-key": "k-admin", "x-admin-key": "k-admin"}
    assert alone.headers_for("admin") == {"x-admin-key": "k-admin"}


def test_without_an_admin_key_admin_operations_get_nothing() -> None:
    api_only = auth(admin=None)
    assert api_only.headers_for("admin") == {}
    assert api_only.headers_for("listing") == {"x-api-key": "k-api"}
    assert auth(api=None, admin=None).headers_for("api") == {}


def test_a_bearer_token_goes_with_every_authenticated_operation() -> None:
    bearer = auth(api=None, admin=None, bearer="tok")
    for kind in ("api", "admin", "listing"):
        assert bearer.headers_for(kind) == {"authorization": "Bearer tok"}
    assert bearer.headers_for("none") == {}
    both = auth(bearer="tok").headers_for("api")
    assert both == {"x-api-key": "k-api", "authorization": "Bearer tok"}


def test_repr_names_the_kinds_of_keys_only() -> None:
    assert repr(auth(bearer="tok")) == "TabbyAuth(keys=['api', 'admin', 'bearer'])"
    assert repr(auth(api=None)) == "TabbyAuth(keys=['admin'])"
    assert repr(auth(api=None, admin=None)) == "TabbyAuth(keys=[])"


def flow(tabby: TabbyAuth, request: httpx.Request) -> httpx.Request:
    (sent,) = list(tabby.auth_flow(request))
    return sent


def test_keys_go_to_the_configured_origin_by_route() -> None:
    sent = flow(auth(), httpx.Request("GET", "http://tabby:5000/v1/models"))
    assert sent.headers["x-api-key"] == "k-api" and sent.headers["x-admin-key"] == "k-admin"
    admin = flow(auth(), httpx.Request("POST", "http://tabby:5000/v1/model/unload"))
    assert "x-api-key" not in admin.headers and admin.headers["x-admin-key"] == "k-admin"


@pytest.mark.parametrize(
    "url",
    ["http://tabby:5001/v1/models", "https://tabby:5000/v1/models", "http://other:5000/v1/models"],
)
def test_no_key_goes_to_another_origin(url: str) -> None:
    sent = flow(auth(bearer="tok"), httpx.Request("GET", url))
    assert not {"x-api-key", "x-admin-key", "authorization"} & set(sent.headers)


def test_a_header_the_caller_set_is_kept() -> None:
    request = httpx.Request("GET", "http://tabby:5000/v1/models", headers={"x-api-key": "mine"})
    assert flow(auth(), request).headers["x-api-key"] == "mine"


@pytest.mark.parametrize("path", ["/tabby/", "/tabby", "/llmX"])
def test_a_base_path_is_not_part_of_the_route(path: str) -> None:
    tabby = auth(base=httpx.URL(f"http://tabby:5000{path}"))
    url = f"http://tabby:5000{path.rstrip('/')}/v1/model/unload"
    sent = flow(tabby, httpx.Request("POST", url))
    assert sent.headers["x-admin-key"] == "k-admin" and "x-api-key" not in sent.headers


def test_origins_compare_scheme_host_and_port() -> None:
    assert origin(httpx.URL("http://h:1/a")) == ("http", "h", 1)
    assert origin(httpx.URL("https://h/a")) == ("https", "h", None)


def test_credentials_are_stripped_from_requests_to_another_origin() -> None:
    headers = {"x-api-key": "a", "x-admin-key": "b", "authorization": "c", "x-trace": "1"}
    foreign = httpx.Request("GET", "http://elsewhere:5000/x", headers=headers)
    strip_foreign_credentials(foreign, origin(BASE), TABLE)
    assert dict(foreign.headers) == {"host": "elsewhere:5000", "x-trace": "1"}
    home = httpx.Request("GET", "http://tabby:5000/x", headers=headers)
    strip_foreign_credentials(home, origin(BASE), TABLE)
    assert home.headers["x-api-key"] == "a" and home.headers["authorization"] == "c"
