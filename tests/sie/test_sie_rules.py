"""The SIE content rules (rakenskaper.sie.rules) on hand-made tables, without the reader: each rule fires on
the rows that break it, names file, line, record, voucher and reason, and is silent on rows that keep it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from rakenskaper.sie import rules
from rakenskaper.sie.model import FiscalYear, SieFile
from rakenskaper.sie.tables import VOUCHER_COLUMNS

_TABLES = {
    "accounts": "account VARCHAR, account_name VARCHAR, account_type VARCHAR, sru_code VARCHAR, line_no INTEGER",
    "balances": "record_type VARCHAR, year_index INTEGER, account VARCHAR, amount DECIMAL(18,2), line_no INTEGER, "
    "problem VARCHAR, detail VARCHAR",
    "period_balances": "record_type VARCHAR, account VARCHAR, line_no INTEGER, problem VARCHAR, detail VARCHAR",
    "vouchers": VOUCHER_COLUMNS,
    "unbalanced": "voucher_id BIGINT, total DECIMAL(18,2)",
    "totals": "account VARCHAR, voucher_date DATE, transaction_date DATE, amount DECIMAL(18,2), postings BIGINT, "
    "first_line INTEGER, first_voucher_id BIGINT",
    "sru_accounts": "account VARCHAR, line_no INTEGER",
    "problems": "line_no INTEGER, record_type VARCHAR, voucher_id BIGINT, problem VARCHAR, detail VARCHAR",
}


class Book:
    """One file's tables, empty until a test inserts rows."""

    def __init__(self, sie_type: str | None = "4"):
        self.con = duckdb.connect()
        for name, columns in _TABLES.items():
            self.con.execute(f"CREATE TABLE {name} ({columns})")
        self.sie = SieFile(
            path=Path("fy2024.se"),
            sha256="0" * 64,
            encoding="cp437",
            encoding_warning=None,
            header={"sie_type": sie_type},
            fiscal_years=[FiscalYear(0, date(2024, 1, 1), date(2024, 12, 31), 9)],
            counts={},
            ksumma_status="absent",
            violations=[],
            name="fy2024.se",
        )

    def add(self, table: str, *rows: tuple) -> Book:
        marks = ", ".join("?" for _ in rows[0])
        self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", [list(r) for r in rows])
        return self

    def voucher(self, voucher_id: int, series: str, number: str, day: date, line_no: int) -> Book:
        return self.add("vouchers", (voucher_id, series, number, day, "text", None, None, line_no))

    def declare(self, *accounts: str) -> Book:
        return self.add("accounts", *[(a, f"konto {a}", None, None, 20 + i) for i, a in enumerate(accounts)])

    def check(self) -> list:
        t = {name: name for name in _TABLES if name != "problems"}
        return rules.check(self.con, self.sie, t, "problems")


def _by_rule(violations, rule):
    return [v for v in violations if v.rule == rule]


def _one_voucher_book(moved: str, ib: str, ub: str, res: str) -> Book:
    """1930 and 3010 declared, one voucher (line 40) moving `moved` from 3010 to 1930 (lines 41, 42), and the
    year's #IB / #UB of 1930 and #RES of 3010 (lines 30–32)."""
    book = Book().declare("1930", "3010").voucher(1, "A", "1", date(2024, 3, 1), 40)
    book.add(
        "totals",
        ("1930", date(2024, 3, 1), None, Decimal(moved), 1, 41, 1),
        ("3010", date(2024, 3, 1), None, -Decimal(moved), 1, 42, 1),
    )
    return book.add(
        "balances",
        ("IB", 0, "1930", Decimal(ib), 30, None, None),
        ("UB", 0, "1930", Decimal(ub), 31, None, None),
        ("RES", 0, "3010", Decimal(res), 32, None, None),
    )


def test_a_book_that_keeps_every_rule_has_no_violation():
    book = _one_voucher_book("100.00", ib="0.00", ub="100.00", res="-100.00")
    assert book.check() == []


def test_an_unbalanced_voucher_is_named_with_its_line_and_sum():
    book = Book().declare("1930").voucher(7, "B", "1", date(2024, 3, 1), 3905).add("unbalanced", (7, Decimal("0.01")))
    [violation] = book.check()
    assert (violation.rule, violation.line_no, violation.record_type, violation.voucher) == (
        "UNBALANCED_VOUCHER",
        3905,
        "VER",
        "B 1",
    )
    assert violation.message == "voucher B 1 (2024-03-01) does not balance: its #TRANS rows sum to 0.01"
    assert violation.file == "fy2024.se" and violation.severity == "error"


def test_an_account_number_must_have_the_charts_digits(monkeypatch):
    book = Book().declare("1930", "11AF", "19301234")
    bad = _by_rule(book.check(), "BAD_ACCOUNT")
    assert [v.message for v in bad] == [
        "account number '11AF' is not a number of 4–6 digits",
        "account number '19301234' is not a number of 4–6 digits",
    ]
    assert [v.line_no for v in bad] == [21, 22] and {v.record_type for v in bad} == {"KONTO"}
    monkeypatch.setenv(rules.ACCOUNT_DIGITS_ENV, "4-8")  # a chart with longer sub-accounts
    assert [v.message for v in _by_rule(book.check(), "BAD_ACCOUNT")] == [
        "account number '11AF' is not a number of 4–8 digits"
    ]
    monkeypatch.setenv(rules.ACCOUNT_DIGITS_ENV, "8-4")
    with pytest.raises(ValueError, match="write MIN-MAX digits"):
        book.check()


def test_every_account_used_must_be_declared():
    book = Book().declare("1930").voucher(1, "A", "1", date(2024, 3, 1), 40)
    book.add("totals", ("3010", date(2024, 3, 1), None, Decimal("-5.00"), 2, 41, 1))
    book.add("sru_accounts", ("3011", 12))
    book.add("balances", ("IB", 0, "1930", Decimal("0.00"), 30, None, None))  # declared: fine
    undeclared = _by_rule(book.check(), "UNDECLARED_ACCOUNT")
    assert [(v.line_no, v.record_type, v.message) for v in undeclared] == [
        (12, "SRU", "account 3011 is used 1 time(s) but not declared by #KONTO"),
        (41, "TRANS", "account 3010 is used 2 time(s) but not declared by #KONTO"),
    ]


def test_voucher_and_transaction_dates_must_fall_in_a_fiscal_year():
    book = Book().declare("1930").voucher(1, "A", "1", date(2025, 1, 2), 40).voucher(2, "A", "2", date(2024, 5, 1), 50)
    book.add(
        "totals",
        ("1930", date(2024, 5, 1), date(2023, 12, 31), Decimal("0.00"), 3, 51, 2),
        ("1930", date(2024, 5, 1), date(2024, 5, 1), Decimal("0.00"), 1, 52, 2),
    )
    outside = _by_rule(book.check(), "DATE_OUTSIDE_FISCAL_YEARS")
    assert [(v.line_no, v.record_type, v.voucher, v.message) for v in outside] == [
        (40, "VER", "A 1", "voucher date 2025-01-02 is outside every #RAR fiscal year of the file"),
        (
            51,
            "TRANS",
            "A 2",
            "transaction date 2023-12-31 is outside every #RAR fiscal year of the file (3 postings, the first here)",
        ),
    ]


def test_the_ledger_must_tie_to_its_closing_balances_and_result():
    book = _one_voucher_book("50.00", ib="100.00", ub="140.00", res="-40.00")
    ties = _by_rule(book.check(), "LEDGER_DOES_NOT_TIE")
    assert [(v.line_no, v.record_type, v.message) for v in ties] == [
        (31, "UB", "account 1930, year 0: IB 100.00 + sum of #TRANS 50.00 = 150.00, but #UB is 140.00"),
        (32, "RES", "account 3010, year 0: sum of #TRANS -50.00, but #RES is -40.00"),
    ]
    # a type 1–3 file has balances and no vouchers by design (NOT_SIE4 says why it is refused)
    book.sie.header["sie_type"] = "2"
    assert _by_rule(book.check(), "LEDGER_DOES_NOT_TIE") == []


def test_row_problems_become_violations_and_a_ver_without_series_says_so():
    book = Book().declare("1930").voucher(3, "1", "20240115", None, 60)
    book.add(
        "problems",
        (60, "VER", 3, "BAD_DATE", "Hyra"),  # "#VER 1 20240115 Hyra": the series left out
        (61, "TRANS", 3, "BAD_AMOUNT", "12,50"),
    )
    book.add("balances", ("UB", 7, "1930", None, 33, "UNKNOWN_YEAR_INDEX", "7"))
    found = {v.rule: v for v in book.check()}
    assert found["MISSING_SERIES"].line_no == 60 and found["MISSING_SERIES"].message.startswith(
        "#VER has no series: '1' stands where the series should be"
    )
    assert found["BAD_AMOUNT"].message == "amount '12,50' is not a number with a decimal point"
    assert found["BAD_AMOUNT"].voucher == "1 20240115" and found["BAD_AMOUNT"].record_type == "TRANS"
    assert found["UNKNOWN_YEAR_INDEX"].message == "year index '7' has no #RAR record"


def test_each_rule_reports_at_most_max_per_rule_rows():
    book = Book().declare(*(f"X{i}" for i in range(rules.MAX_PER_RULE + 50)))
    bad = _by_rule(book.check(), "BAD_ACCOUNT")
    assert len(bad) == rules.MAX_PER_RULE
    assert [v.line_no for v in bad] == sorted(v.line_no for v in bad)
