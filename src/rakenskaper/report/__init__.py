"""The report pack (`rakenskaper report`) and the published-vs-ours comparison (`rakenskaper compare`).

tables.toml says which mart feeds each table of the published layout; `tables.build_report` reads them
from the published warehouse (read-only); csv_pack, xlsx and html render them; compare diffs the csv form
against a folder of published tables, accepting only the deviations in allowed_deviations.csv.
"""

from __future__ import annotations

import sys
from pathlib import Path

FORMATS = ("csv", "xlsx", "html")


def _warehouse(warehouse: Path | None) -> Path:
    from rakenskaper import paths

    path = paths.warehouse_file(warehouse) if warehouse else paths.default_warehouse()
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path} (run `rakenskaper run` first, or pass --warehouse)")
    return path


def _period(text: str | None, warehouse: Path):
    """The report period: the given month, else the latest month-end in the warehouse."""
    import duckdb

    from rakenskaper.report.spec import parse_period
    from rakenskaper.report.tables import report_periods

    if text:
        return parse_period(text)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        periods = report_periods(con)
    finally:
        con.close()
    if not periods:
        raise ValueError(f"{warehouse} has no report periods (marts.rpt_income_statement is missing or empty)")
    return periods[-1]


def render(warehouse: Path, period, fmt: str, out: Path, provenance=None) -> list[Path]:
    """Write the report pack for `period` in one format into `out`; returns the files written. Every format
    says what the warehouse is built on (`provenance`, a report.provenance.ProvenanceLine; default: read
    from the warehouse's publish log): html under the title, xlsx under each sheet's title, csv in
    underlag.txt beside the tables (the csv files themselves stay cell for cell the published layout; the
    tables as printed, for Excel, go in excel/)."""
    from rakenskaper.report.provenance import describe
    from rakenskaper.report.tables import build_report

    report = build_report(warehouse, period)
    provenance = provenance or describe(warehouse)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        from rakenskaper.report.csv_pack import write_csv, write_provenance

        return [*write_csv(report, out), write_provenance(provenance, out)]
    if fmt == "xlsx":
        from rakenskaper.report.xlsx import write_xlsx

        return [write_xlsx(report, out, provenance)]
    if fmt == "html":
        from rakenskaper.report.html import write_html

        return [write_html(report, out, warehouse, provenance)]
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def main_report(period: str, fmt: str, out: Path, warehouse: Path | None = None) -> int:
    from rakenskaper.report.provenance import describe

    try:
        source = _warehouse(warehouse)
        provenance = describe(source)
        written = render(source, _period(period, source), fmt, Path(out), provenance)
    except (FileNotFoundError, ValueError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print(provenance.text)
    for path in written:
        print(path)
    return 0


def main_compare(published: Path, period: str | None = None, warehouse: Path | None = None) -> int:
    """Print every cell of our csv pack that differs from the published tables in `published`; exit 0 only
    when every difference is an allowed deviation and every published file is covered."""
    from rakenskaper.report.compare import compare, print_comparison
    from rakenskaper.report.tables import build_report

    try:
        source = _warehouse(warehouse)
        if not Path(published).is_dir():
            raise FileNotFoundError(f"no folder of published tables at {published}")
        report = build_report(source, _period(period, source))
    except (FileNotFoundError, ValueError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 2
    result = compare(report, Path(published))
    print_comparison(result)
    return 0 if result.ok else 1
