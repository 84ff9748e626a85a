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

test: $(BIN)/.installed
	$(BIN)/python -m pytest

clean:
	rm -rf _site .pytest_cache tests/artifacts
