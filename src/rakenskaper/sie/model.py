"""What the SIE4 reader hands back: the file summary and its violations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Violation:
    """One broken rule in one source file. ``line_no`` is 1-based (None: the file as a whole)."""

    file: str
    line_no: int | None
    record_type: str | None
    voucher: str | None  # "series number", e.g. "B 1"
    rule: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line_no}" if self.line_no else self.file
        parts = [where, self.severity.upper(), self.rule]
        if self.record_type:
            parts.append(f"#{self.record_type}")
        if self.voucher:
            parts.append(f"voucher {self.voucher}")
        return " ".join(parts) + f": {self.message}"

    def __post_init__(self) -> None:
        # escaped once, here, so every report of a violation (check-sie, reason files, run errors, logs) prints
        # what a bad line brought along as \xNN, never raw
        for name in ("file", "record_type", "voucher", "message"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, escape_control(value))


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F]}


def escape_control(text: str) -> str:
    """A message as it may be printed: control characters a bad line brings along (escape sequences that would
    drive the terminal, NULs of a UTF-16 file, carriage returns) written as \\xNN; tabs kept."""
    return text.translate(_CONTROL)


@dataclass(frozen=True)
class FiscalYear:
    year_index: int
    start_date: date
    end_date: date
    line_no: int


@dataclass
class SieFile:
    """Summary of one parsed SIE file. Its rows sit in DuckDB tables of ``con`` named in ``tables``
    (raw table name → temporary table name), with the raw-table columns minus the lineage columns."""

    path: Path
    sha256: str
    encoding: str
    encoding_warning: str | None
    header: dict[str, object]
    fiscal_years: list[FiscalYear]
    counts: dict[str, int]
    ksumma_status: str  # 'verified' / 'absent' / 'mismatch'
    violations: list[Violation]
    tables: dict[str, str] = field(default_factory=dict)
    name: str = ""  # how violations name the file

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == ERROR]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def orgnr(self) -> str | None:
        return self.header.get("orgnr")  # type: ignore[return-value]

    @property
    def generated_on(self) -> date | None:
        return self.header.get("generated_on")  # type: ignore[return-value]

    @property
    def fiscal_year_start(self) -> date | None:
        for year in self.fiscal_years:
            if year.year_index == 0:
                return year.start_date
        return None

    temp_objects: list[tuple[str, str]] = field(default_factory=list)  # ("VIEW"|"TABLE", name)

    def drop_tables(self, con) -> None:
        """Drop this file's temporary tables (the loader calls it once the rows are copied)."""
        for kind, name in self.temp_objects:
            con.execute(f"DROP {kind} IF EXISTS {name}")
        self.tables = {}
        self.temp_objects = []
