# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: build check test serve deploy screenshots clean

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

test: $(VENV)/.installed
	$(PY) -m pytest -q

serve: $(VENV)/.installed
	$(PY) build.py serve

# Uploads public/ to the bucket in site.yaml's deploy: (credentials from the AWS environment or ~/.aws/).
deploy: $(VENV)/.installed
	$(PY) build.py deploy

# The README's pictures, made from the built demo paper by the same code as tests/test_screenshots.py.
screenshots: build
	$(PY) tools/screenshots.py

clean:
	rm -rf public .cache
