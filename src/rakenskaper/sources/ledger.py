"""The ledger source: SIE4 exports, read and validated by ``rakenskaper.sie``, into the ``raw.sie_*`` tables
with lineage; replace-by-fiscal-year semantics (docs/architecture.md).

``load_ledger(con, ledger_dir)`` reads and validates every new SIE file in the folder (the same reader
``check-sie`` uses; vouchers and postings are written to raw as they are read: ``ledger_rows.RawRows``) and
then, in one transaction, registers the files and replaces each (orgnr, fiscal year)'s rows in every
``raw.sie_*`` table. A file whose sha256 is already loaded is a no-op; an export older (#GEN) than the one
loaded for its year is skipped with a warning; a bad file stops the run and nothing of it stays in raw.
Extract runs it into the landing database (``rakenskaper.sources.landing``); load copies from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from rakenskaper.sie.encoding import detect_encoding
from rakenskaper.sie.model import SieFile
from rakenskaper.sources.files import find_source_files
from rakenskaper.sources.ledger_rows import RawRows, delete_files, remove_unfinished
from rakenskaper.sources.raw_schema import LEDGER_TABLES, create
from rakenskaper.sources.violations import SourceRejected, Violation, quarantine

# raw table → key of SieFile.tables (vouchers and postings are written while the file is read: RawRows)
_PARSED = {
    "sie_fiscal_years": "fiscal_years",
    "sie_accounts": "accounts",
    "sie_dimensions": "dimensions",
    "sie_objects": "objects",
    "sie_balances": "balances",
    "sie_period_balances": "period_balances",
    "sie_other_records": "other_records",
}
PATTERNS = ("*.se", "*.si")  # SIE exports (4E) and, to be refused with a reason, import files (4I); any case

MEMORY_LIMIT = "500MB"  # DuckDB's own; the process stays under 1 GB on a 1M-voucher file

LOADED, REPLACED, SKIPPED_SAME_SHA, SKIPPED_STALE = "loaded", "replaced", "skipped-same-sha", "skipped-stale"


@dataclass
class FileResult:
    path: Path
    sha256: str
    status: str
    orgnr: str | None = None
    fiscal_year_start: date | None = None
    generated_on: date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    replaced_file: str | None = None


@dataclass
class LoadReport:
    files: list[FileResult] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    def by_status(self, status: str) -> list[FileResult]:
        return [f for f in self.files if f.status == status]

    def as_dict(self) -> dict:
        """JSON-safe (for Airflow XCom and logs)."""
        return {
            "files": [
                {
                    "file": f.path.name,
                    "sha256": f.sha256,
                    "status": f.status,
                    "orgnr": f.orgnr,
                    "fiscal_year_start": f.fiscal_year_start.isoformat() if f.fiscal_year_start else None,
                    "generated_on": f.generated_on.isoformat() if f.generated_on else None,
                    "replaced_file": f.replaced_file,
                    "counts": dict(f.counts),
                    "warnings": list(f.warnings),
                }
                for f in self.files
            ]
        }

    def __str__(self) -> str:
        out = []
        for f in self.files:
            extra = f" (replaces {f.replaced_file})" if f.replaced_file else ""
            out.append(f"{f.path.name}: {f.status}{extra} {f.counts or ''}".rstrip())
            out.extend(f"  warning: {w}" for w in f.warnings)
        return "\n".join(out)


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    create(con, LEDGER_TABLES.values())


def ledger_files(ledger_dir: Path) -> list[Path]:
    """The SIE exports of a ledger folder: *.se / *.si in any case, hidden files left out, links out of the
    sources folder refused (rakenskaper.sources.files)."""
    return find_source_files(Path(ledger_dir), PATTERNS)


def current_export(con, orgnr: str | None, fiscal_year_start: date | None) -> tuple | None:
    """The loaded export of an (orgnr, fiscal year), the newest #GEN: (file name, generated_on, sha256), or None."""
    return con.execute(
        "SELECT source_file_name, generated_on, source_file_sha256 FROM raw.sie_files "
        "WHERE orgnr IS NOT DISTINCT FROM ? "
        "AND fiscal_year_start IS NOT DISTINCT FROM ? ORDER BY generated_on DESC NULLS LAST LIMIT 1",
        [orgnr, fiscal_year_start],
    ).fetchone()


def files_of_year(con, orgnr: str | None, fiscal_year_start: date | None) -> list[str]:
    """The sha256 of every loaded file of an (orgnr, fiscal year)."""
    return [
        r[0]
        for r in con.execute(
            "SELECT source_file_sha256 FROM raw.sie_files WHERE orgnr IS NOT DISTINCT FROM ? "
            "AND fiscal_year_start IS NOT DISTINCT FROM ?",
            [orgnr, fiscal_year_start],
        ).fetchall()
    ]


def newer_loaded(name: str, current: tuple, fiscal_year_start, orgnr, generated_on) -> str:
    """The warning for an export older than the one loaded for its year (``current``: ``current_export``)."""
    return (
        f"{name}: skipped, the loaded {current[0]} is a newer export (#GEN {current[1]}) "
        f"of fiscal year {fiscal_year_start} for {orgnr} than this one (#GEN {generated_on})"
    )


def rejected(
    path: Path, violations: list[Violation], others: list[tuple[Path, list[Violation]]] = ()
) -> SourceRejected:
    """The error for bad ledger files: nothing of the load stays."""
    return SourceRejected([(Path(path), violations), *others], label="SIE")


def validate_ledger_file(path: Path, *, quarantine_dir: Path | None = None) -> dict:
    """Parse and validate one file (in a throwaway in-memory DuckDB). On an error-severity violation the
    file is copied to ``quarantine_dir`` (if given) and ``SourceRejected`` is raised. Returns a
    JSON-safe summary."""
    path = Path(path)
    from rakenskaper.sie import read_sie

    sie = read_sie(path, keep_postings=False)
    if sie.errors:
        if quarantine_dir is not None:
            quarantine(path, sie.violations, Path(quarantine_dir))
        raise rejected(path, sie.violations)
    return {
        "encoding": sie.encoding,
        "ksumma_status": sie.ksumma_status,
        "orgnr": sie.orgnr,
        "fiscal_year_start": sie.fiscal_year_start.isoformat() if sie.fiscal_year_start else None,
        "generated_on": sie.generated_on.isoformat() if sie.generated_on else None,
        "counts": dict(sie.counts),
        "warnings": [str(v) for v in sie.warnings],
    }


def load_ledger(
    con: duckdb.DuckDBPyConnection,
    ledger_dir: Path,
    *,
    quarantine_dir: Path | None = None,
    loaded_at: datetime | None = None,
    skip_sha256: set[str] = frozenset(),
    source_dir: Path | None = None,
) -> LoadReport:
    """Load every new ``*.se``/``*.si`` in ``ledger_dir`` (sorted). All files are validated before any is
    registered; an error raises ``SourceRejected`` (after copying the file to ``quarantine_dir``) and
    leaves raw as it was. ``skip_sha256``: files known to be loaded elsewhere (the published warehouse,
    when landing): not read, reported as the same file again."""
    ensure_raw_schema(con)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    loaded_at = loaded_at or datetime.now()
    report = LoadReport()
    remove_unfinished(con)
    loaded_shas = {r[0] for r in con.execute("SELECT source_file_sha256 FROM raw.sie_files").fetchall()}
    loaded_shas |= set(skip_sha256)
    parsed: list[SieFile] = []
    writer: RawRows | None = None
    in_transaction = False
    try:
        # Each new file's vouchers and postings go into the raw tables while it is read (RawRows); they
        # count only once the final transaction below registers the file in raw.sie_files.
        for path in ledger_files(ledger_dir):
            info = detect_encoding(path)
            if info.sha256 in loaded_shas:
                report.files.append(FileResult(path, info.sha256, SKIPPED_SAME_SHA))
                continue
            loaded_shas.add(info.sha256)  # the same bytes twice in one folder load once
            from rakenskaper.sie import read_sie  # only when a file is read (the tokeniser's start-up)

            writer = RawRows(con, path.name, info.sha256, loaded_at)
            parsed.append(read_sie(path, con, rows=writer, encoding=info))
            writer = None

        bad = [s for s in parsed if s.errors]
        if bad:
            raise rejected(bad[0].path, bad[0].violations, [(s.path, s.violations) for s in bad[1:]])
        # One transaction makes the run visible: older exports' rows out, the files registered.
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        winners = _pick_winners(con, parsed, report)
        kept = {sie.sha256 for sie, _ in winners}
        for sie in parsed:
            if sie.sha256 not in kept:  # an older export of a year: read (and checked), not loaded
                delete_files(con, [sie.sha256], ("sie_vouchers", "sie_postings"))
        for sie, result in winners:
            _replace_year(con, sie, result, loaded_at)
        con.execute("COMMIT")
        in_transaction = False
    except BaseException as exc:
        if writer is not None:
            writer.abort()
        if in_transaction:
            con.execute("ROLLBACK")
        remove_unfinished(con)  # nothing of a failed run stays
        if isinstance(exc, SourceRejected) and quarantine_dir is not None:
            for path, violations in exc.rejected:
                source_path = Path(source_dir) / path.name if source_dir is not None else None
                quarantine(path, violations, Path(quarantine_dir), source_path=source_path)
        if isinstance(exc, SourceRejected) and source_dir is not None:
            # the message names the file the sender delivered, not this run's landing copy of it
            raise exc.named_from(source_dir) from None
        raise
    finally:
        for sie in parsed:
            sie.drop_tables(con)
    return report


def _pick_winners(con, parsed: list[SieFile], report: LoadReport) -> list[tuple[SieFile, FileResult]]:
    """Newest #GEN per (orgnr, fiscal year) among the incoming files, and not older than the loaded one."""

    def gen(s: SieFile) -> date:
        return s.generated_on or date.min

    groups: dict[tuple, list[SieFile]] = {}
    for s in parsed:
        groups.setdefault((s.orgnr, s.fiscal_year_start), []).append(s)
    winners = []
    for (orgnr, fy), files in groups.items():
        files.sort(key=lambda s: (gen(s), s.path.name))
        best = files[-1]
        for s in files[:-1]:
            report.files.append(
                FileResult(
                    s.path,
                    s.sha256,
                    SKIPPED_STALE,
                    orgnr,
                    fy,
                    s.generated_on,
                    warnings=[
                        f"{s.path.name}: skipped, {best.path.name} in the same folder is a newer export "
                        f"(#GEN {best.generated_on}) of fiscal year {fy} for {orgnr}"
                    ],
                )
            )
        result = FileResult(
            best.path, best.sha256, LOADED, orgnr, fy, best.generated_on, warnings=[str(v) for v in best.warnings]
        )
        current = current_export(con, orgnr, fy)
        if (
            current is not None
            and not best.counts.get("balances")
            and con.execute(
                "SELECT count(*) > 0 FROM raw.sie_balances WHERE source_file_sha256 = ?", [current[2]]
            ).fetchone()[0]
        ):
            # vouchers without #IB/#UB/#RES: an import batch (4I) under an export's name, not the whole year
            raise rejected(
                best.path,
                [
                    Violation(
                        best.path.name,
                        None,
                        "has vouchers but no #IB/#UB/#RES: an SIE 4I import batch, not a 4E export of the whole "
                        f"year, so it may not replace fiscal year {fy} of {orgnr}, loaded from {current[0]} "
                        "with its balances",
                        rule="SIE_4I",
                        record_type="SIETYP",
                    )
                ],
            )
        if current is not None:
            if (current[1] or date.min) > gen(best):
                result.status = SKIPPED_STALE
                result.warnings.append(newer_loaded(best.path.name, current, fy, orgnr, best.generated_on))
                report.files.append(result)
                continue
            result.status = REPLACED
            result.replaced_file = current[0]
        report.files.append(result)
        winners.append((best, result))
    return winners


def _replace_year(con, sie: SieFile, result: FileResult, loaded_at: datetime) -> None:
    """Delete the (orgnr, fiscal year)'s rows from every raw table, insert this file's (caller's transaction)."""
    old = [sha for sha in files_of_year(con, sie.orgnr, sie.fiscal_year_start) if sha != sie.sha256]
    delete_files(con, old, LEDGER_TABLES)
    lineage = [sie.path.name, sie.sha256, loaded_at, sie.fiscal_year_start]
    # raw.sie_files: the header records under their column names, and what the reader found
    found = {
        "source_path": str(sie.path),
        "encoding": sie.encoding,
        "encoding_warning": sie.encoding_warning,
        "ksumma_status": sie.ksumma_status,
        "voucher_count": sie.counts["vouchers"],
        "posting_count": sie.counts["postings"],
    }
    files = LEDGER_TABLES["sie_files"]
    file_row = [found[name] if name in found else sie.header.get(name) for name in files.own_names]
    placeholders = ", ".join("?" for _ in files.columns)
    con.execute(f"INSERT INTO raw.sie_files VALUES ({placeholders})", file_row + lineage)
    counts = {
        "sie_files": 1,
        "sie_vouchers": sie.counts["vouchers"],
        "sie_postings": sie.counts["postings"] + sie.counts["audit_rows"],
    }
    for table, key in _PARSED.items():
        cols = ", ".join(LEDGER_TABLES[table].own_names)
        con.execute(f"INSERT INTO raw.{table} SELECT {cols}, ?, ?, ?, ? FROM {sie.tables[key]}", lineage)
        counts[table] = con.execute(f"SELECT count(*) FROM {sie.tables[key]}").fetchone()[0]
    result.counts = counts
