"""The html pack's tables: each report table as printed (tables.toml), the night's quality gate and the
subledger reconciliation."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from rakenskaper.report.html_drilldown import DrilledCell
from rakenskaper.report.spec import load_spec
from rakenskaper.report.swedish_numbers import kronor, swedish_number
from rakenskaper.report.tables import ReportTable, existing_relations, query_rows


def table_html(table: ReportTable, drilled: dict[tuple, DrilledCell] | None = None) -> str:
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
                cells.append(f'<td class="num">{kronor(value)}</td>')
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

    rows = query_rows(
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
        f'<td class="num">{kronor(r["largest_difference"])}</td>'
        f"<td>{word('reconciliation_status', r['status'])}</td></tr>"
        for r in rows
    )
    return (
        f'<section class="table" id="table-reconciliation"><h2>Avstämning mot delsystem per {period}</h2>'
        f'<table data-file="rpt_reconciliation"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f"</section>"
    )
