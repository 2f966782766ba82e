#!/usr/bin/env bash
# A LiteLLM proxy in front of the real TabbyAPI harness (opt-in; never needed by `make test`).
#
#   scripts/litellm_proxy.sh start [PORT]   # default 4000; prints http://127.0.0.1:PORT
#   scripts/litellm_proxy.sh stop [PORT]
#   scripts/litellm_proxy.sh status [PORT]
#
# Routes the model names of tests/real/litellm/config.yaml to two TabbyAPI e632af4 servers on
# 127.0.0.1:5057 and :5058 (../shared/harness/tabby.sh start 5057 --model fake-chatml-4k, and
# the same for 5058). Master key: test-api-key (the harness's api key), so a client configured
# for the harness works unchanged against the proxy.
#
# LiteLLM lives in its own venv OUTSIDE the project ($LITELLM_VENV, default /tmp/litellm-venv),
# never in the project's dependencies, pinned to one exact release:
#
#   litellm[proxy]==1.108.7 -- a patch of the 1.108.x LTS line (backported fixes only), released
#   2026-11-12, long after the PyPI supply-chain attack of March 2026 (1.82.7 and 1.82.8
#   carried a credential stealer; both were removed from PyPI) and after the security fixes
#   of 1.83.7 (CVE-2026-35030 and follow-ups). It is the newest LTS patch whose [proxy] extra
#   resolves here: 1.108.8 to 1.108.14 pin litellm-enterprise 0.1.79.post2 /
#   litellm-proxy-extras 0.4.110.post1, which the package index reachable here lacks.
#
# The script refuses the two compromised versions whatever LITELLM_VERSION says, and after
# installing it checks that no `.pth` start-up hook mentioning litellm exists in the venv
# (the 1.82.8 payload was a `litellm_init.pth`).
#
# Pid file and log: $LITELLM_VENV/proxy-PORT.pid, $LITELLM_VENV/proxy-PORT.log. Only the pid
# recorded there is ever signalled.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIG="${LITELLM_CONFIG:-$HERE/../tests/real/litellm/config.yaml}"
LITELLM_VENV="${LITELLM_VENV:-/tmp/litellm-venv}"
LITELLM_VERSION="${LITELLM_VERSION:-1.108.7}"
PYTHON="${PYTHON:-python3}"
DEFAULT_PORT=4000

case "$LITELLM_VERSION" in
    1.82.7|1.82.8) echo "litellm_proxy.sh: litellm $LITELLM_VERSION is a compromised release; refusing" >&2; exit 1 ;;
esac

pidfile() { echo "$LITELLM_VENV/proxy-$1.pid"; }
logfile() { echo "$LITELLM_VENV/proxy-$1.log"; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

ready() { # port -> 0 once the proxy answers (liveliness needs no key)
    "$LITELLM_VENV/bin/python" - "$1" <<'EOF' 2>/dev/null
import sys, urllib.request
try:
    url = f"http://127.0.0.1:{sys.argv[1]}/health/liveliness"
    with urllib.request.urlopen(url, timeout=2) as r:
        sys.exit(0 if r.status == 200 else 1)
except Exception:
    sys.exit(1)
EOF
}

install() {
    if [ ! -x "$LITELLM_VENV/bin/python" ]; then
        echo "litellm_proxy.sh: creating venv $LITELLM_VENV" >&2
        "$PYTHON" -m venv "$LITELLM_VENV"
    fi
    local have
    have="$("$LITELLM_VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("litellm"))' 2>/dev/null || true)"
    if [ "$have" != "$LITELLM_VERSION" ] || ! "$LITELLM_VENV/bin/python" -c 'import litellm.proxy.proxy_server' 2>/dev/null; then
        echo "litellm_proxy.sh: installing litellm[proxy]==$LITELLM_VERSION into $LITELLM_VENV (a few minutes)" >&2
        "$LITELLM_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            "litellm[proxy]==$LITELLM_VERSION"
    fi
    local hooks
    hooks="$(grep -lis litellm "$LITELLM_VENV"/lib/python*/site-packages/*.pth 2>/dev/null || true)"
    if [ -n "$hooks" ]; then
        echo "litellm_proxy.sh: unexpected start-up hook(s) mentioning litellm: $hooks; not starting" >&2
        exit 1
    fi
}

start() {
    local port="${1:-$DEFAULT_PORT}"
    local pf; pf="$(pidfile "$port")"
    local lf; lf="$(logfile "$port")"
    install
    if [ -f "$pf" ] && alive "$(cat "$pf")"; then
        if ready "$port"; then echo "http://127.0.0.1:$port"; return 0; fi
        echo "litellm_proxy.sh: pid $(cat "$pf") is running but does not answer" >&2
        return 1
    fi
    rm -f "$pf"
    # No network calls of its own: the bundled model cost map, no telemetry.
    LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_TELEMETRY=False LITELLM_LOG=ERROR \
    NO_PROXY='127.0.0.1,localhost' no_proxy='127.0.0.1,localhost' \
        setsid "$LITELLM_VENV/bin/litellm" --config "$CONFIG" --host 127.0.0.1 --port "$port" \
        --num_workers 1 >"$lf" 2>&1 </dev/null &
    echo $! >"$pf"
    local i
    for i in $(seq 1 300); do  # up to ~2 minutes: the first import is slow
        if ready "$port"; then echo "http://127.0.0.1:$port"; return 0; fi
        if ! alive "$(cat "$pf")"; then
            echo "litellm_proxy.sh: the proxy exited during startup; log: $lf" >&2
            tail -20 "$lf" >&2 || true
            rm -f "$pf"
            return 1
        fi
        sleep 0.4
    done
    echo "litellm_proxy.sh: no answer within 2 minutes; log: $lf" >&2
    return 1
}

stop() {
    local port="${1:-$DEFAULT_PORT}"
    local pf; pf="$(pidfile "$port")"
    [ -f "$pf" ] || return 0
    local pid; pid="$(cat "$pf")"
    if alive "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do
            alive "$pid" || break
            sleep 0.2
        done
        alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
        echo "stopped pid $pid ($pf)"
    fi
    rm -f "$pf"
}

status() {
    local port="${1:-$DEFAULT_PORT}"
    local pf; pf="$(pidfile "$port")"
    if [ -f "$pf" ] && alive "$(cat "$pf")" && ready "$port"; then
        echo "running pid $(cat "$pf") http://127.0.0.1:$port"
        return 0
    fi
    echo "not running"
    return 1
}

cmd="${1:-}"; shift || true
case "$cmd" in
    start) start "$@" ;;
    stop) stop "$@" ;;
    status) status "$@" ;;
    *) echo "usage: $0 start [PORT] | stop [PORT] | status [PORT]" >&2; exit 2 ;;
esac
