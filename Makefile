# Two commands do everything: `make demo` (set up, seed, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: demo test setup assets browser office lint benchmarks clean

demo: setup
	$(BIN)/healthcheck demo

test: setup browser office lint
	$(BIN)/python -m pytest

# Ruff lints and checks the formatting; `$(BIN)/ruff format .` formats.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

setup: $(VENV)/installed assets

$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# GOV.UK Frontend comes from npm, pinned to the version govuk-frontend-jinja supports.
assets: static/govuk/govuk-frontend.min.css

static/govuk/govuk-frontend.min.css: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/govuk static/assets
	cp $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js static/govuk/
	cp -r $(GOVUK)/assets/. static/assets/
	touch $@

# Browser tests drive the distribution's Chromium; nothing is downloaded by Playwright.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "Chromium is not installed: browser tests will be skipped (install the 'chromium' package)."; fi; }

# The workbook tests print the action plan to PDF with LibreOffice, as a person would.
office:
	@command -v soffice >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-calc-nogui; \
	  else echo "LibreOffice is not installed: the workbook PDF test will fail (install the 'libreoffice-calc-nogui' package)."; fi; }

benchmarks: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules static/govuk static/assets dist build
