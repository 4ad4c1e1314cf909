# `make run` and `make test` do all set-up themselves: a virtual environment from the pinned
# requirements, DynamoDB Local from npm, and (for browser tests) Debian's chromium.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/layers/common:$(CURDIR)
# SAM CLI would otherwise send telemetry at each command; this machine has no network.
export SAM_CLI_TELEMETRY := 0

.PHONY: install run test test-fast bench lint validate build chromium clean

$(VENV)/.installed: requirements/dev.txt layers/common/requirements.txt
	@echo "installing the pinned Python packages into $(VENV) (the first time takes minutes)"
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Browser tests drive Debian's chromium; never a downloaded browser.
chromium:
	@command -v chromium >/dev/null || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

run: install
	$(PY) -m localmode

# sam build needs the runtime's own Python (3.13) first on PATH; a pyenv shim is not enough,
# so ask the interpreter where it really lives.
PYTHON313 ?= $(shell python3.13 -c "import sys; print(sys.executable)" 2>/dev/null || \
	{ prefix=$$(pyenv prefix 3.13 2>/dev/null) && echo "$$prefix/bin/python3.13"; })

build: install
	@test -n "$(PYTHON313)" || { echo "sam build needs Python 3.13: install it, or set PYTHON313"; exit 1; }
	PATH="$(dir $(PYTHON313)):$$PATH" $(VENV)/bin/sam build

validate: install
	$(VENV)/bin/sam validate --lint --region us-east-1 --template template.yaml
	$(VENV)/bin/cfn-lint template.yaml

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy layers/common/customers_core localmode
	# Every function's module is app.py: mypy checks each on its own.
	for handler in functions/*/app.py; do $(VENV)/bin/mypy "$$handler" || exit 1; done

test: install chromium validate lint
	$(PY) -m pytest

# Correctness only, no browser: the quick loop while developing.
test-fast: install
	$(PY) -m pytest -m "not browser and not slow"

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules .local .pytest_cache
