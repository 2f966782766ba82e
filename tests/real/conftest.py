"""The opt-in suite's server: which one `--real-url` is, and its address and keys.

Collected only with `--real-url` (`make test-real URL=...`; tests/conftest.py ignores this
directory otherwise). `--real-server` names the server; `auto` (the default) reads its live
`/openapi.json`: the pinned spec (openapi/tabbyapi.json) is TabbyAPI e632af4, a TabbyAPI that
calls itself an ExLlamaV2 API is the 436ce75 era, and "LiteLLM API" is a LiteLLM proxy (which
tests/real/litellm/config.yaml puts in front of two e632af4 servers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

PINNED = Path(__file__).resolve().parents[2] / "openapi" / "tabbyapi.json"
#: What the client reads from the environment, or httpx does for it: never the developer's.
AMBIENT = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR")


@dataclass(frozen=True)
class Real:
    base_url: str
    api_key: str
    admin_key: str
    #: "e632af4" (the pinned spec), "436ce75" (an ExLlamaV2-era TabbyAPI) or "litellm"
    server: str

    @property
    def keys(self) -> dict[str, str]:
        """`Tabby(**real.keys)`: address and both keys."""
        return {"base_url": self.base_url, "api_key": self.api_key, "admin_key": self.admin_key}


@pytest.fixture(scope="session", autouse=True)
def hermetic_session() -> Iterator[None]:
    """The function-scoped `hermetic` comes too late for the suite's long-lived clients."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("TABBY_") or name.upper() in AMBIENT:
                patch.delenv(name)
        yield


@pytest.fixture(scope="session")
def real(request: pytest.FixtureRequest, hermetic_session: None) -> Real:
    url = request.config.getoption("real_url").rstrip("/")
    if not url:
        pytest.skip("no real server: make test-real URL=...")
    server = request.config.getoption("real_server")
    if server == "auto":
        server = detect(url)
    return Real(
        url,
        request.config.getoption("real_api_key"),
        request.config.getoption("real_admin_key"),
        server,
    )


def detect(url: str) -> str:
    """The server behind `url`, from its /openapi.json (no key needed on either server)."""
    try:
        with httpx.Client(timeout=10, trust_env=False) as http:
            spec: Any = http.get(url + "/openapi.json").json()
    except (httpx.HTTPError, ValueError) as error:
        raise pytest.UsageError(f"{url}/openapi.json: {error!r}; pass --real-server") from error
    info = spec.get("info", {}) if isinstance(spec, dict) else {}
    if "LiteLLM" in str(info.get("title", "")):
        return "litellm"
    if info.get("title") == "TabbyAPI":
        if spec == json.loads(PINNED.read_text(encoding="utf-8")):
            return "e632af4"
        if "exllamav2" in str(info.get("summary", "")).lower():
            return "436ce75"
    raise pytest.UsageError(
        f"{url} is neither TabbyAPI e632af4 (the pinned spec), an ExLlamaV2-era TabbyAPI nor a"
        f" LiteLLM proxy (info: {info}); pass --real-server e632af4|436ce75|litellm"
    )
