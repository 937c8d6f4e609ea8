"""The ledger's raw tables and their load, for callers of the former module: the ledger is now an entry of the
source registry (``rakenskaper.sources``), loaded by ``rakenskaper.sources.ledger`` (read and validate into
raw, replace-by-fiscal-year), ``ledger_rows`` (rows written while a file is read) and ``landing`` (parse once:
extract lands, load copies)."""

from rakenskaper.sources.landing import (
    LANDING_DB,
    LANDING_MANIFEST,
    LandingOutOfDate,
    land_ledger,
    load_landed_ledger,
    loaded_sha256,
)
from rakenskaper.sources.ledger import (
    LOADED,
    MEMORY_LIMIT,
    REPLACED,
    SKIPPED_SAME_SHA,
    SKIPPED_STALE,
    FileResult,
    LoadReport,
    ensure_raw_schema,
    ledger_files,
    load_ledger,
    validate_ledger_file,
)
from rakenskaper.sources.ledger_rows import RawRows, remove_unfinished
from rakenskaper.sources.raw_schema import LEDGER_TABLES
from rakenskaper.sources.violations import SourceRejected, quarantine

# The one error for rejected source files, under its former name.
SourceFileRejected = SourceRejected
# Contract columns per raw table, in order (rakenskaper.sources.raw_schema); lineage columns follow.
RAW_COLUMNS: dict[str, list[tuple[str, str]]] = {name: list(table.own) for name, table in LEDGER_TABLES.items()}

__all__ = [
    "LANDING_DB",
    "LANDING_MANIFEST",
    "LOADED",
    "MEMORY_LIMIT",
    "RAW_COLUMNS",
    "REPLACED",
    "SKIPPED_SAME_SHA",
    "SKIPPED_STALE",
    "FileResult",
    "LandingOutOfDate",
    "LoadReport",
    "RawRows",
    "SourceFileRejected",
    "ensure_raw_schema",
    "land_ledger",
    "ledger_files",
    "load_landed_ledger",
    "load_ledger",
    "loaded_sha256",
    "quarantine",
    "remove_unfinished",
    "validate_ledger_file",
]
