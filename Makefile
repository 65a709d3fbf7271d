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
	$(MAKE) --no-print-directory lint

# mypy needs the package under its import name; src/ is mapped to postmortem by pyproject.
lint: $(STAMP)
	$(PY) -m ruff check src tests bench
	mkdir -p build/mypy && ln -sfn ../../src build/mypy/postmortem
	MYPYPATH=build/mypy $(PY) -m mypy -p postmortem

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV)
