"""The xlsx pack: one sheet per table, printed as the report prints it (layout: tables.toml).

Each sheet, named in Swedish (tables.toml `sheet`, ≤ 31 characters): the table's title (row 1), what the
warehouse is built on (row 2: the "Underlag" line of report.provenance, on every sheet so that a sheet copied
on its own keeps it; also the workbook's description), the Swedish column header (row 3, e.g. "Utfall
jan–aug 2023", "Not", "Belopp i tkr"), then the rows. Rows 1–3 repeat on every printed page (print titles);
A4 in the table's orientation, fitted to one page wide, with an autofilter on the header. Amounts are numbers
in whole tkr with NUMBER_FORMAT: digit grouping (`,` in the file's format code is the reader's grouping
symbol — a space in Swedish Excel and LibreOffice), no decimals and a true minus sign (U+2212). Only
subtotals, totals and headings are bold. Technical columns (line codes, levels, sort keys) follow the
printed ones, hidden: unhide them to sort or look up.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from rakenskaper.report.provenance import ProvenanceLine
from rakenskaper.report.tables import Report, ReportTable

NUMBER_FORMAT = '#,##0;"\u2212"#,##0;0'
KRONOR_FORMAT = '#,##0.00;"\u2212"#,##0.00;0.00'  # SEK with öre (saldobalans): Excel shows the user's separators
TITLE_ROW, PROVENANCE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4
PRINT_TITLE_ROWS = f"{TITLE_ROW}:{HEADER_ROW}"  # title, Underlag line and header repeat on every page
PAPER_A4 = 9  # openpyxl's Worksheet.PAPERSIZE_A4
# inches, as Excel stores them: about 1.5 cm at the sides, 2 cm top and bottom
MARGINS = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8, header=0.3, footer=0.3)
BOLD = Font(bold=True)
PROVENANCE_FONT = Font(italic=True, color="4A5866")
STALE_FONT = Font(italic=True, bold=True, color="9B1C1C")


def file_name(report: Report) -> str:
    return f"rakenskaper_{report.period.report_period:%Y-%m}.xlsx"


def _write_sheet(workbook: Workbook, table: ReportTable, provenance: ProvenanceLine | None = None) -> None:
    printed = table.printed()
    sheet = workbook.create_sheet(title=printed.sheet)
    sheet.cell(TITLE_ROW, 1, printed.title).font = Font(bold=True, size=12)
    if provenance is not None:  # left to overflow into the empty cells beside it: no column is widened for it
        sheet.cell(PROVENANCE_ROW, 1, provenance.text).font = STALE_FONT if provenance.warning else PROVENANCE_FONT
    for col, column in enumerate(printed.columns, start=1):
        cell = sheet.cell(HEADER_ROW, col, column.label)
        cell.font = BOLD
        cell.alignment = Alignment(
            horizontal="right" if column.amount or column.kronor else "left", vertical="bottom", wrap_text=True
        )
    widths = [max(len(word) for word in column.label.split()) for column in printed.columns]
    for index, row in enumerate(printed.rows):
        bold = printed.emphasis[index]
        for col, (value, column) in enumerate(zip(row, printed.columns), start=1):
            if isinstance(value, bool):
                value = "ja" if value else "nej"
            cell = sheet.cell(FIRST_DATA_ROW + index, col, value)
            if column.amount and isinstance(value, int | float):
                cell.number_format = NUMBER_FORMAT
            elif column.kronor and isinstance(value, int | float | Decimal):
                cell.number_format = KRONOR_FORMAT
            if bold:
                cell.font = BOLD
            widths[col - 1] = max(widths[col - 1], len(str(value)) + (2 if column.amount else 0))
    last_row = FIRST_DATA_ROW + len(printed.rows) - 1
    header_lines = 1
    for col, (width, column) in enumerate(zip(widths, printed.columns), start=1):
        dimension = sheet.column_dimensions[get_column_letter(col)]
        dimension.width = min(max(width + 2, 12 if column.amount else 6), 60)
        dimension.hidden = column.hidden
        if not column.hidden:  # the header wraps at word breaks within its column
            header_lines = max(header_lines, math.ceil(len(column.label) / (dimension.width - 1)))
    sheet.row_dimensions[HEADER_ROW].height = 15 * min(header_lines, 4)
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(printed.columns))}{max(last_row, HEADER_ROW)}"
    _print_setup(sheet, printed.orientation)


def _print_setup(sheet, orientation: str) -> None:
    sheet.page_setup.paperSize = PAPER_A4
    sheet.page_setup.orientation = orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = PRINT_TITLE_ROWS
    sheet.page_margins = MARGINS
    sheet.print_options.horizontalCentered = False
    sheet.oddFooter.left.text = "&A"  # the sheet name
    sheet.oddFooter.right.text = "Sida &P av &N"


def write_xlsx(report: Report, out: Path, provenance: ProvenanceLine | None = None) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        _write_sheet(workbook, table, provenance)
    workbook.properties.title = f"Räkenskaper {report.period.report_period:%Y-%m-%d}"
    workbook.properties.language = "sv-SE"
    if provenance is not None:
        workbook.properties.description = provenance.text
    path = out / file_name(report)
    workbook.save(path)
    return path
