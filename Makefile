# gigkit: `make run` serves the API with a demo tenant (and the guides at /guides); `make test`
# runs the whole suite; `make docs` builds the guides strictly.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   ?= site

.PHONY: run docs demo test check lint format sdk openapi migrate bench drill clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml sdk/pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]" -e ./sdk
	touch $@

$(VENV)/.installed-docs: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[docs]"
	touch $@

# The guides: docs/ (plus README's list of guides and sdk/README.md, see guides/hooks.py)
# built by mkdocs-material into $(SITE)/, which the app serves at /guides (GIGKIT_GUIDES_DIR
# elsewhere). Offline (no CDN, no web fonts) and strict: a broken link or anchor fails the
# build, and a failed build leaves the previous site in place.
GUIDES_SOURCES := mkdocs.yml README.md sdk/README.md $(shell find docs guides -type f -not -path '*/__pycache__/*')

$(SITE)/index.html: $(VENV)/.installed-docs $(GUIDES_SOURCES)
	rm -rf $(SITE).tmp
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir $(SITE).tmp
	rm -rf $(SITE) && mv $(SITE).tmp $(SITE)

docs: $(VENV)/.installed-docs  # always builds (-W: as if mkdocs.yml had changed)
	@$(MAKE) --no-print-directory -W mkdocs.yml $(SITE)/index.html
	@echo "guides built in $(SITE)/ (served at /guides by make run / gigkit run)"

# The gigkit command is $(BIN)/gigkit (not on PATH): `make run` prints where, and how to
# put it on PATH in another terminal. The guides are built first when their sources changed;
# a failed build (a broken link) does not stop the API: /guides keeps the last good build, or
# says to run `make docs`.
run: $(VENV)/.installed
	@$(MAKE) --no-print-directory $(SITE)/index.html \
	    || echo "  guides not built (make docs shows why); serving the API without them"
	$(BIN)/gigkit db upgrade
	$(BIN)/gigkit demo --host $(HOST) --port $(PORT)
	@echo "  gigkit command $(CURDIR)/$(BIN)/gigkit"
	@echo "  on PATH        export PATH=\"$(CURDIR)/$(BIN):\$$PATH\"   (then: gigkit maintenance list)"
	@echo
	$(BIN)/gigkit run --host $(HOST) --port $(PORT)

# The seed's day through the SDK (examples/seed_day.py), one line a step: on the embedded
# server it starts (the database and demo tenant of `make run`), or on GIGKIT_URL with
# GIGKIT_API_KEY when both are set.
demo: $(VENV)/.installed-dev
	$(BIN)/python examples/seed_day.py

migrate: $(VENV)/.installed
	$(BIN)/gigkit db upgrade

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check app tests migrations bench examples openapi sdk/gigkit_sdk guides
	$(BIN)/ruff format --check app tests migrations bench examples openapi sdk/gigkit_sdk guides

format: $(VENV)/.installed-dev
	$(BIN)/ruff format app tests migrations bench examples openapi sdk/gigkit_sdk guides
	$(BIN)/ruff check --fix app tests migrations bench examples openapi sdk/gigkit_sdk guides

# Speed, as ratios against a baseline measured in the same run (needs PostgreSQL).
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.ledger
	$(BIN)/python -m bench.pdf
	$(BIN)/python -m bench.http
	$(BIN)/python -m bench.settle

# The multi-node drill (bench/drill.py): PostgreSQL, Redis, PgBouncer, 2 gunicorn nodes behind
# haproxy and 3 workers as separate processes, a 20:00 peak with an API node and a worker
# killed and PostgreSQL restarted, then the end checks. SIZE=ci|provincial|national; the
# report is also written to bench/results/drill-$(SIZE).txt. Needs the Debian packages the
# README names (postgresql, redis-server, pgbouncer, haproxy).
SIZE ?= provincial
drill: $(VENV)/.installed-dev
	$(BIN)/python -m bench.drill --size $(SIZE) --out bench/results/drill-$(SIZE).txt

check: lint test
	$(BIN)/mypy

# The spec (and the docs' table of error codes), then the SDK generated from it: the raw
# client, then its resource-style methods (sdk/gigkit_sdk/resources.py). All committed; tests
# fail when they drift.
openapi: $(VENV)/.installed
	$(BIN)/gigkit openapi write --format=json openapi/openapi.json
	$(BIN)/gigkit error-codes docs/errors-and-idempotency.md

sdk: openapi $(VENV)/.installed-dev
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate \
	    --path openapi/openapi.json --output-path sdk/gigkit_client \
	    --config openapi/sdk-config.yaml --meta none --fail-on-warning --overwrite
	$(BIN)/python openapi/generate_sdk_resources.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
