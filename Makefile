# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: build check test serve deploy screenshots docs clean

# The venv is (re)made whenever the pinned requirements change.  The package goes in as a plain path
# (editable_mode=compat): the default editable import hook costs every command 25 ms at start-up.
$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e . --config-settings editable_mode=compat
	touch $@

build: $(VENV)/.installed
	$(PY) build.py build

# Build, then check the built site (links, anchors, alt, ids, Nu HTML Checker, feeds, sitemaps).
check: build
	$(PY) build.py check

# axe-core, pinned in tests/package-lock.json, for the browser tests' accessibility scan.
AXE := tests/node_modules/axe-core/axe.min.js
$(AXE): tests/package-lock.json
	npm ci --prefix tests --no-audit --no-fund
	touch $@

# The whole suite, nothing skipped: a test that would skip (no chromium, no axe-core) fails instead.
test: $(VENV)/.installed $(AXE)
	EPAPER_TEST_NO_SKIP=1 $(PY) -m pytest -q

serve: $(VENV)/.installed
	$(PY) build.py serve

# Uploads public/ to the bucket in site.yaml's deploy: (credentials from the AWS environment or ~/.aws/).
deploy: $(VENV)/.installed
	$(PY) build.py deploy

# The README's pictures, made from the built demo paper by the same code as tests/reader/test_screenshots.py.
screenshots: build
	$(PY) tools/screenshots.py

# The documentation site (docs/, mkdocs.yml) into site/; warnings are errors, as in the tests.
docs: $(VENV)/.installed
	$(PY) -m mkdocs build --strict --quiet

clean:
	rm -rf public .cache site
