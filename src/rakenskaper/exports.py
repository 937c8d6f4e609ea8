"""Exports for BI tools, published with the warehouse: every rpt_/fct_/dim_ mart as Parquet, and the dbt docs
site (lineage, column docs) as static files.

Both are written from the build file before the warehouse is published (`prepare`), into tonight's release
folder, which nobody reads yet; rakenskaper.publish then makes the release — warehouse file, Parquet, docs and
Data Docs together — current with one rename:

    <warehouse dir>/parquet  ->  current/parquet/   marts.rpt_balance_sheet.parquet, …, manifest.json
    <warehouse dir>/docs     ->  current/docs/      index.html (self-contained), manifest.json, catalog.json
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from rakenskaper.duckdb_files import sql_literal
from rakenskaper.publish import new_release

log = logging.getLogger(__name__)

MART_SCHEMA = "marts"
MART_NAME = re.compile(r"^(rpt|fct|dim)_")
KINDS = ("parquet", "docs")


class ExportFailed(RuntimeError):
    """The Parquet export or the docs site could not be written; nothing is published."""


@dataclass(frozen=True)
class PreparedExports:
    warehouse_dir: Path
    release: Path  # tonight's release folder (rakenskaper.publish), not yet current
    folders: dict[str, Path]  # kind → its folder in the release

    @property
    def version(self) -> str:
        return self.release.name

    def as_dict(self) -> dict:
        return {"version": self.version, **{kind: str(path) for kind, path in self.folders.items()}}


# views computed per query: the drill-down (a posting per period and column) and the huvudbok (a window over
# every posting); fct_general_ledger carries the same postings in the Parquet export
ON_DEMAND = re.compile(r"^(rpt_drilldown__|rpt_general_ledger$)")


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts exported: every rpt_/fct_/dim_ table or view except the on-demand drill-down views."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1", [MART_SCHEMA]
    ).fetchall()
    return [name for (name,) in rows if MART_NAME.match(name) and not ON_DEMAND.match(name)]


def write_parquet(build_path: Path, folder: Path) -> dict:
    """Every rpt_/fct_/dim_ mart of the build as <folder>/marts.<table>.parquet, plus manifest.json."""
    folder.mkdir(parents=True)
    con = duckdb.connect(str(build_path), read_only=True)
    try:
        con.execute("set enable_progress_bar = false")
        tables = {}
        for table in mart_tables(con):
            target = folder / f"{MART_SCHEMA}.{table}.parquet"
            # COPY takes no bound parameter for its file: the path is a quoted SQL literal (a ' in a folder
            # name doubled), never pasted in as it is
            con.execute(
                f"copy (select * from {MART_SCHEMA}.{table}) to {sql_literal(str(target))} "
                "(format parquet, compression zstd)"
            )
            columns = con.execute(f"describe {MART_SCHEMA}.{table}").fetchall()
            rows = con.execute(f"select count(*) from {MART_SCHEMA}.{table}").fetchone()[0]
            tables[f"{MART_SCHEMA}.{table}"] = {
                "file": target.name,
                "rows": rows,
                "columns": {name: dtype for name, dtype, *_ in columns},
            }
    finally:
        con.close()
    if not tables:
        raise ExportFailed(f"no rpt_/fct_/dim_ tables in schema {MART_SCHEMA} of {build_path}")
    manifest = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds"), "tables": tables}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def write_docs(
    build_path: Path, folder: Path, project_dir: Path, target_dir: Path, *, generated_with_build: bool = False
) -> Path:
    """`dbt docs generate --static` against the build; the self-contained page becomes <folder>/index.html.
    `target_dir` is the build's dbt target when there is one (its partial parse saves a full re-parse)."""
    from rakenskaper import dbt_runner
    from rakenskaper.dbt_child import DOCS_MARKER, build_invocation

    target_dir.mkdir(parents=True, exist_ok=True)
    static = target_dir / "static_index.html"
    if not (generated_with_build and _docs_belong_to_build(target_dir, DOCS_MARKER, build_invocation)):
        (target_dir / DOCS_MARKER).unlink(missing_ok=True)
        static.unlink(missing_ok=True)
        # the build just compiled every node into target_dir: reuse it rather than compile again (~1 min)
        command = ["docs", "generate", "--static"]
        if (target_dir / "manifest.json").exists():
            command.append("--no-compile")
        result = dbt_runner.run_dbt(command, build_path, project_dir, target_dir)
        if not result.success or not static.exists():
            raise ExportFailed(
                "dbt docs generate failed:\n" + "\n".join(result.failures or result.output.splitlines()[-10:])
            )
    folder.mkdir(parents=True)
    shutil.copyfile(static, folder / "index.html")
    for name in ("manifest.json", "catalog.json"):
        shutil.copyfile(target_dir / name, folder / name)
    return folder / "index.html"


def _docs_belong_to_build(target_dir: Path, marker: str, build_invocation) -> bool:
    """The docs in ``target_dir`` were generated right after the build whose results are there (the CLI's
    transform does both in one dbt process), so they describe this build and need no second dbt run."""
    try:
        made_for = json.loads((target_dir / marker).read_text(encoding="utf-8")).get("build_invocation_id")
    except (OSError, ValueError):
        return False
    current = build_invocation(target_dir)
    return bool(made_for) and made_for == current and (target_dir / "static_index.html").exists()


def prepare(
    build_path: Path,
    warehouse_dir: Path,
    project_dir: Path,
    target_dir: Path,
    *,
    docs_generated_with_build: bool = False,
) -> PreparedExports:
    """Write tonight's Parquet and docs folders from the build file; nothing points at them yet.
    ``docs_generated_with_build``: this run's transform generated the docs site right after its build
    (``dbt_runner.build(with_docs=True)``); it is copied, not generated again."""
    release = new_release(warehouse_dir)
    folders = {kind: release / kind for kind in KINDS}
    try:
        manifest = write_parquet(build_path, folders["parquet"])
        write_docs(build_path, folders["docs"], project_dir, target_dir, generated_with_build=docs_generated_with_build)
    except Exception:
        shutil.rmtree(release, ignore_errors=True)
        raise
    log.info("exported %d marts as Parquet and the dbt docs site (release %s)", len(manifest["tables"]), release.name)
    return PreparedExports(warehouse_dir, release, folders)


def discard(prepared: PreparedExports) -> None:
    """Delete the release folder prepared for a build that will not be published."""
    shutil.rmtree(prepared.release, ignore_errors=True)


def reopen(settings, release: str | Path) -> PreparedExports:
    """The exports an earlier step prepared in ``release`` (the Airflow DAG writes them in the gate task and
    publishes them in the next task)."""
    from rakenskaper.publish import RELEASES_DIR

    release = Path(release)
    releases = settings.warehouse_dir / RELEASES_DIR
    if release.parent != releases or not release.is_dir():  # an XCom is data; never publish another folder
        raise FileNotFoundError(f"no prepared release {release} under {releases}")
    return PreparedExports(settings.warehouse_dir, release, {p.name: p for p in release.iterdir() if p.is_dir()})


def prepare_for(settings, *, docs_generated_with_build: bool = False) -> PreparedExports:
    """`prepare` for a pipeline.Settings: from its build file, into its warehouse folder."""
    return prepare(
        settings.build_path,
        settings.warehouse_dir,
        settings.dbt_project_dir,
        settings.dbt_target_dir,
        docs_generated_with_build=docs_generated_with_build,
    )
