"""The csv pack, in two forms:

- the published layout (one file per table in the pack's folder, e.g. `balance_sheet.csv`): UTF-8 without
  BOM, comma-separated, technical column names (`utfall_2301_2308`), integers without separators, quotes only
  where needed — cell for cell the published report's tables, so that `rakenskaper compare` can diff them.
  Not for opening in Excel: a Swedish Excel reads it as one column.
- for Excel (EXCEL_DIR, named as the xlsx sheets: `excel/Balansräkning.csv` …): the tables as printed —
  Swedish headers ("Utfall jan–aug 2023", "Not"), every row labelled, technical columns left out —
  `;`-separated, UTF-8 with BOM and decimal comma, CRLF line ends: what a Swedish Excel opens correctly on a
  double-click (columns, å ä ö, numbers as numbers). Negative numbers keep the ASCII hyphen-minus, so that
  Excel reads them as numbers.

What the pack is built on goes beside the tables, in PROVENANCE_FILE: a row in a table would break the diff;
README_FILE says which file is which.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from rakenskaper.report.tables import Report, ReportTable, cell_text

EXCEL_DIR = "excel"
EXCEL_DELIMITER = ";"
EXCEL_ENCODING = "utf-8-sig"  # UTF-8 with a byte-order mark: how Excel knows it is UTF-8
PROVENANCE_FILE = "underlag.txt"
README_FILE = "LÄSMIG.txt"


def write_table(table: ReportTable, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([cell_text(value) for value in row])
    return path


def excel_cell(value: object) -> str:
    """A value as a Swedish Excel reads it from a `;` file: 1234.5 → '1234,5', -5 → '-5', True → 'ja'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal | float):
        return cell_text(value).replace(".", ",")
    return str(value)


def excel_file_name(table: ReportTable) -> str:
    """Named as the xlsx sheet (Swedish, e.g. 'Balansräkning.csv')."""
    return f"{table.spec.sheet}.csv"


def write_excel_table(table: ReportTable, path: Path) -> Path:
    columns, rows = table.printed().visible()
    with path.open("w", encoding=EXCEL_ENCODING, newline="") as handle:
        writer = csv.writer(handle, delimiter=EXCEL_DELIMITER, lineterminator="\r\n")
        writer.writerow([column.label for column in columns])
        for row in rows:
            writer.writerow([excel_cell(value) for value in row])
    return path


def write_provenance(provenance, out: Path) -> Path:
    """The pack's "Underlag" line (report.provenance.ProvenanceLine) as a one-line text file."""
    path = out / PROVENANCE_FILE
    path.write_text(provenance.text + "\n", encoding="utf-8")
    return path


README_TEXT = """Räkenskaper per {period}: rapportpaketet som csv

{excel}/*.csv   Öppna dessa i Excel (dubbelklicka), t.ex. {excel}/Balansräkning.csv. Tabellerna som de
                trycks: svenska rubriker (t.ex. "Utfall jan–aug 2023", "Not"), belopp i tkr,
                semikolonseparerade, UTF-8 med BOM, decimalkomma.
*.csv           Den publicerade rapportens tabellayout, cell för cell (kommaseparerade, UTF-8 utan BOM,
                tekniska kolumnnamn som utfall_2301_2308). Läses av `rakenskaper compare`; inte för Excel.
{provenance}    Vad lagret bygger på (SIE-export, bokföring t.o.m., publiceringstid).

The csv report pack: {excel}/ is for Excel (Swedish headers, ';', UTF-8 with BOM, decimal comma); the files
beside this one are the published layout that `rakenskaper compare` diffs (',', UTF-8, technical names).
"""


def write_readme(report: Report, out: Path) -> Path:
    path = out / README_FILE
    path.write_text(
        README_TEXT.format(period=report.period.report_period, excel=EXCEL_DIR, provenance=PROVENANCE_FILE),
        encoding="utf-8",
    )
    return path


def write_csv(report: Report, out: Path) -> list[Path]:
    """Both forms: the published layout in `out`, the Excel form in `out/excel`, and README_FILE."""
    out.mkdir(parents=True, exist_ok=True)
    excel = out / EXCEL_DIR
    excel.mkdir(exist_ok=True)
    return [
        *(write_table(table, out / table.file) for table in report.tables),
        *(write_excel_table(table, excel / excel_file_name(table)) for table in report.tables),
        write_readme(report, out),
    ]
