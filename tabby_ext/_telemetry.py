"""Whether a call is watched by OpenTelemetry, decided at no cost when nobody listens.

Each client holds one `Telemetry` (none at all with `telemetry=False`, decided once from the
settings table). It imports nothing: OpenTelemetry is bound (tabby_ext/_otel.py imported, its
tracer and instruments made) the first time a call finds that the application has imported
OpenTelemetry itself, which it must have done to configure a provider, or at construction when
providers are given. Until then a call costs one dictionary lookup; without `opentelemetry-api`
installed, that lookup is all there ever is.

Once bound, each call asks for a `Watch` (tabby_ext/_otel.py): it is None unless the call's
span records or a meter provider is configured, so with the API but no SDK a call pays for one
no-op span and a stream nothing per chunk. A watch rides on its request as the `_operations.WATCH`
extension (for the transport's retry events) and, for a stream, in its decoder and closer.

The client imports this module when it is built with telemetry on, not with `tabby_ext`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import _log
from .errors import ConfigurationError

if TYPE_CHECKING:
    import httpx

    from ._config import ClientConfig
    from ._contract import CallOptions
    from ._operations import CallPlan
    from ._otel import Binding, Watch

#: What the application imports to use OpenTelemetry at all.
API = "opentelemetry"


class Telemetry:
    """One client's telemetry: its settings and, once OpenTelemetry is in use, its binding."""

    __slots__ = ("_binding", "_config", "_off", "address", "port")

    def __init__(self, config: ClientConfig, base_url: httpx.URL) -> None:
        self._config = config
        #: `server.address` and `server.port` of every span and metric.
        self.address = base_url.host
        self.port = base_url.port or (443 if base_url.scheme == "https" else 80)
        self._binding: Binding | None = None
        #: OpenTelemetry is imported but cannot be bound (a module blocked): stay off.
        self._off = False
        if config.tracer_provider is not None or config.meter_provider is not None:
            self._binding = self._bind(required=True)

    def watch(
        self,
        plan: CallPlan,
        fields: Mapping[str, Any],
        options: CallOptions,
        request: httpx.Request,
        streaming: bool,
    ) -> Watch | None:
        """The call's watch, or None when nothing would record it (the common case costs a
        lookup in `sys.modules` until the application imports OpenTelemetry)."""
        binding = self._binding
        if binding is None:
            if self._off or sys.modules.get(API) is None:
                return None
            binding = self._binding = self._bind(required=False)
            if binding is None:
                return None
        try:
            return binding.watch(self, plan, fields, options, request, streaming)
        except Exception:  # telemetry never fails a call
            _log.TELEMETRY.warning("could not start the telemetry of %s", plan.label, exc_info=True)
            return None

    def _bind(self, *, required: bool) -> Binding | None:
        try:
            from . import _otel
        except ImportError as exc:
            if required:
                raise ConfigurationError(
                    "tracer_provider= and meter_provider= need opentelemetry-api"
                    f' (pip install "tabbyapi[otel]"): {exc}'
                ) from None
            self._off = True
            return None
        try:
            return _otel.Binding(self._config)
        except Exception:  # a provider that fails: telemetry off, the client works
            _log.TELEMETRY.warning(
                "OpenTelemetry could not be set up: telemetry off", exc_info=True
            )
            self._off = True
            return None
