# The virtual environment is rebuilt whenever pyproject.toml changes.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/postmortem demo

test: $(STAMP)
	$(PY) -m pytest
	$(PY) -m ruff check src tests bench
	$(PY) -m mypy src

lint: $(STAMP)
	$(PY) -m ruff check src tests bench
	$(PY) -m mypy src

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV)
