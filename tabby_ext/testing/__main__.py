"""`python -m tabby_ext.testing`: run the fake TabbyAPI server in the foreground (demos,
manual testing) until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import threading
from types import FrameType

from ._server import FakeTabbyServer
from ._versions import DEFAULT_SERVER_VERSION, VERSIONS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tabby_ext.testing", description="Run a fake TabbyAPI server."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    parser.add_argument("--api-key", help="required on API endpoints (default: no auth)")
    parser.add_argument("--admin-key", help="required on admin endpoints (default: no auth)")
    parser.add_argument(
        "--ping-interval", type=float, default=15.0, help="seconds between SSE pings; 0: none"
    )
    parser.add_argument(
        "--token-delay", type=float, default=0.0, help="seconds between generated tokens"
    )
    parser.add_argument(
        "--server-version",
        choices=list(VERSIONS),
        default=DEFAULT_SERVER_VERSION,
        help="answer as this TabbyAPI release: "
        + "; ".join(version.describe() for version in VERSIONS.values()),
    )
    args = parser.parse_args(argv)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    server = FakeTabbyServer(
        api_key=args.api_key,
        admin_key=args.admin_key,
        host=args.host,
        port=args.port,
        ping_interval=args.ping_interval or None,
        token_delay=args.token_delay,
        server_version=args.server_version,
    )
    with server:
        print(server.url, flush=True)
        while not stop.wait(0.5):
            pass


if __name__ == "__main__":
    main()
