# alsedu: two commands for a fresh clone.
#   make lab   - create .venv, install, serve the course in JupyterLab (prints the URL);
#                make lab ROLE=instructor serves the instructor's lab with every nbgrader tool
#   make study - the code-free study app (Voila) on this computer: welcome, review, dashboard,
#                one page per module (prints the URL)
#   make test  - create/update .venv, run ruff and every test tier
# Nothing else is needed on a Debian machine with Python 3.11; the browser tier finds
# Debian's Chromium or installs it (as root) with apt-get.

PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8888
STUDY_PORT ?= 8866
LAB_ARGS ?=
# The folder the lab serves (the browser tests serve a temporary copy of the course).
LAB_ROOT ?= $(CURDIR)
# Who the lab is for: student (default: no Formgrader, no Create Assignment; Validate stays)
# or instructor (every nbgrader tool). The role's Jupyter settings live in jupyter/<role>/.
ROLE ?= student
# Jupyter refuses to run as root unless told; CI runs as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# nbgrader shells out to alembic: the venv's bin must be on PATH.
export PATH := $(BIN):$(PATH)

.PHONY: lab study test lint check bench chromium clean

$(STAMP): pyproject.toml jupyter/overrides.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $(STAMP)

lab: $(STAMP)
	@test -d jupyter/$(ROLE) || { echo "ROLE must be student or instructor" >&2; exit 2; }
	@echo "Serving the alsedu course for the $(ROLE); open the URL printed below (Ctrl-C stops it)."
	JUPYTER_CONFIG_DIR=$(CURDIR)/jupyter/$(ROLE) $(BIN)/jupyter lab --ip=127.0.0.1 --port=$(PORT) $(ROOT_FLAG) \
		--ServerApp.root_dir=$(LAB_ROOT) \
		--LabApp.default_url=/lab/tree/notebooks $(LAB_ARGS)

study: $(STAMP)
	$(BIN)/alsedu study --port $(STUDY_PORT)

lint: $(STAMP)
	$(BIN)/ruff check alsedu tests benchmarks tools conftest.py
	$(BIN)/ruff format --check alsedu tests benchmarks tools conftest.py

check: $(STAMP)
	$(BIN)/alsedu check

chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	{ if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

test: $(STAMP) lint chromium
	$(BIN)/alsedu check
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_screen.py
	$(BIN)/python benchmarks/bench_figures.py
	$(BIN)/python benchmarks/bench_widgets.py
	$(BIN)/python benchmarks/bench_study.py
	$(BIN)/python benchmarks/bench_autograde.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache release submitted autograded feedback gradebook.db exchange
