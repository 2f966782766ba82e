"""What carries a client's requests: its own pool, proxies, or what the caller handed in.

Whatever is chosen here sits *below* the client's auth, redirect handling and retrying
transport, so keys, credential stripping and retries work the same on every route:

* by default, `AsyncHTTP11Pool`, with `AsyncProxyRouter` in front when `proxy=` is given or the
  environment names proxies (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, as httpx reads
  them; loopback is never proxied from the environment);
* `transport=`: the caller's httpx transport (HTTP/2, custom TLS, an in-process test app);
* `http_client=`: the caller's httpx client, borrowed through `AsyncBorrowedClient`: its mounts,
  proxies, TLS settings, event hooks and default headers route each request; it is never changed
  and never closed by us.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Mapping

import httpx

from .._auth import ORIGIN, strip_foreign_credentials
from .._operations import operation_table
from .._settings import is_loopback

#: uvicorn (TabbyAPI's server) closes idle connections after 5 s; give them up well before.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=2.0)


class AsyncBorrowedClient(httpx.AsyncBaseTransport):
    """Sends through a caller's `httpx.AsyncClient` without changing it.

    The client picks the transport for each URL (its mounts and proxies), runs its own auth and
    event hooks, and adds its default headers where the request has none; redirects are left
    to the wrapping client, so credentials are stripped on every hop.
    """

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for name, value in self.client.headers.multi_items():
            if name not in request.headers:
                request.headers[name] = value
        # Run after the client's default headers are added, so a key among them never crosses
        # origins either; the origin is the sending client's (copies share this transport).
        server = request.extensions.get(ORIGIN)
        if server is not None:
            strip_foreign_credentials(request, server, operation_table())
        return await self.client.send(request, stream=True, follow_redirects=False)

    async def aclose(self) -> None:
        """Borrowed: the caller closes its client."""


class AsyncProxyRouter(httpx.AsyncBaseTransport):
    """Sends each request directly or through its proxy, decided per origin and remembered.

    `proxies` maps a scheme (or "all") to a proxy URL, as `urllib.request.getproxies()` gives
    them, with "no" holding the `NO_PROXY` list. The proxied path is httpx's own transport
    (CONNECT tunnels for https), one per proxy URL.
    """

    def __init__(
        self,
        direct: httpx.AsyncBaseTransport,
        proxies: Mapping[str, str],
        *,
        from_environment: bool,
    ) -> None:
        self._direct = direct
        self._proxies = dict(proxies)
        self._from_environment = from_environment
        self._routes: dict[tuple[str, str], str | None] = {}
        self._proxied: dict[str, httpx.AsyncBaseTransport] = {}

    def proxy_for(self, url: httpx.URL) -> str | None:
        """The proxy URL for `url`, or None to go directly."""
        key = (url.scheme, url.host)
        if key not in self._routes:
            proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
            if self._from_environment and proxy is not None:
                # NO_PROXY, as urllib reads it (and the system's settings on macOS / Windows).
                bypass = is_loopback(url.host) or bool(urllib.request.proxy_bypass(url.host))
                proxy = None if bypass else proxy
            self._routes[key] = proxy
        return self._routes[key]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        proxy = self.proxy_for(request.url)
        if proxy is None:
            return await self._direct.handle_async_request(request)
        transport = self._proxied.get(proxy)
        if transport is None:
            transport = httpx.AsyncHTTPTransport(proxy=proxy, limits=LIMITS, trust_env=False)
            self._proxied[proxy] = transport
        return await transport.handle_async_request(request)

    async def aclose(self) -> None:
        await self._direct.aclose()
        for transport in self._proxied.values():
            await transport.aclose()


def open_transport(
    *,
    proxy: str | None,
    environment_proxies: Mapping[str, str],
    transport: httpx.AsyncBaseTransport | None,
    http_client: httpx.AsyncClient | None,
) -> tuple[httpx.AsyncBaseTransport, bool]:
    """The transport that carries the client's requests, and whether the client owns it."""
    if http_client is not None:
        return AsyncBorrowedClient(http_client), True
    if transport is not None:
        return transport, False
    # Imported here: httpcore and httptools are not needed until a client exists.
    from .http11 import AsyncHTTP11Pool

    pool = AsyncHTTP11Pool(limits=LIMITS)
    if proxy is not None:
        return AsyncProxyRouter(pool, {"all": proxy}, from_environment=False), True
    if any(scheme != "no" for scheme in environment_proxies):
        return AsyncProxyRouter(pool, environment_proxies, from_environment=True), True
    return pool, True
