# The two commands a new user types: `make demo` and `make test`.
# Both create .venv when it is missing and install the project into it first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint bench bench-history clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,dev]'
	touch $(STAMP)

demo: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/demo.sh demo-output

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2

lint: $(STAMP)
	$(BIN)/ruff check resolution_vcs tests benchmarks scripts
	$(BIN)/mypy resolution_vcs

# Every benchmark, each writing its table into BENCHMARKS.md (about 55 minutes):
# the diff, every command, history/blame/log over a long history, Word files, the web
# app under load, the word diff against git's on the corpus law, and accept time and
# .git size over a replay of 250 amendments.
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/word_diff.py
	$(BIN)/python benchmarks/commands.py
	$(BIN)/python benchmarks/history.py
	$(BIN)/python benchmarks/word.py
	$(BIN)/python benchmarks/web.py
	$(BIN)/python benchmarks/replay.py

# History and blame over 200 versions of a 10,000-clause document (about 15 minutes).
bench-history: $(STAMP)
	$(BIN)/python benchmarks/history.py

clean:
	rm -rf $(VENV) demo-output build *.egg-info
