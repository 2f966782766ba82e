"""OpenTelemetry: the GenAI span and metrics of one streamed chat, printed to the console.

Needs `pip install "tabbyapi[otel]" opentelemetry-sdk`; the client uses the global providers.
`capture_content=True` (or OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true) adds content.
"""

from opentelemetry import metrics, trace
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import HistogramDataPoint, InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor

from tabby_ext import Tabby
from tabby_ext.testing import example_server


def span_lines(span: ReadableSpan) -> str:
    lines = [f"span {span.name!r} ({span.kind.name})"]
    return "\n".join(lines + [f"  {k} = {v!r}" for k, v in (span.attributes or {}).items()]) + "\n"


traces, reader = TracerProvider(), InMemoryMetricReader()
traces.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter(formatter=span_lines)))
trace.set_tracer_provider(traces)
metrics.set_meter_provider(MeterProvider([reader]))
with example_server(token_delay=0.01, ping_interval=None) as env, Tabby(**env) as client:
    stream = client.chat.create_stream(
        messages=[{"role": "user", "content": "Why is the sky blue?"}],
        max_tokens=8,
        stream_options={"include_usage": True},  # TabbyAPI's token counts and speeds
    )
    print(stream.text())
data = reader.get_metrics_data()
for metric in data.resource_metrics[0].scope_metrics[0].metrics if data else ():
    for point in metric.data.data_points:
        if isinstance(point, HistogramDataPoint):
            kind = dict(point.attributes or {}).get("gen_ai.token.type", "")
            print(f"metric {metric.name} {kind}: {point.count}x, sum {point.sum:.4g} {metric.unit}")
