# The virtual environment is rebuilt whenever pyproject.toml or the lock file changes. The lock
# file (requirements-dev.txt, pip-tools' format) pins every development tool and dependency,
# the web extra included; `make lock` writes it again after pyproject.toml's lists change.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements-dev.txt

.PHONY: run test lint bench lock clean

$(STAMP): pyproject.toml $(LOCK)
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e '.[dev,web]'
	touch $(STAMP)

# The web extra (textual-serve, for `postmortem serve`) is in the lock, so run has it too.
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

lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(VENV)/bin/pip-compile --quiet --extra dev --extra web --strip-extras --no-emit-index-url \
		--no-emit-find-links --output-file $(LOCK) pyproject.toml

clean:
	rm -rf $(VENV)
