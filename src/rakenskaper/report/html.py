"""The html pack: one self-contained page (plotly.js inline, no network) with the report's tables, three
charts (html_charts) and the subledger reconciliation (marts.rpt_reconciliation) when present, the night's
quality gate, and the postings behind each figure (html_drilldown)."""

from __future__ import annotations

import html
from pathlib import Path

import duckdb
from plotly.offline import get_plotlyjs

from rakenskaper.report.html_charts import charts_html
from rakenskaper.report.html_drilldown import drilldown_html, drilldowns
from rakenskaper.report.html_tables import gate_html, reconciliation_html, table_html
from rakenskaper.report.provenance import ProvenanceLine, describe
from rakenskaper.report.tables import Report, existing_relations


def file_name(report: Report) -> str:
    return f"rakenskaper_{report.period.report_period:%Y-%m}.html"


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
        charts = charts_html(con, period, names, relations)
        drilled = drilldowns(con, report.tables, period)
        reconciliation = reconciliation_html(con, period)
    finally:
        con.close()
    tables = "".join(table_html(table, drilled.get(table.file)) for table in report.tables if table.spec.in_html)
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
{drilldown_html(drilled)}
</body></html>
"""


def write_html(report: Report, out: Path, warehouse: Path, provenance: ProvenanceLine | None = None) -> Path:
    path = out / file_name(report)
    path.write_text(render_html(report, warehouse, provenance), encoding="utf-8")
    return path
