"""Helpers of the `tabby` command-line tests: keys, an in-process runner, recorded bodies."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from unittest import mock

from tabby_ext.cli import main
from tabby_ext.testing import FakeTabbyServer

API_KEY = "cli-api-key-0123456789abcdef"
ADMIN_KEY = "cli-admin-key-fedcba9876543210"
PYTHON = sys.executable


@dataclass
class Run:
    """A finished `tabby` invocation."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@contextlib.contextmanager
def captured(input: str | None, env: dict[str, str] | None) -> Iterator[tuple[io.StringIO, ...]]:
    """stdin from `input`, stdout and stderr into strings (none of them a terminal), and
    `env` added to the environment, for the duration."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env or {}),
        mock.patch.object(sys, "stdin", io.StringIO(input or "")),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        yield stdout, stderr


class Tabby:
    """Runs `tabby ARGS` in-process (`tabby_ext.cli.main`) against a server, with both keys."""

    def __init__(self, server: FakeTabbyServer | None) -> None:
        self.server = server

    def __call__(
        self,
        *args: str,
        keys: bool = True,
        url: str | None = None,
        input: str | None = None,
        env: dict[str, str] | None = None,
    ) -> Run:
        base: list[str] = []
        if url is not None or self.server is not None:
            base += ["--base-url", url or self.server.url]  # type: ignore[union-attr]
        if keys:
            base += ["--api-key", API_KEY, "--admin-key", ADMIN_KEY]
        with captured(input, env) as (stdout, stderr):
            code = main([*base, *args])
        return Run(code, stdout.getvalue(), stderr.getvalue())


def bodies(server: FakeTabbyServer, path: str) -> list[Any]:
    """The JSON bodies the server received on `path`, oldest first."""
    return [json.loads(r.body) for r in server.requests if r.path == path and r.body]
