# One command for the whole check: make check
VENV ?= .venv

.PHONY: install check lint types test demo

install:
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q -e '.[test]'

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

types:
	$(VENV)/bin/mypy claimtrack

test:
	$(VENV)/bin/python -m pytest -q -p no:cacheprovider

check: lint types test

demo:
	$(VENV)/bin/claimtrack demo
