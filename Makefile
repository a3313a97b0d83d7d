# Everything installs into a project-local virtual environment, created when missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The report test opens the HTML report in Debian's Chromium; installed once, as root or via sudo.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install demo test lint format clean messages

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,sim,dask]'
	touch $(STAMP)

demo: install
	$(BIN)/pure-orcid demo

test: install $(CHROMIUM)
	$(BIN)/pytest

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	-$(BIN)/pure-orcid db stop
	rm -rf $(VENV) var .pytest_cache .ruff_cache *.egg-info

# The report's texts into the gettext catalogues: after changing a template, run this and
# translate the new entries of pipeline/publish/report/locale/*/LC_MESSAGES/messages.po.
LOCALE := pipeline/publish/report/locale
messages: install
	$(BIN)/pybabel extract -F babel.cfg -o $(LOCALE)/messages.pot --no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-location --ignore-obsolete --width 100
