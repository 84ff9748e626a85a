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

# `make bench` builds synthetic sites (bench/generate.py) and prints a table of build times;
# choose sizes with SIZES=small,medium,national,datos, profile one with PROFILE=medium, and pass
# other options of bench/run.py with BENCH_ARGS (e.g. BENCH_ARGS="--scenarios none").
SIZES ?= small,medium
.PHONY: bench
bench: $(BIN)/.installed
	$(BIN)/python bench/run.py --sizes $(SIZES) $(if $(PROFILE),--profile $(PROFILE)) $(BENCH_ARGS)
