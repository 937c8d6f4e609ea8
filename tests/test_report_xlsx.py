"""The xlsx pack opens with a real reader (openpyxl) and holds one sheet per table, with the csv pack's
values as numbers, the Swedish number format and bold subtotals / totals."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from rakenskaper import cli
from rakenskaper.report.spec import load_spec
from rakenskaper.report.xlsx import FIRST_DATA_ROW, HEADER_ROW, NUMBER_FORMAT


@pytest.fixture(scope="module")
def packs(demo_run, tmp_path_factory):
    settings, _ = demo_run
    out = tmp_path_factory.mktemp("xlsx_pack")
    for fmt in ("xlsx", "csv"):
        assert cli.main(["report", "--period", "2023-08", "--format", fmt, "--out", str(out),
                         "--warehouse", str(settings.warehouse_path)]) == 0
    return out


@pytest.fixture(scope="module")
def workbook(packs):
    book = openpyxl.load_workbook(packs / "rakenskaper_2023-08.xlsx")
    yield book
    book.close()


def _sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=HEADER_ROW, values_only=True)]


def test_one_sheet_per_table(workbook):
    assert workbook.sheetnames == [table.stem for table in load_spec().tables]


@pytest.mark.parametrize("table", [t.stem for t in load_spec().tables])
def test_sheet_values_equal_the_csv_pack(workbook, packs, table):
    with (packs / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.reader(handle))
    ours = [["" if v is None else ({True: "ja", False: "nej"}.get(v, v) if isinstance(v, bool) else str(v))
             for v in row] for row in _sheet_rows(workbook[table])]
    assert ours == expected


def test_amounts_are_numbers_in_swedish_format_and_totals_bold(workbook):
    sheet = workbook["balance_sheet"]
    rows = {sheet.cell(r, 1).value: r for r in range(FIRST_DATA_ROW, sheet.max_row + 1)}
    total = sheet.cell(rows["Summa tillgångar"], 5)
    assert isinstance(total.value, int) and total.value > 0
    assert total.number_format == NUMBER_FORMAT and "\u2212" in NUMBER_FORMAT and "#,##0" in NUMBER_FORMAT
    assert total.font.b and sheet.cell(rows["Summa tillgångar"], 1).font.b
    assert not sheet.cell(rows["Kassa"], 1).font.b
    cash_flow = workbook["cash_flow"]
    negative = [c for row in cash_flow.iter_rows(min_row=FIRST_DATA_ROW) for c in row
                if isinstance(c.value, int) and c.value < 0]
    assert negative and all(c.number_format == NUMBER_FORMAT for c in negative)
    summary = workbook["income_statement_summary"]
    result_row = next(r for r in range(FIRST_DATA_ROW, summary.max_row + 1)
                      if summary.cell(r, 1).value == "Periodens resultat")
    assert summary.cell(result_row, 1).font.b
