"""A ledger-only entity: no payroll, internal-bank or forecast folder. Every raw table still exists (empty),
dbt builds, the reconciliation is empty and the run publishes."""

from __future__ import annotations

import shutil

import duckdb

from rakenskaper import paths, pipeline


def test_a_ledger_only_entity_builds_and_publishes_with_empty_subledger_tables(tmp_path, monkeypatch):
    monkeypatch.delenv("RAKENSKAPER_PSEUDONYM_KEY", raising=False)  # no payroll: no key needed
    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir() / "ledger", sources / "ledger")
    settings = pipeline.Settings.from_env(sources=sources, warehouse=tmp_path / "w" / "rakenskaper.duckdb")

    outcome = pipeline.run(settings)

    assert outcome["extract"]["payroll"] == {"folder": "payroll", "present": False, "files": []}
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    # per-employee payroll rows are never in the published warehouse, not even as an empty table
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'payroll_lines'").fetchone()[0] == 0
    for table in (
        "raw.forecast_lines",
        "raw.investment_forecasts",
        "raw.internal_bank_statements",
        "raw.provision_schedule_years",
        "staging.stg_forecast__forecast_lines",
        "staging.stg_contracts__provision_schedule_years",
        "marts.fct_payroll",
        "marts.fct_internal_bank_statement",
        "marts.rpt_reconciliation",
        "checks.chk_reconciliation",
    ):
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == 0, table
    assert con.execute("select count(*) from marts.rpt_balance_sheet").fetchone()[0] > 0
    con.close()
    assert outcome["gate"]["passed"]
