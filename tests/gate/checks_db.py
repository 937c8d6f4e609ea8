"""A DuckDB file holding the checks.* tables the gate reads, filled with rows a test chooses: the gate is
tested on them without running dbt."""

from __future__ import annotations

from pathlib import Path

import duckdb

# one row per file × series × month, its worst voucher as the example (dbt model chk_voucher_balance)
VOUCHERS_DDL = """create table checks.chk_voucher_balance(
    source_file_name varchar, series varchar, voucher_number varchar, voucher_date date,
    line_no integer, posting_total decimal(18,2), unbalanced_voucher_count integer)"""
BALANCE_DDL = """create table checks.chk_balance_sheet_identity(
    month_end date, total_assets decimal(18,2), total_equity_and_liabilities decimal(18,2),
    difference decimal(18,2))"""
TIES_DDL = """create table checks.chk_ledger_ties_to_sie(
    source_file_name varchar, fiscal_year_start date, account varchar, balance_kind varchar,
    expected_amount decimal(18,2), computed_amount decimal(18,2), difference decimal(18,2))"""

RECONCILIATION_DDL = """create table checks.chk_reconciliation(
    month_end date, control_point varchar, label varchar, unit_code varchar, account varchar,
    ledger_value decimal(18,2), subledger_value decimal(18,2), difference decimal(18,2),
    tolerance_sek decimal(18,2), status varchar, severity varchar, blocking_status varchar,
    warning_status varchar)"""

GOOD_VOUCHERS = [
    ("fy2024.se", "A", "1", "2024-01-05", 120, "0.00", 0),
    ("fy2024.se", "A", "2", "2024-02-09", 126, "0", 0),
    ("fy2024.se", "B", "1", "2024-01-31", 3905, "0.00", 0),
]
GOOD_BALANCE = [
    ("2024-01-31", "1250000.50", "1250000.50", "0.00"),
    ("2024-02-29", "1300000.00", "1300000.00", "0.00"),
    ("2024-03-31", "99999999.99", "99999999.99", "0.00"),
]
GOOD_TIES = [
    ("fy2024.se", "2024-01-01", "1930", "UB", "5000.00", "5000.00", "0.00"),
    ("fy2024.se", "2024-01-01", "3010", "RES", "-12000.25", "-12000.25", "0.00"),
]


def make_db(
    path: Path,
    *,
    vouchers=GOOD_VOUCHERS,
    balance=GOOD_BALANCE,
    ties=GOOD_TIES,
    vouchers_ddl=VOUCHERS_DDL,
    balance_ddl=BALANCE_DDL,
    ties_ddl=TIES_DDL,
    reconciliation=(),
    reconciliation_ddl=RECONCILIATION_DDL,
) -> Path:
    """A build DuckDB file with the check tables (the reconciliation empty, as for a ledger-only entity);
    a *_ddl of None leaves that table out."""
    con = duckdb.connect(str(path))
    con.execute("create schema checks")
    for ddl, rows, table in (
        (vouchers_ddl, vouchers, "chk_voucher_balance"),
        (balance_ddl, balance, "chk_balance_sheet_identity"),
        (ties_ddl, ties, "chk_ledger_ties_to_sie"),
        (reconciliation_ddl, reconciliation, "chk_reconciliation"),
    ):
        if ddl is None:
            continue
        con.execute(ddl)
        table = ddl.split("(")[0].split()[-1]
        ncols = len(con.execute(f"select * from {table} limit 0").description)
        if rows:
            con.executemany(
                f"insert into {table} values ({', '.join('?' * ncols)})",
                [list(r) for r in rows],
            )
    con.close()
    return path
