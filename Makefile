# The doors into the project: make run | make test | make bench. Each installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast bench install browser catalogs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP) catalogs

catalogs: $(STAMP)
	$(BIN)/python -m tools.i18n_build

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: install
	$(BIN)/python -m eoffice.run

test: install browser
	bash tests/run_all.sh

test-fast: install
	$(BIN)/pytest -q -x -n 2 -m "not browser and not topology and not security"

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf var .pytest_cache
