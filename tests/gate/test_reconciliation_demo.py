"""On the demo every subledger reconciliation is ok at every month-end; one edited payroll row or one
edited statement balance fails the run naming that control point, and the published warehouse stays as it
was, byte for byte."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal

import duckdb
import pytest

from rakenskaper import paths, pipeline

CONTROL_POINTS = {
    "payroll_personnel_costs",
    "payroll_vacation_pay_liability",
    "payroll_pension_individual_part",
    "payroll_other_payroll_taxes",
    "payroll_income_tax_withheld",
    "payroll_employer_contributions",
    "internal_bank_claim",
    "internal_bank_financial_income",
}


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_reconciliation_is_ok_at_every_month_end_of_the_demo(demo_run):
    settings, outcome = demo_run
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    month_ends = [
        d
        for (d,) in con.execute(
            "select distinct report_period from intermediate.int_report_periods order by 1"
        ).fetchall()
    ]
    assert len(month_ends) == 20
    rows = con.execute(
        "select control_point, month_end, status, ledger_value, subledger_value from marts.rpt_reconciliation"
    ).fetchall()
    assert {r[0] for r in rows} == CONTROL_POINTS
    for point in CONTROL_POINTS:
        assert sorted({r[1] for r in rows if r[0] == point}) == month_ends, point
    assert [r for r in rows if r[2] != "ok"] == []
    # the comparisons compare something: note 18 and the liabilities are real money
    claim = {r[1]: r[3] for r in rows if r[0] == "internal_bank_claim"}
    assert all(v > Decimal(1_000_000) for v in claim.values())
    assert sum(abs(r[3]) for r in rows if r[0] == "payroll_personnel_costs") > Decimal(10_000_000)
    headcount = con.execute("select max(headcount), count(*) from marts.fct_payroll").fetchone()
    assert headcount[0] >= 1 and headcount[1] > 0
    con.close()
    assert outcome["gate"]["passed"] and outcome["gate"]["warnings"] == []
    assert (settings.warehouse_dir / "data_docs" / "index.html").is_file()


def _sources_with(tmp_path, relative: str, edit):
    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir(), sources)
    path = sources / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return sources


def _add_to_first_salary(lines):
    """One öre-exact change: the first 5010 (salary) row of the file gets 1.00 SEK more."""
    for i, line in enumerate(lines[1:], start=1):
        fields = line.rstrip("\n").split(";")
        if fields[7] == "5010":
            fields[9] = str(Decimal(fields[9].replace(",", ".")) + 1)
            lines[i] = ";".join(fields) + "\n"
            return lines
    raise AssertionError("no salary row")


def _add_to_statement(lines):
    """The statement shows 100.00 more deposited and a 100.00 higher closing balance (consistent in itself)."""
    header = lines[0].rstrip("\n").split(";")
    fields = lines[1].rstrip("\n").split(";")
    for column in ("deposits", "closing_balance"):
        fields[header.index(column)] = str(Decimal(fields[header.index(column)]) + 100)
    lines[1] = ";".join(fields) + "\n"
    return lines


@pytest.mark.parametrize(
    "relative, edit, control_point, month_end",
    [
        ("payroll/payroll_2023-03.csv", _add_to_first_salary, "payroll_personnel_costs", "2023-03-31"),
        ("internal_bank/internal_bank_2022-11.csv", _add_to_statement, "internal_bank_claim", "2022-11-30"),
    ],
)
def test_an_edited_subledger_row_fails_the_run_naming_the_control_point_and_keeps_the_warehouse(
    tmp_path, published_copy, capsys, relative, edit, control_point, month_end
):
    before = _sha256(published_copy)
    sources = _sources_with(tmp_path, relative, edit)

    exit_code = pipeline.main(sources=sources, warehouse=published_copy)

    assert exit_code == 1
    err = capsys.readouterr().err
    assert "reconciliation_blocking" in err, err
    assert f"{control_point} at {month_end}" in err, err
    assert _sha256(published_copy) == before, "the published warehouse must stay byte for byte"
