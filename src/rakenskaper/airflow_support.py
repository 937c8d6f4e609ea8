"""What the Airflow DAG needs beyond the pipeline's steps: alerts on a failed or late night, the run's
choices (Params) as Settings, the one-command deployment setup (`rakenskaper airflow-setup`) and the
environment of a throwaway one-machine Airflow.

Only this module and dags/ import Airflow; the rest of the package runs without it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rakenskaper import alerts, paths
from rakenskaper.pipeline import Settings

log = logging.getLogger(__name__)

# The nightly run starts at 02:00 Stockholm time and the warehouse must be published by 06:00: analysts start
# at seven and must not read yesterday's figures without knowing it.
NIGHTLY_AT = time(2, 0)
PUBLISH_BY = time(6, 0)
TIMEZONE = "Europe/Stockholm"


def published_at(warehouse_path: Path) -> datetime | None:
    """When the warehouse now published was published: the switch of its link to the current release (one
    rename, rakenskaper.publish), or the file's own time for a warehouse that is a plain file. None: nothing
    published yet."""
    try:
        stat = os.lstat(warehouse_path)
    except FileNotFoundError:
        return None
    return datetime.fromtimestamp(stat.st_mtime, tz=UTC)


def late_publish_alert(
    dag_id: str, run_id: str, published: datetime | None, night_started: datetime, deadline: datetime
) -> alerts.Alert | None:
    """The alert when nothing was published between tonight's scheduled start and the deadline, else None."""
    if published is not None and published >= night_started:
        return None
    alert = alerts.late_alert(dag_id, run_id, f"{deadline:%Y-%m-%d %H:%M} {TIMEZONE}")
    last = f"{published.astimezone(deadline.tzinfo):%Y-%m-%d %H:%M}" if published else "never"
    return dataclasses.replace(alert, reason=f"{alert.reason} Last published: {last}.")


# ---- the run's choices ----------------------------------------------------------------------------------


def settings_from_params(params: dict[str, Any] | None) -> Settings:
    """Settings from the environment, with the DAG run's Params (rebuild, dry_run, closed_through)."""
    params = params or {}
    return Settings.from_env(
        closed_through=params.get("closed_through") or None,
        rebuild=bool(params.get("rebuild")),
        dry_run=bool(params.get("dry_run")),
    )


def asset_extra(warehouse_path: Path, run_id: str) -> dict[str, Any]:
    """The published Asset event's ``extra``: the report period, the run's source files and the gate summary,
    as this run recorded them in meta.publish_log (rakenskaper.publish_log)."""
    import duckdb

    from rakenskaper.publish_log import LOG_TABLE, META_SCHEMA, SOURCES_TABLE

    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        closed, checks_passed, checks, warnings = con.execute(
            f"select closed_through, checks_passed, checks, warnings from {META_SCHEMA}.{LOG_TABLE} "
            "where run_id = ? order by finished_at desc limit 1",
            [run_id],
        ).fetchone()
        sources = con.execute(
            "select source_kind, source_file_name, source_file_sha256, generated_on "
            f"from {META_SCHEMA}.{SOURCES_TABLE} "
            "where run_id = ? order by source_kind, source_file_name",
            [run_id],
        ).fetchall()
    return {
        "report_period": closed.isoformat() if closed else None,
        "sources": [
            {"kind": kind, "file": name, "sha256": sha, **({"generated_on": gen.isoformat()} if gen else {})}
            for kind, name, sha, gen in sources
        ],
        "gate": {"checks_passed": checks_passed, "checks": list(checks or []), "warnings": list(warnings or [])},
    }


# ---- alerts ---------------------------------------------------------------------------------------------


def _send(alert: alerts.Alert) -> str | None:
    """Deliver through the connection ``rakenskaper_alerts``; without one, say in the log that nobody was told.
    Never raises: a broken alert channel must not hide the failure it reports."""
    from airflow.sdk import Connection

    try:
        conn = Connection.get(alerts.ALERT_CONNECTION)
    except Exception:  # noqa: BLE001 - a missing connection is an ops setting, not an error of this run
        log.error(
            "ALERT NOT SENT (no Airflow connection %r; see docs/airflow.md): %s", alerts.ALERT_CONNECTION, alert.subject
        )
        return None
    try:
        where = alerts.deliver(alert, conn.conn_type, conn.host, conn.extra_dejson or {}, conn.conn_id)
    except Exception as failure:  # noqa: BLE001 - log it; the run's own failure stays the one reported
        log.error("ALERT NOT SENT through %r: %s (%s)", alerts.ALERT_CONNECTION, failure, alert.subject)
        return None
    log.warning("alert sent to %s: %s", where, alert.subject)
    return where


def notify_task_failure(context: dict[str, Any]) -> None:
    """Task ``on_failure_callback``: the alert names the task and carries its error (file, line, reason)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_id = getattr(ti, "dag_id", None) or getattr(context.get("dag"), "dag_id", "?")
    task_id = getattr(ti, "task_id", "?")
    exception = context.get("exception")
    reason = str(exception) if exception else "the task failed without an error message; see its log"
    _send(alerts.failure_alert(dag_id, str(context.get("run_id", "?")), [task_id], reason))


def notify_run_failure(context: dict[str, Any]) -> None:
    """DAG ``on_failure_callback``: only for a run that failed without a failing task (e.g. the run timed
    out); a failed task has already sent its own alert."""
    reason = str(context.get("reason") or "")
    if reason == "task_failure":
        return
    dag_id = getattr(context.get("dag"), "dag_id", "?")
    _send(alerts.failure_alert(dag_id, str(context.get("run_id", "?")), [], f"the run ended: {reason or 'failed'}"))


def check_published_by_deadline(deadline: datetime, dag_id: str, run_id: str, settings: Settings | None = None) -> str:
    """The 06:00 watchdog: has the warehouse been published since tonight's 02:00 start? If not, alert and
    raise (the watchdog's task turns red). Catches every way a night goes missing: a failed run, one still
    running or stuck waiting, a paused DAG, a scheduler that was down."""
    settings = settings or Settings.from_env()
    night_started = datetime.combine(deadline.date(), NIGHTLY_AT, tzinfo=deadline.tzinfo)
    if night_started > deadline:  # checked before 02:00 (a manual run): the night that began yesterday
        night_started -= timedelta(days=1)
    published = published_at(settings.warehouse_path)
    alert = late_publish_alert(dag_id, run_id, published, night_started, deadline)
    if alert is None:
        return f"published {published:%Y-%m-%d %H:%M:%S %Z}, after tonight's start {night_started:%H:%M}"
    _send(alert)
    raise LateWarehouse(alert.text())


class LateWarehouse(RuntimeError):
    """The warehouse was not published by the deadline."""


# ---- deployment setup -----------------------------------------------------------------------------------


@dataclasses.dataclass
class SetupStep:
    name: str
    ok: bool
    detail: str


def setup(
    settings: Settings | None = None,
    *,
    alerts_file: Path | None = None,
    alerts_webhook: str | None = None,
    alerts_email: str | None = None,
) -> list[SetupStep]:
    """Prepare an Airflow deployment for the nightly DAG (idempotent): dbt's manifest for drawing the DAG, the
    payroll pseudonymisation key as an Airflow Variable (from RAKENSKAPER_PSEUDONYM_KEY when that is set and the
    Variable is not), and the alert connection (when asked for). Runs against the metadata database of the
    Airflow this process is configured for (AIRFLOW_HOME); run `airflow db migrate` first."""
    from rakenskaper import dbt_manifest

    settings = settings or Settings.from_env()
    steps: list[SetupStep] = []

    manifest = dbt_manifest.manifest_path(settings.warehouse_dir)
    try:
        dbt_manifest.ensure_manifest(manifest, settings.dbt_project_dir, settings.build_path)
        steps.append(SetupStep("dbt manifest", True, str(manifest)))
    except dbt_manifest.ManifestFailed as failed:
        steps.append(SetupStep("dbt manifest", False, str(failed)))

    steps.append(_pseudonym_key_variable())
    steps.append(_alert_connection(alerts_file, alerts_webhook, alerts_email))
    return steps


def _pseudonym_key_variable() -> SetupStep:
    from airflow.models.variable import Variable

    from rakenskaper.subledgers.pseudonym import AIRFLOW_VARIABLE

    if Variable.get(AIRFLOW_VARIABLE, default_var=None) is not None:
        return SetupStep("pseudonymisation key", True, f"Variable {AIRFLOW_VARIABLE} is set (value not shown)")
    from_env = os.environ.get("RAKENSKAPER_PSEUDONYM_KEY")
    if from_env:
        Variable.set(AIRFLOW_VARIABLE, from_env, description="payroll pseudonymisation key: set once, never change")
        return SetupStep(
            "pseudonymisation key",
            True,
            f"Variable {AIRFLOW_VARIABLE} set from RAKENSKAPER_PSEUDONYM_KEY (value not shown)",
        )
    return SetupStep(
        "pseudonymisation key",
        False,
        f"Variable {AIRFLOW_VARIABLE} is not set: payroll files are refused until it is "
        f"(airflow variables set {AIRFLOW_VARIABLE} '<at least 16 characters>'); the bundled demo "
        "runs without it",
    )


def _alert_connection(alerts_file: Path | None, alerts_webhook: str | None, alerts_email: str | None) -> SetupStep:
    import json

    from airflow.models.connection import Connection
    from airflow.utils.session import create_session

    name = alerts.ALERT_CONNECTION
    wanted = None
    if alerts_file:
        wanted = Connection(conn_id=name, conn_type="fs", extra=json.dumps({"path": str(Path(alerts_file).resolve())}))
    elif alerts_webhook:
        wanted = Connection(conn_id=name, conn_type="http", host=alerts_webhook)
    elif alerts_email:
        # the SMTP server's host, port and login are the deployment's: add them to this connection
        wanted = Connection(
            conn_id=name, conn_type="smtp", host="localhost", port=25, extra=json.dumps({"to": alerts_email})
        )
    with create_session() as session:
        existing = session.query(Connection).filter(Connection.conn_id == name).one_or_none()
        if wanted is not None:
            if existing is not None:
                session.delete(existing)
                session.flush()
            session.add(wanted)
            return SetupStep("alert connection", True, f"{name} ({wanted.conn_type}) written")
        if existing is not None:
            return SetupStep("alert connection", True, f"{name} ({existing.conn_type}) exists")
    return SetupStep(
        "alert connection",
        False,
        f"no connection {name}: a failed or late night tells nobody (--alerts-email/--alerts-webhook/"
        "--alerts-file, or see docs/airflow.md)",
    )


def standalone_environment(root: Path) -> dict[str, str]:
    """The exports of docs/airflow.md's "On one machine" steps, for a throwaway Airflow in ``root`` (its home, a
    SQLite metadata DB, the warehouse) on the checkout's DAGs and bundled demo, with telemetry off and this
    Python's commands first on PATH; the tests and the Airflow benchmark run Airflow in it. The caller's own
    Airflow and Räkenskaper settings do not leak in, but for the pseudonymisation key (`airflow-setup` reads it)."""
    repo = paths.repo_root()
    kept = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AIRFLOW", "RAKENSKAPER_")) or key == "RAKENSKAPER_PSEUDONYM_KEY"
    }
    return {
        **kept,
        "AIRFLOW_HOME": str(root / "airflow_home"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(repo / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": TIMEZONE,
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{root / 'airflow.db'}",
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "AIRFLOW__COSMOS__CACHE_DIR": str(root / "cosmos_cache"),
        "DO_NOT_TRACK": "1",
        "SCARF_NO_ANALYTICS": "true",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "GX_ANALYTICS_ENABLED": "False",
        # the DAG reads RAKENSKAPER_SOURCES (it has no default): here the bundled demo
        "RAKENSKAPER_SOURCES": str(paths.demo_sources_dir()),
        "RAKENSKAPER_WAREHOUSE": str(root / "warehouse" / "rakenskaper.duckdb"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def main_setup(
    alerts_file: Path | None = None, alerts_webhook: str | None = None, alerts_email: str | None = None
) -> int:
    """`rakenskaper airflow-setup`: print each step; exit 1 when one that the DAG cannot run without failed."""
    try:
        steps = setup(alerts_file=alerts_file, alerts_webhook=alerts_webhook, alerts_email=alerts_email)
    except Exception as failure:  # noqa: BLE001 - e.g. the metadata DB is not migrated
        print(f"FAILED: {failure}\nIs AIRFLOW_HOME set, and has `airflow db migrate` run?")
        return 1
    for step in steps:
        print(f"{'ok  ' if step.ok else 'todo'}  {step.name}: {step.detail}")
    return 0 if all(step.ok for step in steps if step.name == "dbt manifest") else 1
