"""Two entities that are not the demo publish with nothing but their sources and entity.toml: a
kommunalförbund (norrmark: payroll in series LON, an internal bank on 1685, member contributions on 3610)
and a small kommun (ekby: tax revenue, generella statsbidrag, an equalisation fee). Their statements are
checked against figures computed here from their vouchers by Kommun-Bas group, not through the product's
mapping; a ledger without any profile publishes too."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from rakenskaper import pipeline
from tests.entities.books import Books
from tests.entities.generate import write_entity

REPORT_PERIOD = date(2024, 6, 30)
FIRST_CUSTOMER = re.compile(
    r"borås|boras|e20|vgr|drum|navet|sjuhärad|förbundskansli|närvård|boråsregionen", re.IGNORECASE
)


def _run(root: Path, key: str, *, keep_profile: bool = True):
    sources = root / key / "sources"
    books = write_entity(key, sources)
    if not keep_profile:
        (sources / "entity.toml").unlink()
    settings = pipeline.Settings.from_env(sources=sources, warehouse=root / key / "warehouse" / "rakenskaper.duckdb")
    pipeline.run(settings)
    return books, settings


@pytest.fixture(scope="session")
def entities(tmp_path_factory):
    """Each fixture entity generated and run once: {key: (books, settings)}."""
    root = tmp_path_factory.mktemp("entities")
    return {
        "norrmark": _run(root, "norrmark"),
        "ekby": _run(root, "ekby"),
        "ekby_without_profile": _run(root / "bare", "ekby", keep_profile=False),
    }


def _query(settings, sql: str, *params):
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def expected_income_statement(
    books: Books, *, accruals: bool, member_contributions: set[str], internal: set[str]
) -> dict[str, int]:
    """Year-to-date amounts in öre, report sign (revenue positive), by Kommun-Bas group of the account."""
    out: dict[str, int] = defaultdict(int)
    for voucher in books.vouchers:
        if voucher.day > REPORT_PERIOD or (voucher.series == "P" and not accruals):
            continue
        for account, _, _, ore in voucher.rows:
            group = account[:2]
            if account in internal:
                continue  # eliminated in the total
            if account in member_contributions:
                line = "member_contribution"
            elif account[0] == "3":
                line = "operating_revenue"
            elif group == "79":
                line = "depreciation"
            elif account[0] in "4567":
                line = "operating_costs"
            elif group == "80":
                line = "tax_revenue"
            elif group in ("82", "83"):
                line = "general_grants_and_equalisation"
            elif group == "84":
                line = "financial_income"
            elif group == "85":
                line = "financial_costs"
            else:
                continue
            out[line] -= ore
    out["period_result"] = sum(v for k, v in out.items())
    return dict(out)


def expected_balances(books: Books) -> dict[str, int]:
    """Balances at the report date in öre, report sign (assets positive, claims positive)."""
    balance = defaultdict(int, books.opening)
    result = 0
    for voucher in books.vouchers:
        for account, _, _, ore in voucher.rows:
            if account[0] in "12":
                balance[account] += ore
            else:
                result += ore
    return {
        "total_assets": sum(v for a, v in balance.items() if a[0] == "1"),
        "total_equity_and_liabilities": -sum(v for a, v in balance.items() if a[0] == "2") - result,
        "claim_on_internal_bank": balance.get("1685", 0),
        "cash": sum(v for a, v in balance.items() if a[:2] == "19"),
        "equity_result_of_year": -result,
    }


def _income_statement(settings) -> dict[str, tuple[int, int]]:
    rows = _query(
        settings,
        """
        select line_code, sum(utfall_amount), sum(periodiserat_amount)
        from marts.rpt_income_statement where report_period = ? group by line_code""",
        REPORT_PERIOD,
    )
    return {line: (int(round(u * 100)), int(round(p * 100))) for line, u, p in rows}


@pytest.mark.parametrize(
    "key, member_contributions, internal",
    [
        ("norrmark", {"3610"}, {"3790", "7790"}),
        ("ekby", set(), set()),
    ],
)
def test_income_statement_equals_the_vouchers_by_kommunbas_group(entities, key, member_contributions, internal):
    books, settings = entities[key]
    ours = _income_statement(settings)
    utfall = expected_income_statement(
        books, accruals=False, member_contributions=member_contributions, internal=internal
    )
    periodiserat = expected_income_statement(
        books, accruals=True, member_contributions=member_contributions, internal=internal
    )
    for line in periodiserat:
        assert ours[line] == (utfall.get(line, 0), periodiserat[line]), line
    if key == "norrmark":  # the accruals of June are still in: periodiserat differs from utfall
        assert utfall["operating_costs"] != periodiserat["operating_costs"]


def test_a_kommun_prints_the_kommun_layout(entities):
    _, settings = entities["ekby"]
    labels = [
        r[0]
        for r in _query(
            settings,
            "select label from marts.rpt_income_statement where report_period = ? order by row_order",
            REPORT_PERIOD,
        )
    ]
    assert labels == [
        "Verksamhetens intäkter",
        "Verksamhetens kostnader",
        "Avskrivningar",
        "Verksamhetens nettokostnader",
        "Skatteintäkter",
        "Generella statsbidrag och utjämning",
        "Verksamhetens resultat",
        "Finansiella intäkter",
        "Finansiella kostnader",
        "Resultat efter finansiella poster",
        "Periodens resultat",
    ]
    operating = dict(
        _query(
            settings,
            "select line_code, utfall_amount from marts.rpt_income_statement where report_period = ?",
            REPORT_PERIOD,
        )
    )
    assert operating["operating_result"] == (
        operating["net_operating_costs"] + operating["tax_revenue"] + operating["general_grants_and_equalisation"]
    )


@pytest.mark.parametrize("key", ["norrmark", "ekby"])
def test_balance_sheet_equals_the_vouchers(entities, key):
    books, settings = entities[key]
    ours = {
        line: int(round(amount * 100))
        for line, amount in _query(
            settings,
            "select line_code, amount_at_report_date from marts.rpt_balance_sheet where report_period = ?",
            REPORT_PERIOD,
        )
    }
    expected = expected_balances(books)
    assert expected["total_assets"] == expected["total_equity_and_liabilities"]  # the books balance
    for line, value in expected.items():
        if line == "claim_on_internal_bank" and key == "ekby":
            assert line not in ours  # no internal bank: the line is not printed
            continue
        assert ours[line] == value, line


def test_norrmark_labels_members_and_notes_come_from_its_profile(entities):
    _, settings = entities["norrmark"]
    assert _query(
        settings, "select distinct label from marts.rpt_balance_sheet where line_code = 'claim_on_internal_bank'"
    ) == [("Fordran internbanken",)]
    members = dict(
        _query(
            settings,
            "select counterpart_code, status from marts.rpt_member_municipalities where report_period = ?",
            REPORT_PERIOD,
        )
    )
    assert members == {"K01": "medlem", "K02": "medlem", "K03": "medlem", "K04": "medlem", "K05": "adjungerad"}
    # the default member-contribution note: one row per unit × municipality, summing to the statement's lines
    rows = _query(
        settings,
        "select row_label, current_amount from marts.rpt_notes where report_period = ? "
        "and note_no = '3' and row_kind = 'flow'",
        REPORT_PERIOD,
    )
    assert len(rows) == 4 * 5 and {r[0] for r in rows} >= {"Kansli: Norrby kommun", "Digitalisering: Västerfors kommun"}
    statement = _query(
        settings,
        "select sum(periodiserat_amount) from marts.rpt_income_statement "
        "where report_period = ? and line_code = 'member_contribution'",
        REPORT_PERIOD,
    )[0][0]
    assert sum(r[1] for r in rows) == statement
    assert _query(settings, "select count(*) from marts.rpt_provision_schedule") == [(0,)]


def test_reconciliation_follows_the_profile_and_the_sources(entities):
    _, norrmark = entities["norrmark"]
    by_point = dict(
        _query(
            norrmark,
            "select control_point, count(*) filter (where status <> 'ok') "
            "from marts.rpt_reconciliation group by control_point",
        )
    )
    assert {
        "payroll_personnel_costs",
        "payroll_income_tax_withheld",
        "payroll_employer_contributions",
        "payroll_vacation_pay_liability",
        "internal_bank_claim",
        "internal_bank_financial_income",
    } <= set(by_point)
    assert set(by_point.values()) == {0}
    for key in ("ekby", "ekby_without_profile"):
        assert _query(entities[key][1], "select count(*) from marts.rpt_reconciliation") == [(0,)]


def test_no_first_customer_label_in_any_table_or_report_file(entities, tmp_path):
    for key in ("norrmark", "ekby"):
        _, settings = entities[key]
        con = duckdb.connect(str(settings.warehouse_path), read_only=True)
        try:
            columns = con.execute("""select table_name, column_name from information_schema.columns
                where table_schema = 'marts' and data_type = 'VARCHAR'""").fetchall()
            for table, column in columns:
                values = con.execute(
                    f'select distinct "{column}" from marts."{table}" where "{column}" is not null'
                ).fetchall()
                hits = [v[0] for v in values if FIRST_CUSTOMER.search(v[0])]
                assert hits == [], (key, table, column, hits[:3])
        finally:
            con.close()
        pack = tmp_path / key
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "rakenskaper.cli",
                "report",
                "--period",
                "2024-06",
                "--format",
                "csv",
                "--out",
                str(pack),
                "--warehouse",
                str(settings.warehouse_path),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        files = sorted(pack.glob("*.csv"))
        assert files
        for path in files:
            hits = FIRST_CUSTOMER.findall(path.read_text(encoding="utf-8"))
            assert hits == [], (key, path.name, hits[:3])


def test_a_ledger_without_profile_publishes_statements_and_default_notes(entities):
    books, settings = entities["ekby_without_profile"]
    ours = _income_statement(settings)
    expected = expected_income_statement(books, accruals=True, member_contributions=set(), internal=set())
    for line, value in expected.items():
        assert ours[line][1] == value, line
    notes = {
        r[0]
        for r in _query(settings, "select distinct note_no from marts.rpt_notes where report_period = ?", REPORT_PERIOD)
    }
    assert {"1", "2", "4", "5", "6", "7", "11", "15"} <= notes
    in_force = dict(_query(settings, "select setting, origin from marts.dim_entity_profile"))
    assert in_force["entity.kind"] == "default" and in_force["entity.name"] == "default"
    assert _query(settings, "select count(*) from marts.rpt_cash_flow where report_period = ?", REPORT_PERIOD)[0][0] > 0


@pytest.mark.parametrize(
    "key, closed_by",
    [
        ("norrmark", "accrual vouchers"),  # [voucher_series] period_end_accruals = ["P"]: P on 2024-06-30
        ("ekby", "export date"),  # no accrual series: #GEN 2024-07-05, so June is the last full month
        ("ekby_without_profile", "export date"),
    ],
)
def test_the_books_close_every_month_through_june(entities, key, closed_by):
    """The fixtures' vouchers run January–June 2024; what closes June differs with the profile."""
    _, settings = entities[key]
    rows = _query(settings, "select report_period, status, closed_by from marts.dim_report_periods order by 1")
    month_ends = [date(2024, month + 1, 1) - timedelta(days=1) for month in range(1, 6)] + [REPORT_PERIOD]
    assert rows == [(month_end, "closed", closed_by) for month_end in month_ends]
    assert _query(settings, "select max(report_period) from marts.rpt_income_statement") == [(REPORT_PERIOD,)]
