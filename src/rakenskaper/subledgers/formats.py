"""The delimited source formats besides the ledger (docs/architecture.md, "Source formats besides the
ledger"), as data: which folder and file names, which columns of which kind, which raw table, and which
column is the period a newer file replaces.

A column's kind says how the strict reader parses it and which DuckDB type the raw table gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# kind → DuckDB type in the raw table
KIND_TYPES = {
    "date": "DATE",  # YYYY-MM-DD
    "month": "VARCHAR",  # YYYY-MM
    "year": "INTEGER",  # YYYY
    "code": "VARCHAR",  # required, no inner whitespace: object codes, accounts, pay items
    "text": "VARCHAR",  # free text; empty is NULL
    "money": "DECIMAL(18,2)",  # SEK with öre; decimal comma or point; at most 2 decimals
    "quantity": "DECIMAL(18,4)",
    "rate": "DECIMAL(9,4)",  # percent, e.g. 2,35
    "personnummer": None,  # never stored: replaced by employee_key (HMAC) at extract
    "person_name": None,  # never stored, never hashed
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True


@dataclass(frozen=True)
class SourceFormat:
    """One delimited source format.

    name:        short name (forecast, investments, payroll, internal_bank, provision_schedule)
    folder:      sub-folder of the sources folder
    file_name:   regex a file name must match (fullmatch); group `period`, if present, must equal every
                 row's period value (a file named for 2023-08 holds 2023-08 only)
    table:       raw table (schema raw)
    columns:     the header, as the file has it (any order; no column missing, none extra)
    period:      the column whose values a newer file replaces (the replacement key)
    unique:      columns unique within a file (the file's grain); () = no such key
    personal:    True when the file holds personal data: pseudonymised at extract, never copied to
                 the quarantine folder, values never quoted in reasons
    """

    name: str
    folder: str
    file_name: str
    table: str
    columns: tuple[Column, ...]
    period: str
    unique: tuple[str, ...] = ()
    personal: bool = False

    def matches(self, file_name: str) -> re.Match | None:
        return re.fullmatch(self.file_name, file_name)

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def stored_columns(self) -> list[tuple[str, str]]:
        """The raw table's own columns, in order (personal columns become one employee_key)."""
        out: list[tuple[str, str]] = []
        for column in self.columns:
            if column.kind == "personnummer":
                out.append(("employee_key", "VARCHAR"))
            elif KIND_TYPES[column.kind] is not None:
                out.append((column.name, KIND_TYPES[column.kind]))
        return out


_DATE = r"(?P<period>\d{4}-\d{2}-\d{2})"
_MONTH = r"(?P<period>\d{4}-\d{2})"

FORECAST = SourceFormat(
    name="forecast",
    folder="forecast",
    file_name=rf"forecast_{_DATE}\.csv",
    table="forecast_lines",
    columns=(
        Column("forecast_date", "date"),
        Column("fiscal_year", "year"),
        Column("unit", "code"),
        Column("line_code", "code"),
        Column("amount", "money"),
    ),
    period="forecast_date",
    unique=("forecast_date", "fiscal_year", "unit", "line_code"),
)

INVESTMENTS = SourceFormat(
    name="investments",
    folder="forecast",
    file_name=rf"investments_{_DATE}\.csv",
    table="investment_forecasts",
    columns=(
        Column("forecast_date", "date"),
        Column("fiscal_year", "year"),
        Column("project", "code"),
        Column("project_name", "text", required=False),
        Column("budget", "money"),
        Column("forecast", "money"),
    ),
    period="forecast_date",
    unique=("forecast_date", "fiscal_year", "project"),
)

PAYROLL = SourceFormat(
    name="payroll",
    folder="payroll",
    file_name=rf"payroll_{_MONTH}\.csv|[^/]+\.csv",
    table="payroll_lines",
    columns=(
        Column("pay_period", "month"),
        Column("payment_date", "date"),
        Column("personnummer", "personnummer"),
        Column("employee_name", "person_name", required=False),
        Column("unit", "code"),
        Column("pay_item", "code"),
        Column("pay_item_name", "text", required=False),
        Column("account", "code"),
        Column("quantity", "quantity", required=False),
        Column("amount", "money"),
    ),
    period="pay_period",
    personal=True,
)

INTERNAL_BANK = SourceFormat(
    name="internal_bank",
    folder="internal_bank",
    file_name=rf"internal_bank_{_MONTH}\.csv|[^/]+\.csv",
    table="internal_bank_statements",
    columns=(
        Column("statement_date", "date"),
        Column("account_no", "code"),
        Column("opening_balance", "money"),
        Column("deposits", "money"),
        Column("withdrawals", "money"),
        Column("interest_credited", "money"),
        Column("closing_balance", "money"),
        Column("interest_rate_pct", "rate", required=False),
        Column("accrued_interest_not_credited", "money"),
    ),
    period="statement_date",
    unique=("statement_date", "account_no"),
)

# A scheduled provision's contract history before the first loaded fiscal year (e.g. a co-financing agreement
# paid over many years): per contract year the amount at the 2013 price level, the index adjustment and the
# payment. A newer file replaces the years it holds.
PROVISION_SCHEDULE = SourceFormat(
    name="provision_schedule",
    folder="contracts",
    file_name=r"provision_schedule\.csv",
    table="provision_schedule_years",
    columns=(
        Column("year", "year"),
        Column("amount_2013_prices", "money"),
        Column("index_adjustment", "money"),
        Column("paid", "money"),
    ),
    period="year",
    unique=("year",),
)

FORMATS: tuple[SourceFormat, ...] = (FORECAST, INVESTMENTS, PAYROLL, INTERNAL_BANK, PROVISION_SCHEDULE)
#: source folder → the formats whose files live there (a file must match exactly one)
FOLDERS: dict[str, tuple[SourceFormat, ...]] = {}
for _fmt in FORMATS:
    FOLDERS.setdefault(_fmt.folder, tuple())
    FOLDERS[_fmt.folder] += (_fmt,)


def format_for(folder: str, file_name: str) -> SourceFormat | None:
    """The format of a file in a source folder, or None if its name fits none."""
    for fmt in FOLDERS.get(folder, ()):
        if fmt.matches(file_name):
            return fmt
    return None
