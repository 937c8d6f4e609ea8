"""The html pack's three charts (plotly): result per unit against budget and forecast, the balance sheet's
composition at its three dates, the monthly result trend."""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from rakenskaper.report.spec import months_in_words
from rakenskaper.report.tables import query_rows

CHART_IDS = ("chart-result-by-unit", "chart-balance-sheet", "chart-monthly-result")


def charts_html(con, period: date, names: dict, relations: set[str]) -> list[str]:
    """The charts whose marts the warehouse has (``relations``), each as a <figure>."""
    charts = []
    if "marts.rpt_result_by_unit" in relations:
        charts.append(figure_html(result_by_unit_chart(con, period, names), CHART_IDS[0]))
    if "marts.rpt_balance_sheet" in relations:
        charts.append(figure_html(balance_sheet_chart(con, period), CHART_IDS[1]))
    if "marts.rpt_income_statement" in relations:
        charts.append(figure_html(monthly_result_chart(con, period), CHART_IDS[2]))
    return charts


def figure_html(figure: go.Figure, div_id: str) -> str:
    figure.update_layout(
        template="plotly_white", height=460, margin={"l": 60, "r": 20, "t": 60, "b": 80}, separators=", "
    )  # decimal comma, space as thousands separator
    figure.update_yaxes(tickformat=",.0f")
    chart = figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config={"displaylogo": False, "responsive": True}
    )
    return f'<figure class="chart">{chart}</figure>'  # one unit on paper: never split across pages


def result_by_unit_chart(con, period: date, names: dict) -> go.Figure:
    rows = query_rows(
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
    rows = query_rows(con, "select * from marts.rpt_balance_sheet where report_period = ? order by row_order", [period])
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
    rows = query_rows(
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
