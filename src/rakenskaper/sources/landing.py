"""Parse once: extract reads each new ledger file (validating it) straight into a landing database; load
copies the landed raw rows into the build, never reading the SIE text again."""

from __future__ import annotations

import json
import logging
import shutil
from datetime import date
from pathlib import Path

import duckdb

from rakenskaper.sources.ledger import (
    LOADED,
    MEMORY_LIMIT,
    REPLACED,
    SKIPPED_SAME_SHA,
    SKIPPED_STALE,
    FileResult,
    LoadReport,
    current_export,
    ensure_raw_schema,
    files_of_year,
    load_ledger,
    newer_loaded,
)
from rakenskaper.sources.ledger_rows import delete_files, remove_unfinished
from rakenskaper.sources.raw_schema import LEDGER_TABLES

log = logging.getLogger(__name__)

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
    ``load_ledger``: a bad file raises SourceRejected and is quarantined). The report is kept beside
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
    from rakenskaper.duckdb_files import sql_literal  # ATTACH takes no bound parameter for its path

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
            current = current_export(con, result.orgnr, result.fiscal_year_start)
            result.status, result.replaced_file = LOADED, None
            if current is not None:
                if (current[1] or date.min) > (result.generated_on or date.min):
                    result.status, result.counts = SKIPPED_STALE, {}
                    result.warnings.append(
                        newer_loaded(
                            result.path.name, current, result.fiscal_year_start, result.orgnr, result.generated_on
                        )
                    )
                    continue
                result.status, result.replaced_file = REPLACED, current[0]
            delete_files(con, files_of_year(con, result.orgnr, result.fiscal_year_start), LEDGER_TABLES)
            for table in LEDGER_TABLES:
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


def extract(settings, source) -> dict:
    """The ledger's extract (``Source.extract``): snapshot its files into this run's landing folder and land
    each new one (``land_ledger``); a file the published warehouse holds is not read again, unless the run
    rebuilds from the sources."""
    source_ledger = settings.sources_dir / source.folder
    if not source_ledger.is_dir():
        raise FileNotFoundError(f"no ledger folder in the sources: {source_ledger}")
    landing = settings.landing_dir / source.folder
    shutil.rmtree(landing, ignore_errors=True)
    landing.mkdir(parents=True)

    files = source.files(settings.sources_dir)
    if not files:
        raise FileNotFoundError(f"no SIE files (*.se) in {source_ledger}")
    for path in files:
        shutil.copyfile(path, landing / path.name)
    # a rebuild reads every file again: the build will not start from the published warehouse that holds them
    already_loaded = set() if settings.rebuild else loaded_sha256(settings.warehouse_path)
    report = land_ledger(
        landing,
        settings.landing_dir,
        already_loaded=already_loaded,
        quarantine_dir=settings.quarantine_dir,
        source_dir=source_ledger,
    )
    log.info(
        "extracted %d ledger file(s) into %s (%s)",
        len(report.files),
        landing,
        ", ".join(f"{f.path.name}: {f.status}" for f in report.files),
    )
    for result in report.files:  # e.g. a file that is UTF-8 or Latin-1 rather than PC8: the ops log says so
        for warning in result.warnings:
            log.warning("%s", warning)
    return {"ledger": report.as_dict()["files"]}
