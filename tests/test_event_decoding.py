"""From SSE bytes to typed chunks (`EventDecoder`, sans-I/O): chunks before an error are
delivered, the error after them; the end is where the framing says; idle pings time out; the
text of each choice is found (`texts_of`)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tabby_ext import APITimeoutError, IncompleteStreamError, ResponseDecodeError, StreamError
from tabby_ext._events import EventDecoder, texts_of
from tabby_ext._operations import StreamSpec, operation_table


def spec(tag: str, name: str) -> StreamSpec:
    stream = operation_table().facade(tag, name).stream
    assert stream is not None
    return stream


COMPLETIONS = spec("completions", "create")
KOBOLD = spec("kobold", "generate_stream")
LOAD = spec("models", "load")


def event(data: Any) -> bytes:
    return (
        b"data: " + (data if isinstance(data, bytes) else json.dumps(data).encode()) + b"\r\n\r\n"
    )


def chunk(text: str, index: int = 0) -> dict[str, Any]:
    return {
        "id": "cmpl-1",
        "object": "text_completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": index, "text": text, "finish_reason": None}],
    }


def texts(chunks: list[Any]) -> list[str]:
    return [c.choices[0].text for c in chunks]


# ---- an in-band error after chunks -----------------------------------------------------------


def test_chunks_before_an_in_band_error_arrive_and_the_error_follows() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    body = event(chunk("a")) + event(chunk("b")) + event({"error": {"message": "OOM", "trace": 7}})
    assert texts(decoder.feed(body)) == ["a", "b"]
    assert not decoder.done
    with pytest.raises(StreamError) as info:
        decoder.feed(event(chunk("c")))
    assert info.value.message == "OOM" and info.value.trace == "7"
    assert info.value.body == {"error": {"message": "OOM", "trace": 7}}
    assert decoder.done
    assert decoder.feed(b"") == []  # raised once, then it is over


def test_a_deferred_error_is_raised_at_the_end_of_the_body_too() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    assert texts(decoder.feed(event(chunk("a")) + event(b"{not json"))) == ["a"]
    with pytest.raises(ResponseDecodeError, match=r"stream event is not JSON: '\{not json'"):
        decoder.close()
    assert decoder.done


def test_the_raise_before_reading_on_delivers_the_deferred_error() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    decoder.raise_deferred()  # nothing deferred: nothing happens
    decoder.feed(event(chunk("a")) + event({"error": "plain"}))
    with pytest.raises(StreamError, match=r"^plain$") as info:
        decoder.raise_deferred()
    assert info.value.body == {"error": "plain"} and info.value.trace is None
    decoder.raise_deferred()


def test_an_error_first_in_a_chunk_is_raised_at_once() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    with pytest.raises(StreamError, match=r"^boom$") as info:
        decoder.feed(event({"error": {"message": "boom"}}))
    assert info.value.trace is None
    with pytest.raises(ResponseDecodeError, match="unexpected stream event"):
        EventDecoder(COMPLETIONS, idle_timeout=None).feed(
            event({"id": "c", "created": 1, "choices": "wrong"})
        )


def test_an_event_without_a_field_it_cannot_do_without_names_it() -> None:
    """Tolerant by default: a field with a default or a null reads as it; only one with
    neither is an error, naming it and its model; strictly, so is one always sent."""
    tolerant = EventDecoder(COMPLETIONS, idle_timeout=None)
    (chunk,) = tolerant.feed(event({"id": "c", "created": 1, "choices": [{"index": 0}]}))
    assert chunk.choices[0].text == "" and chunk.choices[0].finish_reason is None
    assert chunk.object_ == "text_completion" and chunk.model_name is None
    with pytest.raises(ResponseDecodeError) as missing:
        EventDecoder(COMPLETIONS, idle_timeout=None).feed(event({"id": "c", "created": 1}))
    assert missing.value.message == (
        "a stream event has no 'choices' field, which CompletionStreamChunk requires"
        " (it has no default)"
    )
    strict = EventDecoder(COMPLETIONS, idle_timeout=None, strict=True)
    with pytest.raises(ResponseDecodeError) as always:
        strict.feed(event({"id": "c", "object": "o", "created": 1, "choices": []}))
    assert always.value.message == (
        "a stream event has no 'model_name' field, which the pinned TabbyAPI always sends in"
        " CompletionStreamChunk (strict_responses=True)"
    )


def test_an_error_without_message_shows_the_whole_error() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    with pytest.raises(StreamError) as info:
        decoder.feed(event({"error": {"code": 500}}))
    assert info.value.message == "{'code': 500}" and info.value.trace is None


def test_an_error_field_in_a_non_object_event_is_just_data() -> None:
    decoder = EventDecoder(KOBOLD, idle_timeout=None)
    with pytest.raises(ResponseDecodeError, match="unexpected stream event"):
        decoder.feed(event(["error"]))


def test_malformed_sse_is_a_decode_error() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    with pytest.raises(ResponseDecodeError, match=r"^malformed event stream: invalid UTF-8"):
        decoder.feed(b"data: \xff\xfe\r\n\r\n")
    flushed = EventDecoder(COMPLETIONS, idle_timeout=None)
    flushed.feed(b"data: \xff")
    with pytest.raises(ResponseDecodeError, match=r"^malformed event stream"):
        flushed.close()


def test_long_event_data_is_clipped_in_messages() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    with pytest.raises(ResponseDecodeError) as info:
        decoder.feed(event(b"x" * 1000))
    assert info.value.message == f"stream event is not JSON: {'x' * 200!r}"
    wrong = json.dumps({"id": "c", "created": 1, "choices": "y" * 1000})
    with pytest.raises(ResponseDecodeError) as shape:
        EventDecoder(COMPLETIONS, idle_timeout=None).feed(event(wrong.encode()))
    assert shape.value.message == f"unexpected stream event {wrong[:200]!r}"


# ---- where a stream ends ---------------------------------------------------------------------


def test_an_openai_stream_ends_at_done_and_ignores_what_follows() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    out = decoder.feed(event(chunk("a")) + event(b"[DONE]") + event(chunk("late")))
    assert texts(out) == ["a"] and decoder.done
    assert decoder.feed(event(chunk("later"))) == []
    assert decoder.close() == []


def test_an_openai_stream_without_done_is_incomplete() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    decoder.feed(event(chunk("a")))
    with pytest.raises(IncompleteStreamError, match=r"^the stream ended without `data: \[DONE\]`$"):
        decoder.close()


def test_the_last_event_without_a_blank_line_is_kept() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    assert texts(decoder.feed(event(chunk("a")) + b"data: " + json.dumps(chunk("b")).encode())) == [
        "a"
    ]
    with pytest.raises(IncompleteStreamError):
        decoder.close()
    kobold = EventDecoder(KOBOLD, idle_timeout=None)
    kobold.feed(b'data: {"token": "x"}')
    assert [e.token for e in kobold.close()] == ["x"]
    assert kobold.done


def test_a_kobold_stream_ends_with_its_body() -> None:
    decoder = EventDecoder(KOBOLD, idle_timeout=None)
    assert [e.token for e in decoder.feed(event({"token": "a"}))] == ["a"]
    assert decoder.close() == [] and decoder.done


def test_a_model_load_ends_with_the_main_models_finished_event() -> None:
    decoder = EventDecoder(LOAD, idle_timeout=None)
    loading = {"model_type": "model", "module": 1, "modules": 2, "status": "processing"}
    finished = {**loading, "module": 2, "status": "finished"}
    assert [e.status for e in decoder.feed(event(loading))] == ["processing"]
    assert not decoder.done
    assert [e.status for e in decoder.feed(event(finished) + event(loading))] == ["finished"]
    assert decoder.done and decoder.close() == []
    unfinished = EventDecoder(LOAD, idle_timeout=None)
    unfinished.feed(event(loading))
    with pytest.raises(IncompleteStreamError, match=r"^the stream ended without its final event$"):
        unfinished.close()


# ---- idle pings ------------------------------------------------------------------------------


def test_pings_alone_time_out_after_the_idle_limit() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=0.05)
    assert decoder.feed(b": ping\r\n\r\n") == []
    time.sleep(0.07)
    with pytest.raises(APITimeoutError, match=r"^no event for 0.05s \(the server only sent"):
        decoder.feed(b": ping\r\n\r\n")


def test_an_event_resets_the_idle_clock() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=0.1)
    for _ in range(3):
        time.sleep(0.06)
        assert len(decoder.feed(event(chunk("a")))) == 1
        assert decoder.feed(b": ping\r\n\r\n") == []
    unlimited = EventDecoder(COMPLETIONS, idle_timeout=None)
    time.sleep(0.01)
    assert unlimited.feed(b": ping\r\n\r\n") == []


# ---- the text of each choice -----------------------------------------------------------------


def test_texts_of_follows_the_path_of_each_choice() -> None:
    decoder = EventDecoder(COMPLETIONS, idle_timeout=None)
    both = chunk("a", index=1)
    both["choices"].append({"index": 0, "text": "b", "finish_reason": None})
    (typed,) = decoder.feed(event(both))
    assert list(texts_of(typed, ("choices", 0, "text"))) == [(1, "a"), (0, "b")]
    assert list(texts_of(typed, ("choices", 0, "missing"))) == [(1, ""), (0, "")]
    assert list(texts_of(typed, ("nothing", 0, "text"))) == []
    assert list(texts_of({"token": "t"}, ("token",))) == [(0, "")]  # attributes, not keys
    assert list(texts_of(typed, ("id",))) == [(0, "cmpl-1")]
    assert list(texts_of(typed, ("created",))) == [(0, "")]  # not text


class Choice:
    def __init__(self, text: Any, index: Any = None) -> None:
        self.text = text
        if index is not None:
            self.index = index


class Chunk:
    def __init__(self, *choices: Choice) -> None:
        self.choices = list(choices)


def test_an_integer_step_after_the_choice_selects_by_position() -> None:
    chunk_ = Chunk(Choice(["first", "second"]), Choice(["third"]))
    assert list(texts_of(chunk_, ("choices", 0, "text", 1))) == [(0, "second"), (1, "")]


def test_choices_without_an_integer_index_count_by_position() -> None:
    chunk_ = Chunk(Choice("a"), Choice("b", index="x"), Choice("c", index=5), Choice(None))
    assert list(texts_of(chunk_, ("choices", 0, "text"))) == [(0, "a"), (1, "b"), (5, "c"), (3, "")]
    assert list(texts_of(Chunk(), ("choices", 0, "text"))) == []

    class NotAList:
        choices = (Choice("a"),)

    assert list(texts_of(NotAList(), ("choices", 0, "text"))) == []


def test_an_error_ends_the_stream_however_the_bytes_were_split() -> None:
    """Found by the fuzz test: a Kobold event, then one that is not JSON, in one read or cut
    after the first event's CR; both ways the error comes after the event and the end is set."""
    data = b"data: {}\r\n\r\ndata: [DONE]\r\n\r\n"
    for pieces in ([data], [data[:11], data[11:]]):
        decoder = EventDecoder(KOBOLD, idle_timeout=None)
        chunks: list[Any] = []
        with pytest.raises(ResponseDecodeError, match="stream event is not JSON"):
            for piece in pieces:
                chunks += decoder.feed(piece)
            decoder.close()
        assert [c.token for c in chunks] == [""] and decoder.done
