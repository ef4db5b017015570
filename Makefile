# The whole set-up is `make demo` and `make test`; both create .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP    := $(BIN)/python -m pip install --disable-pip-version-check -q -c constraints.txt

.PHONY: demo test test-min lint format docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first, pinned, so that no dependency resolution ever reaches for a CUDA build.
$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) torch==2.13.0
	$(PIP) -e ".[test,dask,docs]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sklearn-glifac demo --output-dir demo_output

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The lowest allowed versions of the direct dependencies (constraints-min.txt) in a second venv.
# torch first and pinned (2.13.0, the lowest torch this project tests: the CPU wheel the package
# index serves; any other version there is a multi-GB CUDA build), as in the main venv.
VENV_MIN := .venv-min
PIP_MIN  := $(VENV_MIN)/bin/python -m pip install --disable-pip-version-check -q -c constraints-min.txt

test-min:
	$(PYTHON) -m venv $(VENV_MIN)
	$(PIP_MIN) torch==2.13.0
	$(PIP_MIN) -e ".[test]"
	$(VENV_MIN)/bin/python -m pip list --disable-pip-version-check
	$(VENV_MIN)/bin/python -m pytest -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

docs: $(STAMP)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(VENV_MIN) docs/_build docs/auto_examples docs/gen_modules demo_output
