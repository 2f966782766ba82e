"""A 5xx answer is read whole before it is handed on (its connection is then dropped, as
TabbyAPI's server drops it): the error still shows what the server or its proxy said."""

from __future__ import annotations

from typing import Any

import pytest
from support.canned import CannedServer, answer

from tabby_ext import InternalServerError

PAGE = b"<html><body><h1>upstream timed out</h1></body></html>"


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_proxys_error_page_keeps_its_own_reason_phrase(drive: Any, chunked: bool) -> None:
    with CannedServer(answer("502 Upstream Timed Out", PAGE, "text/html", chunked=chunked)) as srv:
        client = drive.client(base_url=srv.url, max_retries=0)
        with pytest.raises(InternalServerError) as info:
            drive(client.models.get())
    error = info.value
    assert error.message == "502 HTML error page (Upstream Timed Out)"
    assert error.response.reason_phrase == "Upstream Timed Out"
    assert error.response.http_version == "HTTP/1.1"
    assert error.body == PAGE.decode()
    assert len(srv.requests) == 1
