"""Helpers of the `tabby` command-line tests: keys, an in-process runner, recorded bodies."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

from click.testing import CliRunner, Result

from tabby_ext.cli.app import cli
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


class Tabby:
    """Runs `tabby ARGS` in-process (click's CliRunner) against a server, with both keys."""

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
        result: Result = CliRunner().invoke(
            cli, [*base, *args], input=input, env=env, catch_exceptions=False
        )
        return Run(result.exit_code, result.stdout, result.stderr)


def bodies(server: FakeTabbyServer, path: str) -> list[Any]:
    """The JSON bodies the server received on `path`, oldest first."""
    return [json.loads(r.body) for r in server.requests if r.path == path and r.body]
