"""The typed surface: type checkers see what users pass and get; help() tells the truth.

The corpus in `typing_corpus/` is everyday code (which must type-check clean under `mypy
--strict` and pyright, and run against the embedded server) and planted mistakes (each must be
reported, on its own line, by both checkers).
"""

from __future__ import annotations

import inspect
import os
import pydoc
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest
from support.servers import every_server

from tabby_ext import AsyncTabby, Tabby
from tabby_ext.testing import FakeTabbyServer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "typing_corpus"
GOOD = ["good_sync.py", "good_async.py"]


def marked_lines() -> set[int]:
    text = (CORPUS / "mistakes.py").read_text(encoding="utf-8").splitlines()
    return {n for n, line in enumerate(text, 1) if re.search(r"\S\s+# mistake: \w", line)}


def reported(output: str, name: str) -> set[int]:
    return {int(n) for n in re.findall(rf"{re.escape(name)}:(\d+)", output)}


def run_mypy(tmp_path: Path) -> str:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            *(str(CORPUS / name) for name in [*GOOD, "mistakes.py"]),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert "error: " in proc.stdout or proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def run_pyright() -> str:
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    assert pyright, "pyright is a test dependency (pip install 'tabbyapi[test]')"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TABBY_")}
    proc = subprocess.run(
        [pyright, "--pythonpath", sys.executable, str(CORPUS)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert "error" in proc.stdout or proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def checker_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {"mypy": run_mypy(tmp_path_factory.mktemp("mypy")), "pyright": run_pyright()}


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_everyday_code_type_checks_clean(checker_output: dict[str, str], checker: str) -> None:
    for name in GOOD:
        assert reported(checker_output[checker], name) == set(), checker_output[checker]


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_every_planted_mistake_is_reported_on_its_line(
    checker_output: dict[str, str], checker: str
) -> None:
    expected = marked_lines()
    assert len(expected) >= 18
    found = reported(checker_output[checker], "mistakes.py")
    assert found - expected == set(), f"{checker} reports unplanted lines"
    assert expected - found == set(), f"{checker} misses planted mistakes"


@every_server  # the everyday code works against an older TabbyAPI too
@pytest.mark.parametrize("name", GOOD)
def test_everyday_code_runs(
    server: FakeTabbyServer, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A module of its own, as when imported: its dataclasses and annotations resolve in it.
    module = types.ModuleType(f"corpus_{name[:-3]}")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile((CORPUS / name).read_text(encoding="utf-8"), name, "exec"), module.__dict__)
    module.run(server.url, "test-api-key", "test-admin-key")


def test_signature_of_a_method_with_a_positional_required_field() -> None:
    with Tabby(base_url="http://127.0.0.1:9") as client:
        signature = inspect.signature(client.templates.switch)
    params = list(signature.parameters.values())
    assert params[0].name == "prompt_template_name"
    assert params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert params[0].annotation == "str" and params[0].default is inspect.Parameter.empty
    assert {p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY} == {
        "extra_headers",
        "extra_body",
        "extra_query",
        "timeout",
    }
    assert signature.return_annotation == "None"


def test_signature_and_help_of_a_streaming_method() -> None:
    client = AsyncTabby(base_url="http://127.0.0.1:9")
    method = client.chat.create_stream
    signature = inspect.signature(method)
    assert inspect.iscoroutinefunction(method)
    assert signature.return_annotation == "AsyncTextStream[ChatCompletionStreamChunk]"
    assert "stream" not in signature.parameters  # the method decides that
    assert signature.parameters["max_tokens"].annotation == "int | None | NotGiven"
    assert signature.parameters["aliases"].annotation == "Unpack[ChatCompletionRequestAliases]"
    text = pydoc.render_doc(method, renderer=pydoc.plaintext)
    assert "Generates a chat completion from a list of messages." in text
    assert "max_tokens (int | None, optional): Also accepted as `max_length`" in text
    assert "AsyncTextStream[ChatCompletionStreamChunk]: the events as they arrive" in text
    assert "StreamError:" in text and "APIStatusError:" in text
    for stale in ("Args:\n        body", "errors.UnexpectedStatus", "Response[", "stream = true"):
        assert stale not in text


def test_help_of_a_plain_method_and_a_field_named_like_a_call_option() -> None:
    with Tabby(base_url="http://127.0.0.1:9") as client:
        download = client.models.download
        signature = inspect.signature(download)
        text = pydoc.render_doc(download, renderer=pydoc.plaintext)
    assert signature.return_annotation == "DownloadResponse"
    assert signature.parameters["timeout"].annotation == "int | None | NotGiven"  # the field
    assert signature.parameters["request_timeout"].annotation == "float | httpx.Timeout | None"
    assert "Downloads a model from HuggingFace." in text
    assert "DownloadResponse: the server's answer." in text
    assert 'repo_type (str, optional): Server default: `"model"`.' in text
