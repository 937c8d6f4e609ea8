"""The build file and the atomic swap that publishes it.

Every run builds into its own DuckDB file. Only after dbt tests and the quality gate pass is it moved
over the published file with one rename, so analysts and BI tools (which open the published file
read-only) see either last night's warehouse or tonight's, never a half-built one. DuckDB allows one
writing process per file, and even read-only opens fail while it writes: that is why nobody builds in
the published file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")


def remove_database(db_path: Path) -> None:
    """Delete a DuckDB file and its write-ahead log, if present."""
    for path in (db_path, wal_path(db_path)):
        path.unlink(missing_ok=True)


def start_build(published: Path, build: Path) -> Path:
    """Begin a build: a copy of the published warehouse's raw sources (so raw history and no-op reloads
    carry over; every derived schema is dropped and rebuilt), or an empty file on the first run. A stale
    build from a failed run is discarded."""
    build.parent.mkdir(parents=True, exist_ok=True)
    remove_database(build)
    if published.exists():
        # copy to a temporary name first so that a crash mid-copy never leaves a truncated build
        partial = build.with_name(build.name + ".partial")
        shutil.copyfile(published, partial)
        os.replace(partial, build)
        drop_derived_schemas(build)
    else:
        duckdb.connect(str(build)).close()
    return build


KEPT_SCHEMAS = {"raw"}  # what a build carries over from last night; everything else dbt rebuilds
SYSTEM_SCHEMAS = {"main", "information_schema", "pg_catalog"}


def drop_derived_schemas(db_path: Path) -> list[str]:
    """Everything but the loaded sources is rebuilt each night from raw: a model, seed column or table
    that left the dbt project must not linger in the published warehouse."""
    con = duckdb.connect(str(db_path))
    try:
        schemas = [row[0] for row in con.execute(
            "select schema_name from information_schema.schemata where catalog_name = current_database()"
        ).fetchall()]
        dropped = sorted(set(schemas) - KEPT_SCHEMAS - SYSTEM_SCHEMAS)
        for schema in dropped:
            con.execute(f'drop schema "{schema}" cascade')
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return dropped


def checkpoint(db_path: Path) -> None:
    """Fold the write-ahead log into the file, so that the file alone is the whole database."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute("CHECKPOINT")
    finally:
        con.close()
    if wal_path(db_path).exists():
        raise RuntimeError(f"{db_path}: write-ahead log still present after CHECKPOINT")


def publish(build: Path, published: Path) -> Path:
    """Atomically replace the published warehouse with the build (same filesystem: one rename)."""
    if not build.exists():
        raise FileNotFoundError(f"nothing to publish: {build} does not exist")
    checkpoint(build)
    published.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build, published)
    return published
