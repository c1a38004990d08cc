# thidua: two commands do everything on a fresh machine.
#   make run   set up what is missing, migrate, load the demo, serve on 127.0.0.1:8000
#   make test  lint, migrations check, translations check, unit + integration + browser tests,
#              then every benchmark on tiny data (bench-smoke: do they still run?)
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON_BIN ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DEPS := $(VENV)/.deps-stamp
VENDOR := static/vendor/.stamp

.PHONY: help run test bench bench-smoke install system-deps system-deps-test messages lint serve demo clean

help:
	@echo "make run    - install what is missing, migrate, load demo data, serve on 127.0.0.1:8000"
	@echo "make test   - the whole suite (lint, unit, integration, browser, bench smoke)"
	@echo "make bench  - benchmarks, printing BENCH <name> <value> <unit> lines"
	@echo "make bench-smoke - every benchmark on tiny data (~2 min): do they still run?"

$(DEPS): requirements.txt requirements-dev.txt
	@command -v $(PYTHON_BIN) >/dev/null || { echo "Python 3.11 ($(PYTHON_BIN)) is required" >&2; exit 1; }
	@test -x $(PY) || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR): node_modules/.stamp scripts/vendor.sh
	scripts/vendor.sh
	@touch $@

system-deps:
	scripts/system_deps.sh run

system-deps-test:
	scripts/system_deps.sh test

messages: $(DEPS)
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

install: system-deps $(DEPS) $(VENDOR) messages

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	scripts/serve.sh

test: system-deps-test $(DEPS) $(VENDOR) messages
	scripts/test.sh
	@echo "== bench smoke"
	BENCH_SMOKE=1 scripts/bench.sh >/dev/null  # its figures are not measurements

bench: install
	scripts/bench.sh

bench-smoke: install
	BENCH_SMOKE=1 scripts/bench.sh

lint: $(DEPS)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
