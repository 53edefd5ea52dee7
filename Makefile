# The only entry point a new machine needs: Python 3.11+, pip and make.
# Every target makes sure .venv holds the pinned dependencies, then hands the
# target to the invoke task of the same name (tasks.py), so each command is
# written once. Extra arguments go in ARGS, e.g. `make new ARGS='testimony "A title"'`.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-$(shell cksum requirements.lock | cut -d' ' -f1)

.DEFAULT_GOAL := serve

$(STAMP): requirements.lock
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# Make must not try to rebuild these through the catch-all rule below.
Makefile requirements.lock: ;

.PHONY: venv
venv: $(STAMP)

%: $(STAMP)
	@$(VENV)/bin/invoke $@ $(ARGS)
