# Pilotage: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PILOTAGE := $(BIN)/pilotage
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto

.PHONY: demo serve install install-dev messages migrate test lint bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock $(VENV)/.installed
	$(BIN)/pip install -q -r requirements/dev.lock
	touch $@

install: $(VENV)/.installed messages

install-dev: $(VENV)/.installed-dev messages

messages: $(VENV)/.installed
	@scripts/system-packages.sh
	cd pilotage && ../$(PILOTAGE) compilemessages -v0

migrate: install
	mkdir -p var
	$(PILOTAGE) migrate -v0

## Try Pilotage: install, migrate, load the demo organisation, serve it with its worker.
demo: migrate
	$(PILOTAGE) demo $(if $(DEMO_PASSWORD),--password $(DEMO_PASSWORD),)
	@echo ""
	@echo "  Pilotage is at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo ""
	@$(PILOTAGE) worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  $(PILOTAGE) runserver $(HOST):$(PORT) --noreload

## Check everything: lint, migrations, the whole suite (on DATABASE_URL when set, else SQLite).
test: install-dev
	@scripts/system-packages.sh --browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy pilotage/lib pilotage/sla/engine.py pilotage/sla/measure.py pilotage/sla/penalties.py pilotage/cash/metrics.py pilotage/cash/terms.py pilotage/cash/documents.py pilotage/cash/report.py pilotage/kpis/drift.py pilotage/kpis/periods.py pilotage/kpis/units.py pilotage/specifications/content.py pilotage/specifications/completeness.py pilotage/pilots/evaluate.py pilotage/pilots/plan.py pilotage/selection/scoring.py pilotage/selection/advice.py pilotage/diagnostics/advice.py pilotage/diagnostics/usual.py pilotage/contracts/terms.py pilotage/contracts/clauses.py pilotage/governance/recurrence.py pilotage/governance/requests_measure.py pilotage/governance/review.py
	mkdir -p var
	$(PILOTAGE) makemigrations --check --dry-run -v1
	$(BIN)/pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

lint: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev
	@for script in benchmarks/[!_]*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

## Pin every dependency again from pyproject.toml (needs the package registries).
lock:
	rm -rf /tmp/pilotage-lock && $(PYTHON) -m venv /tmp/pilotage-lock
	/tmp/pilotage-lock/bin/pip install -q .
	/tmp/pilotage-lock/bin/pip freeze --exclude pilotage | sed '1i # Runtime dependencies, every version pinned (transitive ones included).\n# Regenerate: make lock' > requirements/base.lock

clean:
	rm -rf $(VENV) var/static
