"""Refresh the pinned TabbyAPI spec (`make spec`) and its pin file.

    python generator/pin.py --url http://host:5000            # a running server's /openapi.json
    python generator/pin.py --tabby-dir ~/src/tabbyAPI        # a checkout: runs its export command
    python generator/pin.py --check                           # verify the pin matches the spec

The pin file records where the spec came from (repo, commit, date, command) and its sha256, so a
reviewer can tell which TabbyAPI the generated client speaks to.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "tabbyapi.json"
PIN = ROOT / "openapi" / "tabbyapi.pin.json"
UPSTREAM = "https://github.com/theroyallab/tabbyAPI"
EXPORT = "python main.py export-openapi --api-servers OAI Kobold"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_spec(text: str) -> None:
    """Store the spec in TabbyAPI's own export format (2-space indent, UTF-8)."""
    SPEC.write_text(json.dumps(json.loads(text), indent=2, ensure_ascii=False), encoding="utf-8")


def from_url(url: str, commit: str | None) -> dict[str, str]:
    import httpx

    response = httpx.get(url.rstrip("/") + "/openapi.json", timeout=30, follow_redirects=False)
    response.raise_for_status()
    write_spec(response.text)
    return {
        "source": url.rstrip("/") + "/openapi.json",
        "commit": commit or "unknown",
        "date": dt.date.today().isoformat(),
        "export_command": f"GET {url}/openapi.json",
    }


def from_checkout(tabby_dir: Path, command: str) -> dict[str, str]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(tabby_dir), *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    subprocess.run(shlex.split(command), cwd=tabby_dir, check=True)
    write_spec((tabby_dir / "openapi.json").read_text(encoding="utf-8"))
    return {
        "source": "checkout",
        "commit": git("rev-parse", "HEAD"),
        "date": git("log", "-1", "--format=%cs"),
        "export_command": command,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--url", help="base URL of a running TabbyAPI")
    group.add_argument("--tabby-dir", type=Path, help="a TabbyAPI checkout")
    group.add_argument("--check", action="store_true", help="fail if the pin does not match")
    parser.add_argument("--commit", help="upstream commit of the server at --url, if known")
    parser.add_argument("--export-command", default=EXPORT)
    args = parser.parse_args()
    if args.check:
        pin = json.loads(PIN.read_text(encoding="utf-8"))
        if pin["sha256"] != sha256(SPEC):
            print(
                f"{PIN.name}: sha256 does not match {SPEC.name}; run `make spec`", file=sys.stderr
            )
            return 1
        return 0
    info = (
        from_url(args.url, args.commit)
        if args.url
        else from_checkout(args.tabby_dir, args.export_command)
    )
    pin = {"upstream": UPSTREAM, **info, "sha256": sha256(SPEC)}
    PIN.write_text(json.dumps(pin, indent=2) + "\n", encoding="utf-8")
    print(f"pinned {SPEC.relative_to(ROOT)} at {pin['commit']} ({pin['sha256'][:12]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
