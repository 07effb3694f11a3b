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

# Chromium and the CJK font draw the PNG slides: installed where we may (root), else the app says what is missing
run: $(VENV)/.runtime
	-.ci/system-deps --runtime
	$(BIN)/python -m roadshow init --demo
	$(BIN)/streamlit run server.py --server.port $(PORT)

# lint, then the suite with branch coverage of roadshow/ (report printed at the end, floor 90%)
test: $(VENV)/.dev
	.ci/system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest --cov=roadshow --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=90 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) test-output .pytest_cache

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py $(SIZES)
	$(BIN)/python bench/slides.py
