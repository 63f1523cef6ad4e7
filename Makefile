PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= examples
# .installed: kronika with the dev extras (tests, lint, benchmarks); .demo-installed: kronika
# with the web extra only, which is all `make demo` needs.
STAMP := $(VENV)/.installed
DEMO_STAMP := $(VENV)/.demo-installed

.PHONY: install install-demo demo test lint bench evaluate clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $(DEMO_STAMP)

install-demo: $(DEMO_STAMP)

$(DEMO_STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[web]'
	touch $(DEMO_STAMP)

DEMO_DB ?= demo.db

demo: install-demo
	$(BIN)/kronika extract $(CORPUS) --format table
	$(BIN)/kronika ingest $(CORPUS) --db $(DEMO_DB)
	$(BIN)/kronika stats --db $(DEMO_DB)
	$(BIN)/kronika events --db $(DEMO_DB) --limit 10
	$(BIN)/kronika timeline --db $(DEMO_DB) --by month
	@echo "kronika: the dashboard for $(DEMO_DB) is at http://127.0.0.1:8000/ (Ctrl-C stops it)"
	@echo "kronika: to type 'kronika …' yourself, first run: . $(VENV)/bin/activate"
	$(BIN)/kronika serve --db $(DEMO_DB) --host 127.0.0.1 --port 8000

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

evaluate: install
	$(BIN)/python scripts/evaluate_all.py

# `make bench QUICK=1` for a short run (smaller inputs; not the figures to quote)
bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_extract.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/bench_engines.py $(if $(QUICK),--quick)
	$(BIN)/python benchmarks/bench_queries.py $(if $(QUICK),--events 100000 --repeats 15)
	$(BIN)/python benchmarks/bench_long.py $(if $(QUICK),--quick)

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
