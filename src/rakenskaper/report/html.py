"""The html pack: one self-contained page (plotly.js inline, no network) with the report's tables, three
charts — result per unit against budget and forecast, the balance sheet's composition at its three dates,
the monthly result trend — and the subledger reconciliation (marts.rpt_reconciliation) when present."""

from __future__ import annotations

import html
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


def _table_html(table: ReportTable) -> str:
    """The table as printed (tables.toml): Swedish headers, technical columns left out, only subtotals and
    totals bold (class emph), every row labelled."""
    printed = table.printed()
    columns, rows = printed.visible()
    head = "".join(f'<th class="num">{html.escape(c.label)}</th>' if c.amount else f"<th>{html.escape(c.label)}</th>"
                   for c in columns)
    body = []
    for index, row in enumerate(rows):
        cells = "".join(
            f'<td class="num">{swedish_number(v)}</td>' if isinstance(v, int) and not isinstance(v, bool)
            else f"<td>{html.escape(swedish_number(v))}</td>" for v in row)
        css = ' class="emph"' if printed.emphasis[index] else ""
        body.append(f"<tr{css}>{cells}</tr>")
    return (f'<section class="table" id="table-{table.spec.stem}"><h2>{html.escape(table.title)}</h2>'
            f'<table data-file="{html.escape(table.file)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></section>')


def _figure_html(figure: go.Figure, div_id: str) -> str:
    figure.update_layout(template="plotly_white", height=460, margin={"l": 60, "r": 20, "t": 60, "b": 80},
                         separators=", ")  # decimal comma, space as thousands separator
    figure.update_yaxes(tickformat=",.0f")
    chart = figure.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                           config={"displaylogo": False, "responsive": True})
    return f'<figure class="chart">{chart}</figure>'  # one unit on paper: never split across pages


def _rows(con, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def result_by_unit_chart(con, period: date, names: dict) -> go.Figure:
    rows = _rows(con, "select label, periodiserat_tkr, budget_tkr, forecast_tkr from marts.rpt_result_by_unit "
                      "where report_period = ? and level <> 'total' order by row_order", [period])
    units = [row["label"] for row in rows]
    figure = go.Figure([
        go.Bar(name=f"Periodiserat utfall {names['cur']}", x=units, y=[r["periodiserat_tkr"] for r in rows]),
        go.Bar(name=f"Budget {names['year']}", x=units, y=[r["budget_tkr"] for r in rows]),
        go.Bar(name=f"Prognos {names['year']}", x=units, y=[r["forecast_tkr"] for r in rows]),
    ])
    figure.update_layout(title="Resultat per verksamhet mot budget och prognos (tkr)", barmode="group")
    return figure


def balance_sheet_chart(con, period: date) -> go.Figure:
    """Assets against equity, provisions and liabilities, stacked by line, at the three dates of 2.2."""
    rows = _rows(con, "select * from marts.rpt_balance_sheet where report_period = ? order by row_order", [period])
    dates = [("amount_at_same_date_prior_year", "same_date_prior_year"),
             ("amount_at_prior_year_end", "prior_year_end"), ("amount_at_report_date", "report_period")]
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
        following = rows[index + 1:]
        has_lines = bool(following) and following[0]["level"] == "line"
        if row["level"] == "line" or (row["level"] == "group" and not has_lines):
            parts.append((side, row))
    figure = go.Figure()
    for side_name, row in parts:
        x = [[categories[c] for c, _ in dates], [side_name] * len(dates)]
        figure.add_bar(name=row["label"], x=x, y=[float(row[c] or 0) / 1000 for c, _ in dates],
                       hovertemplate="%{y:,.0f} tkr")
    figure.update_layout(title="Balansräkningens sammansättning (tkr)", barmode="relative")
    return figure


def monthly_result_chart(con, period: date) -> go.Figure:
    """The period's result month by month (the change in the year-to-date result) and the year to date."""
    rows = _rows(con, "select report_period, fiscal_year_start, periodiserat_amount from marts.rpt_income_statement "
                      "where line_code = 'period_result' and report_period <= ? order by report_period", [period])
    months, monthly, to_date, previous = [], [], [], {}
    for row in rows:
        year_to_date = float(row["periodiserat_amount"] or 0) / 1000
        months.append(months_in_words(row["report_period"], row["report_period"]))  # 'aug 2023'
        monthly.append(year_to_date - previous.get(row["fiscal_year_start"], 0.0))
        to_date.append(year_to_date)
        previous[row["fiscal_year_start"]] = year_to_date
    figure = go.Figure([go.Bar(name="Månadens resultat", x=months, y=monthly),
                        go.Scatter(name="Periodens resultat (ackumulerat)", x=months, y=to_date,
                                   mode="lines+markers")])
    figure.update_layout(title="Resultat per månad (tkr, periodiserat)", xaxis_type="category")
    return figure


def _kronor(value) -> str:
    """SEK with öre, Swedish style: 1 234,50."""
    text = f"{abs(float(value or 0)):,.2f}".replace(",", THIN_SPACE).replace(".", ",")
    return f"{MINUS}{text}" if (value or 0) < 0 else text


def reconciliation_html(con, period: date, maps: dict[str, dict[str, str]] | None = None) -> str:
    """The subledger reconciliation at `period`, one row per control point; subledger, severity and status in
    words (tables.toml [maps.subledger], [maps.severity], [maps.reconciliation_status])."""
    if "marts.rpt_reconciliation" not in existing_relations(con):
        return ""
    maps = load_spec().maps if maps is None else maps

    def word(kind: str, value: str) -> str:
        return html.escape(", ".join(maps.get(kind, {}).get(part, part) for part in value.split(", ")))

    rows = _rows(con, """
        select subledger, control_point, label, severity, count(*) as checks,
               count(*) filter (where status = 'ok') as ok, max(abs(difference)) as largest_difference,
               string_agg(distinct status, ', ' order by status) as status
        from marts.rpt_reconciliation where month_end = ?
        group by all order by min(sort_order)""", [period])
    head = "".join(f"<th>{h}</th>" if i < 3 or i == 6 else f'<th class="num">{h}</th>'
                   for i, h in enumerate(("Delsystem", "Kontrollpunkt", "Allvarlighet", "Kontroller", "OK",
                                          "Största differens (kr)", "Status")))
    body = "".join(
        f'<tr class="{"ok" if r["ok"] == r["checks"] else "not-ok"}"><td>{word("subledger", r["subledger"])}</td>'
        f'<td>{html.escape(r["label"])}</td><td>{word("severity", r["severity"])}</td>'
        f'<td class="num">{r["checks"]}</td><td class="num">{r["ok"]}</td>'
        f'<td class="num">{_kronor(r["largest_difference"])}</td>'
        f'<td>{word("reconciliation_status", r["status"])}</td></tr>' for r in rows)
    return (f'<section class="table" id="table-reconciliation"><h2>Avstämning mot delsystem per {period}</h2>'
            f'<table data-file="rpt_reconciliation"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            f'</section>')


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
}
"""

STYLE = """
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
        reconciliation = reconciliation_html(con, period)
    finally:
        con.close()
    tables = "".join(_table_html(table) for table in report.tables)
    missing = "".join(f"<li>{html.escape(f)}: {html.escape(why)}</li>" for f, why in report.missing.items())
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<title>Räkenskaper per {period}</title>
<style>{STYLE}{PRINT_STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<h1>Räkenskaper per {period}</h1>
{provenance_html(provenance)}
<p class="lead">Belopp i tkr, varje tal avrundat för sig. Perioden {in_words['cur']}; jämförelse
{in_words['prior']}.</p>
<div class="charts">{''.join(charts)}</div>
{reconciliation}
{tables}
{f'<h2>Tabeller som saknas</h2><ul>{missing}</ul>' if missing else ''}
</body></html>
"""


def write_html(report: Report, out: Path, warehouse: Path, provenance: ProvenanceLine | None = None) -> Path:
    path = out / file_name(report)
    path.write_text(render_html(report, warehouse, provenance), encoding="utf-8")
    return path
