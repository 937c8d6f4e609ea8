"""Raw tables for the delimited sources, with lineage; replace-by-period semantics (docs/architecture.md).

``load_subledgers(con, landing_dir)`` loads what extract landed, in one transaction:
- a file whose sha256 is already loaded is a no-op;
- a new file replaces every row of the periods it holds (its format's period column: forecast date, pay
  period, statement date), whichever file they came from;
- ``raw.subledger_files`` records each loaded file with its periods; a file all of whose periods were
  replaced by newer files is removed from it (its rows are gone).

``ensure_subledger_schema`` creates all raw tables, empty, whether or not a source folder exists, so
that dbt builds for an entity that delivers only a ledger.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from rakenskaper.sources.raw_schema import DELIMITED_TABLES, SUBLEDGER_FILES, create
from rakenskaper.subledgers.extract import MANIFEST
from rakenskaper.subledgers.formats import FORMATS, SourceFormat

LOADED, REPLACED, SKIPPED_SAME_SHA = "loaded", "replaced", "skipped-same-sha"

FILES_TABLE = SUBLEDGER_FILES.name
FILES_COLUMNS = list(SUBLEDGER_FILES.columns)


@dataclass
class SubledgerFileResult:
    file: str
    format: str
    sha256: str
    status: str
    periods: list[str] = field(default_factory=list)
    rows: int = 0
    replaced_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def ensure_subledger_schema(con: duckdb.DuckDBPyConnection) -> None:
    create(con, [*DELIMITED_TABLES.values(), SUBLEDGER_FILES])


def _load_file(con, fmt: SourceFormat, entry: dict, landed: Path, loaded_at: datetime) -> SubledgerFileResult:
    result = SubledgerFileResult(entry["file"], fmt.name, entry["sha256"], LOADED, entry["periods"], entry["rows"])
    period_type = dict(fmt.stored_columns)[fmt.period]
    periods = f"(SELECT unnest(?::VARCHAR[])::{period_type})"
    replaced = con.execute(
        f"SELECT DISTINCT source_file_name FROM raw.{fmt.table} WHERE {fmt.period} IN {periods} ORDER BY 1",
        [entry["periods"]],
    ).fetchall()
    result.replaced_files = [r[0] for r in replaced]
    if replaced:
        result.status = REPLACED
        con.execute(f"DELETE FROM raw.{fmt.table} WHERE {fmt.period} IN {periods}", [entry["periods"]])
        # a file keeps its record while any of its periods is still loaded
        con.execute(
            f"UPDATE raw.{FILES_TABLE} "
            "SET periods = list_filter(periods, lambda p: NOT list_contains(?::VARCHAR[], p)) WHERE source_format = ?",
            [entry["periods"], fmt.name],
        )
        con.execute(f"DELETE FROM raw.{FILES_TABLE} WHERE source_format = ? AND len(periods) = 0", [fmt.name])
    own = ", ".join(name for name, _ in fmt.stored_columns)
    con.execute(
        f"INSERT INTO raw.{fmt.table} SELECT {own}, source_file_name, source_file_sha256, ?::TIMESTAMP, "
        f"line_no FROM read_parquet(?)",
        [loaded_at, str(landed)],
    )
    con.execute(
        f"INSERT INTO raw.{FILES_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)",
        [fmt.name, entry["file"], entry["sha256"], loaded_at, entry["periods"], entry["rows"], result.replaced_files],
    )
    return result


def load_subledgers(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path,
    *,
    loaded_at: datetime | None = None,
    folders: list[str] | None = None,
) -> dict:
    """Load every folder extract landed under ``landing_dir`` (only ``folders``, if given; one transaction).
    Returns a JSON-safe report."""
    ensure_subledger_schema(con)
    loaded_at = loaded_at or datetime.now()
    by_name = {fmt.name: fmt for fmt in FORMATS}
    results: list[SubledgerFileResult] = []
    loaded_shas = {
        (r[0], r[1]) for r in con.execute(f"SELECT source_format, source_file_sha256 FROM raw.{FILES_TABLE}").fetchall()
    }
    folders = sorted(set(folders) if folders is not None else {fmt.folder for fmt in FORMATS})
    con.execute("BEGIN TRANSACTION")
    try:
        for folder in folders:
            manifest_path = Path(landing_dir) / folder / MANIFEST
            if not manifest_path.is_file():
                continue
            for entry in json.loads(manifest_path.read_text(encoding="utf-8")):
                fmt = by_name[entry["format"]]
                if (fmt.name, entry["sha256"]) in loaded_shas:
                    results.append(
                        SubledgerFileResult(
                            entry["file"], fmt.name, entry["sha256"], SKIPPED_SAME_SHA, entry["periods"], entry["rows"]
                        )
                    )
                    continue
                loaded_shas.add((fmt.name, entry["sha256"]))
                results.append(_load_file(con, fmt, entry, manifest_path.parent / entry["landed"], loaded_at))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"files": [r.as_dict() for r in results]}
