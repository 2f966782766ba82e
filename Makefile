# Every target installs what it needs: `make test` works from a fresh clone with only python3 >= 3.11.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SPEC ?= openapi/tabbyapi.json
OUT ?= generated
SRC := tabby_ext tests generator scripts examples bench

.PHONY: bench demo install spec generate check-generated unasync check-unasync spec-diff lint format typecheck test test-fast test-real check clean

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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
