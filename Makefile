# deckgen build and CI entry points. Run `make setup` once, then `make deck`,
# `make pdf`, `make test` or `make bench`. Written for POSIX make (GNU make on Debian 12).
.POSIX:

PYTHON = python3
VENV = .venv
# Stamps live in the venv so `make clean` (build/ only) keeps setup fast.
SYSTEM_STAMP = $(VENV)/.stamp-system-packages
PIP_STAMP = $(VENV)/.stamp-pip-install
# LibreOffice renders decks (--pdf, realclient tests) and, with Calc, re-saves workbooks as a
# coordinator would (the workbook round-trip tests); poppler-utils checks
# PDFs. LibreOffice finds fonts through fontconfig and needs Liberation Sans
# installed, the font deckgen lays text out with: a substitute font would
# render different line breaks than the ones planned and tested.
SYSTEM_PACKAGES = libreoffice-impress libreoffice-writer libreoffice-calc poppler-utils fonts-liberation2 fontconfig

.PHONY: setup deck pdf check format-check docs test fuzz bench clean

# Order matters: the venv may need python3-venv from the system step.
setup: $(SYSTEM_STAMP) $(PIP_STAMP)

# Installs only what is missing; without root or sudo it prints the command and
# goes on (and leaves the stamp untouched, so the next run reminds again).
# python3-venv is Debian's split-out ensurepip, needed by `python3 -m venv`.
$(SYSTEM_STAMP): Makefile
	@mkdir -p $(VENV)
	@missing=''; \
	if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "setup: no dpkg; make sure these are installed: $(SYSTEM_PACKAGES)"; exit 0; \
	fi; \
	for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if ! $(PYTHON) -c 'import ensurepip' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -z "$$missing" ]; then touch $@; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=''; \
	elif command -v sudo >/dev/null 2>&1; then sudo='sudo'; \
	else \
	  echo "setup: not root and no sudo; please install:$$missing"; \
	  echo "  apt-get install --no-install-recommends$$missing"; exit 0; \
	fi; \
	echo "setup: installing$$missing"; \
	$$sudo apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing </dev/null && \
	touch $@

# Not a $(VENV)/bin/python target: that is a symlink whose time is the
# interpreter's, which would make the stamp look stale forever.
$(PIP_STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --no-input --disable-pip-version-check -e '.[dev]'
	touch $@

# One deck per content/<lang>/: build/upr4-<country>-<lang>.pptx (and .pdf).
# Ends with the line that puts `deckgen` on PATH, so the README's Usage works as written.
deck: setup
	$(VENV)/bin/deckgen build content
	@echo "deckgen is installed in $(VENV); to run the README's commands, activate it:"
	@echo "  . $(VENV)/bin/activate"

pdf: setup
	$(VENV)/bin/deckgen build content --pdf
	@echo "deckgen is installed in $(VENV); to run the README's commands, activate it:"
	@echo "  . $(VENV)/bin/activate"

# Static checks and the fast tests: format, lint, types, import layers, the manual, then every test
# that needs no LibreOffice and is not slow.
check: format-check docs
	$(VENV)/bin/ruff check deckgen tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -q -m 'not realclient and not slow'

# The code is as `ruff format` writes it; run `$(VENV)/bin/ruff format deckgen tests bench` to make it so.
format-check: setup
	$(VENV)/bin/ruff format --check deckgen tests bench

# The manual (docs/, mkdocs.yml) builds without a warning: every link and anchor leads somewhere, and the
# generated pages (the command-line reference, the module map) build. The site goes to build/site;
# `$(VENV)/bin/mkdocs serve` shows it while you write.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

# `make check`, then the tests that render decks with LibreOffice and the slow ones (tests/conftest.py SLOW).
test: check
	$(VENV)/bin/pytest -q -m 'realclient or slow'

# The fuzz tests (content, templates, XLIFF and workbook imports) with thousands of mutated inputs each
# (make test runs 25, from fixed seeds); takes hours. FUZZ_EXAMPLES=60 make fuzz runs fewer (about 15 minutes
# on 2 cores). It ends with how many examples each test ran and how long they took.
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(VENV)/bin/pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/test_fuzz.py

# Build-time benchmark against the hand-written peer and the floor (bench/run.py, docs/performance.md):
# prints the table and fails when a ratio is more than 20% worse than the documented one. Takes minutes;
# BENCH_REPEAT=1 make bench runs each case once.
bench: setup
	DECKGEN_BENCH=1 $(VENV)/bin/pytest -q -s -p no:cacheprovider -m bench tests/test_bench.py

clean:
	rm -rf build
