"""The xlsx pack opens with a real reader (openpyxl) and holds one sheet per table, printed as the report
prints it: Swedish sheet names and column headers for the report period, the csv pack's values as numbers
in the Swedish number format, bold only on subtotals / totals, every table's last row labelled, A4 print
setup with repeated title rows and fit-to-width, an autofilter, technical columns hidden."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal

import openpyxl
import pytest

from rakenskaper.report.spec import load_spec
from rakenskaper.report.xlsx import FIRST_DATA_ROW, HEADER_ROW, NUMBER_FORMAT, PROVENANCE_ROW

SPEC = load_spec()


@pytest.fixture(scope="module")
def packs(render_report, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx_pack")
    for fmt in ("xlsx", "csv"):
        assert render_report(out, fmt) == 0
    return out


@pytest.fixture(scope="module")
def workbook(packs):
    book = openpyxl.load_workbook(packs / "rakenskaper_2023-08.xlsx")
    yield book
    book.close()


def _header(sheet):
    return [cell.value for cell in sheet[HEADER_ROW]]


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True)]


def _row_of(sheet, label, column=1):
    return next(r for r in range(FIRST_DATA_ROW, sheet.max_row + 1) if sheet.cell(r, column).value == label)


def test_one_swedish_sheet_per_table(workbook):
    assert workbook.sheetnames == [table.sheet for table in SPEC.tables]
    assert len(set(workbook.sheetnames)) == len(workbook.sheetnames)
    assert all(0 < len(name) <= 31 for name in workbook.sheetnames)
    assert {"Resultaträkning", "Balansräkning", "Kassaflödesanalys", "Noter", "Driftredovisning"} <= set(
        workbook.sheetnames
    )
    assert not any("_" in name for name in workbook.sheetnames)


def test_printed_swedish_headers_for_the_report_period(workbook):
    assert _header(workbook["Resultaträkning med noter"]) == [
        "Belopp i tkr",
        "Periodiserat utfall jan–aug 2022",
        "Utfall jan–aug 2023",
        "Periodiserat utfall jan–aug 2023",
        "Not",
        "Budget 2023",
        "Prognos 2023",
        "Radkod",
        "Sortering",
    ]
    assert _header(workbook["Resultaträkning"])[:6] == [
        "Belopp i tkr",
        "Utfall jan–aug 2023",
        "Utfall jan–aug 2022",
        "Budget helår 2023",
        "Prognos helår 2023",
        "Utfall helår 2022",
    ]
    assert _header(workbook["Balansräkning"])[:6] == [
        "Belopp i tkr",
        "Nivå",
        "2022-08-31",
        "2022-12-31",
        "2023-08-31",
        "Not",
    ]
    assert _header(workbook["Noter"])[:6] == [
        "Not",
        "Rubrik",
        "Belopp i tkr",
        "jan–aug 2022",
        "jan–dec 2022",
        "jan–aug 2023",
    ]
    assert _header(workbook["Driftredovisning"])[:7] == [
        "Belopp i tkr",
        "Utfall jan–aug 2022",
        "Budget 2023",
        "Budget jan–aug 2023",
        "Utfall jan–aug 2023",
        "Avvikelse",
        "Avvikelse prognos 2023",
    ]
    for sheet in workbook.worksheets:  # no technical name (utfall_2301_2308, line, level) is printed
        visible = [cell.value for cell in sheet[HEADER_ROW] if not sheet.column_dimensions[cell.column_letter].hidden]
        assert visible and all(v and "_" not in v and v not in ("line", "unit", "level", "note") for v in visible)


@pytest.mark.parametrize("table", SPEC.tables, ids=[t.stem for t in SPEC.tables])
def test_sheet_values_equal_the_csv_pack(workbook, packs, table):
    """The printed columns hold the published-layout csv's values; only a row the published layout leaves
    unlabelled gets its printed label (tables.toml row_labels)."""
    with (packs / table.file).open(encoding="utf-8", newline="") as handle:
        header, *expected = list(csv.reader(handle))
    label_at = header.index(table.label_column)
    ours = []
    for row, published in zip(_rows(workbook[table.sheet]), expected):
        row = [
            ""
            if v is None
            else (
                {True: "ja", False: "nej"}.get(v, v)
                if isinstance(v, bool)
                else f"{v:%Y-%m-%d}"
                if isinstance(v, datetime.datetime)
                else str(v)
            )
            for v in row[: len(header)]
        ]
        # kronor with öre come back from the sheet as floats (3707427.4 for 3707427.40): compare them as numbers
        row = [_kronor_text(v) if column.is_kronor else v for column, v in zip(table.columns, row)]
        if published[label_at] == "" and row[label_at] in table.row_labels.values():
            row[label_at] = ""
        ours.append(row)
    assert len(_rows(workbook[table.sheet])) == len(expected)
    expected = [
        [_kronor_text(v) if column.is_kronor else v for column, v in zip(table.columns, row)] for row in expected
    ]
    assert ours == expected


def _kronor_text(value: str) -> str:
    return f"{Decimal(value):.2f}" if value else value


def test_every_tables_last_row_is_labelled(workbook):
    for table in SPEC.tables:
        sheet = workbook[table.sheet]
        label_column = [c.name for c in table.columns].index(table.label_column) + 1
        assert sheet.cell(sheet.max_row, label_column).value not in (None, ""), table.sheet
    cash_flow = workbook["Kassaflödesanalys"]
    assert cash_flow.cell(cash_flow.max_row, 1).value.startswith("Kontroll: förändring av likvida medel")


def test_amounts_are_numbers_in_swedish_format_without_decimals(workbook):
    assert "#,##0" in NUMBER_FORMAT and "\u2212" in NUMBER_FORMAT and ".0" not in NUMBER_FORMAT
    sheet = workbook["Balansräkning"]
    total = sheet.cell(_row_of(sheet, "Summa tillgångar"), 5)
    assert isinstance(total.value, int) and total.value > 0 and total.number_format == NUMBER_FORMAT
    cash_flow = workbook["Kassaflödesanalys"]
    negative = [
        c
        for row in cash_flow.iter_rows(min_row=FIRST_DATA_ROW)
        for c in row
        if isinstance(c.value, int) and c.value < 0
    ]
    assert negative and all(c.number_format == NUMBER_FORMAT for c in negative)
    # note numbers and sort keys are not amounts: no digit grouping
    notes = workbook["Resultaträkning med noter"]
    note = notes.cell(_row_of(notes, "Verksamhetens intäkter"), 5)
    assert note.value is not None and note.number_format != NUMBER_FORMAT


def test_bold_only_on_subtotals_and_totals(workbook):
    sheet = workbook["Balansräkning"]
    assert sheet.cell(_row_of(sheet, "Summa tillgångar"), 1).font.b
    assert sheet.cell(_row_of(sheet, "Summa tillgångar"), 5).font.b
    assert not sheet.cell(_row_of(sheet, "Kassa"), 1).font.b
    summary = workbook["Resultaträkning"]
    assert summary.cell(_row_of(summary, "Periodens resultat"), 1).font.b
    assert not summary.cell(_row_of(summary, "Verksamhetens intäkter"), 1).font.b
    notes = workbook["Noter"]
    rows = [
        (r, notes.cell(r, 1).value, notes.cell(r, 3).value, bool(notes.cell(r, 3).font.b))
        for r in range(FIRST_DATA_ROW, notes.max_row + 1)
    ]
    bold = {(note, label) for _, note, label, b in rows if b}
    # the detail rows of the balance notes (closing balances per item) are not emphasised ...
    for note in ("16", "17", "18", "20", "21", "22"):
        details = [label for _, n, label, _ in rows if str(n) == note and label != "Summa"]
        assert details and not any((n, label) in bold for n in (note, int(note)) for label in details), note
    # ... their "Summa" and a roll-forward's closing balance are
    assert {("17", "Summa"), ("22", "Summa"), ("15", "Utgående balans"), ("19", "Utgående eget kapital")} <= {
        (str(n), label) for n, label in bold
    }
    assert all(label in ("Summa", "Utgående balans", "Utgående eget kapital") for _, label in bold)
    cash_flow = workbook["Kassaflödesanalys"]
    assert cash_flow.cell(_row_of(cash_flow, "Kassaflöde från den löpande verksamheten"), 1).font.b
    assert not cash_flow.cell(_row_of(cash_flow, "Minskning av varulager"), 1).font.b


def test_a4_print_setup_with_repeated_titles_and_fit_to_width(workbook):
    for table in SPEC.tables:
        sheet = workbook[table.sheet]
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
        assert setup.orientation == table.orientation
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"${1}:${HEADER_ROW}"  # title, Underlag line and header on every page
        assert sheet.page_margins.left >= 0.5 and sheet.page_margins.top >= 0.5
        assert sheet.cell(PROVENANCE_ROW, 1).value.startswith("Underlag:")


def test_autofilter_on_the_header_over_every_row(workbook):
    for table in SPEC.tables:
        sheet = workbook[table.sheet]
        assert (
            sheet.auto_filter.ref == f"A{HEADER_ROW}:{sheet.cell(HEADER_ROW, sheet.max_column).column_letter}"
            f"{sheet.max_row}"
        ), table.sheet


def test_technical_columns_are_hidden_not_deleted(workbook):
    for table in SPEC.tables:
        sheet = workbook[table.sheet]
        hidden = {cell.value for cell in sheet[HEADER_ROW] if sheet.column_dimensions[cell.column_letter].hidden}
        expected = {c.label for c in table.columns if c.hidden} | {c.label for c in table.technical}
        assert hidden == expected, table.sheet
    balance_sheet = workbook["Balansräkning"]
    codes = [balance_sheet.cell(r, 7).value for r in range(FIRST_DATA_ROW, balance_sheet.max_row + 1)]
    assert _header(balance_sheet)[6] == "Radkod" and all(codes)  # the line codes are there, for a lookup
    assert {balance_sheet.cell(r, 2).value for r in range(FIRST_DATA_ROW, balance_sheet.max_row + 1)} >= {
        "group",
        "line",
        "total",
    }


def test_titles_say_the_period_in_words(workbook):
    title = workbook["Resultaträkning med noter"].cell(1, 1).value
    assert title == "2.1.1 Resultaträkning total, januari–augusti 2023"
    assert workbook["Balansräkning"].cell(1, 1).value == "2.2 Balansräkning"


def test_the_saldobalans_sheet_balances_in_kronor_with_ore(workbook):
    from rakenskaper.report.xlsx import KRONOR_FORMAT

    sheet = workbook["Saldobalans"]
    header = [sheet.cell(FIRST_DATA_ROW - 1, col).value for col in range(1, sheet.max_column + 1)]
    assert header[:6] == [
        "Konto",
        "Kontonamn",
        "Verksamhet",
        "Ingående balans",
        "Förändring jan–aug 2023",
        "Utgående balans",
    ]
    rows = _rows(sheet)
    assert len(rows) > 50
    # debit equals credit: every account's closing balance, the year's result included, sums to zero
    assert abs(sum(Decimal(str(row[5] or 0)) for row in rows)) < Decimal("0.005")
    assert all(Decimal(str(row[3] or 0)) + Decimal(str(row[4] or 0)) == Decimal(str(row[5] or 0)) for row in rows)
    assert sheet.cell(FIRST_DATA_ROW, 6).number_format == KRONOR_FORMAT


def test_the_huvudbok_sheet_runs_each_accounts_balance_from_its_opening(workbook):
    sheet = workbook["Huvudbok"]
    header = [sheet.cell(FIRST_DATA_ROW - 1, col).value for col in range(1, sheet.max_column + 1)]
    at = {name: header.index(name) for name in ("Konto", "Datum", "Belopp", "Saldo")}
    rows = _rows(sheet)
    assert len(rows) > 1000
    balance, account, openings = Decimal(0), None, 0
    for index, row in enumerate(rows):
        amount, running = Decimal(str(row[at["Belopp"]])), Decimal(str(row[at["Saldo"]]))
        if row[at["Konto"]] != account:  # a new account starts on its opening balance, in bold
            account, balance = row[at["Konto"]], Decimal(0)
            if sheet.cell(FIRST_DATA_ROW + index, 1).font.bold:
                openings += 1
        balance += amount
        assert running == balance, (account, index)
        assert row[at["Datum"]] is None or row[at["Datum"]] <= datetime.datetime(2023, 8, 31)
    assert openings > 10
