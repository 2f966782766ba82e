"""OpenTelemetry spans and metrics of the client's calls (imported only once the application
uses OpenTelemetry; see tabby_ext/_telemetry.py).

One `Binding` per pair of providers (the global ones by default) holds the tracer and the
GenAI client instruments, made once: `gen_ai.client.operation.duration`,
`gen_ai.client.token.usage`, and for streams `gen_ai.client.operation.time_to_first_chunk` and
`gen_ai.client.operation.time_per_output_chunk`, with the conventions' units and explicit
bucket boundaries. One `Watch` per call holds its span from the moment the request is built
until the answer is read, the error raised, or (a stream) the stream ends, is closed or is
dropped: never at the first byte.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import metrics, propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from . import _genai, _log
from ._failures import failure_summary, failure_type
from ._operations import WATCH
from ._version import __version__

if TYPE_CHECKING:
    import httpx

    from ._config import ClientConfig
    from ._contract import CallOptions
    from ._operations import CallPlan
    from ._telemetry import Telemetry

SCOPE = "tabby_ext"
#: The conventions' explicit bucket boundaries: seconds, and tokens.
SECONDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]
TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216]
TOKENS += [67108864]


#: The GenAI client metrics: attribute, name, unit, description and bucket boundaries.
METRICS = (
    ("duration", "gen_ai.client.operation.duration", "s", "GenAI operation duration."),
    ("tokens", "gen_ai.client.token.usage", "{token}", "Number of input and output tokens used."),
    (
        "first_chunk",
        "gen_ai.client.operation.time_to_first_chunk",
        "s",
        "Time to receive the first chunk of a streamed response.",
    ),
    (
        "per_chunk",
        "gen_ai.client.operation.time_per_output_chunk",
        "s",
        "Time between the chunks of a streamed response, after the first.",
    ),
)


class Instruments:
    """The GenAI client metrics of one meter provider (`METRICS`), with the conventions' units
    and bucket boundaries (seconds or tokens)."""

    duration: metrics.Histogram
    tokens: metrics.Histogram
    first_chunk: metrics.Histogram
    per_chunk: metrics.Histogram

    def __init__(self, provider: metrics.MeterProvider | None) -> None:
        meter = metrics.get_meter(SCOPE, __version__, meter_provider=provider)
        for attribute, name, unit, description in METRICS:
            histogram = meter.create_histogram(
                name,
                unit=unit,
                description=description,
                explicit_bucket_boundaries_advisory=SECONDS if unit == "s" else TOKENS,
            )
            setattr(self, attribute, histogram)


_lock = threading.Lock()
#: Tracers and instruments per provider, made once and shared by every client of the process
#: (an SDK warns when the same instrument is made twice; a client copy binds at no cost).
_tracers: weakref.WeakKeyDictionary[Any, trace.Tracer] = weakref.WeakKeyDictionary()
_instruments: weakref.WeakKeyDictionary[Any, Instruments] = weakref.WeakKeyDictionary()
#: The same for the global providers (a key of None).
_global: dict[str, Any] = {}


def _tracer_for(provider: trace.TracerProvider | None) -> trace.Tracer:
    with _lock:
        made = _global.get("tracer") if provider is None else _tracers.get(provider)
        if made is None:
            made = trace.get_tracer(SCOPE, __version__, tracer_provider=provider)
            if provider is None:
                _global["tracer"] = made
            else:
                _tracers[provider] = made
        return made


def _instruments_for(provider: metrics.MeterProvider | None) -> Instruments:
    with _lock:
        made = _global.get("instruments") if provider is None else _instruments.get(provider)
        if made is None:
            made = Instruments(provider)
            if provider is None:
                _global["instruments"] = made
            else:
                _instruments[provider] = made
        return made


def _meters_live(provider: metrics.MeterProvider | None) -> bool:
    """Whether measurements go anywhere: a provider given or set globally that is not no-op."""
    if provider is None:
        provider = metrics.get_meter_provider()
        if type(provider).__name__ == "_ProxyMeterProvider":  # no global provider set yet
            return False
    return not isinstance(provider, metrics.NoOpMeterProvider)


class Binding:
    """A client's tracer and instruments, and its telemetry settings."""

    def __init__(self, config: ClientConfig) -> None:
        self.tracer = _tracer_for(config.tracer_provider)
        self.meter_provider = config.meter_provider
        self.instruments = _instruments_for(config.meter_provider)
        self.capture = config.capture_content
        self.propagate = config.propagate_trace_context

    def watch(
        self,
        telemetry: Telemetry,
        plan: CallPlan,
        fields: Mapping[str, Any],
        options: CallOptions,
        request: httpx.Request,
        streaming: bool,
    ) -> Watch | None:
        op = plan.operation
        assert op is not None, "a facade call's plan has its operation"
        if options.extra_body:  # fields this client does not know (`seed`) are recorded too
            fields = {**fields, **options.extra_body}
        generation = op.key in _genai.GENERATIONS
        start = _genai.start_attributes(op.key, op.label, fields)
        start["server.address"] = telemetry.address
        start["server.port"] = telemetry.port
        span = self.tracer.start_span(
            _genai.span_name(op.key, op.label, fields), kind=SpanKind.CLIENT, attributes=start
        )
        recording = span.is_recording()
        measured = generation and _meters_live(self.meter_provider)
        if not recording and not measured:
            return None
        try:
            watch = Watch(self, span, start, op.key, recording, measured, streaming)
            if generation:
                if op.key in _genai.CHOICES:
                    count = fields.get("n")
                    watch.choices = count if isinstance(count, int) and count > 1 else 1
                watch.tally = _genai.Tally(self.capture, outputs=op.key in _genai.OUTPUTS)
            if recording:
                attributes = _genai.request_attributes(op.key, fields, streaming, self.capture)
                span.set_attributes(attributes)
                if self.propagate:
                    propagate.inject(request.headers, context=trace.set_span_in_context(span))
        except BaseException:
            span.end()  # a span started is ended, whatever happens
            raise
        request.extensions[WATCH] = watch
        return watch


class Watch:
    """One call's span and measurements. Every method is safe to call in any order and more
    than once (the first end wins), and never raises: telemetry never fails a call."""

    __slots__ = (
        "_binding",
        "_ended",
        "_first",
        "_key",
        "_last",
        "_measured",
        "_metrics",
        "_outcome",
        "_recording",
        "_span",
        "_started",
        "_streaming",
        "choices",
        "tally",
    )

    def __init__(
        self,
        binding: Binding,
        span: trace.Span,
        start: Mapping[str, Any],
        key: str,
        recording: bool,
        measured: bool,
        streaming: bool,
    ) -> None:
        self._binding = binding
        self._span = span
        self._key = key
        self._recording = recording
        self._measured = measured
        self._streaming = streaming
        self._started = time.perf_counter()
        self._first: float | None = None
        self._last = 0.0
        self._ended = False
        #: How a stream ended ("done", "closed", "failed"), for its span.
        self._outcome: str | None = None
        #: The attributes of the call's measurements (the response model once known).
        self._metrics: dict[str, Any] = (
            {k: v for k, v in start.items() if k.startswith(("gen_ai.", "server."))}
            if measured
            else {}
        )
        self.choices = 0
        self.tally: _genai.Tally | None = None

    # ---- while the request is sent ------------------------------------------------------

    @contextlib.contextmanager
    def sending(self) -> Iterator[None]:
        """While the request goes out: the span is the current one (a span an HTTP
        instrumentation makes below is its child, a log line sent meanwhile is in it), and a
        failure ends it."""
        token = otel_context.attach(trace.set_span_in_context(self._span))
        try:
            yield
        except BaseException as exc:
            self.failed(exc)
            raise
        finally:
            otel_context.detach(token)

    def retried(self, attempt: int, reason: str, delay: float) -> None:
        """The transport retries the request: one span event per retry."""
        if self._recording and not self._ended:
            event: dict[str, Any] = {
                "tabbyapi.retry.attempt": attempt,
                "tabbyapi.retry.reason": reason,
                "tabbyapi.retry.delay": delay,
            }
            try:
                self._span.add_event("tabbyapi.retry", event)
            except Exception:
                _log.TELEMETRY.warning("could not record a retry on its span", exc_info=True)

    # ---- the end of a call --------------------------------------------------------------

    def answered(self, result: Any) -> None:
        """A non-streamed call's answer."""
        if self._ended:
            return
        try:
            if self.tally is not None:
                self.tally.answer(result)
        except Exception:
            _log.TELEMETRY.warning("could not read the answer for its span", exc_info=True)
        self._end(None)

    def failed(self, error: BaseException) -> None:
        """The call (or its stream) raised `error`."""
        self._end(error)

    def ended(self, outcome: str, error: BaseException | None = None) -> None:
        """A stream ended: "done", "closed" early by the caller (or dropped), or "failed"."""
        if self._ended:
            return
        if self._recording:
            self._outcome = outcome
        self._end(error if outcome == "failed" else None)

    # ---- stream chunks (the decoder's watcher) ------------------------------------------

    def chunks(self, chunks: list[Any]) -> None:
        """Chunks the stream's decoder completed together: what the answer says (a model
        load's progress as span events), the time to the first chunk, and the time per chunk
        after it (the first of a batch waited since the last chunk; the others, none)."""
        now = time.perf_counter()
        try:
            tally = self.tally
            if tally is not None:
                for chunk in chunks:
                    tally.chunk(chunk)
            elif self._recording and self._key == _genai.MODEL_LOAD:
                for chunk in chunks:
                    self._span.add_event(
                        "tabbyapi.model.load.progress", _genai.load_progress(chunk)
                    )
            later, gap = len(chunks), now - self._last
            if self._first is None:
                self._first_chunk(now)
                later, gap = later - 1, 0.0
            self._last = now
            if self._measured and later:
                record, attributes = self._binding.instruments.per_chunk.record, self._metrics
                for _ in range(later):
                    record(gap, attributes)
                    gap = 0.0
        except Exception:
            _log.TELEMETRY.warning("could not read a stream chunk for its span", exc_info=True)

    def _first_chunk(self, now: float) -> None:
        self._first = now
        elapsed = now - self._started
        if self._recording and self.tally is not None:  # a generation's stream
            self._span.set_attribute("gen_ai.response.time_to_first_chunk", elapsed)
        if self._measured:
            model = self.tally.response_model if self.tally is not None else None
            if model:
                self._metrics = {**self._metrics, "gen_ai.response.model": model}
            self._binding.instruments.first_chunk.record(elapsed, self._metrics)

    def _end(self, error: BaseException | None) -> None:
        if self._ended:
            return
        self._ended = True
        try:
            self._finish(error)
        except Exception:
            _log.TELEMETRY.warning("could not end a span", exc_info=True)
            self._span.end()

    def _finish(self, error: BaseException | None) -> None:
        elapsed = time.perf_counter() - self._started
        span, tally = self._span, self.tally
        kind = None if error is None else failure_type(error)
        response: dict[str, Any] = {}
        if tally is not None:
            choices = self.choices if (self._streaming or error is None) else 0
            response = tally.attributes(choices)
        if self._recording:
            if self._outcome is not None:
                span.set_attribute("tabbyapi.stream.outcome", self._outcome)
            span.set_attributes(response)
            if kind is not None:
                span.set_attribute("error.type", kind)
                status = getattr(error, "status_code", None)
                if isinstance(status, int):
                    span.set_attribute("http.response.status_code", status)
                capture = self._binding.capture
                assert error is not None
                span.set_status(Status(StatusCode.ERROR, failure_summary(error, capture)))
        if self._measured and tally is not None:
            attributes = dict(self._metrics)
            if tally.response_model:
                attributes["gen_ai.response.model"] = tally.response_model
            tokens = self._binding.instruments.tokens
            for kind_of_token, count in (
                ("input", tally.input_tokens),
                ("output", tally.output_tokens),
            ):
                if count is not None:
                    tokens.record(count, {**attributes, "gen_ai.token.type": kind_of_token})
            if kind is not None:
                attributes["error.type"] = kind
            self._binding.instruments.duration.record(elapsed, attributes)
        span.end()
