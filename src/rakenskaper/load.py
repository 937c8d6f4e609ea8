"""Raw tables in DuckDB with lineage; replace-by-fiscal-year semantics (docs/architecture.md).

``load_ledger(con, ledger_dir)`` reads and validates every new SIE file in the folder (``rakenskaper.sie``,
the same reader ``check-sie`` uses; vouchers and postings are written to raw as they are read) and then, in
one transaction, registers the files and replaces each (orgnr, fiscal year)'s rows in every ``raw.sie_*``
table. A file whose sha256 is already loaded is a no-op; an export older (#GEN) than the one loaded for its
year is skipped with a warning; a bad file stops the run and nothing of it stays in raw (``RawRows``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from rakenskaper.errors import InputRejected
from rakenskaper.sie import SieFile, Violation
from rakenskaper.sie.encoding import detect_encoding

LINEAGE = "source_file_name VARCHAR, source_file_sha256 VARCHAR, loaded_at TIMESTAMP, fiscal_year_start DATE"

# Contract columns per raw table, in order (docs/architecture.md). Lineage columns follow.
RAW_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "sie_files": [
        ("source_path", "VARCHAR"),
        ("encoding", "VARCHAR"),
        ("encoding_warning", "VARCHAR"),
        ("flagga", "VARCHAR"),
        ("program", "VARCHAR"),
        ("program_version", "VARCHAR"),
        ("file_format", "VARCHAR"),
        ("generated_on", "DATE"),
        ("generated_by", "VARCHAR"),
        ("sie_type", "VARCHAR"),
        ("company_name", "VARCHAR"),
        ("orgnr", "VARCHAR"),
        ("chart_of_accounts_type", "VARCHAR"),
        ("currency", "VARCHAR"),
        ("fiscal_year_end", "DATE"),
        ("address_contact", "VARCHAR"),
        ("address_street", "VARCHAR"),
        ("address_postal", "VARCHAR"),
        ("address_phone", "VARCHAR"),
        ("ksumma_status", "VARCHAR"),
        ("voucher_count", "INTEGER"),
        ("posting_count", "INTEGER"),
    ],
    "sie_fiscal_years": [
        ("year_index", "INTEGER"),
        ("start_date", "DATE"),
        ("end_date", "DATE"),
        ("line_no", "INTEGER"),
    ],
    "sie_accounts": [
        ("account", "VARCHAR"),
        ("account_name", "VARCHAR"),
        ("account_type", "VARCHAR"),
        ("sru_code", "VARCHAR"),
        ("line_no", "INTEGER"),
    ],
    "sie_dimensions": [
        ("dimension_no", "INTEGER"),
        ("dimension_name", "VARCHAR"),
        ("parent_dimension_no", "INTEGER"),
        ("line_no", "INTEGER"),
    ],
    "sie_objects": [
        ("dimension_no", "INTEGER"),
        ("object_code", "VARCHAR"),
        ("object_name", "VARCHAR"),
        ("line_no", "INTEGER"),
    ],
    "sie_balances": [
        ("record_type", "VARCHAR"),
        ("year_index", "INTEGER"),
        ("year_start", "DATE"),
        ("year_end", "DATE"),
        ("account", "VARCHAR"),
        ("dimension_no", "INTEGER"),
        ("object_code", "VARCHAR"),
        ("amount", "DECIMAL(18,2)"),
        ("quantity", "DECIMAL(18,4)"),
        ("line_no", "INTEGER"),
    ],
    "sie_period_balances": [
        ("record_type", "VARCHAR"),
        ("year_index", "INTEGER"),
        ("year_start", "DATE"),
        ("year_end", "DATE"),
        ("period", "VARCHAR"),
        ("period_start", "DATE"),
        ("account", "VARCHAR"),
        ("objects", "MAP(VARCHAR, VARCHAR)"),
        ("amount", "DECIMAL(18,2)"),
        ("quantity", "DECIMAL(18,4)"),
        ("line_no", "INTEGER"),
    ],
    "sie_vouchers": [
        ("voucher_id", "BIGINT"),
        ("series", "VARCHAR"),
        ("voucher_number", "VARCHAR"),
        ("voucher_date", "DATE"),
        ("voucher_text", "VARCHAR"),
        ("registered_on", "DATE"),
        ("signature", "VARCHAR"),
        ("line_no", "INTEGER"),
    ],
    "sie_postings": [
        ("voucher_id", "BIGINT"),
        ("row_no", "INTEGER"),
        ("record_type", "VARCHAR"),
        ("account", "VARCHAR"),
        ("objects", "MAP(VARCHAR, VARCHAR)"),
        ("amount", "DECIMAL(18,2)"),
        ("transaction_date", "DATE"),
        ("posting_text", "VARCHAR"),
        ("quantity", "DECIMAL(18,4)"),
        ("signature", "VARCHAR"),
        ("line_no", "INTEGER"),
    ],
    "sie_other_records": [("record_type", "VARCHAR"), ("record_text", "VARCHAR"), ("line_no", "INTEGER")],
}
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

MEMORY_LIMIT = "500MB"  # DuckDB's own; the process stays under 1 GB on a 1M-voucher file

LOADED, REPLACED, SKIPPED_SAME_SHA, SKIPPED_STALE = "loaded", "replaced", "skipped-same-sha", "skipped-stale"


class SourceFileRejected(InputRejected):
    """A source file broke an error-severity rule; nothing was loaded."""

    def __init__(self, path: Path, violations: list[Violation], others: list[tuple[Path, list[Violation]]] = ()):
        self.path = Path(path)
        self.violations = list(violations)
        self.rejected = [(self.path, self.violations), *others]
        lines = []
        for p, vs in self.rejected:
            errors = [v for v in vs if v.severity == "error"]
            lines.append(f"SIE file rejected: {p} ({len(errors)} error(s)); nothing was loaded")
            lines.extend(f"  {v}" for v in errors)
        super().__init__("\n".join(lines))


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
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table, columns in RAW_COLUMNS.items():
        cols = ", ".join(f"{name} {type_}" for name, type_ in columns)
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{table} ({cols}, {LINEAGE})")


class RawRows:
    """Where ``read_sie`` writes a file's voucher and posting rows during a load: straight into
    raw.sie_vouchers / raw.sie_postings with their lineage, while the next chunk is tokenised (staging the
    rows and copying them would cost as much again).

    The rows are committed in batches of about ``COMMIT_ROWS`` postings: one transaction over a whole
    million-voucher file keeps its uncommitted rows in memory (≈ 0.1 KB per posting in DuckDB 2.0), a
    batch keeps memory flat. Until ``load_ledger`` commits the file's raw.sie_files row, its rows are an
    unfinished load: staging reads only rows whose file is in raw.sie_files, and ``remove_unfinished``
    deletes them (after a rejected file, and at the start of every load, after a crash)."""

    COMMIT_ROWS = 500_000

    def __init__(self, con: duckdb.DuckDBPyConnection, name: str, sha256: str, loaded_at: datetime):
        self.lineage = [name, sha256, loaded_at]
        self.year_start_written: date | None = None
        self.written = False
        sha = sha256.replace("'", "")
        self.vouchers = (
            f"(SELECT * EXCLUDE (source_file_name, source_file_sha256, loaded_at, fiscal_year_start) "
            f"FROM raw.sie_vouchers WHERE source_file_sha256 = '{sha}')"
        )
        self.postings = None
        self.con = con
        # Postings are inserted from the calling thread, vouchers from a thread of their own on a second
        # connection (appends to different tables do not conflict): the inserts are the slow part.
        self._postings = _BatchWriter(con, "sie_postings", self.COMMIT_ROWS)
        self._vouchers = _BatchWriter(con.cursor(), "sie_vouchers", self.COMMIT_ROWS)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-vouchers")
        self._pending: Future | None = None

    def write(self, vouchers: pa.Table, postings: pa.Table, fiscal_year_start: date | None) -> None:
        if not self.written:
            self.year_start_written = fiscal_year_start
            self.written = True
        lineage = [*self.lineage, self.year_start_written]
        if self._pending is not None:
            self._pending.result()  # one chunk of vouchers in flight at most
        self._pending = self._pool.submit(self._vouchers.append, vouchers, lineage)
        self._postings.append(postings, lineage)

    def _drain(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def abort(self) -> None:
        try:
            self._drain()
        except Exception:  # noqa: BLE001 - the error that stopped the load is the one to report
            pass
        finally:
            self._pool.shutdown()
            self._vouchers.abort()
            self._postings.abort()
            self._vouchers.con.close()

    def finish(self, sie: SieFile) -> None:
        try:
            self._drain()
            self._vouchers.commit()
            self._postings.commit()
        finally:
            self._pool.shutdown()
            self._vouchers.con.close()
        # A file whose #RAR 0 comes after its first voucher (against the standard's order): set the
        # lineage's fiscal year now.
        if self.written and sie.fiscal_year_start != self.year_start_written:
            for table in ("sie_vouchers", "sie_postings"):
                self.con.execute(
                    f"UPDATE raw.{table} SET fiscal_year_start = ? WHERE source_file_sha256 = ?",
                    [sie.fiscal_year_start, self.lineage[1]],
                )


class _BatchWriter:
    """Appends Arrow chunks to one raw table with lineage, committing every ``commit_rows`` rows (an
    explicit transaction per batch: autocommit per chunk would log every row twice)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, commit_rows: int):
        self.con = con
        self.table = table
        self.commit_rows = commit_rows
        self.uncommitted = 0
        self.in_transaction = False

    def append(self, rows: pa.Table, lineage: list) -> None:
        if not self.in_transaction:
            self.con.execute("BEGIN TRANSACTION")
            self.in_transaction = True
        self.con.register("_raw_chunk", rows)
        try:
            self.con.execute(f"INSERT INTO raw.{self.table} SELECT *, ?, ?, ?, ? FROM _raw_chunk", lineage)
        finally:
            self.con.unregister("_raw_chunk")
        self.uncommitted += len(rows)
        if self.uncommitted >= self.commit_rows:
            self.commit()

    def commit(self) -> None:
        if self.in_transaction:
            self.con.execute("COMMIT")
            self.in_transaction = False
            self.uncommitted = 0

    def abort(self) -> None:
        if self.in_transaction:
            self.con.execute("ROLLBACK")
            self.in_transaction = False
            self.uncommitted = 0


def remove_unfinished(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Delete voucher and posting rows whose file has no raw.sie_files row (a load that was rejected or
    stopped before its final commit); returns those files' sha256."""
    orphans = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT source_file_sha256 FROM raw.sie_vouchers UNION "
            "SELECT DISTINCT source_file_sha256 FROM raw.sie_postings EXCEPT "
            "SELECT source_file_sha256 FROM raw.sie_files"
        ).fetchall()
    ]
    for table in ("sie_vouchers", "sie_postings"):
        if orphans:
            con.execute(f"DELETE FROM raw.{table} WHERE source_file_sha256 IN (SELECT unnest(?::VARCHAR[]))", [orphans])
    return orphans


def ledger_files(ledger_dir: Path) -> list[Path]:
    """The SIE exports of a ledger folder: *.se / *.si in any case, hidden files left out, links out of the
    sources folder refused (rakenskaper.source_paths)."""
    from rakenskaper.source_paths import source_files

    return source_files(Path(ledger_dir), (".se", ".si"))


def quarantine(path: Path, violations: list[Violation], quarantine_dir: Path, source_dir: Path | None = None) -> Path:
    """Copy a rejected file to ``quarantine_dir`` with a reason file naming the source file (in
    ``source_dir`` when ``path`` is this run's landing copy of it), its sha256 and every error."""
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    target = quarantine_dir / path.name
    shutil.copy2(path, target)
    source = Path(source_dir) / path.name if source_dir is not None else path
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    lines = [f"file: {source}", f"sha256: {digest}", f"rejected: {datetime.now().isoformat(timespec='seconds')}", ""]
    for v in violations:
        if v.severity == "error":
            voucher = f" voucher {v.voucher}" if v.voucher else ""
            record = f" #{v.record_type}" if v.record_type else ""
            lines.append(f"line {v.line_no or '-'}{record}{voucher}: {v.rule}: {v.message}")
    (quarantine_dir / f"{path.name}.reason.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def validate_ledger_file(path: Path, *, quarantine_dir: Path | None = None) -> dict:
    """Parse and validate one file (in a throwaway in-memory DuckDB). On an error-severity violation the
    file is copied to ``quarantine_dir`` (if given) and ``SourceFileRejected`` is raised. Returns a
    JSON-safe summary."""
    path = Path(path)
    from rakenskaper.sie import read_sie

    sie = read_sie(path, keep_postings=False)
    if sie.errors:
        if quarantine_dir is not None:
            quarantine(path, sie.violations, Path(quarantine_dir))
        raise SourceFileRejected(path, sie.violations)
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
    registered; an error raises ``SourceFileRejected`` (after copying the file to ``quarantine_dir``) and
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
            raise SourceFileRejected(bad[0].path, bad[0].violations, [(s.path, s.violations) for s in bad[1:]])
        # One transaction makes the run visible: older exports' rows out, the files registered.
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        winners = _pick_winners(con, parsed, report)
        kept = {sie.sha256 for sie, _ in winners}
        for sie in parsed:
            if sie.sha256 not in kept:  # an older export of a year: read (and checked), not loaded
                for table in ("sie_vouchers", "sie_postings"):
                    con.execute(f"DELETE FROM raw.{table} WHERE source_file_sha256 = ?", [sie.sha256])
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
        if isinstance(exc, SourceFileRejected) and quarantine_dir is not None:
            for path, violations in exc.rejected:
                quarantine(path, violations, Path(quarantine_dir), source_dir)
        if isinstance(exc, SourceFileRejected) and source_dir is not None:
            # the message names the file the sender delivered, not this run's landing copy of it
            raise SourceFileRejected(
                Path(source_dir) / exc.path.name,
                exc.violations,
                [(Path(source_dir) / p.name, vs) for p, vs in exc.rejected[1:]],
            ) from None
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
        current = con.execute(
            "SELECT source_file_name, generated_on, source_file_sha256 FROM raw.sie_files "
            "WHERE orgnr IS NOT DISTINCT FROM ? "
            "AND fiscal_year_start IS NOT DISTINCT FROM ? ORDER BY generated_on DESC NULLS LAST LIMIT 1",
            [orgnr, fy],
        ).fetchone()
        if (
            current is not None
            and not best.counts.get("balances")
            and con.execute(
                "SELECT count(*) > 0 FROM raw.sie_balances WHERE source_file_sha256 = ?", [current[2]]
            ).fetchone()[0]
        ):
            # vouchers without #IB/#UB/#RES: an import batch (4I) under an export's name, not the whole year
            raise SourceFileRejected(
                best.path,
                [
                    Violation(
                        best.path.name,
                        None,
                        "SIETYP",
                        None,
                        "SIE_4I",
                        f"has vouchers but no #IB/#UB/#RES: an SIE 4I import batch, not a 4E export of the whole year, so it "
                        f"may not replace fiscal year {fy} of {orgnr}, loaded from {current[0]} with its balances",
                    )
                ],
            )
        if current is not None:
            current_gen = current[1] or date.min
            if current_gen > gen(best):
                result.status = SKIPPED_STALE
                result.warnings.append(
                    f"{best.path.name}: skipped, the loaded {current[0]} is a newer export (#GEN {current[1]}) "
                    f"of fiscal year {fy} for {orgnr} than this one (#GEN {best.generated_on})"
                )
                report.files.append(result)
                continue
            result.status = REPLACED
            result.replaced_file = current[0]
        report.files.append(result)
        winners.append((best, result))
    return winners


def _replace_year(con, sie: SieFile, result: FileResult, loaded_at: datetime) -> None:
    """Delete the (orgnr, fiscal year)'s rows from every raw table, insert this file's (caller's transaction)."""
    old = [
        r[0]
        for r in con.execute(
            "SELECT source_file_sha256 FROM raw.sie_files WHERE orgnr IS NOT DISTINCT FROM ? "
            "AND fiscal_year_start IS NOT DISTINCT FROM ? AND source_file_sha256 <> ?",
            [sie.orgnr, sie.fiscal_year_start, sie.sha256],
        ).fetchall()
    ]
    if old:
        for table in RAW_COLUMNS:
            con.execute(f"DELETE FROM raw.{table} WHERE source_file_sha256 IN (SELECT unnest(?::VARCHAR[]))", [old])
    lineage = [sie.path.name, sie.sha256, loaded_at, sie.fiscal_year_start]
    h = sie.header
    file_row = [
        str(sie.path),
        sie.encoding,
        sie.encoding_warning,
        h.get("flagga"),
        h.get("program"),
        h.get("program_version"),
        h.get("file_format"),
        h.get("generated_on"),
        h.get("generated_by"),
        h.get("sie_type"),
        h.get("company_name"),
        h.get("orgnr"),
        h.get("chart_of_accounts_type"),
        h.get("currency"),
        h.get("fiscal_year_end"),
        h.get("address_contact"),
        h.get("address_street"),
        h.get("address_postal"),
        h.get("address_phone"),
        sie.ksumma_status,
        sie.counts["vouchers"],
        sie.counts["postings"],
    ]
    placeholders = ", ".join("?" for _ in range(len(file_row) + 4))
    con.execute(f"INSERT INTO raw.sie_files VALUES ({placeholders})", file_row + lineage)
    counts = {
        "sie_files": 1,
        "sie_vouchers": sie.counts["vouchers"],
        "sie_postings": sie.counts["postings"] + sie.counts["audit_rows"],
    }
    for table, key in _PARSED.items():
        cols = ", ".join(name for name, _ in RAW_COLUMNS[table])
        con.execute(f"INSERT INTO raw.{table} SELECT {cols}, ?, ?, ?, ? FROM {sie.tables[key]}", lineage)
        counts[table] = con.execute(f"SELECT count(*) FROM {sie.tables[key]}").fetchone()[0]
    result.counts = counts


# ---------------------------------------------------------------------------------------------------------
# Parse once: extract reads each new file (validating it) straight into a landing database; load copies the
# landed raw rows into the build, never reading the SIE text again.

LANDING_DB = "ledger.duckdb"
LANDING_MANIFEST = "ledger.manifest.json"


def loaded_sha256(warehouse: Path) -> set[str]:
    """The sha256 of every ledger file the (published) warehouse holds; empty if there is none yet."""
    if not Path(warehouse).exists():
        return set()
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return set()
    try:
        return {r[0] for r in con.execute("SELECT source_file_sha256 FROM raw.sie_files").fetchall()}
    except duckdb.Error:
        return set()
    finally:
        con.close()


def land_ledger(
    ledger_dir: Path,
    landing_dir: Path,
    *,
    already_loaded: set[str] = frozenset(),
    quarantine_dir: Path | None = None,
    source_dir: Path | None = None,
) -> LoadReport:
    """Extract's half of the load: every file in ``ledger_dir`` not in ``already_loaded`` is read once,
    validated and written to ``landing_dir/ledger.duckdb`` (the same raw tables and rules as
    ``load_ledger``: a bad file raises SourceFileRejected and is quarantined). The report is kept beside
    it as ``ledger.manifest.json`` for ``load_landed_ledger``."""
    landing_db = Path(landing_dir) / LANDING_DB
    landing_db.unlink(missing_ok=True)
    landing_db.with_name(landing_db.name + ".wal").unlink(missing_ok=True)
    con = duckdb.connect(str(landing_db))
    try:
        report = load_ledger(
            con, ledger_dir, quarantine_dir=quarantine_dir, skip_sha256=already_loaded, source_dir=source_dir
        )
    finally:
        con.close()
    (Path(landing_dir) / LANDING_MANIFEST).write_text(json.dumps(report.as_dict(), indent=1), encoding="utf-8")
    return report


class LandingOutOfDate(RuntimeError):
    """The landed ledger does not fit the build (extract must run again before load)."""


def _file_result(entry: dict) -> FileResult:
    return FileResult(
        Path(entry["file"]),
        entry["sha256"],
        entry["status"],
        entry.get("orgnr"),
        date.fromisoformat(entry["fiscal_year_start"]) if entry.get("fiscal_year_start") else None,
        date.fromisoformat(entry["generated_on"]) if entry.get("generated_on") else None,
        dict(entry.get("counts") or {}),
        list(entry.get("warnings") or []),
        entry.get("replaced_file"),
    )


def load_landed_ledger(con: duckdb.DuckDBPyConnection, landing_dir: Path) -> LoadReport:
    """Load's half: copy the files ``land_ledger`` wrote into the build's raw tables, replacing each
    (orgnr, fiscal year) as ``load_ledger`` does (same file again: no-op; an export older than the one the
    build holds: skipped with a warning), all in one transaction. Nothing is parsed here."""
    landing_dir = Path(landing_dir)
    manifest = landing_dir / LANDING_MANIFEST
    if not manifest.exists():
        raise LandingOutOfDate(f"no landed ledger in {landing_dir} (run extract first)")
    entries = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    ensure_raw_schema(con)
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    remove_unfinished(con)
    loaded = {r[0] for r in con.execute("SELECT source_file_sha256 FROM raw.sie_files").fetchall()}
    report = LoadReport()
    from rakenskaper.publish import sql_literal  # ATTACH takes no bound parameter for its path

    con.execute(f"ATTACH {sql_literal(str(landing_dir / LANDING_DB))} AS landing (READ_ONLY)")
    in_transaction = False
    try:
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        for entry in entries:
            result = _file_result(entry)
            report.files.append(result)
            if result.status == SKIPPED_SAME_SHA:
                if result.sha256 not in loaded:
                    raise LandingOutOfDate(
                        f"{result.path.name} was already in the warehouse when it was extracted, but the build "
                        "does not hold it: run extract again"
                    )
                continue
            if result.status not in (LOADED, REPLACED):
                continue  # skipped at extract (an older export in the same folder): nothing landed
            if result.sha256 in loaded:
                result.status, result.counts, result.replaced_file = SKIPPED_SAME_SHA, {}, None
                continue
            current = con.execute(
                "SELECT source_file_name, generated_on FROM raw.sie_files WHERE orgnr IS NOT DISTINCT FROM ? "
                "AND fiscal_year_start IS NOT DISTINCT FROM ? ORDER BY generated_on DESC NULLS LAST LIMIT 1",
                [result.orgnr, result.fiscal_year_start],
            ).fetchone()
            result.status, result.replaced_file = LOADED, None
            if current is not None:
                if (current[1] or date.min) > (result.generated_on or date.min):
                    result.status, result.counts = SKIPPED_STALE, {}
                    result.warnings.append(
                        f"{result.path.name}: skipped, the loaded {current[0]} is a newer export (#GEN {current[1]}) "
                        f"of fiscal year {result.fiscal_year_start} for {result.orgnr} than this one "
                        f"(#GEN {result.generated_on})"
                    )
                    continue
                result.status, result.replaced_file = REPLACED, current[0]
            old = [
                r[0]
                for r in con.execute(
                    "SELECT source_file_sha256 FROM raw.sie_files WHERE orgnr IS NOT DISTINCT FROM ? "
                    "AND fiscal_year_start IS NOT DISTINCT FROM ?",
                    [result.orgnr, result.fiscal_year_start],
                ).fetchall()
            ]
            for table in RAW_COLUMNS:
                if old:
                    con.execute(
                        f"DELETE FROM raw.{table} WHERE source_file_sha256 IN (SELECT unnest(?::VARCHAR[]))", [old]
                    )
                con.execute(
                    f"INSERT INTO raw.{table} SELECT * FROM landing.raw.{table} WHERE source_file_sha256 = ?",
                    [result.sha256],
                )
            loaded.add(result.sha256)
        con.execute("COMMIT")
        in_transaction = False
    except BaseException:
        if in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.execute("DETACH landing")
    return report
