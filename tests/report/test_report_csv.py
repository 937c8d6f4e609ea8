"""The csv report pack: file names, columns and row labels of the published tables, with the period in the
column names derived from the report period (so every month-end of the demo renders, not only 2023-08)."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from rakenskaper.report.spec import PeriodNames, load_spec, parse_period
from tests.support import published_reference_dir


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def test_period_names_follow_the_report_period():
    august = PeriodNames.for_period(date(2023, 8, 31)).placeholders()
    assert august == {
        "cur": "2301_2308",
        "prior": "2201_2208",
        "prior_full": "2201_2212",
        "year": "2023",
        "prior_year": "2022",
        "at_report": "2023_08_31",
        "at_prior_end": "2022_12_31",
        "at_prior": "2022_08_31",
    }
    may = PeriodNames.for_period(date(2023, 5, 31)).placeholders()
    assert (may["cur"], may["prior"], may["prior_full"], may["at_prior"]) == (
        "2301_2305",
        "2201_2205",
        "2201_2212",
        "2022_05_31",
    )
    # a leap-year February looks back to the end of the prior February
    assert PeriodNames.for_period(date(2024, 2, 29)).placeholders()["at_prior"] == "2023_02_28"
    # a broken fiscal year (July–June)
    broken = PeriodNames.for_period(date(2024, 3, 31), fiscal_year_start=date(2023, 7, 1)).placeholders()
    assert (broken["cur"], broken["prior"], broken["prior_full"], broken["year"]) == (
        "2307_2403",
        "2207_2303",
        "2207_2306",
        "2024",
    )


@pytest.mark.parametrize("text, expected", [("2023-08", date(2023, 8, 31)), ("2023-02-28", date(2023, 2, 28))])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2023", "2023-08-30", "aug"])
def test_parse_period_rejects(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_every_published_table_has_a_spec():
    from rakenskaper.report.compare import published_file_names

    names = published_file_names()
    specified = {names.get(table.file, table.file) for table in load_spec().tables}
    published = {path.name for path in published_reference_dir().glob("*.csv")}
    assert published <= specified


@pytest.fixture(scope="module")
def august_pack(render_report, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack_2023_08")
    assert render_report(out) == 0
    return out


# the published files whose rows ours reproduces label for label (see test_compare.py for the values)
SAME_ROWS = [
    "balance_requirement.csv",
    "balance_sheet.csv",
    "cash_flow.csv",
    "income_statement_by_unit.csv",
    "income_statement_summary.csv",
    "income_statement_total.csv",
    "investments.csv",
    "municipalities.csv",
    "notes.csv",
    "operating_statement.csv",
    "result_by_unit.csv",
    "units.csv",
]


@pytest.mark.parametrize("name", SAME_ROWS)
def test_csv_pack_has_the_published_file_columns_and_row_labels(august_pack, name):
    ours_header, ours_rows = _read(august_pack / name)
    published_header, published_rows = _read(published_reference_dir() / name)
    assert ours_header == published_header
    key = [published_header.index(k) for k in load_spec().table(name).key]
    assert [[row[i] for i in key] for row in ours_rows] == [[row[i] for i in key] for row in published_rows]


def test_csv_pack_for_another_month_end_names_its_columns_after_that_period(render_report, tmp_path):
    assert render_report(tmp_path, period="2023-05") == 0
    header, rows = _read(tmp_path / "income_statement_total.csv")
    assert header == [
        "line",
        "periodiserat_2201_2205",
        "utfall_2301_2305",
        "periodiserat_2301_2305",
        "note",
        "budget_2023",
        "prognos_2023",
    ]
    assert _read(tmp_path / "balance_sheet.csv")[0][2:5] == ["at_2022_05_31", "at_2022_12_31", "at_2023_05_31"]
    assert _read(tmp_path / "notes.csv")[0][3:] == ["col_2201_2205", "col_2201_2212", "col_2301_2305"]
    result = {row[0]: row for row in rows}["Periodens resultat"]
    assert result[3] not in ("", None)


def test_report_refuses_a_period_the_warehouse_does_not_hold(render_report, tmp_path, capsys):
    assert render_report(tmp_path, period="2019-12") == 1
    assert "2019-12-31 is not in" in capsys.readouterr().err


def test_a_year_end_prints_each_period_once(render_report, tmp_path):
    """At 2022-12-31 the same date a year earlier is the prior year-end, and the same months of the prior
    year are the whole prior year: the annual layout has one column for each."""
    assert render_report(tmp_path, period="2022-12") == 0
    assert _read(tmp_path / "balance_sheet.csv")[0] == ["line", "level", "at_2021_12_31", "at_2022_12_31", "note"]
    assert _read(tmp_path / "notes.csv")[0][3:] == ["col_2101_2112", "col_2201_2212"]
    assert _read(tmp_path / "cash_flow.csv")[0] == ["line", "col_2101_2112", "col_2201_2212"]


# --- the csv for Excel (excel/), beside the published layout -------------------------------------------------


def test_excel_cell_uses_a_decimal_comma():
    from decimal import Decimal

    from rakenskaper.report.csv_pack import excel_cell

    assert [excel_cell(v) for v in (Decimal("1234.5"), 0.25, -5, 1234567, None, True, "Kassa")] == [
        "1234,5",
        "0,25",
        "-5",
        "1234567",
        "",
        "ja",
        "Kassa",
    ]


def test_excel_csv_is_semicolon_separated_utf8_with_bom_and_swedish_headers(august_pack):
    from rakenskaper.report.csv_pack import EXCEL_DIR, README_FILE

    excel = august_pack / EXCEL_DIR
    assert sorted(path.name for path in excel.glob("*.csv")) == sorted(f"{t.sheet}.csv" for t in load_spec().tables)
    data = (excel / "Resultaträkning med noter.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, å ä ö intact
    first_line = data[3:].split(b"\r\n", 1)[0].decode("utf-8")
    assert first_line == (
        "Belopp i tkr;Periodiserat utfall jan–aug 2022;Utfall jan–aug 2023;"
        "Periodiserat utfall jan–aug 2023;Not;Budget 2023;Prognos 2023"
    )
    assert b"\r\nVerksamhetens int\xc3\xa4kter;" in data  # CRLF rows, the label then ';' and the figures
    text = data.decode("utf-8-sig")
    assert "Verksamhetens intäkter;" in text and "Förbundsbidrag, Förbundskansli;" in text
    assert "\u2212" not in text  # Excel reads only the ASCII minus as a number
    # the published layout beside it is untouched: comma-separated, no BOM, technical names
    assert (august_pack / "income_statement_total.csv").read_bytes().startswith(b"line,periodiserat_2201_2208,")
    readme = (august_pack / README_FILE).read_text(encoding="utf-8")
    assert "excel/" in readme and "rakenskaper compare" in readme


@pytest.mark.parametrize("table", load_spec().tables, ids=[t.stem for t in load_spec().tables])
def test_excel_csv_reads_back_with_the_values_of_the_published_layout(august_pack, table):
    """Read as a Swedish Excel reads it (';', UTF-8 with BOM): the same figures as the published-layout csv,
    the printed columns only, every row labelled."""
    from rakenskaper.report.csv_pack import EXCEL_DIR, EXCEL_ENCODING

    with (august_pack / EXCEL_DIR / f"{table.sheet}.csv").open(encoding=EXCEL_ENCODING, newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    published_header, published_rows = _read(august_pack / table.file)
    printed = [c for c in table.columns if not c.hidden]
    assert len(header) == len(printed) and not any("_" in name for name in header)
    assert len(rows) == len(published_rows)
    keep = [i for i, c in enumerate(table.columns) if not c.hidden and published_header[i : i + 1]]
    label_at = [c.name for c in printed].index(table.label_column)
    for ours, published in zip(rows, published_rows):
        # a figure with öre (the saldobalans' kronor) has a decimal comma for Excel, a point in the published layout
        expected = [
            published[i].replace(".", ",") if printed[n].is_kronor else published[i] for n, i in enumerate(keep)
        ]
        if expected[label_at] == "":
            assert ours[label_at] in table.row_labels.values()
            expected[label_at] = ours[label_at]
        assert ours == expected
    assert rows[-1][label_at]  # the last row is labelled


def test_a_year_end_prints_each_period_once_with_its_printed_header(demo_run):
    from rakenskaper.report.tables import build_report

    settings, _ = demo_run
    report = build_report(settings.warehouse_path, date(2022, 12, 31))
    cash_flow = next(t for t in report.tables if t.file == "cash_flow.csv").printed()
    assert [c.label for c in cash_flow.columns] == [
        "Belopp i tkr",
        "jan–dec 2021",
        "jan–dec 2022",
        "Radkod",
        "Sortering",
    ]
    assert all(len(row) == len(cash_flow.columns) for row in cash_flow.rows)
    balance_sheet = next(t for t in report.tables if t.file == "balance_sheet.csv").printed()
    assert [c.label for c in balance_sheet.columns if not c.hidden] == [
        "Belopp i tkr",
        "2021-12-31",
        "2022-12-31",
        "Not",
    ]
