"""The report pack's table specifications (tables.toml) and the period names its column names use."""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

SPEC_PATH = Path(__file__).with_name("tables.toml")


@dataclass(frozen=True)
class Column:
    name: str  # output column name, may hold {period} placeholders
    source_column: str
    lookup: str | None = None
    value_map: str | None = None


@dataclass(frozen=True)
class Lookup:
    """Another mart joined to the table's rows on equal `on` columns (NULL matches NULL)."""
    source: str
    on: tuple[str, ...]
    where: str | None = None


@dataclass(frozen=True)
class TableSpec:
    file: str
    title: str
    source: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    order_by: tuple[str, ...] = ()
    level: str | None = None
    where: str | None = None
    period_column: str = "report_period"
    lookups: dict[str, Lookup] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return Path(self.file).stem

    def sources(self) -> list[str]:
        return [self.source, *(lookup.source for lookup in self.lookups.values())]


@dataclass(frozen=True)
class ReportSpec:
    tables: tuple[TableSpec, ...]
    maps: dict[str, dict[str, str]]

    def table(self, file: str) -> TableSpec | None:
        return next((table for table in self.tables if table.file == file), None)


def load_spec(path: Path = SPEC_PATH) -> ReportSpec:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = []
    for entry in raw["tables"]:
        columns = tuple(Column(name=c["name"], source_column=c["from"], lookup=c.get("lookup"),
                               value_map=c.get("map")) for c in entry["columns"])
        lookups = {name: Lookup(source=spec["source"], on=tuple(spec["on"]), where=spec.get("where"))
                   for name, spec in entry.get("lookups", {}).items()}
        table = TableSpec(file=entry["file"], title=entry["title"], source=entry["source"], columns=columns,
                          key=tuple(entry["key"]), order_by=tuple(entry.get("order_by", ())),
                          level=entry.get("level"), where=entry.get("where"),
                          period_column=entry.get("period_column", "report_period"), lookups=lookups)
        _validate(table, raw.get("maps", {}))
        tables.append(table)
    return ReportSpec(tables=tuple(tables), maps={k: dict(v) for k, v in raw.get("maps", {}).items()})


def _validate(table: TableSpec, maps: dict) -> None:
    names = [column.name for column in table.columns]
    problems = [f"key column {k!r} is not an output column" for k in table.key if k not in names]
    problems += [f"column {c.name!r}: unknown lookup {c.lookup!r}" for c in table.columns
                 if c.lookup and c.lookup not in table.lookups]
    problems += [f"column {c.name!r}: unknown map {c.value_map!r}" for c in table.columns
                 if c.value_map and c.value_map not in maps]
    if len(set(names)) != len(names):
        problems.append("duplicate output column names")
    if problems:
        raise ValueError(f"{SPEC_PATH.name}, table {table.file}: " + "; ".join(problems))


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> date:
    """'2023-08' or '2023-08-31' → the month-end date 2023-08-31."""
    parts = text.strip().split("-")
    if len(parts) not in (2, 3) or not all(p.isdigit() for p in parts):
        raise ValueError(f"period must be YYYY-MM (or a month-end YYYY-MM-DD), got {text!r}")
    end = month_end(int(parts[0]), int(parts[1]))
    if len(parts) == 3 and int(parts[2]) != end.day:
        raise ValueError(f"period {text!r} is not a month-end (did you mean {end.isoformat()}?)")
    return end


def _months_back(day: date, months: int) -> date:
    """The same day-of-month `months` earlier (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class PeriodNames:
    """The period labels the published tables put in their column names, for one report period."""
    report_period: date
    fiscal_year_start: date

    @classmethod
    def for_period(cls, report_period: date, fiscal_year_start: date | None = None) -> PeriodNames:
        return cls(report_period, fiscal_year_start or date(report_period.year, 1, 1))

    @property
    def fiscal_year_end(self) -> date:
        return _months_back(self.fiscal_year_start, -12) - timedelta(days=1)

    def placeholders(self) -> dict[str, str]:
        start, end = self.fiscal_year_start, self.report_period
        back = _months_back(end, 12)
        prior_start, prior_end = _months_back(start, 12), month_end(back.year, back.month)
        prior_year_end = start - timedelta(days=1)

        def span(a: date, b: date) -> str:
            return f"{a:%y%m}_{b:%y%m}"

        return {
            "cur": span(start, end),
            "prior": span(prior_start, prior_end),
            "prior_full": span(prior_start, prior_year_end),
            "year": str(self.fiscal_year_end.year),
            "prior_year": str(prior_year_end.year),
            "at_report": f"{end:%Y_%m_%d}",
            "at_prior_end": f"{prior_year_end:%Y_%m_%d}",
            "at_prior": f"{prior_end:%Y_%m_%d}",
        }

    def name(self, template: str) -> str:
        return template.format(**self.placeholders())
