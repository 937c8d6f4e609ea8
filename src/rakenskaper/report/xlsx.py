"""The xlsx pack: one sheet per table (named after its csv file), ready to paste into the report.

Each sheet: the table's title (row 1), what the warehouse is built on (row 2: the "Underlag" line of
report.provenance, on every sheet so that a sheet copied on its own keeps it; also the workbook's
description), the column header (row 3), then the rows. Amounts are numbers in whole tkr with the number
format NUMBER_FORMAT: digit grouping (`,` in the file's format code is the reader's grouping symbol — a space
in Swedish Excel and LibreOffice) and a true minus sign (U+2212) on negative figures. Subtotals, totals and
headings are bold, as in the printed report.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from rakenskaper.report.provenance import ProvenanceLine
from rakenskaper.report.tables import Report, ReportTable

NUMBER_FORMAT = '#,##0;"\u2212"#,##0;0'
TITLE_ROW, PROVENANCE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
BOLD = Font(bold=True)
PROVENANCE_FONT = Font(italic=True, color="4A5866")
STALE_FONT = Font(italic=True, bold=True, color="9B1C1C")


def file_name(report: Report) -> str:
    return f"rakenskaper_{report.period.report_period:%Y-%m}.xlsx"


def _write_sheet(workbook: Workbook, table: ReportTable, provenance: ProvenanceLine | None = None) -> None:
    sheet = workbook.create_sheet(title=table.spec.stem[:31])
    sheet.cell(TITLE_ROW, 1, table.title).font = Font(bold=True, size=12)
    if provenance is not None:  # left to overflow into the empty cells beside it: no column is widened for it
        sheet.cell(PROVENANCE_ROW, 1, provenance.text).font = STALE_FONT if provenance.warning else PROVENANCE_FONT
    for col, name in enumerate(table.header, start=1):
        cell = sheet.cell(HEADER_ROW, col, name)
        cell.font = BOLD
        cell.alignment = Alignment(horizontal="left" if col == 1 else "right")
    widths = [len(name) for name in table.header]
    for index, row in enumerate(table.rows):
        bold = table.emphasised(index)
        for col, value in enumerate(row, start=1):
            if isinstance(value, bool):
                value = "ja" if value else "nej"
            cell = sheet.cell(FIRST_DATA_ROW + index, col, value)
            if isinstance(value, int):
                cell.number_format = NUMBER_FORMAT
            if bold:
                cell.font = BOLD
            widths[col - 1] = max(widths[col - 1], len(str(value)) + (2 if isinstance(value, int) else 0))
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 70)
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)


def write_xlsx(report: Report, out: Path, provenance: ProvenanceLine | None = None) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        _write_sheet(workbook, table, provenance)
    workbook.properties.title = f"Räkenskaper {report.period.report_period:%Y-%m-%d}"
    if provenance is not None:
        workbook.properties.description = provenance.text
    path = out / file_name(report)
    workbook.save(path)
    return path
