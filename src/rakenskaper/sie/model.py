"""What the SIE4 reader hands back: the file summary and its violations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# One Violation for every source (rakenskaper.sources.violations): a ledger rule names its code, record and
# voucher.
from rakenskaper.sources.violations import ERROR, WARNING, Violation, escape_control  # noqa: E402

__all__ = ["ERROR", "WARNING", "FiscalYear", "SieFile", "Violation", "escape_control", "rule_violation"]


def rule_violation(
    file: str,
    line_no: int | None,
    record_type: str | None,
    voucher: str | None,
    rule: str,
    message: str,
    severity: str = ERROR,
) -> Violation:
    """A broken SIE rule: the file, its line, the record and voucher, the rule's code and what is wrong."""
    return Violation(file, line_no, message, rule=rule, record_type=record_type, voucher=voucher, severity=severity)


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
