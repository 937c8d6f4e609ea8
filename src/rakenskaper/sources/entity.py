"""The entity profile as a source: ``extract_entity`` lands the files of a valid profile (``rakenskaper.entity``
reads and checks them); ``load_entity`` writes them to ``raw.entity_*`` with lineage (file name, sha256,
loaded_at, line), replacing what the previous run loaded: the profile in force is the one in the sources
tonight. ``check_members`` runs after the ledger is loaded: a member code must be a counterpart object of
the ledger."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import duckdb

from rakenskaper.entity import (
    FILES_COLUMNS,
    LAYOUT_TABLES,
    LINEAGE,
    PROFILE_FILE,
    SETTINGS_COLUMNS,
    TABLES_DIR,
    EntityProfileRejected,
    Profile,
    ProfileViolation,
    read_profile,
    seed_header,
)


def quarantine(profile: Profile, quarantine_dir: Path) -> None:
    """Copy the profile's files to the quarantine folder with one reason file (no personal data here)."""
    quarantine_dir = Path(quarantine_dir)
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"rejected: {datetime.now().isoformat(timespec='seconds')}"]
    for item in profile.files:
        shutil.copyfile(item.path, quarantine_dir / item.path.name)
        lines.append(f"file: {item.path} sha256 {item.sha256}")
    lines.append("")
    lines.extend(str(v) for v in profile.violations)
    (quarantine_dir / "entity-profile.reason.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def extract_entity(sources_dir: Path, landing_dir: Path, *, quarantine_dir: Path | None = None) -> dict:
    """Validate the profile and snapshot its files into ``<landing>/entity/`` (what load reads)."""
    profile = read_profile(sources_dir)
    if profile.violations:
        if quarantine_dir is not None:
            quarantine(profile, quarantine_dir)
        raise EntityProfileRejected(profile.violations)
    landing = Path(landing_dir) / "entity"
    shutil.rmtree(landing, ignore_errors=True)
    (landing / TABLES_DIR).mkdir(parents=True)
    manifest = []
    for item in profile.files:
        relative = PROFILE_FILE if item.kind == "settings" else f"{TABLES_DIR}/{item.path.name}"
        shutil.copyfile(item.path, landing / relative)
        manifest.append({"file": relative, "source": str(item.path), "sha256": item.sha256, "kind": item.kind})
    (landing / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return {"entity": [{"file": m["file"], "sha256": m["sha256"]} for m in manifest]}


def ensure_entity_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.entity_files ({_ddl(FILES_COLUMNS)})")
    con.execute(f"CREATE TABLE IF NOT EXISTS raw.entity_settings ({_ddl(SETTINGS_COLUMNS + LINEAGE)})")
    for table in LAYOUT_TABLES:
        columns = [(name, "VARCHAR") for name in seed_header(table)]
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.entity_{table} ({_ddl(columns + LINEAGE)})")


def _ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"{name} {type_}" for name, type_ in columns)


def load_entity(con: duckdb.DuckDBPyConnection, landing_dir: Path, *, loaded_at: datetime | None = None) -> dict:
    """Replace raw.entity_* with the landed profile (one transaction; an absent profile empties them)."""
    ensure_entity_schema(con)
    loaded_at = loaded_at or datetime.now()
    landing = Path(landing_dir) / "entity"
    profile = read_profile(landing) if landing.is_dir() else Profile()
    if profile.violations:  # the landed copy was validated at extract; this guards a hand-edited landing
        raise EntityProfileRejected(profile.violations)
    shas = {item.path.name: item.sha256 for item in profile.files}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM raw.entity_files")
        con.execute("DELETE FROM raw.entity_settings")
        for table in LAYOUT_TABLES:
            con.execute(f"DELETE FROM raw.entity_{table}")
        for item in profile.files:
            name = PROFILE_FILE if item.kind == "settings" else f"{TABLES_DIR}/{item.path.name}"
            count = (
                sum(1 for s in profile.settings)
                if item.kind == "settings"
                else len(profile.tables.get(item.kind, ([], []))[1])
            )
            con.execute(
                "INSERT INTO raw.entity_files VALUES (?, ?, ?, ?, ?)", [name, item.sha256, loaded_at, item.kind, count]
            )
        if profile.settings:
            con.executemany(
                "INSERT INTO raw.entity_settings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [section, key, position, value, PROFILE_FILE, shas.get(PROFILE_FILE), loaded_at, line]
                    for section, key, position, value, line in profile.settings
                ],
            )
        for table, (header, rows) in profile.tables.items():
            if not rows:
                continue
            name = f"{TABLES_DIR}/{table}.csv"
            sha = shas.get(f"{table}.csv")
            placeholders = ", ".join("?" for _ in range(len(header) + len(LINEAGE)))
            con.executemany(
                f"INSERT INTO raw.entity_{table} VALUES ({placeholders})",
                [
                    [value if value != "" else None for value in values] + [name, sha, loaded_at, line]
                    for line, values in rows
                ],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"entity_files": [item.path.name for item in profile.files], "settings": len(profile.settings)}


def check_members(con: duckdb.DuckDBPyConnection) -> list[ProfileViolation]:
    """Every [members] code must be a counterpart object (the profile's counterpart dimension) of the ledger."""
    rows = con.execute("""
        with dimension as (
            select coalesce(max(setting_value) filter (where section = 'dimensions' and setting_key = 'counterpart'),
                            '8') as dimension_no
            from raw.entity_settings
        )
        select members.setting_key, members.line_no
        from raw.entity_settings as members
        cross join dimension
        where members.section = 'members'
          and not exists (
              select 1 from raw.sie_objects as objects
              inner join raw.sie_files as files using (source_file_sha256)
              where cast(objects.dimension_no as varchar) = dimension.dimension_no
                and objects.object_code = members.setting_key)
        order by members.line_no
    """).fetchall()
    return [
        ProfileViolation(
            PROFILE_FILE,
            line,
            f"members.{code}",
            "not a counterpart object of the ledger (no #OBJEKT with this code in the counterpart dimension)",
        )
        for code, line in rows
    ]
