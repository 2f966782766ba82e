"""What the CLI costs those who do not use it, and how it starts: imports, script, completion,
fake-server."""

from __future__ import annotations

import importlib.metadata
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from support.cli import PYTHON

SCRIPT = Path(sys.executable).parent / "tabby"


def loaded_after(code: str) -> set[str]:
    """Top-level packages imported by running `code` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    done = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_the_library_never_imports_the_cli_stack(tmp_path: Path) -> None:
    used = loaded_after("import tabby_ext, tabby_ext.batch")
    assert "tabby_ext" in used
    assert not used & {"click", "rich", "pexpect", "argcomplete"}
    # With the CLI stack unimportable the whole library still works (click stays: uvicorn, the
    # fake server's, needs it).
    for name in ("rich", "argcomplete"):
        (tmp_path / f"{name}.py").write_text(f"raise ImportError('blocked', name={name!r})\n")
    code = (
        "import tabby_ext.batch\n"
        "from tabby_ext import Tabby, AsyncTabby\n"
        "Tabby(base_url='http://127.0.0.1:9').close()\n"
        "from tabby_ext.testing import FakeTabbyServer\n"
        "with FakeTabbyServer() as s, Tabby(base_url=s.url) as c:\n"
        "    assert c.health.check().status == 'healthy'\n"
        "import sys; assert 'rich' not in sys.modules and 'argcomplete' not in sys.modules"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


def requirement_closure(name: str, extras: frozenset[str]) -> set[str]:
    """The distributions `pip install "name[extras]"` brings, as installed here (markers
    evaluated for this interpreter)."""
    seen: dict[str, frozenset[str]] = {}
    todo = [(name, extras)]
    while todo:
        dist_name, wanted = todo.pop()
        key = canonicalize_name(dist_name)
        if key in seen and wanted <= seen[key]:
            continue
        seen[key] = seen.get(key, frozenset()) | wanted
        try:
            dist = importlib.metadata.distribution(dist_name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in {"", *wanted}):
                todo.append((req.name, frozenset(req.extras)))
    return set(seen)


BLOCKER = """
import sys
blocked = set(sys.argv[1].split(","))
class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NotInstalled())
"""


def test_the_cli_extra_keeps_httpx_from_importing_its_own_cli() -> None:
    """httpx's `__init__` imports `httpx._main`, which imports click, then pygments and rich:
    wherever click is installed, every `import httpx` (and so `from tabby_ext import Tabby`)
    loads all three (~27 ms). Without click that import fails first and nothing else loads.
    So the `cli` extra must not bring click: run the imports with exactly what
    `pip install "tabbyapi[cli]"` installs importable (whatever else this venv has)."""
    extra = requirement_closure("tabbyapi", frozenset({"cli"}))
    assert "rich" in extra and "pygments" in extra  # installed, so they could be loaded
    assert "click" not in extra, "the cli extra brings click: every `import httpx` loads it"
    others = {
        top
        for top, dists in importlib.metadata.packages_distributions().items()
        if not any(canonicalize_name(d) in extra for d in dists)
    }
    probe = (
        BLOCKER
        + "import httpx\nfrom tabby_ext import Tabby\n"
        + "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [PYTHON, "-c", probe, ",".join(sorted(others))], capture_output=True, text=True, check=True
    )
    used = set(done.stdout.split())
    assert "httpx" in used and "tabby_ext" in used
    assert not used & {"click", "pygments", "rich"}


def test_help_loads_neither_the_client_nor_rich() -> None:
    used = loaded_after(
        "from tabby_ext.cli import main\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--help']) == 0"
    )
    assert "argparse" in used
    assert not used & {"httpx", "rich", "tabbyapi_client", "httpcore", "attrs", "click"}
    assert not used & {"argcomplete", "importlib_metadata"}


def test_console_script_runs_and_exits_with_usage_code() -> None:
    assert SCRIPT.exists(), "make install puts `tabby` in the venv"
    done = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("tabby ")
    bad = subprocess.run([str(SCRIPT), "--no-such-option"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unrecognized arguments: --no-such-option" in bad.stderr


def test_without_the_cli_extra_it_says_how_to_get_it() -> None:
    code = (
        "import sys; sys.modules['rich'] = None\nfrom tabby_ext.cli import main; sys.exit(main())"
    )
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert "pip install 'tabbyapi[cli]'" in done.stderr


def test_shell_completion_through_argcomplete(tmp_path: Path) -> None:
    """What bash runs on Tab after `eval "$(register-python-argcomplete tabby)"`."""
    output = tmp_path / "completions"

    def complete(line: str) -> list[str]:
        env = {
            **os.environ,
            "_ARGCOMPLETE": "1",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "_ARGCOMPLETE_STDOUT_FILENAME": str(output),
        }
        done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return [word.strip() for word in output.read_text().split("\x0b")]

    assert complete("tabby mo") == ["models"]
    assert set(complete("tabby models ")) >= {"list", "load", "download"}
    assert "--max-seq-len" in complete("tabby models load --max-s")  # derived from the table
    assert "--draft-model" in complete("tabby --json models load Qwen --draft-m")
    assert "tokens.encode" in complete("tabby call tokens.")
    assert complete("tabby models load --rope-alpha a") == ["auto"]
    assert complete("tabby chat --tool-choice ") == ["none", "auto", "required"]


def test_fake_server_command_serves_until_interrupted() -> None:
    command = [PYTHON, "-m", "tabby_ext.cli", "fake-server", "--port", "0", "--api-key", "k" * 12]
    pipe = subprocess.PIPE
    with subprocess.Popen(command, text=True, stdout=pipe, stderr=pipe) as child:
        try:
            assert child.stdout is not None
            url = child.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            assert httpx.get(f"{url}/health").json()["status"] == "healthy"
            assert httpx.get(f"{url}/v1/model").status_code == 401  # --api-key reached it
        finally:
            child.send_signal(signal.SIGINT)
            child.wait(timeout=10)
    assert child.returncode == 0
    helped = subprocess.run(
        [PYTHON, "-m", "tabby_ext.cli", "fake-server", "--help"], capture_output=True, text=True
    )
    assert "--token-delay" in helped.stdout
