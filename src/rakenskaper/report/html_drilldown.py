"""The html pack's drill-down: each figure of the income statement and the notes links to the postings it is
made of (tables.toml `drilldown`), listed in a section of its own under the tables."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from rakenskaper.report.swedish_numbers import kronor
from rakenskaper.report.tables import ReportTable, existing_relations

# A cell lists its largest postings (by amount, either sign), not all of them: the page stays readable and its
# size bounded by (figures × this), whatever the size of the books. The count and the sum say what the cell
# holds; `rakenskaper sql` lists the rest (the query is printed under the list).
MAX_POSTINGS_PER_CELL = 20


@dataclass
class DrilledCell:
    anchor: str
    table: ReportTable
    row_label: str
    column_label: str
    count: int
    cell_amount: object
    postings: list[tuple]  # voucher, date, account, text, amount in the report's sign — the largest first
    query: str


def drilldowns(con, tables: list[ReportTable], period: date) -> dict[str, dict[tuple, DrilledCell]]:
    """Per table (by file): (printed row, printed column) → its postings, for the figures whose postings are in
    the table's drill-down mart (tables.toml `drilldown`). One query a table; at most MAX_POSTINGS_PER_CELL
    rows a cell leave the database."""
    relations = existing_relations(con)
    found: dict[str, dict[tuple, DrilledCell]] = {}
    for table in tables:
        spec = table.spec.drilldown
        if spec is None or spec.source not in relations or not table.drill_keys:
            continue
        matches = [drill for drill, _ in spec.match]
        where = f"and ({spec.where})" if spec.where else ""
        partition = ", ".join([*matches, "column_name"])
        # the same order picks a cell's postings and prints them, so a page renders the same every night
        order = "abs(cell_amount) desc, voucher_date, voucher_series, voucher_number, account, cell_amount"
        rows = con.execute(
            f"""
            select {partition}, voucher_series || ' ' || voucher_number, voucher_date, account, voucher_text,
                   cell_amount, count(*) over cell, sum(cell_amount) over cell
            from {spec.source}
            where report_period = ? {where}
            window cell as (partition by {partition})
            qualify row_number() over (partition by {partition} order by {order}) <= {MAX_POSTINGS_PER_CELL}
            order by {partition}, {order}""",
            [period],
        ).fetchall()
        by_cell: dict[tuple, list[tuple]] = {}
        for row in rows:
            by_cell.setdefault(tuple(row[: len(matches) + 1]), []).append(row[len(matches) + 1 :])
        printed = table.printed()
        label_at = table.header.index(table.spec.label_column)
        cells: dict[tuple, DrilledCell] = {}
        for index, keys in enumerate(table.drill_keys):
            for column_index, column in enumerate(table.columns):
                postings = by_cell.get((*[keys[source] for _, source in spec.match], column.drilldown))
                if not column.drilldown or not postings:
                    continue
                filters = " and ".join(f"{drill} = {_sql_text(keys[source])}" for drill, source in spec.match)
                cells[(index, column_index)] = DrilledCell(
                    anchor=f"dd-{table.spec.stem}-{index}-{column_index}",
                    table=table,
                    row_label=str(printed.rows[index][label_at] or ""),
                    column_label=table.labels[column_index],
                    count=postings[0][5],
                    cell_amount=postings[0][6],
                    postings=[p[:5] for p in postings],
                    query=(
                        f"select * from {spec.source} where report_period = '{period}' and {filters} "
                        f"and column_name = '{column.drilldown}'{' ' + where if where else ''}"
                    ),
                )
        found[table.file] = cells
    return found


def _sql_text(value: object) -> str:
    return "null" if value is None else "'" + str(value).replace("'", "''") + "'"


def drilldown_html(cells: dict[str, dict[tuple, DrilledCell]]) -> str:
    sections = []
    for file_cells in cells.values():
        for cell in file_cells.values():
            rows = "".join(
                f"<tr><td>{html.escape(str(voucher))}</td><td>{voucher_date}</td><td>{html.escape(str(account))}</td>"
                f'<td>{html.escape(str(text or ""))}</td><td class="num">{kronor(amount)}</td></tr>'
                for voucher, voucher_date, account, text, amount in cell.postings
            )
            shown = (
                f"alla {cell.count}"
                if cell.count <= len(cell.postings)
                else f"de {len(cell.postings)} största av {cell.count}"
            )
            sections.append(
                f'<section class="drilldown" id="{cell.anchor}">'
                f"<h3>{html.escape(cell.table.title)}: {html.escape(cell.row_label)} – "
                f"{html.escape(cell.column_label)}</h3>"
                f"<p>{cell.count} konteringar, summa {kronor(cell.cell_amount)} kr; {shown} visas. "
                f'<a href="#table-{cell.table.spec.stem}">Tillbaka till tabellen</a></p>'
                "<table><thead><tr><th>Verifikation</th><th>Datum</th><th>Konto</th><th>Text</th>"
                f'<th class="num">Belopp i rapporten, kr</th></tr></thead><tbody>{rows}</tbody></table>'
                + (
                    f'<p class="query">Alla konteringar: <code>{html.escape(cell.query)}</code></p>'
                    if cell.count > len(cell.postings)
                    else ""
                )
                + "</section>"
            )
    if not sections:
        return ""
    return (
        '<section class="drilldowns"><h2>Underlag per belopp</h2>'
        "<p>Konteringarna bakom varje belopp i resultaträkningen och noterna (klicka på ett belopp).</p>"
        + "".join(sections)
        + "</section>"
    )
