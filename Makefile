# kgraph developer tasks. `make test` is the one test command (CI runs it too).
PYTHON ?= python3

.PHONY: test install system lint bench build

test: system install lint
	$(PYTHON) -m pytest

install:
	$(PYTHON) -m pip install -q -e ".[test]"

# System packages the browser and triple-store tests need (installed only when missing).
system:
	bash .ci/install-system.sh

lint:
	$(PYTHON) -m ruff check src tests bench

build:
	kgraph build

bench: install
	$(PYTHON) bench/bench_extract.py
	$(PYTHON) bench/bench_sparql.py
	$(PYTHON) bench/bench_viz.py
