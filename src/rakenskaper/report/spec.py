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
    label: str | None = None  # the printed (Swedish) header, may hold {period} placeholders; None: the name
    hidden: bool = False  # technical (a code, a level, a sort key): kept in the xlsx, hidden; not printed
    drilldown: str | None = None  # the drill-down mart's column_name whose postings make up this column's figures
    kronor: bool = False  # SEK with öre though the source column's name does not say so (`kronor = true`)

    @property
    def is_amount(self) -> bool:
        """Whole tkr (the marts' *_tkr columns): a number with digit grouping and no decimals when printed."""
        return self.source_column.endswith("_tkr")

    @property
    def is_kronor(self) -> bool:
        """SEK with öre (the marts' *_amount columns: the saldobalans, the huvudbok): two decimals when printed."""
        return self.kronor or self.source_column.endswith("_amount")


@dataclass(frozen=True)
class Lookup:
    """Another mart joined to the table's rows on equal `on` columns (NULL matches NULL)."""

    source: str
    on: tuple[str, ...]
    where: str | None = None


@dataclass(frozen=True)
class Drilldown:
    """Where the postings behind a table's figures are: a drill-down mart (one row per posting × cell), the
    pairs (drill-down column, table source column) that pick a row's postings, and a fixed filter. A column
    names its cells' `column_name` in the mart with `drilldown = "…"`."""

    source: str
    match: tuple[tuple[str, str], ...]
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
    # how the table is printed (xlsx, html, the csv for Excel); none of it touches the published-layout csv
    sheet: str = ""  # the xlsx sheet name (≤ 31 characters, unique)
    orientation: str = "portrait"  # A4 portrait or landscape
    emphasis: tuple[str, ...] = ()  # levels printed bold: subtotals and totals only
    # a level printed bold only when its group (rows with the same value in `group`) also has a row of level
    # `when`: a note's closing balance is its total under an opening balance, a detail row otherwise
    emphasis_when: tuple[tuple[str, str, str], ...] = ()  # (level, when, group column)
    label_column: str = ""  # the column that labels a row (default: the last key column)
    row_labels: dict[str, str] = field(default_factory=dict)  # level → printed label of a row left blank
    technical: tuple[Column, ...] = ()  # extra source columns kept hidden in the xlsx (line codes, sort keys)
    drilldown: Drilldown | None = None  # the html links each figure to its postings
    # rows of the report period other than `period_column = report period` (the huvudbok: the fiscal year up to
    # the month-end), with the named parameters $report_period and $fiscal_year_start
    period_filter: str | None = None
    in_html: bool = True  # a table of every posting is for Excel and the csv, not the page

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
        columns = tuple(_column(c) for c in entry["columns"])
        technical = tuple(_column({**c, "hidden": True}) for c in entry.get("technical", ()))
        lookups = {
            name: Lookup(source=spec["source"], on=tuple(spec["on"]), where=spec.get("where"))
            for name, spec in entry.get("lookups", {}).items()
        }
        table = TableSpec(
            file=entry["file"],
            title=entry["title"],
            source=entry["source"],
            columns=columns,
            key=tuple(entry["key"]),
            order_by=tuple(entry.get("order_by", ())),
            level=entry.get("level"),
            where=entry.get("where"),
            period_column=entry.get("period_column", "report_period"),
            lookups=lookups,
            sheet=entry.get("sheet", ""),
            orientation=entry.get("orientation", "portrait"),
            emphasis=tuple(entry.get("emphasis", ())),
            emphasis_when=tuple(
                (level, rule["when"], rule["group"]) for level, rule in entry.get("emphasis_when", {}).items()
            ),
            label_column=entry.get("label_column", entry["key"][-1]),
            row_labels=dict(entry.get("row_labels", {})),
            technical=technical,
            drilldown=_drilldown(entry.get("drilldown")),
            period_filter=entry.get("period_filter"),
            in_html=bool(entry.get("in_html", True)),
        )
        _validate(table, raw.get("maps", {}))
        tables.append(table)
    sheets = [table.sheet for table in tables]
    if len(set(sheets)) != len(sheets):
        raise ValueError(f"{SPEC_PATH.name}: sheet names are not unique: {sheets}")
    return ReportSpec(tables=tuple(tables), maps={k: dict(v) for k, v in raw.get("maps", {}).items()})


def _column(raw: dict) -> Column:
    return Column(
        name=raw["name"],
        source_column=raw["from"],
        lookup=raw.get("lookup"),
        value_map=raw.get("map"),
        label=raw.get("label"),
        hidden=bool(raw.get("hidden", False)),
        drilldown=raw.get("drilldown"),
        kronor=bool(raw.get("kronor", False)),
    )


def _drilldown(raw: dict | None) -> Drilldown | None:
    if not raw:
        return None
    return Drilldown(source=raw["source"], match=tuple(raw["match"].items()), where=raw.get("where"))


# Excel refuses these in a sheet name, and a name longer than 31 characters
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")


def _validate(table: TableSpec, maps: dict) -> None:
    names = [column.name for column in table.columns]
    problems = [f"key column {k!r} is not an output column" for k in table.key if k not in names]
    problems += [
        f"column {c.name!r}: unknown lookup {c.lookup!r}"
        for c in table.columns
        if c.lookup and c.lookup not in table.lookups
    ]
    problems += [
        f"column {c.name!r}: unknown map {c.value_map!r}"
        for c in table.columns
        if c.value_map and c.value_map not in maps
    ]
    if len(set(names)) != len(names):
        problems.append("duplicate output column names")
    if not table.sheet or len(table.sheet) > 31 or set(table.sheet) & SHEET_NAME_FORBIDDEN:
        problems.append(f"sheet name {table.sheet!r}: 1–31 characters, none of []:*?/\\")
    if table.orientation not in ("portrait", "landscape"):
        problems.append(f"orientation {table.orientation!r}: portrait or landscape")
    if table.label_column not in names:
        problems.append(f"label_column {table.label_column!r} is not an output column")
    problems += [f"column {c.name!r} has no printed label" for c in table.columns if not c.hidden and not c.label]
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

    def spans(self) -> dict[str, tuple[date, date]]:
        start, end = self.fiscal_year_start, self.report_period
        back = _months_back(end, 12)
        prior_start = _months_back(start, 12)
        return {
            "cur": (start, end),
            "prior": (prior_start, month_end(back.year, back.month)),
            "prior_full": (prior_start, start - timedelta(days=1)),
        }

    def printed_placeholders(self, long: bool = False) -> dict[str, str]:
        """The same placeholders as a reader says them: {cur} 'jan–aug 2023' (long: 'januari–augusti 2023'),
        {at_report} '2023-08-31', {year} '2023'."""
        codes = self.placeholders()
        words = {name: months_in_words(a, b, long) for name, (a, b) in self.spans().items()}
        dates = {name: codes[name].replace("_", "-") for name in ("at_report", "at_prior_end", "at_prior")}
        return {**codes, **words, **dates}

    def printed(self, template: str, long: bool = False) -> str:
        return template.format(**self.printed_placeholders(long))


MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_SHORT = ("jan", "feb", "mars", "april", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec")


def months_in_words(start: date, end: date, long: bool = False) -> str:
    """2023-01-01 … 2023-08-31 → 'jan–aug 2023' ('januari–augusti 2023'); a fiscal year over two calendar
    years → 'juli 2022–juni 2023'; one month → 'aug 2023'."""
    names = MONTHS if long else MONTHS_SHORT
    first, last = names[start.month - 1], names[end.month - 1]
    if (start.year, start.month) == (end.year, end.month):
        return f"{last} {end.year}"
    if start.year == end.year:
        return f"{first}\u2013{last} {end.year}"
    return f"{first} {start.year}\u2013{last} {end.year}"
