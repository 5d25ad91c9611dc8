# garde-ia: two commands on a fresh machine.
#   make run   installs everything (in .venv) and starts the guard
#   make test  installs everything (in .venv, plus Debian packages the tests use) and runs lint, types and tests
PYTHON ?= python3.12
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install system-deps lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

system-deps:
	bash .ci/system-deps.sh

run: install
	$(BIN)/garde-ia run

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

test: system-deps install lint
	$(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

bench: install
	$(BIN)/python benchmarks/anonymizer_bench.py
