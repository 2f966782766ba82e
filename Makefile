# Every target installs what it needs: `make test` works from a fresh clone with only python3 >= 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPEC ?= openapi/tabbyapi.json
OUT ?= generated
SRC := tabby_ext tests generator scripts examples bench

.PHONY: bench demo install spec generate check-generated unasync check-unasync spec-diff lint format typecheck test test-fast test-real check mutation mutation-report clean

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

# The facade against a real TabbyAPI (opt-in; ../shared/harness/tabby.sh start 5057 runs one):
# make test-real URL=http://127.0.0.1:5057 [API_KEY=...] [ADMIN_KEY=...]
test-real: $(STAMP)
	@test -n '$(URL)' || { echo "usage: make test-real URL=http://host:port [API_KEY=..] [ADMIN_KEY=..]"; exit 2; }
	$(PY) -m pytest tests/real -v --real-url '$(URL)' $(if $(API_KEY),--real-api-key '$(API_KEY)') $(if $(ADMIN_KEY),--real-admin-key '$(ADMIN_KEY)')

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis mutants
