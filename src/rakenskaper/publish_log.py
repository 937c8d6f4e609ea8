"""What every published warehouse was built from: ``meta.publish_log`` and ``meta.publish_log_sources``.

One row per published run in ``meta.publish_log`` (who started it, when it started and was published, the
month-end the books are reported through, the quality gate's checks and warnings, this package's version)
and, for that run, one row per source file the warehouse holds in ``meta.publish_log_sources`` (ledger
exports with their ``#GEN`` date, payroll, internal bank, forecasts, contracts, the entity profile: file
name and sha256, never a value from the file).

The publish step writes the row into the *build* file right before the atomic switch
(``rakenskaper.publish.publish``), so the row is inside the file it describes, and a failed run, which
publishes nothing, leaves no row anywhere. History is kept because the build starts as a copy of the
published file and keeps the ``meta`` schema (``publish.KEPT_SCHEMAS``); a rebuild starts empty and is
given the published file's ``meta`` tables first (``publish.start_build``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

import rakenskaper

log = logging.getLogger(__name__)

META_SCHEMA = "meta"
LOG_TABLE = "publish_log"
SOURCES_TABLE = "publish_log_sources"

# The columns, in order. A log carried over from an older version gets the columns it lacks (NULL in its old
# rows) rather than a new table: the history is the point.
LOG_COLUMNS = [
    ("run_id", "VARCHAR"),  # cli-2026-12-05T19:40:02, Airflow's run id, …
    ("trigger", "VARCHAR"),  # cli / airflow / …; NULL when the caller did not say
    ("started_at", "TIMESTAMPTZ"),
    ("finished_at", "TIMESTAMPTZ"),  # the moment of publish (written right before the switch)
    ("closed_through", "DATE"),  # the newest month-end the warehouse reports (books through it)
    ("checks_passed", "INTEGER"),  # quality-gate checks that passed (failed warning checks excluded)
    ("checks", "VARCHAR[]"),  # every quality-gate check that ran
    ("warnings", "VARCHAR[]"),  # failed warning checks: published, flagged
    ("rakenskaper_version", "VARCHAR"),
    ("release_version", "VARCHAR"),  # the release folder: <warehouse dir>/releases/<release_version>
    ("rebuild", "BOOLEAN"),  # the build started empty (every source file read again)
]
SOURCES_COLUMNS = [
    ("run_id", "VARCHAR"),
    ("source_kind", "VARCHAR"),  # the sources folder: ledger, payroll, internal_bank, forecast, contracts, entity
    ("source_format", "VARCHAR"),  # SIE 4, forecast, investments, payroll, …, or the profile file's kind
    ("source_file_name", "VARCHAR"),
    ("source_file_sha256", "VARCHAR"),
    ("generated_on", "DATE"),  # an SIE export's #GEN date; NULL for other sources
    ("fiscal_year_start", "DATE"),  # an SIE export's fiscal year (#RAR 0); NULL for other sources
    ("loaded_at", "TIMESTAMP"),  # when its rows were loaded (raw lineage, the loading host's local time)
    ("loaded_this_run", "BOOLEAN"),  # loaded by the run this row belongs to; NULL when that is not known
]

LEDGER_KIND, ENTITY_KIND = "ledger", "entity"


@dataclass(frozen=True)
class PublishRecord:
    """What the caller knows about the run being published.

    ``gate`` is the dict the ``pipeline.gate`` step returns ({"passed", "checks", "warnings", ...}); the DAG
    passes the gate task's XCom. ``started_at`` may be a datetime (an aware one, e.g. Airflow's
    ``dag_run.start_date``; a naive one is taken as this host's local time) or an ISO 8601 string."""

    run_id: str
    trigger: str | None
    started_at: datetime | str | None = None
    gate: dict | None = None

    def __post_init__(self) -> None:
        if not self.run_id:
            raise ValueError("a publish record needs a run_id")
        object.__setattr__(self, "started_at", as_utc(self.started_at))

    @classmethod
    def for_cli(cls, started_at: datetime, gate: dict | None) -> PublishRecord:
        """``rakenskaper run``: run id from its start, in this host's local time (what the ops log shows)."""
        started = as_utc(started_at)
        return cls(run_id=f"cli-{started.astimezone():%Y-%m-%dT%H:%M:%S}", trigger="cli", started_at=started, gate=gate)


def as_utc(moment: datetime | str | None) -> datetime | None:
    """A plain ``datetime`` in UTC (also from pendulum's subclass or an ISO string); naive means local time."""
    if moment is None or moment == "":
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    # via isoformat: a datetime subclass (pendulum) becomes a plain datetime that DuckDB binds as it should
    return datetime.fromisoformat(moment.isoformat()).astimezone(UTC)


def unrecorded(finished_at: datetime) -> PublishRecord:
    """The record of a caller that passed none (an older DAG): only the moment of publish is known."""
    return PublishRecord(run_id=f"unrecorded-{finished_at.astimezone():%Y-%m-%dT%H:%M:%S}", trigger=None)


def checks_passed(gate: dict | None) -> int | None:
    """Checks that passed: every check the gate ran but the warning checks that failed (a blocking check that
    failed stops the run before publish). None when the gate outcome is not known."""
    if not gate or gate.get("checks") is None:
        return None
    return max(len(gate["checks"]) - len(gate.get("warnings") or []), 0)


def _ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f'"{name}" {type_}' for name, type_ in columns)


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The meta tables, with every column of this version (added to a log written by an older one)."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {META_SCHEMA}")
    for table, columns in ((LOG_TABLE, LOG_COLUMNS), (SOURCES_TABLE, SOURCES_COLUMNS)):
        con.execute(f"CREATE TABLE IF NOT EXISTS {META_SCHEMA}.{table} ({_ddl(columns)})")
        for name, type_ in columns:
            con.execute(f'ALTER TABLE {META_SCHEMA}.{table} ADD COLUMN IF NOT EXISTS "{name}" {type_}')


def _tables(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    return {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ?",
            [schema],
        ).fetchall()
    }


def closed_through(con: duckdb.DuckDBPyConnection) -> date | None:
    """The newest month-end the warehouse reports (marts.rpt_income_statement); None without that mart."""
    if "rpt_income_statement" not in _tables(con, "marts"):
        return None
    return con.execute("SELECT max(report_period) FROM marts.rpt_income_statement").fetchone()[0]


def last_published_at(con: duckdb.DuckDBPyConnection) -> datetime | None:
    if LOG_TABLE not in _tables(con, META_SCHEMA):
        return None
    return con.execute(f"SELECT max(finished_at) FROM {META_SCHEMA}.{LOG_TABLE}").fetchone()[0]


def source_files(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every source file the build's raw tables hold (their lineage tables), without reading a source row."""
    from rakenskaper.subledgers.formats import FORMATS

    raw = _tables(con, "raw")
    files: list[dict] = []

    def add(kind: str, sql: str, params: list | None = None) -> None:
        cursor = con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        files.extend({"source_kind": kind, **dict(zip(names, row))} for row in cursor.fetchall())

    if "sie_files" in raw:
        add(
            LEDGER_KIND,
            "SELECT 'SIE ' || coalesce(sie_type, '?') AS source_format, source_file_name, "
            "source_file_sha256, generated_on, fiscal_year_start, loaded_at FROM raw.sie_files",
        )
    if "subledger_files" in raw:
        for fmt in FORMATS:  # the folder is the kind an ops person knows (contracts/, not provision_schedule)
            add(
                fmt.folder,
                "SELECT source_format, source_file_name, source_file_sha256, loaded_at "
                "FROM raw.subledger_files WHERE source_format = ?",
                [fmt.name],
            )
    if "entity_files" in raw:
        add(
            ENTITY_KIND,
            "SELECT file_kind AS source_format, source_file_name, source_file_sha256, loaded_at FROM raw.entity_files",
        )
    return sorted(files, key=lambda f: (f["source_kind"], f["source_file_name"] or ""))


def loaded_since(loaded_at: datetime | None, since: datetime | None) -> bool | None:
    """Was a file loaded at or after ``since``? Raw lineage stamps ``loaded_at`` naive, in the loading host's
    local time (``datetime.now()``): compared in this host's local time, so the two hosts must share a
    clock and a time zone (the DAG's tasks run in one image)."""
    if loaded_at is None or since is None:
        return None
    return loaded_at >= since.astimezone().replace(tzinfo=None)


def write_publish_row(
    build: Path,
    record: PublishRecord | None = None,
    *,
    release_version: str | None = None,
    rebuild: bool | None = None,
    finished_at: datetime | None = None,
) -> dict:
    """Append this run's row to ``meta.publish_log`` of ``build``, and its source files to
    ``meta.publish_log_sources``, in one transaction. Called by the publish step right before the switch;
    ``finished_at`` (default: now) is that moment. Returns what was written, for the log and XCom."""
    finished_at = as_utc(finished_at) or datetime.now(UTC)
    record = record or unrecorded(finished_at)
    gate = record.gate or {}
    con = duckdb.connect(str(build))
    try:
        ensure_tables(con)
        # a file is "loaded this run" if loaded after the run started; without a start time, after the
        # warehouse this build started from was published (anything newer in the build came in tonight)
        since = record.started_at or last_published_at(con)
        files = source_files(con)
        con.execute("BEGIN TRANSACTION")
        con.execute(
            f"INSERT INTO {META_SCHEMA}.{LOG_TABLE} BY NAME SELECT ? AS run_id, ? AS trigger, "
            "?::TIMESTAMPTZ AS started_at, ?::TIMESTAMPTZ AS finished_at, ?::DATE AS closed_through, "
            "?::INTEGER AS checks_passed, ?::VARCHAR[] AS checks, ?::VARCHAR[] AS warnings, "
            "? AS rakenskaper_version, ? AS release_version, ?::BOOLEAN AS rebuild",
            [
                record.run_id,
                record.trigger,
                record.started_at,
                finished_at,
                closed_through(con),
                checks_passed(record.gate),
                gate.get("checks"),
                gate.get("warnings"),
                rakenskaper.__version__,
                release_version,
                rebuild,
            ],
        )
        if files:
            con.executemany(
                f"INSERT INTO {META_SCHEMA}.{SOURCES_TABLE} BY NAME SELECT ? AS run_id, ? AS source_kind, "
                "? AS source_format, ? AS source_file_name, ? AS source_file_sha256, ?::DATE AS generated_on, "
                "?::DATE AS fiscal_year_start, ?::TIMESTAMP AS loaded_at, ?::BOOLEAN AS loaded_this_run",
                [
                    [
                        record.run_id,
                        f["source_kind"],
                        f["source_format"],
                        f["source_file_name"],
                        f["source_file_sha256"],
                        f.get("generated_on"),
                        f.get("fiscal_year_start"),
                        f["loaded_at"],
                        loaded_since(f["loaded_at"], since),
                    ]
                    for f in files
                ],
            )
        con.execute("COMMIT")
    finally:
        con.close()
    written = {
        "run_id": record.run_id,
        "trigger": record.trigger,
        "finished_at": finished_at.isoformat(),
        "source_files": len(files),
    }
    log.info("publish log: %s", written)
    return written
