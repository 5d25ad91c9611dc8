# garde-ia: two commands on a fresh machine.
#   make run   installs everything (in .venv, from the lock file) and starts the guard
#   make test  installs everything (in .venv, plus Debian packages the tests use) and runs the
#              dependency checks, lint, types and tests
# Versions come from lock/requirements.txt (exact versions and hashes, for Python 3.12);
# `make lock` writes it again from pyproject.toml, `make upgrade` moves every pin forward.
PYTHON ?= python3.12
VENV ?= .venv
BIN := $(VENV)/bin
# uv's own small environment (ignored by git, like the rest of build/)
TOOLS := build/tools
UV := $(TOOLS)/bin/uv
# uv uses the Python above; it never downloads one of its own.
export UV_PYTHON_DOWNLOADS := never
COMPILE = $(UV) pip compile pyproject.toml lock/build.in --all-extras --universal \
	--python-version 3.12 --generate-hashes --custom-compile-command "make lock" --quiet

.PHONY: run test install system-deps lint deps-check lock lock-check upgrade bench extension extension-lint

$(UV): lock/uv.txt
	@echo "==> 1/3 Installateur uv (version figée dans lock/uv.txt)"
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --disable-pip-version-check --require-hashes --no-deps -r lock/uv.txt
	touch $@

$(VENV)/.installed: $(UV) lock/requirements.txt pyproject.toml
	bash .ci/system-deps.sh run
	@echo "==> 2/3 Paquets Python de lock/requirements.txt dans $(VENV) (versions et empreintes exactes)"
	test -x $(BIN)/python || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --python $(BIN)/python --require-hashes lock/requirements.txt
	@echo "==> 3/3 garde-ia lui-même (mode éditable, sans rien télécharger de plus)"
	$(UV) pip install --python $(BIN)/python --no-deps --no-build-isolation --editable .
	touch $@

install: $(VENV)/.installed

system-deps:
	bash .ci/system-deps.sh test

run: install
	$(BIN)/garde-ia run

# The lock still matches pyproject.toml: compiling again, keeping its pins, changes nothing.
lock-check: $(UV) system-deps
	@tmp=$$(mktemp -d) && cp lock/requirements.txt $$tmp/requirements.txt \
	&& $(COMPILE) -o $$tmp/requirements.txt \
	&& if diff -u lock/requirements.txt $$tmp/requirements.txt; then rm -r $$tmp; \
	else rm -r $$tmp; echo "lock/requirements.txt ne correspond plus à pyproject.toml : lancez « make lock » et validez le résultat." >&2; exit 1; fi

lock: $(UV) system-deps
	$(COMPILE) -o lock/requirements.txt
	$(UV) pip compile lock/uv.in --universal --python-version 3.12 --generate-hashes \
		--custom-compile-command "make lock" --quiet -o lock/uv.txt

upgrade: $(UV) system-deps
	$(COMPILE) --upgrade -o lock/requirements.txt

# Every module imported is a declared dependency: the product's own, or the dev extra for tests.
deps-check: install
	$(BIN)/deptry proxy addons anonymizer tray
	$(BIN)/deptry tests benchmarks --ignore DEP002,DEP004

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser extension: a folder and a zip per browser in extension/dist/; web-ext (pinned in
# extension/package-lock.json) lints the Firefox build.
extension: install
	$(BIN)/python extension/build.py

extension-lint: extension
	cd extension && npm ci --no-audit --no-fund && npx web-ext lint --source-dir dist/firefox

test: system-deps lock-check install deps-check lint extension-lint
	$(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

bench: install
	$(BIN)/python benchmarks/anonymizer_bench.py
