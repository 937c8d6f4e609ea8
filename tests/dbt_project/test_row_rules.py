"""The generic test row_rules (dbt_project/tests/generic/row_rules.sql) holds a model's row rules in one dbt node:
each rule it is given must still catch its own kind of broken row, and name it."""

from __future__ import annotations

import duckdb

from rakenskaper import dbt_runner
from tests.support import demo_warehouse_copy


def test_each_rule_catches_and_names_its_broken_rows(demo_run, tmp_path):
    database, target = demo_warehouse_copy(demo_run, tmp_path)
    con = duckdb.connect(str(database))
    try:
        table = "intermediate.int_report_period_columns"
        (rows,) = con.execute(f"select count(*) from {table}").fetchone()
        # one broken row per rule: a repeated key, a NULL key column, an unknown column name and a span that
        # does not start on the 1st of a month
        con.execute(f"insert into {table} select * from {table} where period_column = 'current' limit 1")
        con.execute(f"""insert into {table} select null, 'current', span_start, span_end, opening_date
                        from {table} limit 1""")
        con.execute(f"""insert into {table} select report_period, 'whole_decade', span_start, span_end, opening_date
                        from {table} limit 1""")
        con.execute(f"""insert into {table} select report_period, 'prior_year', span_start + 14, span_end, opening_date
                        from {table} where period_column = 'current' limit 1""")
    finally:
        con.close()

    result = dbt_runner.run_dbt(
        ["test", "--select", "int_report_period_columns,test_name:row_rules"], database, target_dir=target
    )

    assert rows > 0
    assert not result.success
    (failure,) = [f for f in result.failures if "row_rules_int_report_period_columns" in f]
    assert "fail" in failure
    for rule in (
        "unique: report_period, period_column",
        "not_null: report_period",
        "accepted_values: period_column",
        "expression: span_start = date_trunc",
    ):
        assert rule in failure, failure
    assert "whole_decade" in failure  # the offending value is shown
