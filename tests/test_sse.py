"""Tests for tabby_ext._sse: the WHATWG SSE parsing rules, the fast path, limits, properties."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabby_ext._sse import (
    DEFAULT_MAX_EVENT_BYTES,
    ServerSentEvent,
    SSEDecodeError,
    SSEDecoder,
)

E = ServerSentEvent
BOM = b"\xef\xbb\xbf"


def decode(chunks: Iterable[bytes], max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES) -> list[E]:
    """Feed every chunk, then flush; return all events."""
    dec = SSEDecoder(max_event_bytes)
    out: list[E] = []
    for chunk in chunks:
        out.extend(dec.feed(chunk))
    out.extend(dec.flush())
    return out


def split_at(data: bytes, cuts: Iterable[int]) -> list[bytes]:
    points = [0, *sorted(set(cuts)), len(data)]
    return [data[a:b] for a, b in itertools.pairwise(points) if b > a]


def one_byte_chunks(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))]


def datas(events: Sequence[E]) -> list[str]:
    return [ev.data for ev in events]


# --- ServerSentEvent -------------------------------------------------------------------------


def test_event_defaults_slots_eq_repr() -> None:
    ev = E()
    assert (ev.event, ev.data, ev.id, ev.retry) == ("message", "", None, None)
    assert not hasattr(ev, "__dict__")
    with pytest.raises(AttributeError):
        ev.other = 1  # type: ignore[attr-defined]
    assert E("x", "d", "1", 5) == E(event="x", data="d", id="1", retry=5)
    assert E("x", "d", "1", 5) != E("x", "d", "1", None)
    assert E() != "message"
    assert repr(E("m", "d")) == "ServerSentEvent(event='m', data='d', id=None, retry=None)"


# --- framing and line endings ----------------------------------------------------------------


def test_tabbyapi_crlf_event() -> None:
    dec = SSEDecoder()
    assert dec.feed(b'data: {"a": 1}\r\n\r\n') == [E("message", '{"a": 1}')]
    assert dec.feed(b"data: [DONE]\r\n\r\n") == [E("message", "[DONE]")]
    assert dec.flush() == []


def test_lf_event() -> None:
    assert decode([b"data: x\n\ndata: y\n\n"]) == [E(data="x"), E(data="y")]


def test_lone_cr_line_endings() -> None:
    assert decode([b"data: a\r\rdata: b\rdata: c\r\r"]) == [E(data="a"), E(data="b\nc")]


def test_mixed_line_endings_in_one_stream() -> None:
    stream = b"data: a\r\ndata: b\ndata: c\r\r\n: ping\r\n\r\ndata: d\n\r"
    assert datas(decode([stream])) == ["a\nb\nc", "d"]


def test_crlf_split_across_chunks_is_one_line_ending() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: a\r") == []
    # Were the LF a second line ending, it would be a blank line dispatching "a" alone.
    assert dec.feed(b"\ndata: b\r\n\r\n") == [E(data="a\nb")]


def test_cr_at_chunk_end_then_lone_lf_chunk() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: a\r\n\r") == [E(data="a")]
    assert dec.feed(b"\n") == []
    assert dec.feed(b"data: b\r\n\r\n") == [E(data="b")]


def test_cr_at_chunk_end_then_cr_is_blank_line() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: a\r") == []
    assert dec.feed(b"\r") == [E(data="a")]


def test_several_events_in_one_chunk_in_order() -> None:
    chunk = b"".join(b"data: %d\r\n\r\n" % i for i in range(5))
    assert datas(SSEDecoder().feed(chunk)) == ["0", "1", "2", "3", "4"]


def test_event_split_over_many_chunks() -> None:
    assert decode([b"da", b"ta", b": he", b"llo\r", b"\n", b"\r\n"]) == [E(data="hello")]


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert decode([b"\r\n\r\n\n\n\r\r"]) == []


# --- comments --------------------------------------------------------------------------------


def test_comment_ping_block_dispatches_nothing() -> None:
    assert SSEDecoder().feed(b": ping - 2026-11-21 10:44:37.867212+00:00\r\n\r\n") == []


def test_comments_anywhere_are_ignored() -> None:
    stream = (
        b": first\r\n\r\n"
        b"data: a\r\n: inside an event\r\ndata: b\r\n\r\n"
        b":\r\n"  # bare colon
        b":data: not data\r\n\r\n"
        b"data: c\r\n\r\n"
    )
    assert decode([stream]) == [E(data="a\nb"), E(data="c")]


def test_pings_between_every_event() -> None:
    ping = b": ping - 2026-11-21 10:44:37.867212+00:00\r\n\r\n"
    chunks = [
        ping,
        b"data: 1\r\n\r\n",
        ping,
        ping,
        b"data: 2\r\n\r\n",
        ping,
        b"data: [DONE]\r\n\r\n",
    ]
    assert datas(decode(chunks)) == ["1", "2", "[DONE]"]


def test_kobold_lf_framing_with_crlf_pings() -> None:
    chunks = [
        b'event: message\ndata: {"token": "tok0"}\n\n',
        b": ping - 2026-11-21 10:44:37.867212+00:00\r\n\r\n",
        b'event: message\ndata: {"token": "tok1"}\n\n',
    ]
    assert decode(chunks) == [
        E("message", '{"token": "tok0"}'),
        E("message", '{"token": "tok1"}'),
    ]


# --- fields ----------------------------------------------------------------------------------


def test_multiline_data_joined_with_lf() -> None:
    assert decode([b"data: a\ndata:\ndata: b\ndata\n\n"]) == [E(data="a\n\nb\n")]


def test_only_one_leading_space_is_removed() -> None:
    assert datas(decode([b"data:  two\n\ndata:x\n\ndata: \n\ndata:\n\ndata: t \n\n"])) == [
        " two",
        "x",
        "",
        "",
        "t ",
    ]


def test_value_split_on_first_colon_only() -> None:
    assert decode([b"data: a: b:c\n\nevent:x:y\ndata:1\n\n"]) == [
        E(data="a: b:c"),
        E("x:y", "1"),
    ]


def test_field_without_colon() -> None:
    # `data` alone appends an empty line: the event is dispatched with empty data.
    assert decode([b"data\n\n"]) == [E(data="")]
    # `event` alone sets an empty type, dispatched as "message".
    assert decode([b"event: x\nevent\ndata: d\n\n"]) == [E("message", "d")]
    # `id` alone resets the last event ID to "".
    assert decode([b"id: 7\ndata: a\n\nid\ndata: b\n\n"]) == [
        E(data="a", id="7"),
        E(data="b", id=""),
    ]
    # unknown field without colon: ignored
    assert decode([b"foo\ndata: d\n\n"]) == [E(data="d")]


def test_field_names_exact_and_case_sensitive() -> None:
    assert decode([b"Data: x\n\n data: y\n\ndata : z\n\nDATA:w\n\n"]) == []


def test_unknown_fields_ignored() -> None:
    assert decode([b"foo: bar\ndata: d\nbaz\n\n"]) == [E(data="d")]


def test_event_field_sets_type_and_resets_after_dispatch() -> None:
    assert decode([b"event: token\ndata: x\n\ndata: y\n\n"]) == [
        E("token", "x"),
        E("message", "y"),
    ]


def test_event_type_reset_by_blank_line_even_without_dispatch() -> None:
    assert decode([b"event: a\n\ndata: x\n\n"]) == [E("message", "x")]


def test_empty_event_field_means_message() -> None:
    assert decode([b"event:\ndata: x\n\n"]) == [E("message", "x")]


def test_id_persists_across_events_and_no_data_blocks() -> None:
    dec = SSEDecoder()
    assert dec.last_event_id is None
    out = dec.feed(b"id: 1\ndata: a\n\ndata: b\n\nid: 2\n\ndata: c\n\nid:\ndata: d\n\n")
    assert [(ev.data, ev.id) for ev in out] == [("a", "1"), ("b", "1"), ("c", "2"), ("d", "")]
    assert dec.last_event_id == ""


def test_id_with_nul_is_ignored() -> None:
    dec = SSEDecoder()
    out = dec.feed(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n")
    assert [ev.id for ev in out] == ["1", "1"]
    assert dec.last_event_id == "1"
    assert decode([b"id: \x00\ndata: a\n\n"]) == [E(data="a", id=None)]


def test_nul_allowed_in_data() -> None:
    assert decode([b"data: a\x00b\n\n"]) == [E(data="a\x00b")]


def test_retry_field() -> None:
    dec = SSEDecoder()
    assert dec.retry is None
    out = dec.feed(b"retry: 3000\ndata: a\n\ndata: b\n\n")
    assert [(ev.data, ev.retry) for ev in out] == [("a", 3000), ("b", None)]
    assert dec.retry == 3000
    # a retry in a block without data is not dispatched but still updates the decoder
    assert dec.feed(b"retry: 10\n\n") == []
    assert dec.retry == 10


@pytest.mark.parametrize(
    "value", [b"abc", b"1.5", b"-1", b"", b"  5", b"5 ", b"\xef\xbc\x91", b"1e3"]
)
def test_invalid_retry_ignored(value: bytes) -> None:
    dec = SSEDecoder()
    out = dec.feed(b"retry:" + value + b"\ndata: a\n\n")
    assert out == [E(data="a")]
    assert dec.retry is None


def test_retry_leading_zeros_and_zero() -> None:
    assert [ev.retry for ev in decode([b"retry: 007\ndata: a\n\nretry:0\ndata: b\n\n"])] == [7, 0]


# --- BOM and UTF-8 ---------------------------------------------------------------------------


def test_bom_at_stream_start_is_stripped() -> None:
    assert decode([BOM + b"data: x\n\n"]) == [E(data="x")]


def test_bom_split_across_chunks() -> None:
    assert decode(one_byte_chunks(BOM + b"data: x\r\n\r\n")) == [E(data="x")]


def test_only_one_bom_stripped_and_only_at_start() -> None:
    # A second BOM makes the first field name "\ufeffdata": ignored.
    assert decode([BOM + BOM + b"data: x\n\n"]) == []
    assert datas(decode([b"data: a\n\n" + BOM + b"data: b\n\n"])) == ["a"]
    assert datas(decode([b"data: a\n\n", BOM + b"data: b\n\n"])) == ["a"]  # a later chunk
    # BOM then a comment
    assert datas(decode([BOM + b": hi\ndata: a\n\n"])) == ["a"]


def test_utf8_multibyte_split_across_chunks() -> None:
    text = "日本語 über 🎉"
    stream = b"data: " + text.encode() + b"\r\n\r\n"
    assert decode(one_byte_chunks(stream)) == [E(data=text)]
    # split inside a character, the second part completing a fast-path-looking chunk
    enc = "日".encode()
    assert decode([b"data: " + enc[:2], enc[2:] + b"\r\n\r\n"]) == [E(data="日")]


def test_non_ascii_in_event_and_id() -> None:
    assert decode(["event: é\nid: ü\ndata: ñ\n\n".encode()]) == [E("é", "ñ", "ü")]


@pytest.mark.parametrize(
    "chunks",
    [
        [b"data: \xff\r\n\r\n"],  # fast path
        [b"data: ok\n\ndata: \xc3\x28\n\n"],  # general path
        [b": \xff ping\r\n\r\n"],  # inside a comment
        [b"ev\xffent: x\n\n"],  # field name
        [b"data: \xed\xa0\x80\n\n"],  # encoded surrogate
        [b"data: \xc0\xaf\n\n"],  # overlong
        [b"data: \xe6\x97"],  # truncated at end of stream (flush)
        [b"data: x\xe6\x97", b"\n\n"],  # truncated then line ends
    ],
)
def test_invalid_utf8_raises_sse_decode_error(chunks: list[bytes]) -> None:
    with pytest.raises(SSEDecodeError, match="UTF-8") as info:
        decode(chunks)
    assert not isinstance(info.value, UnicodeDecodeError)
    assert isinstance(info.value, ValueError)


def test_decoder_unusable_after_error() -> None:
    dec = SSEDecoder()
    with pytest.raises(SSEDecodeError):
        dec.feed(b"data: \xff\n\n")
    with pytest.raises(SSEDecodeError):
        dec.feed(b"data: fine\r\n\r\n")
    with pytest.raises(SSEDecodeError):
        dec.flush()


# --- end of stream ---------------------------------------------------------------------------


def test_flush_dispatches_event_missing_final_blank_line() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: a\r\ndata: b\r\n") == []
    assert dec.flush() == [E(data="a\nb")]


def test_flush_completes_unterminated_last_line() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"event: e\nid: 9\nretry: 5\ndata: x") == []
    assert dec.flush() == [E("e", "x", "9", 5)]


def test_flush_without_data_dispatches_nothing() -> None:
    assert decode([b"event: x\nid: 1\n"]) == []
    assert decode([b": unterminated comment"]) == []
    assert decode([b"data: a\n\n: ping"]) == [E(data="a")]
    assert SSEDecoder().flush() == []


def test_flush_resets_for_a_new_stream() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"id: 3\nretry: 100\nevent: e\ndata: partial") == []
    assert dec.flush() == [E("e", "partial", "3", 100)]
    # New stream: nothing pending, BOM stripped again, last event ID and retry kept.
    assert dec.feed(BOM + b"data: again\r\n\r\n") == [E("message", "again", "3", None)]
    assert (dec.last_event_id, dec.retry) == ("3", 100)
    assert dec.flush() == []


def test_flush_starts_the_next_stream_with_an_empty_event() -> None:
    dec = SSEDecoder(max_event_bytes=16)
    assert dec.feed(b"data: 0123456789") == []  # 16 bytes pending
    assert dec.flush() == [E(data="0123456789")]
    # The next stream may use the whole limit again, on one line or over several.
    assert dec.feed(b"data: abcdefghij\n\n") == [E(data="abcdefghij")]
    assert dec.feed(b"data: abcde\n") == []
    assert dec.flush() == [E(data="abcde")]
    assert dec.feed(b"data: 0123456789\r\n\r\n") == [E(data="0123456789")]


def test_flush_forgets_a_carriage_return_that_ended_the_last_stream() -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: a\r") == []
    assert dec.flush() == [E(data="a")]
    # In the new stream a leading LF is a line of its own, so the BOM after it is not at the
    # start of the stream and is kept (making the field name unknown).
    assert dec.feed(b"\n" + BOM + b"data: b\n\n") == []


# --- memory bound ----------------------------------------------------------------------------


def test_max_event_bytes_must_be_positive() -> None:
    with pytest.raises(ValueError, match=r"^max_event_bytes must be positive$"):
        SSEDecoder(0)
    assert SSEDecoder(1).feed(b"x") == []


def test_an_unterminated_line_may_fill_the_event_to_the_limit_exactly() -> None:
    dec = SSEDecoder(max_event_bytes=16)
    assert dec.feed(b"data: a\ndata: bcd") == []  # 7 bytes of lines + 9 pending = 16
    assert dec.feed(b"\n\n") == [E(data="a\nbcd")]
    with pytest.raises(SSEDecodeError):
        SSEDecoder(max_event_bytes=16).feed(b"data: a\ndata: bcde")


def test_a_leading_line_break_is_a_line_of_its_own() -> None:
    # No CR came before it: so the BOM after it is not at the start of the stream, and kept.
    assert SSEDecoder().feed(b"\n" + BOM + b"data: b\n\n") == []


def test_line_at_limit_ok_and_over_limit_raises() -> None:
    ok = b"data: " + b"x" * 58  # a 64-byte line
    assert decode([ok + b"\r\n\r\n"], max_event_bytes=64) == [E(data="x" * 58)]
    with pytest.raises(SSEDecodeError, match=r"max_event_bytes \(64 bytes\)"):
        decode([ok + b"y\r\n\r\n"], max_event_bytes=64)


def test_unterminated_line_cannot_grow_past_limit() -> None:
    dec = SSEDecoder(max_event_bytes=100)
    for _ in range(100):
        dec.feed(b"x")
    with pytest.raises(SSEDecodeError, match="100"):
        dec.feed(b"x")
    assert len(dec._buf) == 0  # dropped on error


def test_big_chunk_partial_line_rejected() -> None:
    with pytest.raises(SSEDecodeError):
        SSEDecoder(max_event_bytes=10).feed(b"data: 0123456789")


def test_event_of_many_small_lines_over_limit_raises() -> None:
    dec = SSEDecoder(max_event_bytes=64)
    for _ in range(9):
        dec.feed(b"data: 1\n")  # 7 bytes each: 63 so far
    with pytest.raises(SSEDecodeError):
        dec.feed(b"data: 2\n")


def test_partial_line_counts_toward_the_event() -> None:
    dec = SSEDecoder(max_event_bytes=20)
    dec.feed(b"data: 0123456789\n")  # 16 bytes of event
    with pytest.raises(SSEDecodeError):
        dec.feed(b"data:")  # 16 + 5 buffered


def test_oversized_comment_line_raises() -> None:
    with pytest.raises(SSEDecodeError):
        decode([b":" + b"p" * 100 + b"\n\n"], max_event_bytes=64)


def test_limit_is_per_event() -> None:
    chunks = [b"data: " + b"x" * 50 + b"\r\n\r\n"] * 100 + [b"data: y\ndata: z\n\n"] * 50
    assert len(decode(chunks, max_event_bytes=64)) == 150


# --- fast path -------------------------------------------------------------------------------


def test_fast_path_used_for_one_event_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    general = SSEDecoder._feed_lines

    def spy(self: SSEDecoder, chunk: bytes) -> list[E]:
        calls.append(chunk)
        return general(self, chunk)

    monkeypatch.setattr(SSEDecoder, "_feed_lines", spy)
    dec = SSEDecoder()
    dec.feed(b"data: first\r\n\r\n")  # stream start: general path (BOM check)
    calls.clear()
    for chunk in (b"data: a\r\n\r\n", b"data: b\n\n", b"data: \r\n\r\n"):
        dec.feed(chunk)
    assert calls == []
    dec.feed(b": ping\r\n\r\n")
    assert calls == [b": ping\r\n\r\n"]


@pytest.mark.parametrize(
    ("pending", "expected"),
    [
        (b"event: tok\n", [E("tok", "x")]),
        (b"data: a\n", [E(data="a\nx")]),
        (b"data: a", [E(data="adata: x")]),  # unterminated line pending
        (b"data: a\r", [E(data="a\nx")]),  # CR pending, next chunk does not start with LF
        (b"retry: 5\n", [E(data="x", retry=5)]),
        (b"id: 5\n", [E(data="x", id="5")]),
        (b": comment\n", [E(data="x")]),
    ],
)
def test_fast_path_respects_pending_state(pending: bytes, expected: list[E]) -> None:
    dec = SSEDecoder()
    assert dec.feed(b"data: warm-up\r\n\r\n") == [E(data="warm-up")]
    assert dec.feed(pending) == []
    assert dec.feed(b"data: x\r\n\r\n") == expected


def test_fast_path_not_taken_before_bom_check() -> None:
    dec = SSEDecoder()
    assert dec.feed(BOM[:2]) == []
    # "\xbfdata: x" would be invalid UTF-8 if the buffered BOM bytes were ignored
    assert dec.feed(BOM[2:] + b"data: x\r\n\r\n") == [E(data="x")]


def test_fast_path_carries_last_event_id() -> None:
    dec = SSEDecoder()
    dec.feed(b"id: 42\n\n")
    assert dec.feed(b"data: x\r\n\r\n") == [E(data="x", id="42")]
    assert dec.feed(b"data: y\r\n\r\n") == [E(data="y", id="42")]


def test_fast_path_lookalikes_take_the_general_path() -> None:
    dec = SSEDecoder()
    dec.feed(b"data: warm-up\r\n\r\n")
    assert dec.feed(b"data: a\rb\r\n\r\n") == [E(data="a")]  # lone CR inside: two lines
    assert dec.feed(b"data: a\r\n\r") == [E(data="a")]  # trailing CR: LF may follow
    assert dec.feed(b"\ndata: z\n\n") == [E(data="z")]
    assert dec.feed(b"data:x\n\n") == [E(data="x")]  # no space after the colon
    assert dec.feed(b"event: e\n\n") == []
    assert dec.feed(b"data: y\n\r\n") == [E(data="y")]


def test_fast_path_chunk_over_limit_handled_by_general_path() -> None:
    dec = SSEDecoder(max_event_bytes=16)
    dec.feed(b"data: warm\n\n")
    assert dec.feed(b"data: 0123456789\r\n\r\n") == [E(data="0123456789")]  # line = 16 bytes
    with pytest.raises(SSEDecodeError):
        dec.feed(b"data: 01234567890\r\n\r\n")


# --- property tests --------------------------------------------------------------------------

PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_no_newline = st.characters(codec="utf-8", exclude_characters="\r\n")
_text = st.text(_no_newline, max_size=12)
_json_payload = st.builds(
    lambda content, i: json.dumps(
        {
            "id": "chatcmpl-0f3a",
            "object": "chat.completion.chunk",
            "created": 1763721877 + i,
            "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
            "model": "m",
        },
        ensure_ascii=False,
    ),
    st.text(max_size=10),  # may hold CR/LF: json.dumps escapes them
    st.integers(0, 99),
)
_data_value = st.one_of(_text, _json_payload, st.just("[DONE]"))
_ping = st.builds(lambda s: ": ping - " + s, _text)


@st.composite
def _block(draw: st.DrawFn) -> tuple[list[str], E | None, str | None]:
    """One event block: (its lines, the event it must produce or None, the ID it sets)."""
    event = draw(st.one_of(st.none(), _text))
    id_ = draw(st.one_of(st.none(), _text, st.just("a\x00b")))
    retry = draw(st.one_of(st.none(), st.integers(0, 10**6)))
    data = draw(st.lists(_data_value, max_size=3))
    others: list[str] = []
    if event is not None:
        others.append("event: " + event)
    if id_ is not None:
        others.append("id: " + id_)
    if retry is not None:
        others.append(f"retry: {retry}")
    data_lines = [
        ("data: " if value.startswith(" ") or draw(st.booleans()) else "data:") + value
        for value in data
    ]
    # interleave the other fields (in any order) and pings between the data lines (in order)
    lines = list(data_lines)
    for field in draw(st.permutations(others)):
        lines.insert(draw(st.integers(0, len(lines))), field)
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), draw(_ping))
    new_id = id_ if id_ is not None and "\x00" not in id_ else None
    expected = E(event or "message", "\n".join(data), None, retry) if data else None
    return lines, expected, new_id


@st.composite
def valid_streams(draw: st.DrawFn) -> tuple[bytes, list[E]]:
    """A valid SSE stream in one of the framings, and the events it must decode to."""
    style = draw(st.sampled_from(["tabby", "kobold", "lf", "cr", "crlf", "mixed"]))
    blocks = draw(st.lists(_block(), max_size=6))
    bom = draw(st.booleans())
    omit_final_blank = draw(st.booleans())
    out: list[str] = []
    expected: list[E] = []
    last_id: str | None = None

    def end(line: str) -> str:
        if style in ("tabby", "crlf"):
            return "\r\n"
        if style == "cr":
            return "\r"
        if style in ("lf", "kobold"):
            return "\r\n" if style == "kobold" and line.startswith(":") else "\n"
        return draw(st.sampled_from(["\r\n", "\n"]))

    for n, (lines, event, new_id) in enumerate(blocks):
        if new_id is not None:
            last_id = new_id
        last_block = n == len(blocks) - 1
        for line in lines:
            out.append(line + end(line))
        if not (last_block and omit_final_blank):
            out.append(end(lines[-1] if lines else ""))
        if event is not None:
            event.id = last_id
            expected.append(event)
        if style == "tabby" and draw(st.booleans()):
            out.append(": ping - 2026-11-21 10:44:37.867212+00:00\r\n\r\n")
    stream = "".join(out).encode()
    if omit_final_blank and draw(st.booleans()) and stream.endswith(b"\n"):
        stream = stream.rstrip(b"\r\n")  # also drop the last line terminator
    elif omit_final_blank and stream.endswith(b"\r"):
        stream = stream[:-1]
    return (BOM if bom else b"") + stream, expected


@PROPS
@given(valid_streams(), st.data())
def test_prop_split_anywhere_same_events(case: tuple[bytes, list[E]], data: st.DataObject) -> None:
    stream, expected = case
    whole = decode([stream])
    assert whole == expected
    if data.draw(st.integers(0, 9)) == 0:
        chunks = one_byte_chunks(stream)
    else:
        cuts = data.draw(st.lists(st.integers(0, len(stream)), max_size=30))
        chunks = split_at(stream, cuts)
    assert decode(chunks) == whole


@PROPS
@given(valid_streams())
def test_prop_one_byte_chunks_same_events(case: tuple[bytes, list[E]]) -> None:
    stream, expected = case
    assert decode(one_byte_chunks(stream)) == decode([stream]) == expected


_tokens = st.sampled_from(
    [
        b"data:",
        b"data: ",
        b"event:",
        b"id:",
        b"retry:",
        b"1",
        b":",
        b" ",
        b"x",
        b"\r",
        b"\n",
        b"\r\n",
        b"\x00",
        b"\xff",
        b"\xe6\x97\xa5",
        b"\xe6",
        BOM,
        b"[DONE]",
    ]
)
_junk = st.one_of(
    st.binary(max_size=200),
    st.lists(st.one_of(_tokens, st.binary(max_size=6)), max_size=60).map(b"".join),
)


@PROPS
@given(_junk, st.lists(st.integers(0, 200), max_size=20), st.integers(1, 48))
def test_prop_arbitrary_bytes_only_sse_decode_error_and_bounded(
    blob: bytes, cuts: list[int], limit: int
) -> None:
    dec = SSEDecoder(max_event_bytes=limit)
    chunks = split_at(blob, [c for c in cuts if c <= len(blob)])
    try:
        for chunk in chunks:
            for ev in dec.feed(chunk):
                assert len(ev.data.encode()) <= limit
            assert len(dec._buf) <= limit
            assert dec._size <= limit
            assert sum(len(d.encode()) for d in dec._data or ()) <= limit
        dec.flush()
    except SSEDecodeError:
        pass


@PROPS
@given(_junk, st.lists(st.integers(0, 200), max_size=20))
def test_prop_arbitrary_bytes_split_invariant(blob: bytes, cuts: list[int]) -> None:
    """Where decoding the whole blob succeeds, any split of it decodes to the same events."""
    try:
        whole = decode([blob])
    except SSEDecodeError:
        with pytest.raises(SSEDecodeError):
            decode(split_at(blob, [c for c in cuts if c <= len(blob)]))
        return
    assert decode(split_at(blob, [c for c in cuts if c <= len(blob)])) == whole
