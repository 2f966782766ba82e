"""The facade against a real TabbyAPI server: opt-in, never part of `make test`.

    make test-real URL=http://127.0.0.1:5057 [API_KEY=...] [ADMIN_KEY=...] [SERVER=...]

`$(HARNESS)/tabby.sh start 5057` starts one here (HARNESS defaults to ../shared/harness: TabbyAPI
e632af4 with a fake GPU model; keys test-api-key / test-admin-key, the defaults); with
`TABBY_ROOT=/tmp/tabby-old` the same script runs the older 436ce75 (see the harness README).
The suite tells them apart (tests/real/conftest.py) and expects of each what it really does:
`EXPECT` below lists the differences. It loads the models it needs and leaves `fake-chatml-4k`
loaded. Tests that need a model folder or a server option the target lacks skip. Through a
LiteLLM proxy, tests/real/test_through_litellm.py runs instead.
"""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tabby_ext import (
    APIConnectionError,
    AsyncTabby,
    AuthenticationError,
    BadRequestError,
    ContextLengthExceededError,
    IncompleteStreamError,
    InternalServerError,
    ServiceUnavailableError,
    StreamError,
    Tabby,
)
from tabby_ext.models import (
    ChatCompletionResponse,
    ChatCompletionStreamChunk,
    CompletionResponse,
    ModelCard,
)

MAIN = "fake-chatml-4k"
HI: Any = [{"role": "user", "content": "hi"}]


@dataclass(frozen=True)
class Expect:
    """What one TabbyAPI version does where versions differ (docs/server-behavior.md, "Older")."""

    #: Status of a model-dependent call with nothing loaded ("No models are currently loaded.");
    #: the client reads both as `NoModelLoadedError`.
    no_model_status: int
    #: `eos_reason` of a choice stopped by max_tokens (None: the server does not send the field).
    eos_reason: str | None
    #: A prompt longer than the context: the error class and status.
    too_long: type[Exception]
    too_long_status: int
    #: The sampler preset `safe_defaults` exists.
    safe_defaults: bool
    #: A streamed completion without max_tokens fails in-band (e632af4's `None += 0`).
    stream_needs_max_tokens: bool
    #: Streamed completion, n=2, max_tokens=2: choice i generates max_tokens + 5*i tokens.
    stream_texts_n2: dict[int, str]
    #: `usage` of a chat completion without `stream_options.include_usage`: null, or sent anyway.
    usage_without_include_usage: bool
    #: Loading the folder that is already loaded: a no-op, or an in-band "already loaded" error.
    reload_is_noop: bool
    #: An exl2 folder is refused inside the load stream (e632af4 dropped ExLlamaV2).
    refuses_exl2: bool
    #: Unloading the model under a running stream leaves it open with only pings (e632af4);
    #: else the stream ends at once with `[DONE]`, short and without a finish_reason.
    unload_mid_stream_hangs: bool


EXPECT = {
    "e632af4": Expect(
        no_model_status=503,
        eos_reason="max_new_tokens",
        too_long=ContextLengthExceededError,
        too_long_status=400,
        safe_defaults=True,
        stream_needs_max_tokens=True,
        stream_texts_n2={0: "tok0 tok1", 1: "tok0 tok1 tok2 tok3 tok4 tok5 tok6"},
        usage_without_include_usage=False,
        reload_is_noop=True,
        refuses_exl2=True,
        unload_mid_stream_hangs=True,
    ),
    "436ce75": Expect(
        no_model_status=400,
        eos_reason=None,
        # the container raises; TabbyAPI answers 503 "... aborted. Maybe the model was unloaded?"
        too_long=ServiceUnavailableError,
        too_long_status=503,
        safe_defaults=False,
        stream_needs_max_tokens=False,
        stream_texts_n2={0: "tok0 tok1", 1: "tok0 tok1"},
        usage_without_include_usage=True,
        reload_is_noop=False,
        refuses_exl2=False,
        unload_mid_stream_hangs=False,
    ),
}


@pytest.fixture(scope="module")
def expect(real: Any) -> Expect:
    if real.server == "litellm":
        pytest.skip("a LiteLLM proxy: tests/real/test_through_litellm.py covers it")
    return EXPECT[real.server]


def loaded_model(real: Any) -> tuple[str | None, bool]:
    """(loaded folder or None, with a draft), read without the client's typed decoding."""
    with httpx.Client(timeout=30, trust_env=False) as http:
        response = http.get(real.base_url + "/v1/model", headers={"x-api-key": real.api_key})
    if response.status_code != 200:
        return None, False
    card = response.json()
    return card.get("id"), bool((card.get("parameters") or {}).get("draft"))


def ensure_main(real: Any, client: Tabby) -> None:
    """Leave MAIN loaded without a draft (436ce75 refuses to load a loaded folder again)."""
    name, draft = loaded_model(real)
    if name == MAIN and not draft:
        return
    if name is not None:
        client.models.unload()
    client.models.load(MAIN)


@pytest.fixture(scope="module")
def client(real: Any, expect: Expect) -> Iterator[Tabby]:
    with Tabby(**real.keys, timeout=120, max_retries=0) as client:
        names = [card.id for card in client.models.list().data]
        if MAIN not in names:
            pytest.skip(f"the server has no {MAIN} folder (the harness's models: {names})")
        ensure_main(real, client)
        yield client
        ensure_main(real, client)


def test_every_read_decodes_into_its_complete_model(client: Tabby, expect: Expect) -> None:
    card: ModelCard = client.models.get()
    assert card.id == MAIN and card.parameters is not None
    assert card.parameters.max_seq_len == 4096
    assert client.health.check().status == "healthy"
    assert client.auth.get_permission().permission == "admin"
    assert client.service_info.get().api["openai"].relative_url == "/v1"
    assert client.models.get_props().default_generation_settings.n_ctx == 4096
    assert client.templates.list().data
    presets = client.sampling.list_overrides().presets
    assert "sample_preset" in presets
    assert ("safe_defaults" in presets) is expect.safe_defaults
    assert client.kobold.current_model().result == f"tabbyAPI/{MAIN}"
    assert client.kobold.version().result and client.kobold.extra_version().result == "KoboldCpp"
    assert client.kobold.list_soft_prompts().values == []
    tokens = client.tokens.encode("hello world").tokens
    assert tokens[0] == 1  # BOS
    # Both versions keep the BOS in the decoded text unless told not to.
    assert client.tokens.decode(tokens=tokens).text == "<s>hello world"
    assert client.tokens.decode(tokens=tokens, decode_special_tokens=False).text == "hello world"
    counted = client.kobold.token_count("one two")
    assert counted.value == len(counted.ids)


def test_generation_answers_and_streams(client: Tabby, expect: Expect) -> None:
    """Every generation, stream and listing gives the same text on each version."""
    chat: ChatCompletionResponse = client.chat.create(messages=HI, max_tokens=3)
    assert chat.choices[0].message.content == "tok0 tok1 tok2"
    assert chat.choices[0].finish_reason == "length"
    assert chat.choices[0].eos_reason == expect.eos_reason
    assert (chat.usage is not None) is expect.usage_without_include_usage
    usage = client.chat.create(messages=HI, max_tokens=2, stream_options={"include_usage": True})
    assert usage.usage is not None and usage.usage.completion_tokens == 2

    with client.chat.create_stream(messages=HI, max_tokens=4) as stream:
        chunks: list[ChatCompletionStreamChunk] = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == (
        "tok0 tok1 tok2 tok3"
    )
    with client.chat.create_stream(
        messages=HI, max_tokens=3, stream_options={"include_usage": True}
    ) as stream:
        chunks = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == (
        "tok0 tok1 tok2"
    )
    last_usage = [c.usage for c in chunks if c.usage]
    assert last_usage and last_usage[-1].completion_tokens == 3

    completion: CompletionResponse = client.completions.create(prompt="x", max_tokens=2, n=2)
    assert [c.text for c in completion.choices] == ["tok0 tok1", "tok0 tok1"]
    assert completion.choices[0].eos_reason == expect.eos_reason
    assert client.completions.create_stream(prompt="x", max_tokens=3).text() == "tok0 tok1 tok2"
    texts = client.completions.create_stream(prompt="x", max_tokens=2, n=2).texts()
    assert texts == expect.stream_texts_n2
    assert client.completions.create(prompt="x", max_completion_tokens=2).choices[0].text == (
        "tok0 tok1"
    )  # an alias the server accepts


def test_listings_name_the_same_models(client: Tabby) -> None:
    names = {card.id for card in client.models.list().data}
    assert {MAIN, "fake-base-2k", "fake-slow"} <= names
    assert client.models.get().id == MAIN


def test_stream_errors_from_the_real_server(client: Tabby, expect: Expect) -> None:
    if expect.stream_needs_max_tokens:
        with pytest.raises(StreamError, match="Completion aborted"):
            client.completions.create_stream(prompt="x").text()  # e632af4's `None += 0`
    else:
        assert client.completions.create_stream(prompt="x").text().startswith("tok0 tok1")
    with pytest.raises(expect.too_long) as raised:
        client.completions.create(prompt="w " * 5000, max_tokens=1)
    assert raised.value.status_code == expect.too_long_status


def test_no_model_loaded_is_one_error_class(real: Any, client: Tabby, expect: Expect) -> None:
    """503 (e632af4) and 400 (436ce75) "No models are currently loaded." read the same."""
    from tabby_ext.errors import NoModelLoadedError  # main is gaining it

    assert issubclass(NoModelLoadedError, ServiceUnavailableError)
    client.models.unload()
    try:
        for call in (
            client.models.get,
            lambda: client.completions.create(prompt="x", max_tokens=1),
            lambda: client.chat.create(messages=HI, max_tokens=1),
            lambda: client.chat.create_stream(messages=HI, max_tokens=1).text(),
        ):
            with pytest.raises(NoModelLoadedError, match="No models are currently loaded") as e:
                call()
            assert e.value.status_code == expect.no_model_status
    finally:
        ensure_main(real, client)


def test_status_errors_and_their_hints(real: Any, client: Tabby) -> None:
    with (
        Tabby(base_url=real.base_url, max_retries=0) as no_key,
        Tabby(base_url=real.base_url, api_key=real.api_key, max_retries=0) as api_only,
        Tabby(base_url=real.base_url + "/v1", api_key=real.api_key, max_retries=0) as v1,
    ):
        with pytest.raises(AuthenticationError, match="no key configured"):
            no_key.models.get()
        with pytest.raises(AuthenticationError, match="admin operation"):
            api_only.models.unload()
        wrong_admin = client.with_options(admin_key="wrong")
        with pytest.raises(InternalServerError, match="admin key is wrong"):
            wrong_admin.models.list()
        with pytest.raises(BadRequestError, match="not"):
            client.models.load("no-such-folder")
        with pytest.raises(Exception, match="ends in /v1"):
            v1.models.get()
        error = pickle.loads(pickle.dumps(_raised(lambda: api_only.models.unload())))
        assert isinstance(error, AuthenticationError) and error.status_code == 401
        assert real.api_key not in repr(vars(error))


def _raised(call: Any) -> BaseException:
    try:
        call()
    except BaseException as error:
        return error
    raise AssertionError("no error")


def test_model_load_progress_with_a_draft(real: Any, client: Tabby) -> None:
    names = {card.id for card in client.models.list_draft().data}
    if "fake-base-2k" not in names:
        pytest.skip("no fake-base-2k draft folder")
    client.models.unload()
    try:
        events = list(
            client.models.load_stream(MAIN, draft_model={"draft_model_name": "fake-base-2k"})
        )
        kinds = [(e.model_type, e.status) for e in events]
        assert kinds[0][0] == "draft" and ("draft", "finished") in kinds
        assert kinds[-1] == ("model", "finished")
    finally:
        ensure_main(real, client)


def test_loading_the_loaded_folder_again(client: Tabby, expect: Expect) -> None:
    if expect.reload_is_noop:
        assert client.models.load(MAIN).status == "finished"  # parameters ignored, no reload
    else:
        with pytest.raises(StreamError, match="already loaded"):
            client.models.load(MAIN)
    assert client.models.get().id == MAIN


def test_a_failed_load_is_a_stream_error_and_leaves_nothing_loaded(
    real: Any, client: Tabby, expect: Expect
) -> None:
    if "fake-exl2-legacy" not in {card.id for card in client.models.list().data}:
        pytest.skip("no fake-exl2-legacy folder")
    if not expect.refuses_exl2:
        pytest.skip("an ExLlamaV2-era server loads exl2 folders")
    client.models.unload()
    try:
        with pytest.raises(StreamError, match="exl2"):
            client.models.load("fake-exl2-legacy")
        with pytest.raises(ServiceUnavailableError, match="No models"):
            client.models.get()
    finally:
        ensure_main(real, client)


def test_a_stream_left_early_stops_and_the_next_call_is_served(client: Tabby) -> None:
    stream = client.chat.create_stream(messages=HI, max_tokens=90)
    first = next(iter(stream))
    stream.close()
    assert first.choices[0].delta.content == "tok0"
    assert client.chat.create(messages=HI, max_tokens=1).choices[0].message.content == "tok0"


def test_async_generation_across_event_loops(real: Any, client: Tabby) -> None:
    async_client = AsyncTabby(**real.keys, max_retries=0)

    async def run() -> list[str]:
        stream = await async_client.chat.create_stream(messages=HI, max_tokens=2)
        chat = await async_client.chat.create(messages=HI, max_tokens=2)
        completion = await async_client.completions.create(prompt="x", max_tokens=2)
        streamed = await async_client.completions.create_stream(prompt="x", max_tokens=2)
        text = await streamed.atext()
        card = await async_client.models.get()
        return [await stream.atext(), chat.choices[0].message.content or "",
                completion.choices[0].text, text, card.id]  # fmt: skip

    try:
        answers = [asyncio.run(run()) for _ in range(3)]
    finally:
        asyncio.run(async_client.aclose())
    assert answers == [["tok0 tok1", "tok0 tok1", "tok0 tok1", "tok0 tok1", MAIN]] * 3


def test_unloading_under_a_stream(real: Any, client: Tabby, expect: Expect) -> None:
    """e632af4: the "model unloaded mid-stream" hang (docs/server-behavior.md §6): pings, then
    a timeout.

    436ce75 ends the stream instead: `[DONE]` right after the next token, no finish_reason.
    """
    if "fake-slow" not in {card.id for card in client.models.list().data}:
        pytest.skip("no fake-slow folder")
    client.models.unload()
    client.models.load("fake-slow")
    try:
        quick = client.with_options(timeout=httpx.Timeout(3.0, connect=2.0))
        stream = quick.completions.create_stream(prompt="x", max_tokens=200)
        if expect.unload_mid_stream_hangs:
            with pytest.raises((IncompleteStreamError, APIConnectionError)), stream:
                for n, _ in enumerate(stream):
                    if n == 1:
                        client.models.unload()
        else:
            chunks = []
            with stream:
                for n, chunk in enumerate(stream):
                    chunks.append(chunk)
                    if n == 1:
                        client.models.unload()
            assert 2 <= len(chunks) < 10
            assert all(c.choices[0].finish_reason is None for c in chunks if c.choices)
    finally:
        ensure_main(real, client)
