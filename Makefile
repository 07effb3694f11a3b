# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python -m roadshow init --demo
	$(BIN)/streamlit run server.py --server.port $(PORT)

test: $(VENV)/.dev
	.ci/system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) test-output .pytest_cache

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py $(SIZES)
