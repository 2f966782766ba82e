"""The facade against a real TabbyAPI server: opt-in, never part of `make test`.

    make test-real URL=http://127.0.0.1:5057 [API_KEY=...] [ADMIN_KEY=...]

`../shared/harness/tabby.sh start 5057` starts one here (TabbyAPI e632af4, a fake GPU model; keys
test-api-key / test-admin-key, the defaults). The suite loads the models it needs and leaves
`fake-chatml-4k` loaded. Tests that need a model folder or a server option the target lacks skip.
"""

from __future__ import annotations

import asyncio
import pickle
from collections.abc import Iterator
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


@pytest.fixture(scope="module")
def real(request: pytest.FixtureRequest) -> dict[str, str]:
    url = request.config.getoption("real_url")
    if not url:
        pytest.skip("no real TabbyAPI server: make test-real URL=...")
    return {
        "base_url": url,
        "api_key": request.config.getoption("real_api_key"),
        "admin_key": request.config.getoption("real_admin_key"),
    }


@pytest.fixture(scope="module")
def client(real: dict[str, str]) -> Iterator[Tabby]:
    with Tabby(**real, timeout=120, max_retries=0) as client:
        names = [card.id for card in client.models.list().data]
        if MAIN not in names:
            pytest.skip(f"the server has no {MAIN} folder (the harness's models: {names})")
        client.models.load(MAIN)
        yield client


def test_every_read_decodes_into_its_complete_model(client: Tabby) -> None:
    card: ModelCard = client.models.get()
    assert card.id == MAIN and card.parameters is not None
    assert card.parameters.max_seq_len == 4096
    assert client.health.check().status == "healthy"
    assert client.auth.get_permission().permission == "admin"
    assert client.service_info.get().api["openai"].relative_url == "/v1"
    assert client.models.get_props().default_generation_settings.n_ctx == 4096
    assert client.templates.list().data and client.sampling.list_overrides().presets
    assert client.kobold.current_model().result == f"tabbyAPI/{MAIN}"
    assert client.kobold.version().result and client.kobold.extra_version().result == "KoboldCpp"
    assert client.kobold.list_soft_prompts().values == []
    tokens = client.tokens.encode("hello world").tokens
    assert client.tokens.decode(tokens=tokens).text.endswith("hello world")
    counted = client.kobold.token_count("one two")
    assert counted.value == len(counted.ids)


def test_generation_answers_and_streams(client: Tabby) -> None:
    chat: ChatCompletionResponse = client.chat.create(messages=HI, max_tokens=3)
    assert chat.choices[0].message.content == "tok0 tok1 tok2"
    assert chat.usage is None  # null unless include_usage (SERVER-BEHAVIOR §6)
    usage = client.chat.create(messages=HI, max_tokens=2, stream_options={"include_usage": True})
    assert usage.usage is not None and usage.usage.completion_tokens == 2
    with client.chat.create_stream(messages=HI, max_tokens=4) as stream:
        chunks: list[ChatCompletionStreamChunk] = list(stream)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "tok0 tok1 tok2 tok3"
    completion: CompletionResponse = client.completions.create(prompt="x", max_tokens=2, n=2)
    assert [c.text for c in completion.choices] == ["tok0 tok1", "tok0 tok1"]
    texts = client.completions.create_stream(prompt="x", max_tokens=2, n=2).texts()
    assert texts == {0: "tok0 tok1", 1: "tok0 tok1 tok2 tok3 tok4 tok5 tok6"}  # max_tokens + 5*i
    assert client.completions.create(prompt="x", max_completion_tokens=2).choices[0].text == (
        "tok0 tok1"
    )  # an alias the server accepts


def test_stream_errors_from_the_real_server(client: Tabby) -> None:
    with pytest.raises(StreamError, match="Completion aborted"):
        client.completions.create_stream(prompt="x").text()  # no max_tokens: the server's bug
    with pytest.raises(ContextLengthExceededError):
        client.completions.create(prompt="w " * 5000, max_tokens=1)


def test_status_errors_and_their_hints(real: dict[str, str], client: Tabby) -> None:
    no_key = Tabby(base_url=real["base_url"], max_retries=0)
    with pytest.raises(AuthenticationError, match="no key configured"):
        no_key.models.get()
    api_only = Tabby(base_url=real["base_url"], api_key=real["api_key"], max_retries=0)
    with pytest.raises(AuthenticationError, match="admin operation"):
        api_only.models.unload()
    wrong_admin = client.with_options(admin_key="wrong")
    with pytest.raises(InternalServerError, match="admin key is wrong"):
        wrong_admin.models.list()
    with pytest.raises(BadRequestError, match="not"):
        client.models.load("no-such-folder")
    v1 = Tabby(base_url=real["base_url"] + "/v1", api_key=real["api_key"], max_retries=0)
    with pytest.raises(Exception, match="ends in /v1"):
        v1.models.get()
    error = pickle.loads(pickle.dumps(_raised(lambda: api_only.models.unload())))
    assert isinstance(error, AuthenticationError) and error.status_code == 401
    assert real["api_key"] not in repr(vars(error))


def _raised(call: Any) -> BaseException:
    try:
        call()
    except BaseException as error:
        return error
    raise AssertionError("no error")


def test_model_load_progress_with_a_draft(client: Tabby) -> None:
    names = {card.id for card in client.models.list_draft().data}
    if "fake-base-2k" not in names:
        pytest.skip("no fake-base-2k draft folder")
    client.models.unload()
    events = list(client.models.load_stream(MAIN, draft_model={"draft_model_name": "fake-base-2k"}))
    kinds = [(e.model_type, e.status) for e in events]
    assert kinds[0][0] == "draft" and ("draft", "finished") in kinds
    assert kinds[-1] == ("model", "finished")
    client.models.unload()
    client.models.load(MAIN)


def test_a_failed_load_is_a_stream_error_and_leaves_nothing_loaded(client: Tabby) -> None:
    if "fake-exl2-legacy" not in {card.id for card in client.models.list().data}:
        pytest.skip("no fake-exl2-legacy folder")
    with pytest.raises(StreamError, match="exl2"):
        client.models.load("fake-exl2-legacy")
    with pytest.raises(ServiceUnavailableError, match="No models"):
        client.models.get()
    client.models.load(MAIN)


def test_a_stream_left_early_stops_and_the_next_call_is_served(client: Tabby) -> None:
    stream = client.chat.create_stream(messages=HI, max_tokens=90)
    first = next(iter(stream))
    stream.close()
    assert first.choices[0].delta.content == "tok0"
    assert client.chat.create(messages=HI, max_tokens=1).choices[0].message.content == "tok0"


def test_async_client_across_event_loops(real: dict[str, str], client: Tabby) -> None:
    async_client = AsyncTabby(**real, max_retries=0)

    async def run() -> str:
        stream = await async_client.chat.create_stream(messages=HI, max_tokens=2)
        return await stream.atext()

    assert [asyncio.run(run()) for _ in range(3)] == ["tok0 tok1"] * 3


def test_pings_only_times_out(client: Tabby) -> None:
    """The real "model unloaded mid-stream" hang (SERVER-BEHAVIOR §6): pings, then a timeout."""
    if "fake-slow" not in {card.id for card in client.models.list().data}:
        pytest.skip("no fake-slow folder")
    client.models.unload()
    client.models.load("fake-slow")
    try:
        quick = client.with_options(timeout=httpx.Timeout(3.0, connect=2.0))
        stream = quick.completions.create_stream(prompt="x", max_tokens=200)
        with pytest.raises((IncompleteStreamError, APIConnectionError)), stream:
            for n, _ in enumerate(stream):
                if n == 1:
                    client.models.unload()
    finally:
        client.models.load(MAIN)
