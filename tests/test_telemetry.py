"""OpenTelemetry spans and metrics, sync and async, against the embedded fake over real sockets
(RELIABILITY.md §23).

The SDK's in-memory span exporter and metric reader see what the client records; providers are
passed to each client explicitly (the global ones are left alone: `hermetic` also clears the
developer's OTEL_* variables). What the API's absence, or no application using OpenTelemetry,
costs is checked in subprocesses, where `sys.modules` is the client's alone.
"""

from __future__ import annotations

import asyncio
import gc
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import HistogramDataPoint, InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
from opentelemetry.trace import NoOpTracerProvider, SpanKind, StatusCode
from support.driver import ADMIN_KEY, API_KEY, Driver, fast_retry

from tabby_ext import (
    APIConnectionError,
    BadRequestError,
    IncompleteStreamError,
    InternalServerError,
    ServiceUnavailableError,
    StreamError,
)
from tabby_ext._events import EventDecoder
from tabby_ext.testing import FakeTabbyServer

MODEL = "Llama-3.1-8B-Instruct-exl3"
PROMPT = "a prompt nobody else may read"
HI = [{"role": "user", "content": PROMPT}]
USAGE = {"include_usage": True}
#: The conventions' explicit bucket boundaries.
SECONDS = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
TOKENS = (1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216)
TOKENS += (67108864,)
CONTENT = ("gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.tool.definitions")
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The weather in a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]


class Otel:
    """An SDK tracer provider with an in-memory exporter and a meter provider with an
    in-memory reader, for one test."""

    def __init__(self, sampler: Any = None) -> None:
        self.exporter = InMemorySpanExporter()
        self.tracer_provider = TracerProvider(sampler=sampler, shutdown_on_exit=False)
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader], shutdown_on_exit=False)

    @property
    def providers(self) -> dict[str, Any]:
        return {"tracer_provider": self.tracer_provider, "meter_provider": self.meter_provider}

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def span(self) -> ReadableSpan:
        (span,) = self.spans()
        return span

    def points(self, name: str) -> list[HistogramDataPoint]:
        data = self.reader.get_metrics_data()
        out: list[HistogramDataPoint] = []
        for resource in data.resource_metrics if data else ():
            for scope in resource.scope_metrics:
                assert scope.scope.name == "tabby_ext"
                for metric in scope.metrics:
                    if metric.name == name:
                        out += metric.data.data_points  # type: ignore[arg-type]
        return out

    def close(self) -> None:
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()


@pytest.fixture
def otel() -> Iterator[Otel]:
    recorder = Otel()
    yield recorder
    recorder.close()


@pytest.fixture
def server() -> Iterator[FakeTabbyServer]:
    # Tokens take time, so TabbyAPI's own speeds in `usage` are numbers.
    with FakeTabbyServer(
        api_key=API_KEY, admin_key=ADMIN_KEY, ping_interval=None, token_delay=0.004
    ) as srv:
        yield srv


def make_client(drive: Driver, server: FakeTabbyServer, otel: Otel, **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "base_url": server.url,
        "api_key": API_KEY,
        "admin_key": ADMIN_KEY,
        "retry": fast_retry(),
        **otel.providers,
    }
    return drive.client(**{**options, **kwargs})


def next_chunk(drive: Driver, stream: Any) -> Any:
    if drive.kind == "async":

        async def one() -> Any:
            try:
                return await stream.__anext__()
            except StopAsyncIteration:
                return None

        return drive(one())
    return next(stream, None)


def close(drive: Driver, stream: Any) -> None:
    drive(stream.aclose() if drive.kind == "async" else stream.close())


def every_value(spans: list[ReadableSpan]) -> str:
    """Every attribute, event attribute and status description of `spans`, as text."""
    parts: list[str] = []
    for span in spans:
        parts += [span.name, str(span.status.description)]
        parts += [f"{k}={v}" for k, v in (span.attributes or {}).items()]
        for event in span.events:
            parts += [event.name, *(f"{k}={v}" for k, v in (event.attributes or {}).items())]
    return "\n".join(parts)


# ---- generations --------------------------------------------------------------------------


def test_a_chat_call_is_one_client_span_named_and_attributed_by_the_conventions(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    answer = drive(
        client.chat.create(
            messages=HI,
            model=MODEL,
            max_tokens=4,
            temperature=0.5,
            top_p=0.9,
            top_k=40,
            stop=["never"],
            frequency_penalty=0.1,
            presence_penalty=0.2,
            n=2,
            stream_options=USAGE,
            extra_body={"seed": 7},
        )
    )
    span = otel.span()
    assert span.name == f"chat {MODEL}" and span.kind is SpanKind.CLIENT
    assert span.status.status_code is StatusCode.UNSET
    attributes = dict(span.attributes or {})
    port = int(server.url.rsplit(":", 1)[1])
    assert attributes == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "tabbyapi",
        "gen_ai.request.model": MODEL,
        "server.address": "127.0.0.1",
        "server.port": port,
        "gen_ai.request.max_tokens": 4,
        "gen_ai.request.temperature": 0.5,
        "gen_ai.request.top_p": 0.9,
        "gen_ai.request.top_k": 40,
        "gen_ai.request.seed": 7,
        "gen_ai.request.frequency_penalty": 0.1,
        "gen_ai.request.presence_penalty": 0.2,
        "gen_ai.request.stop_sequences": ("never",),
        "gen_ai.request.choice.count": 2,
        "gen_ai.response.id": answer.id,
        "gen_ai.response.model": answer.model,
        "gen_ai.response.finish_reasons": ("length", "length"),
        "tabbyapi.response.eos_reasons": ("max_new_tokens", "max_new_tokens"),
        # The server's own numbers, as it reported them.
        "gen_ai.usage.input_tokens": answer.usage.prompt_tokens,
        "gen_ai.usage.output_tokens": answer.usage.completion_tokens,
        "tabbyapi.usage.completion_tokens_per_sec": answer.usage.completion_tokens_per_sec,
        "tabbyapi.usage.prompt_time": answer.usage.prompt_time,
        "tabbyapi.usage.completion_time": answer.usage.completion_time,
        "tabbyapi.usage.total_time": answer.usage.total_time,
    }
    # "Indeterminate" (a prompt too short to time) is no number: left out, not a string.
    assert answer.usage.prompt_tokens_per_sec == "Indeterminate"
    assert isinstance(answer.usage.completion_tokens_per_sec, float)
    assert "gen_ai.response.time_to_first_chunk" not in attributes  # not a stream


def test_completions_embeddings_and_kobold_are_generations_too(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    completion = drive(client.completions.create(prompt="p", max_tokens=3, stream_options=USAGE))
    embedded = drive(client.embeddings.create(input=["one", "two"]))
    drive(client.kobold.generate(prompt="p", max_length=2, temperature=0.7))
    drive.text(client.kobold.generate_stream(prompt="p", max_length=2))
    done, embeddings, kobold, kobold_stream = otel.spans()

    assert done.name == "text_completion" and done.kind is SpanKind.CLIENT  # no model named
    assert done.attributes is not None
    assert done.attributes["gen_ai.operation.name"] == "text_completion"
    assert done.attributes["gen_ai.response.id"] == completion.id
    assert done.attributes["gen_ai.usage.input_tokens"] == completion.usage.prompt_tokens
    assert done.attributes["gen_ai.usage.output_tokens"] == completion.usage.completion_tokens

    assert embeddings.name == "embeddings" and embeddings.attributes is not None
    assert embeddings.attributes["gen_ai.operation.name"] == "embeddings"
    assert embeddings.attributes["gen_ai.response.model"] == embedded.model
    assert embeddings.attributes["gen_ai.usage.input_tokens"] == embedded.usage.prompt_tokens
    assert embeddings.attributes["gen_ai.embeddings.dimension.count"] == len(
        embedded.data[0].embedding
    )
    assert "gen_ai.usage.output_tokens" not in embeddings.attributes  # embeddings generate none
    assert "gen_ai.response.finish_reasons" not in embeddings.attributes

    assert kobold.name == "text_completion" and kobold.attributes is not None
    assert kobold.attributes["gen_ai.request.max_tokens"] == 2  # Kobold's max_length
    assert kobold.attributes["gen_ai.request.temperature"] == 0.7
    assert "gen_ai.response.finish_reasons" not in kobold.attributes  # Kobold has none
    assert kobold_stream.attributes is not None
    assert kobold_stream.attributes["gen_ai.request.stream"] is True
    assert kobold_stream.attributes["tabbyapi.stream.outcome"] == "done"
    assert "gen_ai.response.time_to_first_chunk" in kobold_stream.attributes


def test_metrics_carry_the_servers_token_counts_with_the_conventions_units_and_buckets(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    answer = drive(client.chat.create(messages=HI, max_tokens=3, stream_options=USAGE))
    tokens = {
        p.attributes["gen_ai.token.type"]: p for p in otel.points("gen_ai.client.token.usage")
    }
    assert tokens["input"].sum == answer.usage.prompt_tokens and tokens["input"].count == 1
    assert tokens["output"].sum == answer.usage.completion_tokens
    assert tokens["input"].explicit_bounds == TOKENS
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.count == 1 and duration.explicit_bounds == SECONDS
    assert dict(duration.attributes) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "tabbyapi",
        "gen_ai.response.model": answer.model,
        "server.address": "127.0.0.1",
        "server.port": int(server.url.rsplit(":", 1)[1]),
    }
    # Not a stream: no time to the first chunk, no time per chunk.
    assert otel.points("gen_ai.client.operation.time_to_first_chunk") == []
    assert otel.points("gen_ai.client.operation.time_per_output_chunk") == []
    # No usage asked for (TabbyAPI sends none then): no token counts, a duration all the same.
    drive(client.chat.create(messages=HI, max_tokens=3))
    assert sum(p.count for p in otel.points("gen_ai.client.token.usage")) == 2
    assert otel.points("gen_ai.client.operation.duration")[0].count == 2


# ---- streams ----------------------------------------------------------------------------------


def test_a_stream_span_ends_with_the_stream_not_at_its_first_byte(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    stream = drive(client.chat.create_stream(messages=HI, max_tokens=3, stream_options=USAGE))
    assert otel.spans() == []  # the response head is in: still running
    first = next_chunk(drive, stream)
    assert first is not None and otel.spans() == []
    chunks = [first]
    while (chunk := next_chunk(drive, stream)) is not None:
        chunks.append(chunk)
    span = otel.span()
    attributes = dict(span.attributes or {})
    usage = chunks[-1].usage
    assert span.name == "chat" and span.status.status_code is StatusCode.UNSET
    assert attributes["gen_ai.request.stream"] is True
    assert attributes["tabbyapi.stream.outcome"] == "done"
    assert attributes["gen_ai.response.id"] == first.id
    assert attributes["gen_ai.response.finish_reasons"] == ("length",)
    assert attributes["gen_ai.usage.input_tokens"] == usage.prompt_tokens
    assert attributes["gen_ai.usage.output_tokens"] == usage.completion_tokens
    ttfc = attributes["gen_ai.response.time_to_first_chunk"]
    assert isinstance(ttfc, float) and 0 < ttfc < (span.end_time - span.start_time) / 1e9
    (first_chunk,) = otel.points("gen_ai.client.operation.time_to_first_chunk")
    assert first_chunk.count == 1 and first_chunk.sum == pytest.approx(ttfc)
    assert first_chunk.explicit_bounds == SECONDS
    assert first_chunk.attributes["gen_ai.response.model"] == first.model
    (per_chunk,) = otel.points("gen_ai.client.operation.time_per_output_chunk")
    assert per_chunk.count == len(chunks) - 1  # every chunk after the first
    assert per_chunk.sum > 0  # the fake waits between tokens


def test_a_streamed_completion_with_n_choices_counts_every_choices_usage(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    chunks = drive.collect(
        client.completions.create_stream(prompt="p", max_tokens=2, n=2, stream_options=USAGE)
    )
    reported = [c.usage for c in chunks if c.usage is not None]
    assert len(reported) == 2  # TabbyAPI: one usage block per choice
    attributes = dict(otel.span().attributes or {})
    assert attributes["gen_ai.usage.input_tokens"] == reported[0].prompt_tokens
    assert attributes["gen_ai.usage.output_tokens"] == sum(u.completion_tokens for u in reported)
    assert attributes["gen_ai.response.finish_reasons"] == ("length", "length")


@pytest.mark.parametrize("how", ["close", "break", "drop"])
def test_a_stream_closed_early_ends_its_span_without_an_error(
    drive: Driver, server: FakeTabbyServer, otel: Otel, how: str
) -> None:
    client = make_client(drive, server, otel)
    stream = drive(client.chat.create_stream(messages=HI, max_tokens=50))
    if how == "close":
        assert next_chunk(drive, stream) is not None
        close(drive, stream)
    elif how == "break":  # `for chunk in stream: break` inside `with stream:`
        assert drive.collect(stream, limit=1)
    else:  # `for chunk in stream: break`, and the stream is dropped
        assert next_chunk(drive, stream) is not None
        del stream
        gc.collect()
        if drive.kind == "async":  # an async generator is finalised on its loop
            drive(asyncio.sleep(0.05))
    span = otel.span()
    attributes = dict(span.attributes or {})
    assert span.status.status_code is StatusCode.UNSET and "error.type" not in attributes
    assert attributes["tabbyapi.stream.outcome"] == "closed"
    # The conventions: a choice whose finish reason never came reads "error".
    assert attributes["gen_ai.response.finish_reasons"] == ("error",)
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert "error.type" not in duration.attributes
    assert len(otel.points("gen_ai.client.operation.time_to_first_chunk")) == 1


def test_a_model_load_is_a_tabbyapi_span_with_its_progress_as_events(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    events = drive.collect(
        client.models.load_stream(
            model_name="Qwen3-4B-exl3",
            max_seq_len=4096,
            draft_model={"draft_model_name": "Llama-3.2-1B-Instruct-exl3"},
        )
    )
    span = otel.span()
    assert span.name == "tabbyapi.models.load" and span.kind is SpanKind.CLIENT
    attributes = dict(span.attributes or {})
    assert attributes == {
        "tabbyapi.operation": "models.load",
        "server.address": "127.0.0.1",
        "server.port": int(server.url.rsplit(":", 1)[1]),
        "tabbyapi.model.name": "Qwen3-4B-exl3",
        "tabbyapi.model.max_seq_len": 4096,
        "tabbyapi.model.draft_name": "Llama-3.2-1B-Instruct-exl3",
        "tabbyapi.stream.outcome": "done",
    }
    assert {e.name for e in span.events} == {"tabbyapi.model.load.progress"}
    progress = [dict(e.attributes or {}) for e in span.events]
    assert progress == [  # one span event per progress event, the draft model's first
        {
            "tabbyapi.model.type": event.model_type,
            "tabbyapi.model.module": event.module,
            "tabbyapi.model.modules": event.modules,
            "tabbyapi.model.status": event.status,
        }
        for event in events
    ]
    assert progress[0]["tabbyapi.model.type"] == "draft"
    assert progress[-1]["tabbyapi.model.status"] == "finished"
    # Not a generation: no GenAI attributes, no GenAI metrics.
    assert otel.points("gen_ai.client.operation.duration") == []


def test_admin_operations_name_what_they_change_never_a_key(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    hf_token = "hf_a-token-that-must-not-leak"
    drive(client.templates.switch("chatml"))
    drive(client.sampling.switch_override(preset="safe_defaults"))
    drive(client.lora.load(loras=[{"name": "tabby-style-lora", "scaling": 1.0}]))
    drive(client.models.download("turboderp/Llama-3.2-1B-Instruct-exl3", token=hf_token))
    drive(client.models.unload())
    spans = otel.spans()
    named = {s.name: dict(s.attributes or {}) for s in spans}
    assert list(named) == [
        "tabbyapi.templates.switch",
        "tabbyapi.sampling.switch_override",
        "tabbyapi.lora.load",
        "tabbyapi.models.download",
        "tabbyapi.models.unload",
    ]
    assert named["tabbyapi.templates.switch"]["tabbyapi.template.name"] == "chatml"
    assert named["tabbyapi.sampling.switch_override"]["tabbyapi.sampler_override.preset"] == (
        "safe_defaults"
    )
    assert named["tabbyapi.lora.load"]["tabbyapi.lora.names"] == ("tabby-style-lora",)
    download = named["tabbyapi.models.download"]
    assert download["tabbyapi.download.repo_id"] == "turboderp/Llama-3.2-1B-Instruct-exl3"
    assert named["tabbyapi.models.unload"]["tabbyapi.operation"] == "models.unload"
    text = every_value(spans)
    for secret in (hf_token, API_KEY, ADMIN_KEY):
        assert secret not in text


# ---- failures and retries -----------------------------------------------------------------


def failed(otel: Otel) -> tuple[ReadableSpan, dict[str, Any]]:
    span = otel.span()
    assert span.status.status_code is StatusCode.ERROR
    return span, dict(span.attributes or {})


def test_error_type_on_a_4xx_and_a_5xx_answer(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    server.inject("/v1/chat/completions", status=400, body={"detail": f"no: {PROMPT}"})
    with pytest.raises(BadRequestError):
        drive(client.chat.create(messages=HI, max_tokens=2))
    span, attributes = failed(otel)
    assert attributes["error.type"] == "BadRequestError"
    assert attributes["http.response.status_code"] == 400
    # The status description holds no content: the server's words may quote the request.
    assert span.status.description == "400 invalid_request"
    (duration,) = otel.points("gen_ai.client.operation.duration")
    assert duration.attributes["error.type"] == "BadRequestError"

    otel.exporter.clear()
    server.inject("/v1/completions", status=503)  # no Retry-After: not retried
    with pytest.raises(ServiceUnavailableError):
        drive(client.completions.create_stream(prompt="p", max_tokens=2))
    _, attributes = failed(otel)
    assert attributes["error.type"] == "ServiceUnavailableError"
    assert attributes["http.response.status_code"] == 503

    otel.exporter.clear()
    server.inject("/v1/templates", status=500, body="Internal Server Error")
    with pytest.raises(InternalServerError):
        drive(client.templates.list())
    span, attributes = failed(otel)
    assert span.name == "tabbyapi.templates.list" and attributes["error.type"] == (
        "InternalServerError"
    )


def test_error_type_on_a_connection_failure(drive: Driver, otel: Otel) -> None:
    client = drive.client(base_url="http://127.0.0.1:9", max_retries=0, **otel.providers)
    with pytest.raises(APIConnectionError) as info:
        drive(client.chat.create(messages=HI, max_tokens=2))
    span, attributes = failed(otel)
    assert attributes["error.type"] == "APIConnectionError"
    assert attributes["server.port"] == 9
    assert span.status.description == str(info.value)  # the client's own words: no content


def test_error_type_on_an_in_band_stream_error_and_a_stream_that_ends_short(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    server.inject("/v1/chat/completions", inband_error="out of memory", after_events=2)
    with pytest.raises(StreamError):
        drive.collect(client.chat.create_stream(messages=HI, max_tokens=5))
    span, attributes = failed(otel)
    assert attributes["error.type"] == "StreamError"
    assert attributes["tabbyapi.stream.outcome"] == "failed"
    assert attributes["gen_ai.response.finish_reasons"] == ("error",)
    assert span.status.description == "StreamError"  # the server's words are not recorded
    assert "gen_ai.response.time_to_first_chunk" in attributes  # two chunks came first

    otel.exporter.clear()
    server.inject("/v1/completions", no_done=True)
    with pytest.raises(IncompleteStreamError):
        drive.text(client.completions.create_stream(prompt="p", max_tokens=2))
    _, attributes = failed(otel)
    assert attributes["error.type"] == "IncompleteStreamError"
    errors = [p.attributes["error.type"] for p in otel.points("gen_ai.client.operation.duration")]
    assert sorted(errors) == ["IncompleteStreamError", "StreamError"]


def test_each_retry_is_a_span_event_with_the_attempt_the_reason_and_the_delay(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    server.inject("/v1/chat/completions", status=502, times=2)
    answer = drive(client.chat.create(messages=HI, max_tokens=2))
    assert answer.choices
    span = otel.span()
    assert span.status.status_code is StatusCode.UNSET
    events = [(e.name, dict(e.attributes or {})) for e in span.events]
    assert [
        (name, a["tabbyapi.retry.attempt"], a["tabbyapi.retry.reason"]) for name, a in events
    ] == [
        ("tabbyapi.retry", 1, "status 502"),
        ("tabbyapi.retry", 2, "status 502"),
    ]
    assert all(0 <= a["tabbyapi.retry.delay"] <= 0.05 for _, a in events)

    otel.exporter.clear()
    down = drive.client(base_url="http://127.0.0.1:9", retry=fast_retry(), **otel.providers)
    with pytest.raises(APIConnectionError):
        drive(down.health.check())
    span, _ = failed(otel)
    assert [e.attributes["tabbyapi.retry.reason"] for e in span.events] == [  # type: ignore[index]
        "ConnectError",
        "ConnectError",
    ]


# ---- content, keys, trace context ---------------------------------------------------------


def test_no_content_unless_opted_in(drive: Driver, server: FakeTabbyServer, otel: Otel) -> None:
    client = make_client(drive, server, otel)
    drive(client.chat.create(messages=HI, max_tokens=2, tools=TOOLS, tool_choice="required"))
    drive.collect(client.completions.create_stream(prompt=PROMPT, max_tokens=2))
    server.inject("/v1/completions", inband_error=f"failed on {PROMPT}", after_events=1)
    with pytest.raises(StreamError):
        drive.collect(client.completions.create_stream(prompt=PROMPT, max_tokens=2))
    spans = otel.spans()
    assert len(spans) == 3
    for span in spans:
        assert not set(CONTENT) & set(span.attributes or {})
    text = every_value(spans)
    assert PROMPT not in text and "tok0" not in text and "get_weather" not in text


def test_content_when_opted_in_by_the_client_setting(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel, capture_content=True)
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": [{"type": "text", "text": PROMPT}]},
    ]
    drive(client.chat.create(messages=messages, max_tokens=2, tools=TOOLS, tool_choice="required"))
    drive.collect(client.chat.create_stream(messages=HI, max_tokens=3))
    tools_span, stream_span = otel.spans()
    attributes = dict(tools_span.attributes or {})
    assert json.loads(attributes["gen_ai.input.messages"]) == [
        {"role": "system", "parts": [{"type": "text", "content": "be brief"}]},
        {"role": "user", "parts": [{"type": "text", "content": PROMPT}]},
    ]
    assert json.loads(attributes["gen_ai.tool.definitions"]) == [
        {
            "type": "function",
            "name": "get_weather",
            "description": "The weather in a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        }
    ]
    (output,) = json.loads(attributes["gen_ai.output.messages"])
    assert output["role"] == "assistant" and output["finish_reason"] == "tool_calls"
    (call,) = output["parts"]
    assert call["type"] == "tool_call" and call["name"] == "get_weather"
    assert call["arguments"] == {"city": "tok0"} and call["id"].startswith("call_")
    # A stream's pieces are joined into one answer per choice.
    streamed = dict(stream_span.attributes or {})
    assert json.loads(streamed["gen_ai.output.messages"]) == [
        {
            "role": "assistant",
            "parts": [{"type": "text", "content": "tok0 tok1 tok2"}],
            "finish_reason": "length",
        }
    ]
    for secret in (API_KEY, ADMIN_KEY):  # content yes, keys never
        assert secret not in every_value(otel.spans())


@pytest.mark.parametrize(
    ("value", "captured"),
    [
        *[("true", True), ("SPAN_ONLY", True), ("span_and_event", True), ("false", False)],
        *[("NO_CONTENT", False), ("EVENT_ONLY", False), ("something else", False)],
    ],
)
def test_content_follows_the_conventions_variable(
    drive: Driver,
    server: FakeTabbyServer,
    otel: Otel,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    captured: bool,
) -> None:
    monkeypatch.setenv("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", value)
    client = make_client(drive, server, otel)
    drive(client.completions.create(prompt=PROMPT, max_tokens=1))
    attributes = dict(otel.span().attributes or {})
    assert ("gen_ai.input.messages" in attributes) is captured
    assert ("gen_ai.output.messages" in attributes) is captured
    if captured:
        assert json.loads(attributes["gen_ai.input.messages"]) == [
            {"role": "user", "parts": [{"type": "text", "content": PROMPT}]}
        ]
    # The argument wins over the variable.
    otel.exporter.clear()
    drive(client.with_options(capture_content=not captured).completions.create(prompt="p"))
    assert ("gen_ai.input.messages" in (otel.span().attributes or {})) is not captured


def test_the_traceparent_header_goes_out_while_the_span_records(
    drive: Driver, server: FakeTabbyServer, otel: Otel
) -> None:
    client = make_client(drive, server, otel)
    drive.text(client.chat.create_stream(messages=HI, max_tokens=2))
    context = otel.span().get_span_context()
    assert server.requests[-1].headers["traceparent"] == (
        f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    )
    assert context.trace_flags.sampled
    drive(client.with_options(propagate_trace_context=False).health.check())
    assert "traceparent" not in server.requests[-1].headers
    assert len(otel.spans()) == 2  # the span records all the same

    sampled_out = Otel(sampler=ALWAYS_OFF)
    quiet = make_client(drive, server, sampled_out)
    drive(quiet.chat.create(messages=HI, max_tokens=1))
    assert "traceparent" not in server.requests[-1].headers  # its span does not record
    assert sampled_out.spans() == []
    assert len(sampled_out.points("gen_ai.client.operation.duration")) == 1  # metrics still
    sampled_out.close()


def test_telemetry_switched_off_records_and_sends_nothing(
    drive: Driver, server: FakeTabbyServer, otel: Otel, monkeypatch: pytest.MonkeyPatch
) -> None:
    off = make_client(drive, server, otel, telemetry=False)
    drive.text(off.chat.create_stream(messages=HI, max_tokens=2))
    assert "traceparent" not in server.requests[-1].headers
    monkeypatch.setenv("TABBY_TELEMETRY", "0")
    drive(make_client(drive, server, otel).models.list())
    drive(make_client(drive, server, otel, telemetry=True).models.list())
    assert [s.name for s in otel.spans()] == ["tabbyapi.models.list"]  # the argument wins
    assert otel.points("gen_ai.client.operation.duration") == []


def test_telemetry_that_fails_never_fails_a_call(
    drive: Driver, server: FakeTabbyServer, otel: Otel, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(TracerProvider):
        def get_tracer(self, *args: Any, **kwargs: Any) -> Any:
            raise RuntimeError("broken provider")

    class BrokenSpans(TracerProvider):
        def get_tracer(self, *args: Any, **kwargs: Any) -> Any:
            tracer = super().get_tracer(*args, **kwargs)
            tracer.start_span = None  # type: ignore[method-assign]
            return tracer

    for provider in (Broken(shutdown_on_exit=False), BrokenSpans(shutdown_on_exit=False)):
        client = make_client(drive, server, otel, tracer_provider=provider)
        assert drive.text(client.chat.create_stream(messages=HI, max_tokens=2)) == "tok0 tok1"
        assert drive(client.chat.create(messages=HI, max_tokens=1)).choices
    warnings = [r.getMessage() for r in caplog.records if r.name == "tabby_ext.telemetry"]
    assert warnings[0] == "OpenTelemetry could not be set up: telemetry off"
    assert warnings[1:] == [
        "could not start the telemetry of chat.create_stream",
        "could not start the telemetry of chat.create",
    ]


def test_a_stream_nothing_records_decodes_without_a_watcher(
    drive: Driver, server: FakeTabbyServer
) -> None:
    # The API with no SDK behind it: no-op providers. Nothing is watched, so the stream pays
    # nothing per chunk, and no header goes out.
    client = drive.client(
        base_url=server.url,
        api_key=API_KEY,
        tracer_provider=NoOpTracerProvider(),
        meter_provider=__import__("opentelemetry.metrics").metrics.NoOpMeterProvider(),
    )
    stream = drive(client.chat.create_stream(messages=HI, max_tokens=2))
    assert type(stream._decoder) is EventDecoder and stream._watch is None
    assert "traceparent" not in server.requests[-1].headers
    close(drive, stream)


# ---- without OpenTelemetry ----------------------------------------------------------------


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SCRIPT_HEAD = """
import asyncio, sys
{block}
from tabby_ext import AsyncTabby, ConfigurationError, Tabby
from tabby_ext.testing import FakeTabbyServer

HI = [{{"role": "user", "content": "hi"}}]

async def both(url):
    async with AsyncTabby(base_url=url, api_key="k") as client:
        stream = await client.chat.create_stream(messages=HI, max_tokens=3)
        assert await stream.atext() == "tok0 tok1 tok2"
        await client.chat.create(messages=HI, max_tokens=1)

server = FakeTabbyServer(api_key="k", ping_interval=None).start()
client = Tabby(base_url=server.url, api_key="k")
assert client.chat.create_stream(messages=HI, max_tokens=3).text() == "tok0 tok1 tok2"
client.models.list()
asyncio.run(both(server.url))
assert not any("traceparent" in r.headers for r in server.requests)
print("otel:", sorted(m for m in sys.modules if m.startswith("opentelemetry") and sys.modules[m]))
"""


def test_without_the_api_installed_calls_record_nothing_and_providers_are_refused() -> None:
    out = run_python(
        SCRIPT_HEAD.format(block="sys.modules['opentelemetry'] = None  # as if not installed")
        + """
try:
    Tabby(base_url=server.url, tracer_provider=object())
except ConfigurationError as exc:
    print("refused:", exc)
server.stop()
"""
    )
    assert "otel: []" in out
    assert (
        "refused: tracer_provider= and meter_provider= need opentelemetry-api"
        ' (pip install "tabbyapi[otel]")'
    ) in out


def test_opentelemetry_is_imported_only_once_used_then_the_global_providers_apply() -> None:
    out = run_python(
        SCRIPT_HEAD.format(block="")
        + """
# The application configures OpenTelemetry now: the client made before records with no change.
from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
exporter, reader = InMemorySpanExporter(), InMemoryMetricReader()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(exporter))
trace.set_tracer_provider(provider)
metrics.set_meter_provider(MeterProvider(metric_readers=[reader]))
assert client.chat.create_stream(messages=HI, max_tokens=3).text() == "tok0 tok1 tok2"
print("spans:", [s.name for s in exporter.get_finished_spans()])
print("traceparent:", "traceparent" in server.requests[-1].headers)
scopes = [s for r in reader.get_metrics_data().resource_metrics for s in r.scope_metrics]
print("metrics:", sorted(m.name for s in scopes for m in s.metrics))
server.stop()
"""
    )
    assert "otel: []" in out  # the API is installed, but nothing imported it: neither did we
    assert "spans: ['chat']" in out and "traceparent: True" in out
    metrics = ["duration", "time_per_output_chunk", "time_to_first_chunk"]
    assert f"metrics: {[f'gen_ai.client.operation.{m}' for m in metrics]}" in out


# ---- logs ---------------------------------------------------------------------------------


def test_the_logs_say_each_request_and_stream_end_with_fields_and_no_content_or_key(
    drive: Driver, server: FakeTabbyServer, caplog: pytest.LogCaptureFixture
) -> None:
    client = drive.client(base_url=server.url, api_key=API_KEY, admin_key=ADMIN_KEY)
    caplog.set_level("DEBUG", logger="tabby_ext")
    drive(client.chat.create(messages=HI, max_tokens=2))
    stream = drive(client.chat.create_stream(messages=HI, max_tokens=9))
    assert next_chunk(drive, stream) is not None
    close(drive, stream)
    server.inject("/v1/completions", inband_error=f"failed on {PROMPT}", after_events=1)
    with pytest.raises(StreamError):
        drive.text(client.completions.create_stream(prompt=PROMPT, max_tokens=3))
    ours = [r for r in caplog.records if r.name.startswith("tabby_ext")]
    http = [r for r in ours if r.name == "tabby_ext.http"]
    assert [r.getMessage().split(" -> ")[0] for r in http] == [
        "chat.create: POST /v1/chat/completions",
        "chat.create_stream: POST /v1/chat/completions",
        "completions.create_stream: POST /v1/completions",
    ]
    first = http[0]
    assert first.levelname == "DEBUG"
    assert (first.tabby_operation, first.tabby_status, first.tabby_attempt) == (  # type: ignore[attr-defined]
        "chat.create",
        200,
        1,
    )
    assert first.tabby_elapsed_ms > 0  # type: ignore[attr-defined]
    assert first.getMessage().endswith(" ms (attempt 1)") and " -> 200 in " in first.getMessage()
    streams = [(r.getMessage(), r.tabby_outcome) for r in ours if r.name == "tabby_ext.stream"]  # type: ignore[attr-defined]
    assert streams == [
        ("chat.create_stream: stream POST /v1/chat/completions closed", "closed"),
        ("completions.create_stream: stream POST /v1/completions failed (StreamError)", "failed"),
    ]
    everything = caplog.text + " ".join(str(vars(r)) for r in ours)
    for secret in (PROMPT, API_KEY, ADMIN_KEY, "tok0"):
        assert secret not in everything


def test_a_connection_failure_is_logged_by_the_request_log(
    drive: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    client = drive.client(base_url="http://127.0.0.1:9", max_retries=0)
    caplog.set_level("DEBUG", logger="tabby_ext")
    with pytest.raises(APIConnectionError):
        drive(client.health.check())
    (line,) = [r for r in caplog.records if r.name == "tabby_ext.http"]
    assert line.getMessage().startswith("health.check: GET /health -> ConnectError in ")
    assert (line.tabby_status, line.tabby_error) == (None, "ConnectError")  # type: ignore[attr-defined]


def test_the_command_lines_verbose_flag_shows_the_request_log() -> None:
    from support.cli import Tabby as Command

    with FakeTabbyServer(ping_interval=None) as open_server:
        run = Command(open_server)("-v", "health", keys=False)
    assert run.code == 0
    assert "tabby_ext.http: health.check: GET /health -> 200 in " in run.stderr
