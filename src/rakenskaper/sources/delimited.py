"""The delimited sources' extract and load (``Source.extract``, ``load``): each folder is read by the strict
reader (``rakenskaper.subledgers.reader``), landed as Parquet by ``rakenskaper.subledgers.extract`` and
loaded into its raw tables with replace-by-period semantics by ``rakenskaper.subledgers.load``."""

from __future__ import annotations

from pathlib import Path

import duckdb

from rakenskaper.subledgers.extract import extract_folder
from rakenskaper.subledgers.load import load_subledgers


def extract(settings, source) -> dict:
    """Snapshot, validate (and for payroll pseudonymise) one folder into the landing folder. An absent folder
    lands nothing. Bad files are quarantined with their reasons and the run stops (SourceRejected)."""
    return {
        source.folder: extract_folder(
            settings.sources_dir,
            source.folder,
            settings.landing_dir,
            quarantine_dir=settings.quarantine_dir,
            pseudonym_key=settings.pseudonym_key,
        )
    }


def load(con: duckdb.DuckDBPyConnection, landing_dir: Path, sources) -> dict:
    """Load what extract landed for ``sources`` (one transaction; every raw table of theirs exists afterwards,
    empty for an absent folder)."""
    return load_subledgers(con, landing_dir, folders=[s.folder for s in sources])
