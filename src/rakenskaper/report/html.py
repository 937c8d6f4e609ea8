"""The html pack: one self-contained page (plotly.js inline, no network) with the report's tables, three
charts — result per unit against budget and forecast, the balance sheet's composition at its three dates,
the monthly result trend — and the subledger reconciliation (marts.rpt_reconciliation) when present."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from rakenskaper.report.provenance import ProvenanceLine, describe
from rakenskaper.report.spec import load_spec, months_in_words
from rakenskaper.report.tables import Report, ReportTable, existing_relations

CHART_IDS = ("chart-result-by-unit", "chart-balance-sheet", "chart-monthly-result")
MINUS = "\u2212"
THIN_SPACE = "\u00a0"  # no-break space: Swedish thousands separator that never wraps


def swedish_number(value: object) -> str:
    """1234567 → '1 234 567', -5 → '−5' (no-break spaces, a true minus sign)."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        text = f"{abs(value):,}".replace(",", THIN_SPACE)
        return f"{MINUS}{text}" if value < 0 else text
    return "" if value is None else str(value)


def file_name(report: Report) -> str:
    return f"rakenskaper_{report.period.report_period:%Y-%m}.html"


def _table_html(table: ReportTable, drilled: dict[tuple, DrilledCell] | None = None) -> str:
    """The table as printed (tables.toml): Swedish headers, technical columns left out, only subtotals and
    totals bold (class emph), every row labelled. A figure whose postings are in ``drilled`` links to them."""
    printed = table.printed()
    drilled = drilled or {}
    keep = [i for i, column in enumerate(printed.columns) if not column.hidden]
    head = "".join(
        f'<th class="num">{html.escape(printed.columns[i].label)}</th>'
        if printed.columns[i].amount or printed.columns[i].kronor
        else f"<th>{html.escape(printed.columns[i].label)}</th>"
        for i in keep
    )
    body = []
    for index, row in enumerate(printed.rows):
        cells = []
        for i in keep:
            value = row[i]
            if printed.columns[i].kronor and value is not None and not isinstance(value, bool):
                cells.append(f'<td class="num">{_kronor(value)}</td>')
            elif isinstance(value, int) and not isinstance(value, bool):
                cell = drilled.get((index, i))
                text = swedish_number(value)
                if cell is not None:
                    text = f'<a class="dd" href="#{cell.anchor}" title="{cell.count} konteringar">{text}</a>'
                cells.append(f'<td class="num">{text}</td>')
            else:
                cells.append(f"<td>{html.escape(swedish_number(value))}</td>")
        css = ' class="emph"' if printed.emphasis[index] else ""
        body.append(f"<tr{css}>{''.join(cells)}</tr>")
    return (
        f'<section class="table" id="table-{table.spec.stem}"><h2>{html.escape(table.title)}</h2>'
        f'<table data-file="{html.escape(table.file)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></section>"
    )


# ---- drill-down: each figure of the income statement and the notes links to the postings it is made of

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
        rows = con.execute(
            f"""
            select {partition}, voucher_series || ' ' || voucher_number, voucher_date, account, voucher_text,
                   cell_amount, count(*) over cell, sum(cell_amount) over cell
            from {spec.source}
            where report_period = ? {where}
            window cell as (partition by {partition})
            qualify row_number() over (partition by {partition} order by abs(cell_amount) desc, voucher_date,
                                       voucher_series, voucher_number, account) <= {MAX_POSTINGS_PER_CELL}
            order by {partition}, abs(cell_amount) desc""",
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


def _drilldown_html(cells: dict[str, dict[tuple, DrilledCell]]) -> str:
    sections = []
    for file_cells in cells.values():
        for cell in file_cells.values():
            rows = "".join(
                f"<tr><td>{html.escape(str(voucher))}</td><td>{voucher_date}</td><td>{html.escape(str(account))}</td>"
                f'<td>{html.escape(str(text or ""))}</td><td class="num">{_kronor(amount)}</td></tr>'
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
                f"<p>{cell.count} konteringar, summa {_kronor(cell.cell_amount)} kr; {shown} visas. "
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


def _figure_html(figure: go.Figure, div_id: str) -> str:
    figure.update_layout(
        template="plotly_white", height=460, margin={"l": 60, "r": 20, "t": 60, "b": 80}, separators=", "
    )  # decimal comma, space as thousands separator
    figure.update_yaxes(tickformat=",.0f")
    chart = figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False, "responsive": True}
    )
    return f'<figure class="chart">{chart}</figure>'  # one unit on paper: never split across pages


def _rows(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def result_by_unit_chart(con, period: date, names: dict) -> go.Figure:
    rows = _rows(
        con,
        "select label, periodiserat_tkr, budget_tkr, forecast_tkr from marts.rpt_result_by_unit "
        "where report_period = ? and level <> 'total' order by row_order",
        [period],
    )
    units = [row["label"] for row in rows]
    figure = go.Figure(
        [
            go.Bar(name=f"Periodiserat utfall {names['cur']}", x=units, y=[r["periodiserat_tkr"] for r in rows]),
            go.Bar(name=f"Budget {names['year']}", x=units, y=[r["budget_tkr"] for r in rows]),
            go.Bar(name=f"Prognos {names['year']}", x=units, y=[r["forecast_tkr"] for r in rows]),
        ]
    )
    figure.update_layout(title="Resultat per verksamhet mot budget och prognos (tkr)", barmode="group")
    return figure


def balance_sheet_chart(con, period: date) -> go.Figure:
    """Assets against equity, provisions and liabilities, stacked by line, at the three dates of 2.2."""
    rows = _rows(con, "select * from marts.rpt_balance_sheet where report_period = ? order by row_order", [period])
    dates = [
        ("amount_at_same_date_prior_year", "same_date_prior_year"),
        ("amount_at_prior_year_end", "prior_year_end"),
        ("amount_at_report_date", "report_period"),
    ]
    if not rows:
        return go.Figure()
    categories = {column: str(rows[0][date_column]) for column, date_column in dates}
    # at a year-end the same date a year earlier is the prior year-end: show that date once
    dates = [(c, d) for i, (c, d) in enumerate(dates) if categories[c] not in [categories[k] for k, _ in dates[:i]]]
    side, parts = "Tillgångar", []
    for index, row in enumerate(rows):
        if row["level"] == "total":
            side = "EK, avsättningar, skulder"
            continue
        following = rows[index + 1 :]
        has_lines = bool(following) and following[0]["level"] == "line"
        if row["level"] == "line" or (row["level"] == "group" and not has_lines):
            parts.append((side, row))
    figure = go.Figure()
    for side_name, row in parts:
        x = [[categories[c] for c, _ in dates], [side_name] * len(dates)]
        figure.add_bar(
            name=row["label"], x=x, y=[float(row[c] or 0) / 1000 for c, _ in dates], hovertemplate="%{y:,.0f} tkr"
        )
    figure.update_layout(title="Balansräkningens sammansättning (tkr)", barmode="relative")
    return figure


def monthly_result_chart(con, period: date) -> go.Figure:
    """The period's result month by month (the change in the year-to-date result) and the year to date."""
    rows = _rows(
        con,
        "select report_period, fiscal_year_start, periodiserat_amount from marts.rpt_income_statement "
        "where line_code = 'period_result' and report_period <= ? order by report_period",
        [period],
    )
    months, monthly, to_date, previous = [], [], [], {}
    for row in rows:
        year_to_date = float(row["periodiserat_amount"] or 0) / 1000
        months.append(months_in_words(row["report_period"], row["report_period"]))  # 'aug 2023'
        monthly.append(year_to_date - previous.get(row["fiscal_year_start"], 0.0))
        to_date.append(year_to_date)
        previous[row["fiscal_year_start"]] = year_to_date
    figure = go.Figure(
        [
            go.Bar(name="Månadens resultat", x=months, y=monthly),
            go.Scatter(name="Periodens resultat (ackumulerat)", x=months, y=to_date, mode="lines+markers"),
        ]
    )
    figure.update_layout(title="Resultat per månad (tkr, periodiserat)", xaxis_type="category")
    return figure


def _kronor(value) -> str:
    """SEK with öre, Swedish style: 1 234,50."""
    text = f"{abs(float(value or 0)):,.2f}".replace(",", THIN_SPACE).replace(".", ",")
    return f"{MINUS}{text}" if (value or 0) < 0 else text


def gate_html(warehouse: Path, maps: dict[str, dict[str, str]] | None = None) -> str:
    """The night's quality gate, one row a check (rakenskaper.data_docs.gate_results_summary), in words
    (tables.toml [maps.gate_check], [maps.gate_status], [maps.severity]); the details are in Data Docs."""
    from rakenskaper.data_docs import gate_results_summary

    try:
        summary = gate_results_summary(warehouse)
    except (FileNotFoundError, ValueError):  # a warehouse published before the gate wrote its summary
        return ""
    maps = load_spec().maps if maps is None else maps

    def word(kind: str, value: str) -> str:
        return html.escape(maps.get(kind, {}).get(value, value))

    rows = "".join(
        f'<tr class="{"ok" if check["passed"] else "not-ok"}"><td>{word("gate_check", check["name"])}</td>'
        f"<td>{html.escape(check['table'] or '')}</td><td>{word('severity', check['severity'])}</td>"
        f"<td>{word('gate_status', check['status'])}</td><td>{html.escape(check['message'] or '')}</td></tr>"
        for check in summary["checks"]
    )
    return (
        '<section class="gate" id="gate"><h2>Kvalitetskontroller</h2>'
        "<p>Nattens kontroller innan lagret publicerades; detaljerna finns i Data Docs "
        "(<code>data_docs/index.html</code> bredvid lagret).</p>"
        "<table><thead><tr><th>Kontroll</th><th>Tabell</th><th>Allvarlighet</th><th>Utfall</th>"
        f"<th>Meddelande</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def reconciliation_html(con, period: date, maps: dict[str, dict[str, str]] | None = None) -> str:
    """The subledger reconciliation at `period`, one row per control point; subledger, severity and status in
    words (tables.toml [maps.subledger], [maps.severity], [maps.reconciliation_status])."""
    if "marts.rpt_reconciliation" not in existing_relations(con):
        return ""
    maps = load_spec().maps if maps is None else maps

    def word(kind: str, value: str) -> str:
        return html.escape(", ".join(maps.get(kind, {}).get(part, part) for part in value.split(", ")))

    rows = _rows(
        con,
        """
        select subledger, control_point, label, severity, count(*) as checks,
               count(*) filter (where status = 'ok') as ok, max(abs(difference)) as largest_difference,
               string_agg(distinct status, ', ' order by status) as status
        from marts.rpt_reconciliation where month_end = ?
        group by all order by min(sort_order)""",
        [period],
    )
    head = "".join(
        f"<th>{h}</th>" if i < 3 or i == 6 else f'<th class="num">{h}</th>'
        for i, h in enumerate(
            ("Delsystem", "Kontrollpunkt", "Allvarlighet", "Kontroller", "OK", "Största differens (kr)", "Status")
        )
    )
    body = "".join(
        f'<tr class="{"ok" if r["ok"] == r["checks"] else "not-ok"}"><td>{word("subledger", r["subledger"])}</td>'
        f"<td>{html.escape(r['label'])}</td><td>{word('severity', r['severity'])}</td>"
        f'<td class="num">{r["checks"]}</td><td class="num">{r["ok"]}</td>'
        f'<td class="num">{_kronor(r["largest_difference"])}</td>'
        f"<td>{word('reconciliation_status', r['status'])}</td></tr>"
        for r in rows
    )
    return (
        f'<section class="table" id="table-reconciliation"><h2>Avstämning mot delsystem per {period}</h2>'
        f'<table data-file="rpt_reconciliation"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"</section>"
    )


# A4 print: the page's margins, no plotly toolbar, a heading never split from what it heads, charts and
# tables not split across pages where they fit on one, table headers repeated on each page. The charts are
# drawn at most 1000 px wide (.charts max-width); printed at 68 % they fit the 186 mm (703 px) of text width.
PRINT_STYLE = """
@page { size: A4 portrait; margin: 15mm 12mm 18mm 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  .modebar, .modebar-container, .no-print { display: none !important; }
  figure.chart, section.table table, tr { break-inside: avoid; page-break-inside: avoid; }
  /* a chart is drawn at most 1000 px wide (.charts); on paper it is scaled into the A4 text width */
  figure.chart { zoom: 0.68; }
  h1, h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  table { font-size: 8.5pt; width: 100%; }
  th, td { padding: 2px 6px; }
  tr.not-ok td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  /* the postings behind the figures are for the screen: the printed pack is the report */
  section.drilldowns { display: none; }
  a.dd { color: inherit; text-decoration: none; }
}
"""

STYLE = """
section.drilldown { margin: 18px 0; } section.drilldown:target { background: #fff8dc; }
section.drilldown h3 { font-size: 15px; margin: 0 0 4px; } p.query code { font-size: 11px; word-break: break-all; }
a.dd { color: #1d4f91; text-decoration: none; border-bottom: 1px dotted #1d4f91; }
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px 40px; color: #1d2733; }
h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 18px; margin: 28px 0 8px; }
.lead { color: #4a5866; margin-top: 0; }
.charts { display: grid; grid-template-columns: 1fr; gap: 8px; max-width: 1000px; }
table { border-collapse: collapse; font-size: 13px; margin-bottom: 8px; }
figure.chart { margin: 0; }
th { text-align: left; vertical-align: bottom;
     border-bottom: 2px solid #1d2733; padding: 4px 10px; background: #f3f5f7; }
td { padding: 3px 10px; border-bottom: 1px solid #e3e7eb; }
th.num { text-align: right; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.emph td { font-weight: bold; border-top: 1px solid #1d2733; }
tr.not-ok td { background: #fde8e8; }
.provenance { color: #4a5866; margin: 0 0 6px; font-size: 13px; }
.provenance.warning { color: #9b1c1c; font-weight: bold; }
"""


def provenance_html(provenance: ProvenanceLine) -> str:
    css = "provenance warning" if provenance.warning else "provenance"
    return f'<p class="{css}" id="provenance">{html.escape(provenance.text)}</p>'


def render_html(report: Report, warehouse: Path, provenance: ProvenanceLine | None = None) -> str:
    period = report.period.report_period
    provenance = provenance or describe(warehouse)
    names = report.period.printed_placeholders()
    in_words = report.period.printed_placeholders(long=True)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        relations = existing_relations(con)
        charts = []
        if "marts.rpt_result_by_unit" in relations:
            charts.append(_figure_html(result_by_unit_chart(con, period, names), CHART_IDS[0]))
        if "marts.rpt_balance_sheet" in relations:
            charts.append(_figure_html(balance_sheet_chart(con, period), CHART_IDS[1]))
        if "marts.rpt_income_statement" in relations:
            charts.append(_figure_html(monthly_result_chart(con, period), CHART_IDS[2]))
        drilled = drilldowns(con, report.tables, period)
        reconciliation = reconciliation_html(con, period)
    finally:
        con.close()
    tables = "".join(_table_html(table, drilled.get(table.file)) for table in report.tables if table.spec.in_html)
    missing = "".join(f"<li>{html.escape(f)}: {html.escape(why)}</li>" for f, why in report.missing.items())
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<title>Räkenskaper per {period}</title>
<style>{STYLE}{PRINT_STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<h1>Räkenskaper per {period}</h1>
{provenance_html(provenance)}
<p class="lead">Belopp i tkr, varje tal avrundat för sig. Perioden {in_words["cur"]}; jämförelse
{in_words["prior"]}.</p>
<div class="charts">{"".join(charts)}</div>
{reconciliation}
{gate_html(warehouse)}
{tables}
{f"<h2>Tabeller som saknas</h2><ul>{missing}</ul>" if missing else ""}
{_drilldown_html(drilled)}
</body></html>
"""


def write_html(report: Report, out: Path, warehouse: Path, provenance: ProvenanceLine | None = None) -> Path:
    path = out / file_name(report)
    path.write_text(render_html(report, warehouse, provenance), encoding="utf-8")
    return path
