"""The full facade: every operation reachable, typed, sync and async, on the embedded server,
answering as each TabbyAPI version it knows (`every_server`: e632af4 and the older 436ce75)."""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.calls import CALLS, DRAFT
from support.driver import Driver
from support.servers import OLD, every_server
from tabbyapi_client.facade.async_services import AsyncServices
from tabbyapi_client.facade.sync_services import Services

from tabby_ext import APIConnectionError, IncompleteStreamError, StreamError, Tabby
from tabby_ext._events import EventDecoder
from tabby_ext._operations import operation_table
from tabby_ext.testing import FakeTabbyServer

ROOT = Path(__file__).resolve().parent.parent
HI = [{"role": "user", "content": "hi"}]


def spec_operations() -> list[str]:
    spec = json.loads((ROOT / "openapi" / "tabbyapi.json").read_text(encoding="utf-8"))
    return [f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item]


def service_method(services: type, tag: str, name: str) -> Any:
    service_cls = inspect.signature(getattr(services, tag).func).return_annotation
    module = sys.modules[services.__module__]
    return getattr(getattr(module, service_cls), name)


def test_every_operation_is_in_the_facade_or_documented_raw_only() -> None:
    table = {op.key: op for op in operation_table().operations}
    undocumented = []
    for key in spec_operations():
        op = table[key]
        if op.facade:
            for name in op.facade_methods:
                for services in (Services, AsyncServices):
                    assert callable(service_method(services, op.tag, name)), (key, name)
        elif not (op.alias_of or op.raw_only):
            undocumented.append(key)
    assert undocumented == [], "add a facade name or raw_only reason in generator/operations.yaml"


def test_method_return_annotations_match_the_table() -> None:
    for (tag, name), (op, mode) in operation_table().methods.items():
        expected = op.stream.event if mode != "call" and op.stream else op.response
        for services, stream in ((Services, "Stream"), (AsyncServices, "AsyncStream")):
            method = service_method(services, tag, name)
            returns = inspect.signature(method).return_annotation
            if expected is not None:
                assert re.search(rf"\b{expected.cls}\b", returns), (tag, name, returns)
            streams = returns.startswith((f"{stream}[", stream.replace("Stream", "TextStream[")))
            assert streams == (mode == "stream"), (tag, name, returns)
            assert inspect.iscoroutinefunction(method) == (services is AsyncServices)


def test_endpoint_table_is_rendered_from_the_operation_table() -> None:
    """docs/endpoints.md (the table moved there from the README) is the script's output."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "endpoint_table.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (ROOT / "docs" / "endpoints.md").read_text(encoding="utf-8")
    assert all(f"| `{key}` |" in page for key in spec_operations())


@every_server
@pytest.mark.parametrize(
    ("service", "method", "args", "kwargs", "check"), CALLS, ids=[f"{c[0]}.{c[1]}" for c in CALLS]
)
def test_facade_method(
    drive: Driver,
    client: Any,
    service: str,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    check: Any,
) -> None:
    result = drive(getattr(getattr(client, service), method)(*args, **kwargs))
    assert check(result), result
    op = operation_table().facade(service, method)
    if op.response is None:
        assert result is None
    else:
        assert type(result) is op.response.load()


@every_server
def test_what_differs_by_version(
    drive: Driver, client: Any, fake_tabby_server_version: str
) -> None:
    old = fake_tabby_server_version == OLD
    card = drive(client.models.get())
    if old:  # 436ce75 sends its logging settings, without the newer chat-request switch
        assert card.logging.log_prompt is False
        assert card.logging.log_chat_completion_requests is False  # read as the spec's default
    else:
        assert card.logging is None
    encoded = drive(client.tokens.encode("hello")).tokens
    assert drive(client.tokens.decode(tokens=encoded)).text == "<s>hello"  # both keep BOS
    presets = drive(client.sampling.list_overrides()).presets
    assert ("safe_defaults" in presets) is not old and "creative" in presets
    assert all(c.logging is None for c in drive(client.models.list()).data)


def test_every_facade_name_is_exercised() -> None:
    covered = {(s, m) for s, m, *_ in CALLS}
    covered |= {
        ("completions", "create"),
        ("completions", "create_stream"),
        ("chat", "create"),
        ("chat", "create_stream"),
        ("health", "check"),
        ("auth", "get_permission"),
        ("models", "load"),
        ("models", "load_stream"),
        ("models", "unload"),
        ("kobold", "generate_stream"),
    }
    assert set(operation_table().methods) - covered == set()


@every_server
def test_model_load_stream_draft_first_then_main(
    drive: Driver, client: Any, fake_tabby_server_version: str
) -> None:
    events = drive.collect(client.models.load_stream(model_name="Qwen3-4B-exl3", draft_model=DRAFT))
    kinds = [(e.model_type, e.status) for e in events]
    assert kinds[0] == ("draft", "processing") and ("draft", "finished") in kinds
    assert kinds[-1] == ("model", "finished")
    assert [e.module for e in events if e.model_type == "model"][-2:] == [4, 4]
    if fake_tabby_server_version == OLD:  # 436ce75 refuses to load the loaded folder again
        with pytest.raises(StreamError, match='Model "Qwen3-4B-exl3" is already loaded'):
            drive(client.models.load(model_name="Qwen3-4B-exl3"))
    else:  # e632af4 finishes at once, keeping the loaded model's settings
        final = drive(client.models.load(model_name="Qwen3-4B-exl3"))
        assert (final.model_type, final.status) == ("model", "finished")
    assert drive(client.models.get()).id == "Qwen3-4B-exl3"
    assert drive(client.models.unload()) is None


@every_server
def test_model_load_errors(drive: Driver, client: Any, server: FakeTabbyServer) -> None:
    server.inject("/v1/model/load", drop_after_events=2)
    with pytest.raises(APIConnectionError, match="mid-stream"):
        drive(client.models.load(model_name="Qwen3-4B-exl3", draft_model=DRAFT))
    server.inject("/v1/model/load", inband_error="Models quantized with 'exl2' are not supported")
    with pytest.raises(StreamError, match="exl2"):
        drive(client.models.load(model_name="Qwen3-4B-exl3"))


def test_model_load_ends_only_with_the_main_models_finished_event() -> None:
    spec = operation_table().facade("models", "load").stream
    assert spec is not None
    decoder = EventDecoder(spec, idle_timeout=None)
    draft = b'data: {"model_type":"draft","module":1,"modules":1,"status":"finished"}\r\n\r\n'
    assert [e.status for e in decoder.feed(draft)] == ["finished"] and not decoder.done
    with pytest.raises(IncompleteStreamError, match="final event"):
        decoder.close()
    main = draft.replace(b"draft", b"model")
    decoder.feed(b": ping - 2026-11-21\r\n\r\n" + main + b"data: ignored\r\n\r\n")
    assert decoder.done and decoder.close() == []


@every_server
def test_kobold_stream(drive: Driver, client: Any) -> None:
    tokens = drive.collect(client.kobold.generate_stream(prompt="p", max_tokens=3))
    assert [t.token for t in tokens] == ["tok0", " tok1", " tok2"]
    assert drive.text(client.kobold.generate_stream("p", max_tokens=2)) == "tok0 tok1"


def test_kobold_check_get_form_is_raw(drive: Driver, client: Any) -> None:
    from tabbyapi_client.api.kobold import check_generation_via_get
    from tabbyapi_client.models import CheckGenerateRequest, GenerateResponse

    call = (
        check_generation_via_get.asyncio
        if drive.kind == "async"
        else (check_generation_via_get.sync)
    )
    result = drive(call(client=client.raw, body=CheckGenerateRequest(genkey="k")))
    assert isinstance(result, GenerateResponse) and result.results == []


EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs_against_the_embedded_server(example: Path) -> None:
    assert len(example.read_text(encoding="utf-8").splitlines()) < 40
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, str(example)], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_tabby_dir_lists_service_methods() -> None:
    with Tabby(base_url="http://127.0.0.1:9") as client:
        assert {"create", "create_stream"} <= set(dir(client.chat))
        with pytest.raises(AttributeError, match=r"'Chat' object has no attribute 'nope'"):
            _ = client.chat.nope
