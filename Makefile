# The two commands of the README:
#   make run   – set everything up and run the nightly job on the bundled demo data (demo/sources: --demo)
#   make test  – set everything up and run the test suite (CI runs exactly this)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint setup browser sql bench bench-airflow soak clean

setup: $(STAMP)

# uv resolves Airflow + dbt + GX in seconds where pip's resolver takes many minutes. --compile-bytecode: every
# process of a night imports dbt, GX or Airflow; without .pyc files (PYTHONDONTWRITEBYTECODE, a read-only
# venv) each import compiles them again, ~1.5 s for dbt alone.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.5"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -e ".[airflow,test]"
	touch $(STAMP)

run: setup
	$(BIN)/rakenskaper run --demo

# read the published warehouse, read-only: a SQL prompt, or one query printed as a table with
#   make sql Q="select label, utfall_tkr from marts.rpt_income_statement where report_period = '2023-08-31'"
# (no duckdb CLI needed; the prompt is the duckdb CLI when one is installed). Q may not contain double quotes.
sql: setup
	$(BIN)/rakenskaper sql $(if $(Q),-c "$(Q)")

# The html report is screenshot in real headless Chromium (Debian's package; installed once, needs root).
browser:
	bash tools/install-chromium.sh

# the codified habits (pyproject.toml [tool.ruff], .sqlfluff): Python linted and formatted, the dbt project's SQL
# linted through dbt's templater against an empty in-memory DuckDB (~1 min). Fix with `ruff format .`,
# `ruff check --fix .` and `sqlfluff fix dbt_project/models/<folder>` (read sqlfluff's diff: see .sqlfluff).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	RAKENSKAPER_BUILD_DB=:memory: $(BIN)/sqlfluff lint dbt_project

# One worker per core, a test file per worker at a time (--dist loadfile): a file's module fixtures (a demo run,
# an Airflow deployment) are built once, and the whole-pipeline files run side by side. Each worker builds its
# own session demo run in its own temporary folder, so workers share no file.
test: setup browser lint
	$(BIN)/python -m pytest -n auto --dist loadfile

# the SIE load alone, then the whole nightly run at 1 M vouchers (first run, again, transform alone,
# drill-down, row counts; hledger beside it when installed) and five years of 200 000
bench: setup
	$(BIN)/python benchmarks/bench_sie_load.py
	$(BIN)/python benchmarks/bench_run.py --vouchers 1000000
	$(BIN)/python benchmarks/bench_run.py --vouchers 1000000 --years 5 --no-hledger
	$(BIN)/python benchmarks/bench_airflow.py

# a night on Airflow (`airflow dags test`) against `rakenskaper run`, on the demo, in the same run
bench-airflow: setup
	$(BIN)/python benchmarks/bench_airflow.py

# the reliability suite with many more generated faults (not in CI: minutes, not seconds)
soak: setup
	RAKENSKAPER_SOAK=1 $(BIN)/python -m pytest tests/reliability

clean:
	rm -rf warehouse dbt_project/target dbt_project/logs
