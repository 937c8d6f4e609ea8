"""DuckDB files as the warehouse keeps them: created, compacted and checked in the storage format analysts'
tools read (READER_STORAGE_VERSION), and the small helpers every writer of a file needs."""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import duckdb


def sql_literal(text: str) -> str:
    """``text`` as a DuckDB string literal, single quotes doubled: for the file paths of COPY and ATTACH, which
    take no bound parameter."""
    return "'" + text.replace("'", "''") + "'"


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def remove_database(db_path: Path) -> None:
    """Delete a DuckDB file and its write-ahead log, if present."""
    for path in (db_path, wal_path(db_path)):
        path.unlink(missing_ok=True)


def create_database(db_path: Path, version: str | None = None) -> None:
    """An empty DuckDB file in the storage format analysts' clients read (storage_version()); DuckDB keeps
    writing a file in the format it has, so the whole build stays readable by them."""
    con = duckdb.connect()
    try:
        con.execute(
            f"ATTACH {sql_literal(str(db_path))} AS created "
            f"(STORAGE_VERSION {sql_literal(version or storage_version())})"
        )
        con.execute("DETACH created")
    finally:
        con.close()


def file_storage_number(db_path: Path) -> int:
    """The storage version number in a DuckDB file's header (DuckDB 1.2 writes 65, 2.0 writes 69 or more)."""
    with open(db_path, "rb") as db_file:
        header = db_file.read(20)
    if header[8:12] != b"DUCK":
        raise ValueError(f"{db_path} is not a DuckDB file")
    return int.from_bytes(header[12:20], "little")


@functools.cache
def _storage_number_of(version: str) -> int:
    with tempfile.TemporaryDirectory(prefix="rakenskaper-storage-") as scratch:
        probe = Path(scratch) / "probe.duckdb"
        create_database(probe, version)
        return file_storage_number(probe)


def needs_rewrite(db_path: Path) -> bool:
    """Is the file in another storage format than the one to publish in?"""
    return file_storage_number(db_path) != _storage_number_of(storage_version())


# The DuckDB storage format the published warehouse is written in. Analysts open it with the DuckDB they have
# (the CLI, DBeaver's JDBC driver, the ODBC driver, Metabase's driver, duckdb-engine), often older than the
# DuckDB that builds it, and a DuckDB reads only formats up to its own (2.x's own format, 69 and up, no 1.x
# opens). v1.2.0 (storage version 65, read by DuckDB 1.2 and every later release) is the oldest line that
# reads everything the warehouse holds: 1.0 cannot read its VARCHAR[] columns (meta.publish_log), and 1.1
# takes `objects[key]` on a MAP as a list, so the staging views no longer match their stored types. Why this
# line for the BI drivers: docs/analysts.md.
READER_STORAGE_VERSION = "v1.2.0"
STORAGE_VERSION_ENV = "RAKENSKAPER_STORAGE_VERSION"  # e.g. "v1.4.0", or "latest" once every reader has 2.x


def storage_version(environ: Mapping[str, str] = os.environ) -> str:
    """The storage version to publish in: RAKENSKAPER_STORAGE_VERSION, else READER_STORAGE_VERSION. Only a
    version name (v<major>.<minor>.<patch>) or ``latest`` is accepted: the value goes into an ATTACH option."""
    chosen = environ.get(STORAGE_VERSION_ENV, "").strip() or READER_STORAGE_VERSION
    if chosen != "latest" and not re.fullmatch(r"v\d+\.\d+\.\d+", chosen):
        raise ValueError(
            f"{STORAGE_VERSION_ENV}={chosen!r}: expected a DuckDB version such as "
            f"{READER_STORAGE_VERSION!r}, or 'latest'"
        )
    return chosen


def compact(db_path: Path, version: str | None = None) -> None:
    """Rewrite a DuckDB file with only its live data, in the storage format analysts' clients read
    (storage_version()): the blocks of dropped tables (per-employee rows) are not carried into the published
    file, where they could be read back from the bytes, and the file opens in the DuckDB 1.x the BI drivers
    bundle. Later writes into the file (the publish record, the next night's build) keep its format: DuckDB
    writes an existing file in the format it has (tests/pipeline/test_publish.py)."""
    fresh = db_path.with_name(db_path.name + ".compact")
    remove_database(fresh)
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH {sql_literal(str(db_path))} AS source_db (READ_ONLY)")
        con.execute(
            f"ATTACH {sql_literal(str(fresh))} AS compacted "
            f"(STORAGE_VERSION {sql_literal(version or storage_version())})"
        )
        con.execute("COPY FROM DATABASE source_db TO compacted")
        con.execute("DETACH compacted")
    finally:
        con.close()
    os.replace(fresh, db_path)
