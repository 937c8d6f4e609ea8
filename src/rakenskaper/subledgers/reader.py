"""The strict reader for our delimited source files: UTF-8, `;`-separated, one header row, decimal comma or
point, exact Decimal amounts.

``read_source_file(path, fmt)`` returns every row typed, or every violation found (file, line, column,
reason); a file with any violation is rejected whole. Values of personal columns (personnummer, names)
are never quoted in a reason and never kept: the personnummer becomes ``employee_key`` through the
pseudonymiser passed in, the name is dropped.
"""

from __future__ import annotations

import calendar
import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from rakenskaper.sources.violations import Violation
from rakenskaper.subledgers.formats import Column, SourceFormat

__all__ = ["SourceFile", "Violation", "read_source_file"]  # Violation: rakenskaper.sources' one

DELIMITER = ";"
_DECIMALS = {"money": 2, "quantity": 4, "rate": 4}
_INTEGER_DIGITS = {"money": 16, "quantity": 14, "rate": 5}
_NUMBER = re.compile(r"-?(\d+)(?:[.,](\d+))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_CODE = re.compile(r"\S+")
_PERSONNUMMER = re.compile(r"(\d{4})(\d{2})(\d{2})-(\d{4})")
_COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]*")  # how every column of our formats is named


@dataclass
class SourceFile:
    """One read source file: its rows (dicts of the raw table's own columns plus line_no) or violations."""

    path: Path
    fmt: SourceFormat
    sha256: str
    rows: list[dict] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def periods(self) -> list:
        return sorted({row[self.fmt.period] for row in self.rows})


class BadValue(ValueError):
    """A field that does not parse: the reason, and apart from it the offending text. The reason never holds
    the value; the caller quotes it only for a file without personal data (``quote_value``), because a
    personnummer or a name can sit in any column of a mislabelled or shifted payroll file."""

    def __init__(self, reason: str, value: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.value = value


def quote_value(value: str, limit: int = 40) -> str:
    """A field's text for a message: control characters escaped (a bad line must not drive the terminal),
    long values shortened."""
    shown = value if len(value) <= limit else value[:limit] + "…"
    return repr(shown)


def _reason(bad: BadValue, personal: bool) -> str:
    if personal or bad.value is None:
        return bad.reason
    return f"{bad.reason}: {quote_value(bad.value)}"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------------------
# Fields


def parse_decimal(text: str, kind: str = "money") -> Decimal:
    """'-1234,50' or '-1234.50' → Decimal('-1234.50'), exactly; at most the kind's decimals, no thousands
    separators, no exponent."""
    match = _NUMBER.fullmatch(text)
    if not match:
        raise BadValue("not a number with decimal comma or point", text)
    whole, decimals = match.group(1), match.group(2) or ""
    if len(decimals) > _DECIMALS[kind]:
        raise BadValue(f"{len(decimals)} decimals; at most {_DECIMALS[kind]} allowed", text)
    if len(whole.lstrip("0")) > _INTEGER_DIGITS[kind]:
        raise BadValue("too large", text)
    return Decimal(text.replace(",", ".")).quantize(Decimal(1).scaleb(-_DECIMALS[kind]))


def parse_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise BadValue("not a date YYYY-MM-DD", text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadValue("no such date", text) from None


def parse_month(text: str) -> str:
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BadValue("not a month YYYY-MM", text)
    return text


def valid_personnummer(text: str) -> bool:
    """YYYYMMDD-NNNN with a real birth date (or samordningsnummer day + 60) and a correct Luhn check digit."""
    match = _PERSONNUMMER.fullmatch(text)
    if not match:
        return False
    year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
    if day > 60:
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        return False
    digits = text[2:8] + text[9:13]
    total = 0
    for i, char in enumerate(digits):
        value = int(char) * (2 if i % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def parse_field(column: Column, text: str, pseudonymise: Callable[[str], str] | None):
    """The typed value of one field (text already stripped). Raises BadValue."""
    if text == "":
        if column.required:
            raise BadValue("empty, but required")
        return None
    kind = column.kind
    if kind == "date":
        return parse_date(text)
    if kind == "month":
        return parse_month(text)
    if kind == "year":
        if not _YEAR.fullmatch(text):
            raise BadValue("not a year YYYY", text)
        return int(text)
    if kind == "code":
        if not _CODE.fullmatch(text):
            raise BadValue("a code may not contain spaces", text)
        return text
    if kind == "text":
        return text
    if kind in _DECIMALS:
        return parse_decimal(text, kind)
    if kind == "personnummer":
        if not valid_personnummer(text):
            raise BadValue("not a valid personnummer YYYYMMDD-NNNN (date or check digit wrong)")
        if pseudonymise is None:
            raise BadValue("no pseudonymisation key: personal data cannot be read")
        return pseudonymise(text)
    if kind == "person_name":
        return None
    raise AssertionError(f"unknown column kind {kind}")


# --------------------------------------------------------------------------------------------------
# Rules across the fields of a row (per format)


def _statement_date_is_month_end(row: dict) -> str | None:
    day = row["statement_date"]
    if day.day != calendar.monthrange(day.year, day.month)[1]:
        return f"statement_date {day} is not the last day of its month"
    return None


def _statement_balances(row: dict) -> str | None:
    expected = row["opening_balance"] + row["deposits"] - row["withdrawals"] + row["interest_credited"]
    if expected != row["closing_balance"]:
        return (
            f"opening_balance + deposits - withdrawals + interest_credited = {expected}, "
            f"but closing_balance is {row['closing_balance']}"
        )
    return None


def _payment_in_or_after_pay_period(row: dict) -> str | None:
    if row["payment_date"].strftime("%Y-%m") < row["pay_period"]:
        return f"payment_date {row['payment_date']} lies before pay_period {row['pay_period']}"
    return None


ROW_RULES: dict[str, tuple[Callable[[dict], str | None], ...]] = {
    "internal_bank": (_statement_date_is_month_end, _statement_balances),
    "payroll": (_payment_in_or_after_pay_period,),
}


# --------------------------------------------------------------------------------------------------
# Files


def _decode(data: bytes, name: str) -> tuple[str | None, Violation | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        line_no = data[: err.start].count(b"\n") + 1
        return None, Violation(name, line_no, f"not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start})")


def _check_header(fmt: SourceFormat, header: list[str], name: str) -> list[Violation]:
    """The header's problems, naming only the format's own column names: a cell that is not one of them is
    counted, quoted only for a file without personal data (a payroll file without its header row has a
    personnummer and a name in its first line)."""
    found = [h.strip() for h in header]
    expected = set(fmt.header)
    problems = []
    missing = [c for c in fmt.header if c not in found]
    extra = [c for c in found if c not in expected]
    duplicated = sorted({c for c in found if found.count(c) > 1})
    if missing:
        problems.append(f"missing column(s): {', '.join(missing)}")
    # a personal-data file shows only cells written as column names are (lowercase snake_case); a
    # personnummer, a capitalised name or an amount in the header row is counted, never shown
    shown = [c for c in extra if not fmt.personal or _COLUMN_NAME.fullmatch(c)]
    if shown:
        problems.append(
            f"unknown column(s): {', '.join(c if _COLUMN_NAME.fullmatch(c) else quote_value(c) for c in shown)}"
        )
    if len(shown) < len(extra):
        problems.append(
            f"{len(extra) - len(shown)} cell(s) that are not column names (not shown: the file holds "
            "personal data; is the header row missing?)"
        )
    named_twice = [c for c in duplicated if not fmt.personal or _COLUMN_NAME.fullmatch(c)]
    if named_twice:
        problems.append(
            f"duplicate column(s): {', '.join(c if _COLUMN_NAME.fullmatch(c) else quote_value(c) for c in named_twice)}"
        )
    if problems:
        hint = "" if len(found) > 1 else " (is the file `;`-separated?)"
        return [Violation(name, 1, f"header: {'; '.join(problems)}; expected {DELIMITER.join(fmt.header)}{hint}")]
    return []


def read_source_file(
    path: Path, fmt: SourceFormat, *, pseudonymise: Callable[[str], str] | None = None, data: bytes | None = None
) -> SourceFile:
    """Read and validate one file of the given format. Never raises for bad content: look at ``.violations``."""
    path = Path(path)
    data = path.read_bytes() if data is None else data
    result = SourceFile(path, fmt, sha256_of(data))
    name = path.name
    if fmt.personal and pseudonymise is None:
        result.violations.append(Violation(name, None, "no pseudonymisation key: personal data cannot be read"))
        return result
    match = fmt.matches(name)
    if match is None:
        result.violations.append(
            Violation(name, None, f"file name does not fit the {fmt.name} format ({fmt.file_name})")
        )
        return result
    text, bad = _decode(data, name)
    if bad:
        result.violations.append(bad)
        return result
    named_period = match.groupdict().get("period")

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=DELIMITER, quotechar='"', strict=True)
    try:
        header = next(reader, None)
        if header is None:
            result.violations.append(Violation(name, None, "empty file: no header row"))
            return result
        result.violations += _check_header(fmt, header, name)
        if result.violations:
            return result
        position = {h.strip(): i for i, h in enumerate(header)}
        seen: dict[tuple, int] = {}
        blank_at: int | None = None
        for fields in reader:
            line_no = reader.line_num
            if not fields or all(f.strip() == "" for f in fields):
                blank_at = blank_at or line_no
                continue
            if blank_at is not None:
                result.violations.append(Violation(name, blank_at, "empty line before the last row"))
                blank_at = None
            row = _read_row(fmt, fields, position, line_no, name, pseudonymise, result.violations)
            if row is None:
                continue
            result.violations += _row_fits_file(fmt, row, line_no, name, named_period, seen)
            result.rows.append(row)
    except csv.Error as err:
        result.violations.append(Violation(name, reader.line_num, f"not a valid `;`-separated line: {err}"))
    if not result.rows and not result.violations:
        result.violations.append(Violation(name, None, "no data rows after the header"))
    if result.violations:
        result.rows = []
    return result


def _row_fits_file(
    fmt: SourceFormat, row: dict, line_no: int, name: str, named_period: str | None, seen: dict[tuple, int]
) -> list[Violation]:
    """What is wrong with a good row among the file's others: a period the file name does not promise, or a
    repeated key (``seen`` remembers each key's first line)."""
    found = []
    # a file named for a month holds that month's dates; one named for a date, that date
    if named_period is not None and not str(row[fmt.period]).startswith(named_period):
        message = f"{fmt.period} {row[fmt.period]} differs from the file name's {named_period}"
        found.append(Violation(name, line_no, message, fmt.period))
    if fmt.unique:
        key = tuple(row[c] for c in fmt.unique)
        if key in seen:
            message = f"duplicate of line {seen[key]} ({', '.join(fmt.unique)} must be unique)"
            found.append(Violation(name, line_no, message))
        else:
            seen[key] = line_no
    return found


def _read_row(
    fmt: SourceFormat,
    fields: list[str],
    position: dict[str, int],
    line_no: int,
    name: str,
    pseudonymise,
    violations: list[Violation],
) -> dict | None:
    if len(fields) != len(position):
        violations.append(Violation(name, line_no, f"{len(fields)} fields, the header has {len(position)}"))
        return None
    row: dict = {}
    ok = True
    for column in fmt.columns:
        try:
            value = parse_field(column, fields[position[column.name]].strip(), pseudonymise)
        except BadValue as bad:
            violations.append(Violation(name, line_no, _reason(bad, fmt.personal), column.name))
            ok = False
            continue
        if column.kind == "personnummer":
            row["employee_key"] = value
        elif column.kind != "person_name":
            row[column.name] = value
    if not ok:
        return None
    for rule in ROW_RULES.get(fmt.name, ()):
        reason = rule(row)
        if reason:
            violations.append(Violation(name, line_no, reason))
            ok = False
    if not ok:
        return None
    row["line_no"] = line_no
    return row
