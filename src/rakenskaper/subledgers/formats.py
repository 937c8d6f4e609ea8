"""The delimited source formats besides the ledger (docs/architecture.md, "Source formats besides the
ledger"), declared as data in formats.toml beside this module: which folder and file names, which columns
of which kind, which raw table, and which column is the period a newer file replaces.

A column's kind says how the strict reader parses it and which DuckDB type the raw table gives it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

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


FORMATS_PATH = Path(__file__).with_name("formats.toml")

_FORMAT_KEYS = {"name", "folder", "file_name", "table", "columns", "period", "unique", "personal"}
_REQUIRED_FORMAT_KEYS = _FORMAT_KEYS - {"unique", "personal"}
_COLUMN_KEYS = {"name", "kind", "required"}


class FormatsFileError(ValueError):
    """formats.toml does not say what a format needs: the package is broken, not a source file."""


def load_formats(path: Path = FORMATS_PATH) -> tuple[SourceFormat, ...]:
    """The formats declared in `path`, checked: every key known, kinds known, regexes valid, the period and
    unique columns among the columns, names unique."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise FormatsFileError(f"{path.name}: not valid TOML: {error}") from error
    entries = raw.get("formats")
    if not isinstance(entries, list) or not entries or set(raw) != {"formats"}:
        raise FormatsFileError(f"{path.name}: expected one or more [[formats]] tables and nothing else")
    formats = tuple(_source_format(entry, f"{path.name}: format {index + 1}") for index, entry in enumerate(entries))
    names = [fmt.name for fmt in formats]
    if len(set(names)) != len(names):
        raise FormatsFileError(f"{path.name}: format names are not unique: {names}")
    return formats


def _source_format(entry: dict, where: str) -> SourceFormat:
    _check_keys(entry, _FORMAT_KEYS, _REQUIRED_FORMAT_KEYS, where)
    where = f"{where} ({entry['name']!r})"
    columns = tuple(_column(column, f"{where}, column {index + 1}") for index, column in enumerate(entry["columns"]))
    names = [column.name for column in columns]
    if not columns or len(set(names)) != len(names):
        raise FormatsFileError(f"{where}: columns must be one or more, with unique names: {names}")
    unique = tuple(entry.get("unique", ()))
    unknown = [name for name in (entry["period"], *unique) if name not in names]
    if unknown:
        raise FormatsFileError(f"{where}: period/unique name columns it does not have: {unknown}")
    try:
        re.compile(entry["file_name"])
    except re.error as error:
        raise FormatsFileError(f"{where}: file_name is not a valid regex: {error}") from error
    return SourceFormat(
        name=entry["name"],
        folder=entry["folder"],
        file_name=entry["file_name"],
        table=entry["table"],
        columns=columns,
        period=entry["period"],
        unique=unique,
        personal=bool(entry.get("personal", False)),
    )


def _column(entry: dict, where: str) -> Column:
    _check_keys(entry, _COLUMN_KEYS, {"name", "kind"}, where)
    if entry["kind"] not in KIND_TYPES:
        raise FormatsFileError(f"{where}: unknown kind {entry['kind']!r} (known: {', '.join(KIND_TYPES)})")
    return Column(entry["name"], entry["kind"], required=bool(entry.get("required", True)))


def _check_keys(entry: object, known: set[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise FormatsFileError(f"{where}: expected a table, got {entry!r}")
    missing, extra = sorted(required - set(entry)), sorted(set(entry) - known)
    if missing or extra:
        raise FormatsFileError(f"{where}: missing keys {missing}, unknown keys {extra}")


FORMATS: tuple[SourceFormat, ...] = load_formats()
_BY_NAME = {fmt.name: fmt for fmt in FORMATS}
FORECAST = _BY_NAME["forecast"]
INVESTMENTS = _BY_NAME["investments"]
PAYROLL = _BY_NAME["payroll"]
INTERNAL_BANK = _BY_NAME["internal_bank"]
PROVISION_SCHEDULE = _BY_NAME["provision_schedule"]
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
