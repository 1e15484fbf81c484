# Two commands: `make demo` and `make test`. Both create .venv if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_STORE ?= $(CURDIR)/.demo-store
# `make demo` ends by serving the pages and the API on the demo store; DEMO_SERVE=0 stops after the terminal part.
DEMO_SERVE ?= 1

.PHONY: demo test lint install clean bench browser

# Browser tests drive Debian's chromium through Playwright (it cannot download browsers here).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/linkwork --store $(DEMO_STORE) init --demo --force --yes
	$(BIN)/linkwork --store $(DEMO_STORE) summary
	$(BIN)/linkwork --store $(DEMO_STORE) route examples/profiles/p2-kelly.yaml
	$(BIN)/linkwork --store $(DEMO_STORE) gaps --limit 12
	@[ "$(DEMO_SERVE)" = 0 ] || $(BIN)/linkwork --store $(DEMO_STORE) serve

# Lint and type-check first (settings in pyproject.toml): a finding fails the run before pytest starts.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy linkwork graph loaders ontology api viz

browser:
	@[ -x $(CHROMIUM) ] || { echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

test: lint browser
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/linkwork bench

clean:
	rm -rf $(VENV) $(DEMO_STORE) build *.egg-info
