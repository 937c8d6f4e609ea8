"""The build file and the atomic swap that publishes it.

Every run builds into its own DuckDB file. Only after dbt tests and the quality gate pass is it moved
over the published file with one rename, so analysts and BI tools (which open the published file
read-only) see either last night's warehouse or tonight's, never a half-built one. DuckDB allows one
writing process per file, and even read-only opens fail while it writes: that is why nobody builds in
the published file.

What is published is a release: the warehouse file and everything made from it (Parquet marts, the dbt docs
site, the quality gate's Data Docs) in one folder, made current together by one rename of one symlink:

    <warehouse dir>/releases/<version>/rakenskaper.duckdb, parquet/, docs/, data_docs/
    <warehouse dir>/current            -> releases/<version>            (switched by one rename)
    <warehouse dir>/rakenskaper.duckdb -> current/rakenskaper.duckdb    (made once; so are parquet, docs,
                                                                           data_docs)

A reader opening ``rakenskaper.duckdb`` or a Parquet file gets tonight's release or last night's, never a mix;
the files are fsynced before the switch and the folder after it. The previous release is kept for readers
that still hold it (a new connection follows ``rakenskaper.duckdb`` to the current release; docs/analysts.md).
The warehouse file is in the storage format of an older DuckDB (READER_STORAGE_VERSION), so that the DuckDB 1.x
inside analysts' tools opens it: a build is created in it and DuckDB keeps a file's format; a file in another
format (or one that held per-employee rows) is rewritten at publish.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from rakenskaper.duckdb_files import (
    compact,
    create_database,
    needs_rewrite,
    remove_database,
    sql_literal,
    wal_path,
)


def start_build(published: Path, build: Path, *, empty: bool = False) -> Path:
    """Begin a build: a copy of the published warehouse's raw sources and publish history (so raw history
    and no-op reloads carry over; every derived schema is dropped and rebuilt), or an empty file on the
    first run or when ``empty`` (a rebuild from the sources alone: it still takes the published file's
    publish history, HISTORY_SCHEMAS). A stale build from a failed run is discarded."""
    build.parent.mkdir(parents=True, exist_ok=True)
    remove_database(build)
    if published.exists() and not empty:
        # copy to a temporary name first so that a crash mid-copy never leaves a truncated build
        partial = build.with_name(build.name + ".partial")
        shutil.copyfile(published, partial)
        os.replace(partial, build)
        drop_derived_schemas(build)
        restore_personal_rows(build, published.resolve().parent / RESTRICTED)
    else:
        create_database(build)
        if published.exists():
            copy_schemas(published, build, HISTORY_SCHEMAS)
    return build


def copy_schemas(source: Path, target: Path, schemas: set[str]) -> None:
    """Copy every table of ``schemas`` from the DuckDB file ``source`` (opened read-only: it may be the
    published file, which readers hold) into ``target``; a schema ``source`` lacks is skipped."""
    con = duckdb.connect(str(target))
    try:
        con.execute(f"ATTACH {sql_literal(str(source))} AS source_db (READ_ONLY)")
        for schema, table in con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = 'source_db' "
            "AND list_contains(?, schema_name) ORDER BY ALL",
            [sorted(schemas)],
        ).fetchall():
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            con.execute(f'CREATE TABLE "{schema}"."{table}" AS SELECT * FROM source_db."{schema}"."{table}"')
        con.execute("DETACH source_db")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def personal_tables() -> list[str]:
    """The raw tables of personal-data sources (payroll): one row per employee and pay item."""
    from rakenskaper.subledgers.formats import FORMATS

    return [fmt.table for fmt in FORMATS if fmt.personal]


def _raw_tables(con, catalog: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'raw'", [catalog]
        ).fetchall()
    }


def restore_personal_rows(build: Path, restricted: Path) -> None:
    """Put last night's per-employee rows back into the build's raw tables (the build needs every pay period
    for its reconciliations; the published warehouse never held them). Without the restricted file (a
    warehouse copied without it, a lost release) the personal sources are forgotten as loaded, so tonight's
    load reads them again from the sources folder: nothing is lost."""
    from rakenskaper.subledgers.formats import FORMATS

    con = duckdb.connect(str(build))
    try:
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        kept: set[str] = set()
        if restricted.exists():
            con.execute(f"ATTACH {sql_literal(str(restricted))} AS restricted (READ_ONLY)")
            kept = _raw_tables(con, "restricted")
            for table in personal_tables():
                if table in kept:
                    con.execute(f"CREATE OR REPLACE TABLE raw.{table} AS SELECT * FROM restricted.raw.{table}")
            con.execute("DETACH restricted")
        missing = [fmt.name for fmt in FORMATS if fmt.personal and fmt.table not in kept]
        if missing and "subledger_files" in _raw_tables(con, catalog):
            con.execute("DELETE FROM raw.subledger_files WHERE list_contains(?, source_format)", [missing])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def split_personal_rows(build: Path, restricted: Path) -> bool:
    """Move the per-employee rows out of the checked build into ``restricted`` (its own file), and the views
    that read them out of the build: the warehouse analysts open holds only what reports need (aggregates).
    True when rows were moved (their blocks stay in the file until it is compacted, which publish always does)."""
    con = duckdb.connect(str(build))
    try:
        catalog = con.execute("SELECT current_database()").fetchone()[0]
        tables = [t for t in personal_tables() if t in _raw_tables(con, catalog)]
        if not tables:
            return False
        con.execute(f"ATTACH {sql_literal(str(restricted))} AS restricted")
        con.execute("CREATE SCHEMA IF NOT EXISTS restricted.raw")
        moved = 0
        for table in tables:
            con.execute(f"CREATE TABLE restricted.raw.{table} AS SELECT * FROM raw.{table}")
            moved += con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0]
        con.execute("DETACH restricted")
        for table in tables:
            for schema, view in con.execute(
                "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal AND database_name = ? "
                "AND sql ILIKE ?",
                [catalog, f"%{table}%"],
            ).fetchall():
                con.execute(f'DROP VIEW "{schema}"."{view}"')
            con.execute(f"DROP TABLE raw.{table}")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return moved > 0


# meta: the publish log (rakenskaper.publish_log), history that no source file could rebuild
HISTORY_SCHEMAS = {"meta"}
KEPT_SCHEMAS = {"raw"} | HISTORY_SCHEMAS  # what a build carries over from last night; everything else dbt rebuilds
SYSTEM_SCHEMAS = {"main", "information_schema", "pg_catalog"}


def drop_derived_schemas(db_path: Path) -> list[str]:
    """Everything but the loaded sources is rebuilt each night from raw: a model, seed column or table
    that left the dbt project must not linger in the published warehouse."""
    con = duckdb.connect(str(db_path))
    try:
        schemas = [
            row[0]
            for row in con.execute(
                "select schema_name from information_schema.schemata where catalog_name = current_database()"
            ).fetchall()
        ]
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


RESTRICTED = "restricted.duckdb"  # a release's per-employee rows: no entry link, mode 0600 (see publish)
RELEASES_DIR = "releases"
CURRENT = "current"
KEEP_RELEASES = 2  # the current release and the one before it (a reader may still hold it)
LEGACY_EXPORTS_DIR = "exports"  # versioned Parquet/docs folders of the layout before releases


def new_version() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def new_release(warehouse_dir: Path) -> Path:
    """A new, empty release folder; nothing points at it yet."""
    folder = Path(warehouse_dir) / RELEASES_DIR / new_version()
    folder.mkdir(parents=True)
    return folder


def publish(
    build: Path,
    published: Path,
    release: Path | None = None,
    *,
    record_publish: Callable[[Path, Path], object] | None = None,
) -> Path:
    """Publish the checked build: move it into its release folder (which may already hold its exports), fsync,
    and make the release current with one rename; ``published`` (the path readers open) then leads to it.
    The previous release is kept, older ones and orphans of failed runs are deleted. Before the move the build
    is rewritten (compact) when it holds dropped personal rows or is not in the storage format analysts' DuckDB
    1.x clients read.

    ``record_publish(build, release)`` is the last write into the build, after the personal rows are moved
    out and right before the move and switch: the publish log's row (rakenskaper.publish_log), so that the
    row is inside the file it describes, stamped as close to the switch as the file allows."""
    if not build.exists():
        raise FileNotFoundError(f"nothing to publish: {build} does not exist")
    checkpoint(build)
    warehouse_dir = published.parent
    release = release or new_release(warehouse_dir)
    moved = split_personal_rows(build, release / RESTRICTED)
    # Rewritten when per-employee rows were moved out (their blocks must not travel), or when the build is not
    # in the storage format analysts' 1.x clients read (made by an older version, or the setting changed). A
    # build started by start_build is in that format already and stays in it, so a large ledger without payroll
    # is not copied once more every night (7 s of a 1 M-voucher night, 2026-12-05).
    if moved or needs_rewrite(build):
        compact(build)
    if record_publish is not None:
        record_publish(build, release)
        checkpoint(build)
    os.replace(build, release / published.name)
    restrict_modes(release)
    if (release / RESTRICTED).exists():
        os.chmod(release / RESTRICTED, 0o600)  # the service account only: per-employee rows
    _fsync_tree(release)
    current = warehouse_dir / CURRENT
    previous = current.resolve() if current.is_symlink() else None
    _point(current, release)
    _fsync_dir(warehouse_dir)
    for entry in sorted(p.name for p in release.iterdir() if p.name != RESTRICTED):
        _point(warehouse_dir / entry, Path(CURRENT) / entry)
    _fsync_dir(warehouse_dir)
    _prune(warehouse_dir, keep={release.resolve(), previous})
    return published


def file_mode() -> int:
    """The mode of published files: RAKENSKAPER_FILE_MODE (octal), default 0640 — the owner (the service
    account that runs the night) and its group (the analysts, BI tools) read, nobody else."""
    return int(os.environ.get("RAKENSKAPER_FILE_MODE", "0640"), 8) & 0o666


def restrict_modes(folder: Path) -> None:
    """Every file of a release at file_mode(), every folder at the same plus the x bits its r bits allow."""
    mode = file_mode()
    folder_mode = mode | ((mode & 0o444) >> 2)
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, folder_mode if path.is_dir() else mode)


def _point(link: Path, target: Path) -> None:
    """Make ``link`` a relative symlink to ``target`` with one rename; a plain file or folder of an older
    layout at ``link`` is replaced."""
    relative = target if not target.is_absolute() else Path(os.path.relpath(target, link.parent))
    if link.is_symlink() and Path(os.readlink(link)) == relative:
        return
    if link.exists() and not link.is_symlink() and link.is_dir():
        aside = link.with_name(f".{link.name}.replaced-{new_version()}")
        os.replace(link, aside)
        shutil.rmtree(aside, ignore_errors=True)
    staged = link.with_name(f".{link.name}.next")
    staged.unlink(missing_ok=True)
    staged.symlink_to(relative)
    os.replace(staged, link)


def _prune(warehouse_dir: Path, keep: set) -> None:
    releases = sorted((warehouse_dir / RELEASES_DIR).iterdir(), reverse=True)
    kept = [r for r in releases if r.resolve() in keep][:KEEP_RELEASES]
    for release in releases:
        if release not in kept:
            shutil.rmtree(release, ignore_errors=True)
    shutil.rmtree(warehouse_dir / LEGACY_EXPORTS_DIR, ignore_errors=True)
    for stale in warehouse_dir.glob(".*.replaced-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """Every file of the release on disk before anything points at it."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        elif path.is_dir():
            _fsync_dir(path)
    _fsync_dir(folder)
