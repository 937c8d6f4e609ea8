"""The nightly job on the bundled demo: it publishes a warehouse whose statements are the published ones."""

from __future__ import annotations

import csv

import duckdb
import pytest

from tests.support import published_reference_dir


def _read_reference(name):
    with (published_reference_dir() / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _query(db_path, sql, params=()):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def query(demo_run):
    """One SQL statement on the demo's published warehouse, read-only: its rows."""
    settings, _ = demo_run
    return lambda sql, params=(): _query(settings.warehouse_path, sql, params)


def test_run_publishes_and_cleans_up(demo_run):
    settings, outcome = demo_run
    assert settings.warehouse_path.exists()
    assert not settings.build_path.exists(), "the build file is moved, not copied, when published"
    assert outcome["gate"]["passed"] is True
    files = {entry["file"]: entry for entry in outcome["load"]["files"]}
    assert set(files) == {"brsk_2022.se", "brsk_2023.se"}
    assert all(entry["status"] == "loaded" for entry in files.values())


def test_income_statement_reproduces_2_1_1(query):
    """Every line of 2.1.1 at 2023-08-31, in every column the ledger can give (the forecast column
    comes from a forecast source, a later issue), equals the published tkr figure."""
    rows = query(
        """
        select label, note_no, periodiserat_prior_tkr, utfall_tkr, periodiserat_tkr, budget_tkr
        from marts.rpt_income_statement where report_period = date '2023-08-31' order by row_order""",
    )
    reference = _read_reference("income_statement_total.csv")
    assert [row[0] for row in rows] == [ref["line"] for ref in reference], "same lines in the same order"
    for (label, note, prior, utfall, periodiserat, budget), ref in zip(rows, reference):
        assert (note or "") == ref["note"], label
        assert prior == int(ref["periodiserat_2201_2208"]), label
        assert utfall == int(ref["utfall_2301_2308"]), label
        assert periodiserat == int(ref["periodiserat_2301_2308"]), label
        assert budget == int(ref["budget_2023"]), label


def test_balance_sheet_reproduces_2_2(query):
    rows = query(
        """
        select label, level, note_no, at_same_date_prior_year_tkr, at_prior_year_end_tkr, at_report_date_tkr
        from marts.rpt_balance_sheet where report_period = date '2023-08-31' order by row_order""",
    )
    reference = _read_reference("balance_sheet.csv")
    assert [row[0] for row in rows] == [ref["line"] for ref in reference]
    for (label, level, note, same_date, year_end, report_date), ref in zip(rows, reference):
        assert level == ref["level"], label
        assert (note or "") == ref["note"], label
        assert (same_date, year_end, report_date) == (
            int(ref["at_2022_08_31"]),
            int(ref["at_2022_12_31"]),
            int(ref["at_2023_08_31"]),
        ), label


def test_the_2022_columns_are_reports_of_their_own(query):
    """The demo's earlier month-ends are report periods too: 2022-08 gives the 2.2 first column and the
    2.1.1 prior-period column as its own current figures."""
    bs = dict(
        query(
            """
        select label, at_report_date_tkr from marts.rpt_balance_sheet where report_period = date '2022-08-31'""",
        )
    )
    for ref in _read_reference("balance_sheet.csv"):
        assert bs[ref["line"]] == int(ref["at_2022_08_31"]), ref["line"]
    income = dict(
        query(
            """
        select label, periodiserat_tkr from marts.rpt_income_statement where report_period = date '2022-08-31'""",
        )
    )
    for ref in _read_reference("income_statement_total.csv"):
        assert income[ref["line"]] == int(ref["periodiserat_2201_2208"]), ref["line"]


def test_full_year_2022_result(query):
    summary = {ref["line"]: ref for ref in _read_reference("income_statement_summary.csv")}
    (result,) = query(
        """
        select periodiserat_tkr from marts.rpt_income_statement
        where report_period = date '2022-12-31' and line_code = 'period_result'""",
    )
    assert result[0] == int(summary["Periodens resultat"]["utfall_2022"])


def test_every_month_end_balances_to_the_ore(query):
    rows = query("select month_end, difference from checks.chk_balance_sheet_identity")
    assert len(rows) >= 20  # 2021-12-31 (opening) and every month-end of 2022 and Jan–Aug 2023
    assert all(difference == 0 for _, difference in rows)


def test_money_is_exact_decimal_with_ore(query):
    types = dict(
        query(
            """
        select column_name, data_type from information_schema.columns
        where table_schema = 'marts' and table_name = 'fct_general_ledger'""",
        )
    )
    assert types["amount"] == "DECIMAL(18,2)"


def test_every_figure_traces_to_postings(query):
    """An auditor's path: a balance-sheet line at a date is the sum of opening balances and postings,
    each with its source file and line."""
    (traced,) = query(
        """
        select sum(amount) from marts.fct_general_ledger
        where line_code = 'claim_on_internal_bank' and voucher_date <= date '2023-08-31'
          and fiscal_year_start = date '2023-01-01'""",
    )
    (opening,) = query(
        """
        select sum(amount) from staging.stg_sie__balances b join marts.dim_accounts a using (account)
        where b.record_type = 'IB' and b.year_index = 0 and b.fiscal_year_start = date '2023-01-01'
          and a.line_code = 'claim_on_internal_bank'""",
    )
    (reported,) = query(
        """
        select amount_at_report_date from marts.rpt_balance_sheet
        where report_period = date '2023-08-31' and line_code = 'claim_on_internal_bank'""",
    )
    assert opening[0] + traced[0] == reported[0]
    (untraceable,) = query(
        "select count(*) from marts.fct_general_ledger where source_file_name is null or line_no is null",
    )
    assert untraceable[0] == 0
