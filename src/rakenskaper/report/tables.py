"""Read the report's tables out of the warehouse's marts, shaped by the specification (tables.toml).

Every renderer (csv, xlsx, html) and the comparison start from `build_tables`: one `ReportTable` per
specified file whose marts exist, with the output column names of the report period and the values as
printed (whole tkr as int, labels as str, blank as None). The csv pack and `compare` use its published-layout
`header` and `rows`; xlsx, html and the csv for Excel use `ReportTable.printed()`: the Swedish headers, the
technical columns marked hidden, every row labelled and the emphasis of tables.toml.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb

from rakenskaper.report.spec import Column, PeriodNames, ReportSpec, TableSpec, load_spec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintedColumn:
    label: str  # the printed Swedish header
    name: str  # the published-layout (technical) column name
    hidden: bool  # technical: hidden in the xlsx, left out of html and the csv for Excel
    amount: bool  # whole tkr
    kronor: bool = False  # SEK with öre (two decimals)


@dataclass
class PrintedTable:
    """A table as every printed form shows it (xlsx, html, csv for Excel): Swedish headers, the published
    columns then the technical ones, every row labelled, and which rows are subtotals / totals."""

    title: str
    sheet: str
    orientation: str
    columns: list[PrintedColumn]
    rows: list[list[object]]
    emphasis: list[bool]

    def visible(self) -> tuple[list[PrintedColumn], list[list[object]]]:
        keep = [i for i, column in enumerate(self.columns) if not column.hidden]
        return [self.columns[i] for i in keep], [[row[i] for i in keep] for row in self.rows]


@dataclass
class ReportTable:
    spec: TableSpec
    header: list[str]  # the published layout's column names (what the csv pack and compare use)
    rows: list[list[object]]
    levels: list[str | None] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # printed header of each column of `header`
    technical_rows: list[list[object]] = field(default_factory=list)  # spec.technical, per row
    columns: list[Column] = field(default_factory=list)  # the spec column of each column of `header`
    printed_title: str = ""  # the spec's title with its period placeholders in words
    drill_keys: list[dict] = field(default_factory=list)  # per row: the source values that pick its postings

    @property
    def file(self) -> str:
        return self.spec.file

    @property
    def title(self) -> str:
        return self.printed_title or self.spec.title

    def emphasised(self, index: int) -> bool:
        """Bold: a subtotal, total or heading (the spec's `emphasis` levels), never a detail row."""
        level = self.levels[index] or ""
        if level in self.spec.emphasis:
            return True
        for rule_level, when, group in self.spec.emphasis_when:
            if level == rule_level:
                column = self.header.index(group)
                mine = self.rows[index][column]
                return any(other == when for other, row in zip(self.levels, self.rows) if row[column] == mine)
        return False

    def printed(self) -> PrintedTable:
        columns = [
            PrintedColumn(
                label=label, name=name, hidden=source.hidden, amount=source.is_amount, kronor=source.is_kronor
            )
            for name, label, source in zip(self.header, self.labels, self.columns)
        ]
        columns += [
            PrintedColumn(label=c.label or c.name, name=c.name, hidden=True, amount=False) for c in self.spec.technical
        ]
        label_at = self.header.index(self.spec.label_column)
        rows = []
        for index, row in enumerate(self.rows):
            row = list(row)
            if row[label_at] in (None, "") and self.levels[index] in self.spec.row_labels:
                row[label_at] = self.spec.row_labels[self.levels[index]]
            technical = self.technical_rows[index] if self.technical_rows else [None] * len(self.spec.technical)
            rows.append(row + list(technical))
        return PrintedTable(
            title=self.title,
            sheet=self.spec.sheet,
            orientation=self.spec.orientation,
            columns=columns,
            rows=rows,
            emphasis=[self.emphasised(i) for i in range(len(rows))],
        )

    def key_of(self, row: list[object]) -> tuple[str, ...]:
        return tuple(cell_text(row[self.header.index(k)]) for k in self.spec.key)


@dataclass
class Report:
    period: PeriodNames
    tables: list[ReportTable]
    missing: dict[str, str]  # file → why it could not be built (a mart not in the warehouse)


class PeriodNotInWarehouse(ValueError):
    pass


def cell_text(value: object) -> str:
    """A value as the published CSVs write it: integers without separators, blank for NULL."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _clean(value: object) -> object:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def existing_relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        f"{schema}.{name}"
        for schema, name in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    schema, name = relation.split(".", 1)
    return [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, name],
        ).fetchall()
    ]


def _select(
    con,
    relation: str,
    period_column: str,
    period: date,
    where: str | None,
    order_by: tuple[str, ...] = (),
    period_filter: str | None = None,
    fiscal_year_start: date | None = None,
) -> list[dict]:
    columns = _columns(con, relation)
    filters: list[str] = []
    params: list | dict = []
    if period_filter:
        filters.append(f"({period_filter})")
        params = {
            name: value
            for name, value in (("report_period", period), ("fiscal_year_start", fiscal_year_start))
            if f"${name}" in period_filter
        }
    elif period_column in columns:
        filters.append(f'"{period_column}" = ?')
        params.append(period)
    if where:
        filters.append(f"({where})")
    sql = f"select * from {relation}"
    if filters:
        sql += " where " + " and ".join(filters)
    if order_by:
        sql += " order by " + ", ".join(f'"{c}"' for c in order_by)
    return query_rows(con, sql, params)


def query_rows(con, sql: str, params: list | dict) -> list[dict]:
    """A query's rows, each as {column name: value}."""
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def fiscal_year_start(con: duckdb.DuckDBPyConnection, period: date) -> date | None:
    if "marts.rpt_income_statement" not in existing_relations(con):
        return None
    row = con.execute(
        "select min(fiscal_year_start) from marts.rpt_income_statement where report_period = ?", [period]
    ).fetchone()
    return row[0] if row else None


def report_periods(con: duckdb.DuckDBPyConnection) -> list[date]:
    if "marts.rpt_income_statement" not in existing_relations(con):
        return []
    return [
        r[0] for r in con.execute("select distinct report_period from marts.rpt_income_statement order by 1").fetchall()
    ]


def build_table(con, table: TableSpec, names: PeriodNames, maps: dict[str, dict[str, str]]) -> ReportTable:
    period = names.report_period
    rows = _select(
        con,
        table.source,
        table.period_column,
        period,
        table.where,
        table.order_by,
        table.period_filter,
        names.fiscal_year_start,
    )
    lookups = {}
    for lookup_name, lookup in table.lookups.items():
        index: dict[tuple, dict] = {}
        for row in _select(con, lookup.source, table.period_column, period, lookup.where):
            index.setdefault(tuple(row[c] for c in lookup.on), row)
        lookups[lookup_name] = (lookup, index)

    out_rows, levels, technical_rows, drill_keys = [], [], [], []
    for row in rows:
        if table.drilldown:
            drill_keys.append({source: row.get(source) for _, source in table.drilldown.match})
        values = []
        for column in table.columns + table.technical:
            if column.lookup:
                lookup, index = lookups[column.lookup]
                source_row = index.get(tuple(row[c] for c in lookup.on), {})
            else:
                source_row = row
            if column.source_column not in source_row and source_row is row:
                raise KeyError(f"{table.file}: column {column.source_column!r} not in {table.source}")
            value = _clean(source_row.get(column.source_column))
            if column.value_map:
                mapping = maps[column.value_map]
                value = mapping.get(cell_text(value), value)
            values.append(value)
        out_rows.append(values[: len(table.columns)])
        technical_rows.append(values[len(table.columns) :])
        levels.append(row.get(table.level) if table.level else None)
    header = [names.name(column.name) for column in table.columns]
    labels = [names.printed(column.label or column.name) for column in table.columns]
    keep, header = _merge_same_period_columns(table, header, out_rows)
    return ReportTable(
        spec=table,
        header=header,
        rows=[[row[i] for i in keep] for row in out_rows],
        levels=levels,
        labels=[labels[i] for i in keep],
        technical_rows=technical_rows,
        columns=[table.columns[i] for i in keep],
        printed_title=names.printed(table.title, long=True),
        drill_keys=drill_keys,
    )


def _merge_same_period_columns(table: TableSpec, header: list[str], rows: list[list[object]]):
    """At a fiscal year-end two period columns name the same period (the same date a year earlier is the
    prior year-end; the same months of the prior year are the whole prior year): print it once, as the
    annual report does. Should their figures differ, both are kept (the second named `<name>__2`).
    Returns the indices of the columns kept and their names."""
    keep, names = [], []
    for index, name in enumerate(header):
        first = header.index(name)
        if first == index:
            keep.append(index)
            names.append(name)
        elif any(row[first] != row[index] for row in rows):
            log.warning("%s: two columns named %s with different figures; keeping both", table.file, name)
            keep.append(index)
            names.append(f"{name}__2")
    return keep, names


def build_report(warehouse: Path, period: date, spec: ReportSpec | None = None) -> Report:
    """Every specified table whose marts exist in the warehouse (opened read-only), at `period`."""
    spec = spec or load_spec()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        available = report_periods(con)
        if available and period not in available:
            raise PeriodNotInWarehouse(
                f"report period {period} is not in {warehouse}; it has {available[0]} … {available[-1]}"
            )
        names = PeriodNames.for_period(period, fiscal_year_start(con, period))
        relations = existing_relations(con)
        tables, missing = [], {}
        for table in spec.tables:
            absent = [source for source in table.sources() if source not in relations]
            if absent:
                missing[table.file] = "not in the warehouse: " + ", ".join(absent)
                continue
            tables.append(build_table(con, table, names, spec.maps))
        return Report(period=names, tables=tables, missing=missing)
    finally:
        con.close()
