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
# Its stylesheet is built from its Sass (sass pinned in package.json) with Arial/Helvetica
# and no GDS Transport @font-face: that font, the crown and the crest are only for GOV.UK
# services, so none of GOV.UK Frontend's assets folder is copied; its JavaScript is.
assets: static/govuk/govuk-frontend.min.css

static/govuk/govuk-frontend.min.css: package.json package-lock.json $(wildcard styles/*.scss)
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/govuk static/assets
	mkdir -p static/govuk
	cp $(GOVUK)/govuk-frontend.min.js static/govuk/
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules styles/govuk-frontend.scss $@

# Browser tests drive the distribution's Chromium; nothing is downloaded by Playwright.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "Chromium is not installed: browser tests will be skipped (install the 'chromium' package)."; fi; }

# The workbook and committee-pack tests print to PDF with LibreOffice, as a person would:
# Calc for the workbook, Writer for the report, Impress for the briefing slides.
OFFICE_PACKAGES := libreoffice-calc-nogui libreoffice-writer-nogui libreoffice-impress-nogui
office:
	@missing=""; for p in $(OFFICE_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "LibreOffice parts are missing:$$missing (the PDF tests will fail until they are installed)."; fi; fi

benchmarks: setup
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) node_modules static/govuk static/assets dist build
