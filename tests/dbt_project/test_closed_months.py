"""A month is a report period only when it is closed (int_fiscal_years, marts.dim_report_periods).

One copy of the demo sources, with one more voucher dated 2023-09-05 (a supplier invoice early in a month
nobody has closed), is run three times on one warehouse (module-scoped: whole runs are the slow part):
what the books show (the P-series accruals end at 2023-08-31), then with the entity profile's
[books] closed_through = "2023-05", then with `rakenskaper run --closed-through 2023-06` over that profile.
Each published warehouse is kept as a snapshot for the tests to read. The rules themselves, edge by edge,
are dbt unit tests (models/intermediate/_intermediate__models.yml)."""

from __future__ import annotations

import calendar
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from rakenskaper import cli, dbt_runner, pipeline
from rakenskaper.paths import demo_sources_dir

LEDGER_2023 = "brsk_2023.se"
EXTRA_DAY = date(2023, 9, 5)
EXTRA_AMOUNT = Decimal("12500.00")
EXTRA_COST_ACCOUNT, EXTRA_LIABILITY_ACCOUNT = "6410", "2440"


def _with_an_early_september_voucher(data: bytes) -> bytes:
    """The 2023 export with one more supplier invoice, dated 2023-09-05, and its closing figures (#RES of the
    cost account, #UB of the liability) moved by it, so that the file still ties to its vouchers. The
    checksum records are dropped (a file without #KSUMMA is valid)."""
    text = data.decode("cp437")
    text = re.sub(r"(?m)^#KSUMMA[^\r\n]*\r?\n", "", text)

    def moved(record: str, account: str, by: Decimal) -> None:
        nonlocal text
        pattern = re.compile(rf"(?m)^(#{record} 0 {account} )(-?\d+\.\d\d)")
        match = pattern.search(text)
        assert match, f"#{record} 0 {account} is in the demo's 2023 export"
        text = text[: match.start(2)] + f"{Decimal(match.group(2)) + by:.2f}" + text[match.end(2) :]

    moved("RES", EXTRA_COST_ACCOUNT, EXTRA_AMOUNT)
    moved("UB", EXTRA_LIABILITY_ACCOUNT, -EXTRA_AMOUNT)
    number = max(int(n) for n in re.findall(r"(?m)^#VER L (\d+) ", text)) + 1
    day = EXTRA_DAY.strftime("%Y%m%d")
    text += (
        f'#VER L {number} {day} "Leverantörsfaktura konsulttjänster, september" {day}\r\n{{\r\n'
        f'#TRANS {EXTRA_COST_ACCOUNT} {{1 "300"}} {EXTRA_AMOUNT}\r\n'
        f"#TRANS {EXTRA_LIABILITY_ACCOUNT} {{}} {-EXTRA_AMOUNT}\r\n}}\r\n"
    )
    return text.encode("cp437")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """{'books' | 'profile' | 'run': (snapshot of the published warehouse, sources)}."""
    root = tmp_path_factory.mktemp("closed_months")
    sources = root / "sources"
    shutil.copytree(demo_sources_dir(), sources)
    ledger = sources / "ledger" / LEDGER_2023
    ledger.write_bytes(_with_an_early_september_voucher(ledger.read_bytes()))
    warehouse = root / "warehouse" / "rakenskaper.duckdb"
    snapshots: dict[str, Path] = {}

    def keep(name: str) -> None:
        snapshots[name] = root / f"{name}.duckdb"
        shutil.copyfile(warehouse.resolve(), snapshots[name])

    pipeline.run(pipeline.Settings.from_env(sources=sources, warehouse=warehouse))
    keep("books")
    profile = sources / "entity.toml"
    profile.write_text(
        profile.read_text(encoding="utf-8") + '\n[books]\nclosed_through = "2023-05"\n', encoding="utf-8"
    )
    pipeline.run(pipeline.Settings.from_env(sources=sources, warehouse=warehouse))
    keep("profile")
    # the run's choice, on the command line, over the profile's month
    assert (
        cli.main(["run", "--sources", str(sources), "--warehouse", str(warehouse), "--closed-through", "2023-06"]) == 0
    )
    keep("run")
    return {name: (path, sources) for name, path in snapshots.items()}


def _query(path: Path, sql: str, *params):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _report_periods(path: Path) -> dict[str, list[date]]:
    """The report periods each place that has them holds."""
    return {
        table: [r[0] for r in _query(path, f"select distinct report_period from {table} order by 1")]
        for table in (
            "intermediate.int_report_periods",
            "marts.rpt_income_statement",
            "marts.rpt_balance_sheet",
            "marts.rpt_notes",
        )
    }


def _month_ends(year: int, last_month: int) -> list[date]:
    """The month-ends of January … last_month of a calendar year."""
    return [date(year, month, calendar.monthrange(year, month)[1]) for month in range(1, last_month + 1)]


def _status(path: Path) -> dict[date, tuple[str, str | None, int]]:
    return {
        period: (status, closed_by, vouchers)
        for period, status, closed_by, vouchers in _query(
            path, "select report_period, status, closed_by, voucher_count from marts.dim_report_periods"
        )
    }


def test_an_early_voucher_of_an_open_month_makes_no_report_period(runs):
    path, _ = runs["books"]
    expected = _month_ends(2022, 12) + _month_ends(2023, 8)
    for table, periods in _report_periods(path).items():
        assert periods == expected, table
    status = _status(path)
    assert status[date(2023, 9, 30)] == ("preliminary", None, 1)
    assert status[date(2023, 8, 31)][:2] == ("closed", "accrual vouchers")
    assert {status[month_end][:2] for month_end in _month_ends(2022, 12)} == {("closed", "later fiscal year")}
    assert sorted(status) == expected + [date(2023, 9, 30)]


def test_the_open_months_postings_stay_in_the_ledger(runs):
    path, _ = runs["books"]
    rows = _query(
        path,
        "select account, amount, period_month from marts.fct_general_ledger where voucher_date = ? order by account",
        EXTRA_DAY,
    )
    assert rows == [
        (EXTRA_LIABILITY_ACCOUNT, -EXTRA_AMOUNT, date(2023, 9, 1)),
        (EXTRA_COST_ACCOUNT, EXTRA_AMOUNT, date(2023, 9, 1)),
    ]
    # the file still ties to its vouchers, the open month's included
    assert _query(path, "select count(*) from checks.chk_ledger_ties_to_sie where difference <> 0") == [(0,)]


def test_an_open_month_changes_no_figure_of_a_closed_one(runs, demo_run):
    """Every report mart at every report period equals the plain demo's, row for row."""
    path, _ = runs["books"]
    settings, _ = demo_run
    con = duckdb.connect()
    try:
        con.execute(f"attach '{path}' as ours (read_only)")
        con.execute(f"attach '{settings.warehouse_path}' as demo (read_only)")
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from duckdb_columns() where database_name = 'ours' and schema_name = 'marts' "
                "and column_name = 'report_period' and table_name like 'rpt_%' "
                "and table_name not like 'rpt_drilldown%' "
                "group by table_name order by 1"
            ).fetchall()
        ]
        assert "rpt_income_statement" in tables and "rpt_balance_sheet" in tables
        for table in tables:
            assert con.execute(f"select count(*) from ours.marts.{table}").fetchone()[0] > 0, table
            differing = con.execute(f"""
                select count(*) from (
                    (select * from ours.marts.{table} except all select * from demo.marts.{table})
                    union all
                    (select * from demo.marts.{table} except all select * from ours.marts.{table}))""").fetchone()[0]
            assert differing == 0, table
    finally:
        con.close()


def test_the_profile_month_closes_the_books_through_it(runs):
    path, _ = runs["profile"]
    for table, periods in _report_periods(path).items():
        assert periods == _month_ends(2022, 12) + _month_ends(2023, 5), table
    status = _status(path)
    assert {status[month_end][:2] for month_end in _month_ends(2023, 5)} == {("closed", "entity profile")}
    assert [status[d][0] for d in sorted(status) if d > date(2023, 5, 31)] == ["preliminary"] * 4
    in_force = _query(
        path,
        "select setting_value, origin, line_no from marts.dim_entity_profile where setting = 'books.closed_through'",
    )
    assert in_force[0][:2] == ("2023-05", "entity.toml") and in_force[0][2] > 0
    # the payroll and internal-bank files of June–August wait for their months to close: compared through May,
    # every comparison agreeing (a pay period of an open month was once a false blocking difference)
    assert _query(
        path,
        "select subledger, max(month_end), count(*) filter (where status <> 'ok') "
        "from marts.rpt_reconciliation group by subledger order by 1",
    ) == [("internal_bank", date(2023, 5, 31), 0), ("payroll", date(2023, 5, 31), 0)]


def test_the_runs_month_wins_over_the_profile(runs, demo_run):
    path, _ = runs["run"]
    for table, periods in _report_periods(path).items():
        assert periods == _month_ends(2022, 12) + _month_ends(2023, 6), table
    status = _status(path)
    assert {status[month_end][:2] for month_end in _month_ends(2023, 6)} == {("closed", "run")}
    assert {status[month_end][:2] for month_end in _month_ends(2022, 12)} == {("closed", "later fiscal year")}
    assert [status[d][0] for d in sorted(status) if d > date(2023, 6, 30)] == ["preliminary"] * 3
    # June's statements are the same whether June is the last closed month or August is
    settings, _ = demo_run
    june = "select * from marts.rpt_income_statement where report_period = date '2023-06-30' order by row_order"
    assert _query(path, june) == _query(settings.warehouse_path, june) != []


def test_a_bad_closed_through_stops_the_run_before_any_work(runs, tmp_path, capsys):
    _, sources = runs["run"]
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"
    assert (
        cli.main(["run", "--sources", str(sources), "--warehouse", str(warehouse), "--closed-through", "2023-6"]) == 2
    )
    assert "closed_through must be a month as YYYY-MM (e.g. 2023-08), not '2023-6'" in capsys.readouterr().err
    assert not warehouse.parent.exists()


def test_a_bad_closed_through_var_given_to_dbt_itself_fails_naming_it(runs, tmp_path):
    """Cosmos or a hand-run dbt passes --vars without the pipeline's check: the build stops at compile."""
    path, _ = runs["run"]
    database = tmp_path / "copy.duckdb"
    shutil.copyfile(path, database)
    result = dbt_runner.run_dbt(
        ["compile", "--select", "int_fiscal_years", "--vars", '{"closed_through": "juni"}'],
        database,
        target_dir=tmp_path / "target",
    )
    assert not result.success
    assert "var closed_through must be a month as YYYY-MM (e.g. 2023-08), not 'juni'" in result.output
