# Every target installs what it needs: `make test` works from a fresh clone with only python3 >= 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPEC ?= openapi/tabbyapi.json
OUT ?= generated
SRC := tabby_ext tests generator scripts examples bench docs

.PHONY: bench demo docs docs-serve install spec generate check-generated unasync check-unasync spec-diff lint format typecheck test test-fast test-real check mutation mutation-report clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "python >= 3.11 is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The facade against TABBY_BASE_URL, or against the embedded fake server when it is unset.
demo: $(STAMP)
	$(PY) scripts/demo.py

# Side-by-side benchmark against httpx, httpx-sse and the openai SDK; writes bench/RESULTS.md.
bench: $(STAMP)
	$(PY) -m bench

# Refresh the pinned spec: `make spec URL=http://host:5000` or `make spec TABBY_DIR=../tabbyAPI`.
spec: $(STAMP)
ifdef URL
	$(PY) generator/pin.py --url '$(URL)' $(if $(COMMIT),--commit '$(COMMIT)')
else ifdef TABBY_DIR
	$(PY) generator/pin.py --tabby-dir '$(TABBY_DIR)'
else
	@echo "usage: make spec URL=http://host:5000 [COMMIT=sha]  |  make spec TABBY_DIR=path"; exit 2
endif
	@echo "now run: make generate"

# `make generate` rewrites generated/; `make generate SPEC=other.json OUT=/tmp/x` generates elsewhere.
generate: $(STAMP)
	$(PY) generator/generate.py --spec '$(SPEC)' --out '$(OUT)'

check-generated: $(STAMP)
	$(PY) generator/pin.py --check
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PY) generator/generate.py --out "$$tmp" >/dev/null && \
	diff -r -x __pycache__ "$$tmp" generated && echo "generated/ is in sync with generator/ + spec"

# tabby_ext/_sync is derived from tabby_ext/_async (one implementation, like httpcore).
unasync: $(STAMP)
	$(PY) scripts/make_sync.py

check-unasync: $(STAMP)
	$(PY) scripts/make_sync.py --check

spec-diff: $(STAMP)
	@test -n '$(OLD)' -a -n '$(NEW)' || { echo "usage: make spec-diff OLD=old.json NEW=new.json"; exit 2; }
	@$(PY) generator/spec_diff.py '$(OLD)' '$(NEW)'

# The documentation site (docs/, Sphinx + furo + MyST) into docs/_build/html: offline, every
# cross-reference checked (-n), warnings are errors (-W); a fresh environment each time (-E) so
# that a warning is never hidden by a page cached from an earlier build.
DOCS_OUT ?= docs/_build/html
docs: $(STAMP)
	$(PY) -m sphinx -E -n -W --keep-going -q -b html -d docs/_build/doctrees docs $(DOCS_OUT)

# Serve the built site on http://127.0.0.1:8000 (`make docs-serve PORT=8080` for another port).
docs-serve: docs
	$(PY) -m http.server --bind 127.0.0.1 --directory $(DOCS_OUT) $(or $(PORT),8000)

lint: $(STAMP)
	$(VENV)/bin/ruff check $(SRC)
	$(VENV)/bin/ruff format --check $(SRC)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix $(SRC)
	$(VENV)/bin/ruff format $(SRC)

typecheck: $(STAMP)
	$(VENV)/bin/mypy --strict tabby_ext
	$(VENV)/bin/mypy --strict examples
	$(VENV)/bin/pyright --pythonpath $(PY) examples

test: $(STAMP)
	$(PY) -m pytest

# Everything but the slow tier (the leak runs and the bench smoke test), for quick iterations.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

# Opt-in targets against real servers: never part of `test`, `check` or CI.
#
# HARNESS is the shared real-TabbyAPI harness (a checkout of theroyallab/tabbyAPI run with a fake
# GPU model). Its default, ../shared/harness, holds when this checkout sits beside ../shared; from
# anywhere else name it: `make test-real HARNESS=/path/to/shared/harness URL=...`, or export it.
# `$(HARNESS)/tabby.sh start 5057 --model fake-chatml-4k` runs TabbyAPI e632af4 (the pinned spec);
# `make real-servers` runs every server the opt-in suite knows (see below).
HARNESS ?= ../shared/harness

# The facade against a real server: TabbyAPI e632af4, the older 436ce75, or a LiteLLM proxy in
# front of e632af4. SERVER (default auto) says which; auto reads the server's /openapi.json.
# make test-real URL=http://127.0.0.1:5057 [API_KEY=...] [ADMIN_KEY=...] [SERVER=auto|e632af4|436ce75|litellm]
test-real: $(STAMP)
	@test -n '$(URL)' || { echo "usage: make test-real URL=http://host:port [API_KEY=..] [ADMIN_KEY=..] [SERVER=auto|e632af4|436ce75|litellm]"; echo "a server: $(HARNESS)/tabby.sh start 5057 --model fake-chatml-4k (or: make real-servers)"; exit 2; }
	$(PY) -m pytest tests/real -v --real-url '$(URL)' $(if $(API_KEY),--real-api-key '$(API_KEY)') $(if $(ADMIN_KEY),--real-admin-key '$(ADMIN_KEY)') $(if $(SERVER),--real-server '$(SERVER)')

.PHONY: real-servers real-servers-stop litellm-proxy litellm-proxy-stop test-real-all

# Start the servers the opt-in suite runs against, each with fake-chatml-4k loaded: TabbyAPI
# e632af4 on 5057 and 5058, TabbyAPI 436ce75 on 5060 (its own root /tmp/tabby-old). The first run
# needs TABBY_MIRROR, a local clone of github.com/theroyallab/tabbyAPI (setup.sh clones it);
# later runs are no-ops for what already runs. Logs: /tmp/tabby*/tabby-PORT.log.
real-servers:
	$(HARNESS)/setup.sh
	$(HARNESS)/tabby.sh start 5057 --model fake-chatml-4k
	$(HARNESS)/tabby.sh start 5058 --model fake-chatml-4k
	TABBY_ROOT=/tmp/tabby-old TABBY_COMMIT=436ce75 TABBY_CONSTRAINTS=$(abspath $(HARNESS))/constraints-436ce75.txt $(HARNESS)/setup.sh
	TABBY_ROOT=/tmp/tabby-old $(HARNESS)/tabby.sh start 5060 --model fake-chatml-4k

real-servers-stop:
	$(HARNESS)/tabby.sh stop 5057
	$(HARNESS)/tabby.sh stop 5058
	TABBY_ROOT=/tmp/tabby-old $(HARNESS)/tabby.sh stop 5060

# A LiteLLM proxy (its own venv, /tmp/litellm-venv, pinned in the script) on 127.0.0.1:PORT
# (default 4000) in front of the e632af4 servers on 5057 and 5058: tests/real/litellm/config.yaml.
litellm-proxy:
	scripts/litellm_proxy.sh start $(or $(PORT),4000)

litellm-proxy-stop:
	scripts/litellm_proxy.sh stop $(or $(PORT),4000)

# test-real against each of them in turn (after `make real-servers litellm-proxy`).
test-real-all: $(STAMP)
	@status=0; for url in http://127.0.0.1:5057 http://127.0.0.1:5060 http://127.0.0.1:$(or $(PORT),4000); do \
		echo "== make test-real URL=$$url"; $(MAKE) --no-print-directory test-real URL=$$url || status=1; \
	done; exit $$status

check: lint typecheck check-generated check-unasync

# Mutation campaign on the hand-written core (mutmut; modules and tests: [tool.mutmut] in
# pyproject.toml), then killed / total per module. Not part of `test` or CI: about an hour
# on 2 cores (2 300 mutants, at nice 10). `make mutation KEEP=1` reuses mutants/ and
# re-tests the earlier survivors (minutes after adding tests); `make mutation-report` prints
# the last scores with the survivors.
#
# The engine modules are mutated in tabby_ext/_async only. _sync is generated from _async
# token for token (`make check-unasync`), and the engine's tests run every body against both
# `Tabby` and `AsyncTabby` (the `drive` fixture), so the async half of a test meets each
# mutant of _async exactly as its sync half would meet the same mutant of _sync. Mutating
# _async and regenerating _sync inside mutmut is not possible (mutmut rewrites each function
# into a trampoline), and mutating both twins would double the time to measure one thing twice.
mutation: $(STAMP)
	$(PY) scripts/mutation.py run $(if $(KEEP),--keep) --jobs $(or $(JOBS),3)

mutation-report: $(STAMP)
	$(PY) scripts/mutation.py report --survivors

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants docs/_build
