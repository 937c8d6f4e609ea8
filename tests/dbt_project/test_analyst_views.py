"""The analysts' views (issue 13) on the demo: saldobalans, huvudbok and the monthly income statement exist,
are exported and contracted; the dbt exposures name what the report pack and the Parquet export really read;
`dbt source freshness` passes on a freshly loaded ledger, warns on an export two days old and errors on one a
week old. The identities (trial balance ↔ statements, months ↔ year to date, running balance ↔ UB) are dbt
singular tests, run by every build."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import yaml

from rakenskaper import dbt_runner, exports, paths, report

NEW_VIEWS = ("rpt_trial_balance", "rpt_general_ledger", "rpt_income_statement_by_month", "rpt_income_statement_monthly")
CONTRACTED = (*NEW_VIEWS, "rpt_income_statement", "rpt_balance_sheet", "fct_general_ledger", "dim_report_periods")


def _models() -> dict[str, dict]:
    models = {}
    for yml in (paths.dbt_project_dir() / "models").glob("**/*.yml"):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models", []) or []:
            models[model["name"]] = model
    return models


def _exposures() -> dict[str, set[str]]:
    yml = paths.dbt_project_dir() / "models" / "marts" / "_exposures.yml"
    exposures = yaml.safe_load(yml.read_text(encoding="utf-8"))["exposures"]
    return {
        exposure["name"]: {re.fullmatch(r"ref\('(\w+)'\)", ref).group(1) for ref in exposure["depends_on"]}
        for exposure in exposures
    }


def test_the_views_are_built_and_exported(demo_run, warehouse):
    settings, _ = demo_run
    exported = set(exports.mart_tables(warehouse))
    # the huvudbok is a view computed per query (a window over every posting), like the drill-down views: not
    # exported; its postings are in fct_general_ledger's Parquet file
    tables = set(NEW_VIEWS) - {"rpt_general_ledger"}
    assert tables <= exported and "rpt_general_ledger" not in exported
    manifest = json.loads(
        (settings.warehouse_path.parent / "current" / "parquet" / "manifest.json").read_text(encoding="utf-8")
    )
    assert {f"marts.{name}" for name in tables} <= set(manifest["tables"])


def test_trial_balance_at_the_demo_report_period(warehouse):
    rows = warehouse.execute("""
        select account_kind, sum(opening_amount), sum(movement_amount), sum(closing_amount), count(*)
        from marts.rpt_trial_balance where report_period = date '2023-08-31' group by 1 order by 1""").fetchall()
    (balance_kind, balance_ib, balance_movement, balance_ub, _), (result_kind, result_ib, result_movement, _, _) = rows
    assert (balance_kind, result_kind) == ("balance", "result")
    assert result_ib == 0
    assert balance_ub == balance_ib + balance_movement
    assert balance_ub == -result_movement  # UB over every account is zero
    # the year's result so far, as the income statement prints it (report sign: revenue positive)
    (period_result,) = warehouse.execute("""
        select periodiserat_amount from marts.rpt_income_statement
        where report_period = date '2023-08-31' and line_code = 'period_result'""").fetchone()
    assert period_result == -result_movement
    # never more rows than accounts × units × closed months
    (rows_total, bound) = warehouse.execute("""
        select (select count(*) from marts.rpt_trial_balance),
               (select count(distinct account) from marts.fct_general_ledger)
               * (select count(*) + 1 from marts.dim_objects where dimension_role = 'unit')
               * (select count(*) from marts.dim_report_periods where status = 'closed')""").fetchone()
    assert 0 < rows_total <= bound


def test_monthly_income_statement_has_closed_months_only(warehouse):
    rows = warehouse.execute("""
        select closed_months, month_08_amount is not null, month_09_amount is null, count(*)
        from marts.rpt_income_statement_monthly where fiscal_year_start = date '2023-01-01'
        group by all""").fetchall()
    assert [row[:3] for row in rows] == [(8, True, True)]
    labels = warehouse.execute("""
        select label from marts.rpt_income_statement_monthly where fiscal_year_start = date '2023-01-01'
        order by row_order""").fetchall()
    printed = warehouse.execute("""
        select label from marts.rpt_income_statement where report_period = date '2023-08-31'
        order by row_order""").fetchall()
    assert labels == printed


def test_general_ledger_running_balance(warehouse):
    rows = warehouse.execute("""
        select row_kind, amount, running_balance from marts.rpt_general_ledger
        where fiscal_year_start = date '2023-01-01'
            and account = (select min(account) from marts.rpt_general_ledger where row_kind = 'opening')
        order by row_order""").fetchall()
    assert rows[0][0] == "opening" and rows[0][1] == rows[0][2]
    balance = 0
    for _, amount, running in rows:
        balance += amount
        assert running == balance


def test_exposures_name_what_the_code_reads(warehouse):
    exposures = _exposures()
    report_dir = Path(report.__file__).parent
    read = set()
    for source in [*report_dir.glob("*.py"), report_dir / "tables.toml"]:
        read |= set(re.findall(r"marts\.((?:rpt|fct|dim)_\w+)", source.read_text(encoding="utf-8")))
    assert exposures["report_pack"] == read
    assert exposures["parquet_bi_export"] == set(exports.mart_tables(warehouse))
    for yml_exposure in yaml.safe_load(
        (paths.dbt_project_dir() / "models" / "marts" / "_exposures.yml").read_text(encoding="utf-8")
    )["exposures"]:
        assert yml_exposure["owner"]["email"] and yml_exposure["maturity"]


def test_bi_marts_have_enforced_contracts(warehouse):
    models = _models()
    for name in CONTRACTED:
        model = models[name]
        assert model.get("config", {}).get("contract", {}).get("enforced") is True, name
        declared = [column["name"] for column in model["columns"]]
        assert all(column.get("data_type") for column in model["columns"]), name
        built = [
            row[0]
            for row in warehouse.execute(
                "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
                "order by ordinal_position",
                [name],
            ).fetchall()
        ]
        assert sorted(declared) == sorted(built), name


def _freshness(database, target) -> tuple[bool, str]:
    result = dbt_runner.run_dbt(dbt_runner.FRESHNESS_COMMAND, database, target_dir=target)
    sources = json.loads((target / "sources.json").read_text(encoding="utf-8"))
    (status,) = {
        entry["status"] for entry in sources["results"] if entry["unique_id"] == "source.rakenskaper.sie.sie_files"
    }
    return result.success, status


def test_source_freshness_passes_on_tonights_load_warns_then_errors_when_stale(published_copy, tmp_path):
    database = tmp_path / "freshness.duckdb"
    shutil.copy(published_copy, database)
    target = tmp_path / "target"
    target.mkdir()

    # the demo's #GEN is 2023-09-12, but its files were loaded tonight: fresh
    assert _freshness(database, target) == (True, "pass")

    def loaded(days_ago: float) -> None:
        con = duckdb.connect(str(database))
        try:
            con.execute("update raw.sie_files set loaded_at = ?", [datetime.now() - timedelta(days=days_ago)])
        finally:
            con.close()

    loaded(3)  # two nights without a new export: a warning, the command still succeeds
    assert _freshness(database, target) == (True, "warn")
    loaded(8)  # a week: an error, the command fails
    assert _freshness(database, target) == (False, "error")
