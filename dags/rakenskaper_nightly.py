"""
### Räkenskaper – nightly ledger to published warehouse

Every night at 02:00 Swedish time this DAG turns the SIE4 ledger exports and the other source
files (payroll, internal bank, forecasts, contracts) into the published reporting warehouse:

`extract_*` (one task per source folder, in parallel) → `prepare_build` → `load` → `transform`
(one `dbt build`, its models shown one node each, via Cosmos' watcher mode) → `gate` → `publish`.

Nothing reaches readers unless every step succeeds: all work happens in a *build* copy of the
DuckDB file, and `publish` swaps it in atomically. A rejected source file is quarantined in
`<warehouse dir>/quarantine/` together with the reason. A failed task, a run that times out and a
warehouse not published by 06:00 send an alert through the Airflow connection `rakenskaper_alerts`.

**Params** (Trigger DAG w/ config): `closed_through` reruns a chosen month-end (`YYYY-MM`);
`rebuild` builds from the sources alone; `dry_run` does everything but publish.

The steps live in `rakenskaper.pipeline`; this file only wires them together. The tasks that
open the DuckDB build file follow one another in a single chain (DuckDB allows one writing
process per file), so they never run at the same time and need no pool.
"""

from __future__ import annotations

import inspect
import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import (
    Asset,
    CronTriggerTimetable,
    Param,
    chain,
    dag,
    get_current_context,
    task,
)
from airflow.sdk.exceptions import AirflowFailException, AirflowSkipException
from cosmos import (
    DbtTaskGroup,
    ExecutionConfig,
    ExecutionMode,
    InvocationMode,
    LoadMode,
    ProfileConfig,
    ProjectConfig,
    RenderConfig,
    TestBehavior,
)

from rakenskaper import airflow_support, dbt_manifest, dbt_runner
from rakenskaper.errors import ChecksFailed, InputRejected
from rakenskaper.pipeline import SOURCE_EXTRACTS, Settings

TIMEZONE = airflow_support.TIMEZONE

# Read at parse time only to place the dbt project and the DuckDB files; the tasks read the
# environment again when they run. The sources are RAKENSKAPER_SOURCES (docker-compose.yml sets it; there is no
# default, the bundled demo included: without it the DAG does not import, and its import error says why).
SETTINGS = Settings.from_env()
DBT_PROJECT_DIR = Path(SETTINGS.dbt_project_dir)

# Every task's process: numba's compiled SIE scanner is cached here instead of compiled again in
# each extract task (the package's own folder may not be writable by the service account).
os.environ.setdefault("NUMBA_CACHE_DIR", str(SETTINGS.warehouse_dir / ".cache" / "numba"))
# Task logs are read in the UI and in files: no colour codes from dbt or anything else.
os.environ.setdefault("NO_COLOR", "1")
os.environ.setdefault("DBT_USE_COLORS", "False")

# Cosmos draws one node per dbt model from dbt's manifest; it is written here on the first parse and
# again whenever the dbt project changes (rakenskaper.dbt_manifest), so a fresh deployment just works.
DBT_MANIFEST = dbt_manifest.ensure_manifest(
    dbt_manifest.manifest_path(SETTINGS.warehouse_dir), DBT_PROJECT_DIR, SETTINGS.build_path
)

PUBLISHED_MARTS = Asset(
    name="rakenskaper_published_marts",
    uri=SETTINGS.warehouse_path.as_uri(),
    group="rakenskaper",
)

PARAMS = {
    "closed_through": Param(
        None,
        type=["null", "string"],
        pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
        title="Bokslut t.o.m. (YYYY-MM)",
        description="The last closed month: report periods run through it. Empty: the entity profile's "
        "[books] closed_through, else what the books show (month-end accruals, the export date).",
    ),
    "rebuild": Param(
        False,
        type="boolean",
        title="Bygg om från källorna",
        description="Start from an empty build and read every source file again (after a late "
        "correction to a file already loaded), instead of from the published warehouse.",
    ),
    "dry_run": Param(
        False,
        type="boolean",
        title="Provkörning",
        description="Every step but publish: the published warehouse and its exports stay as they are.",
    ),
}


def _cron(at) -> str:
    return f"{at.minute} {at.hour} * * *"


def _settings() -> Settings:
    """This run's Settings: the environment, with the Params the run was triggered with."""
    return airflow_support.settings_from_params(get_current_context()["params"])


def extract_task(step: str, sources: str):
    """A task that snapshots and validates one source folder into this run's landing folder."""

    @task(
        task_id=step,
        retries=3,
        retry_delay=timedelta(minutes=5),
        doc_md=(
            f"{sources}\n\nSnapshot and validate into this run's landing folder. "
            "Retried for transient trouble with the file share. A file that breaks a rule is quarantined "
            "with its reasons and fails the run at once, without retries: the same file would fail again."
        ),
    )
    def extract_source() -> dict:
        import dataclasses

        from airflow.sdk import Variable

        from rakenskaper import pipeline
        from rakenskaper.subledgers.pseudonym import AIRFLOW_VARIABLE

        # the payroll pseudonymisation key from its Airflow Variable (else RAKENSKAPER_PSEUDONYM_KEY, or the
        # demo key for the bundled demo)
        settings = dataclasses.replace(_settings(), pseudonym_key=Variable.get(AIRFLOW_VARIABLE, default=None))
        try:
            return pipeline.extract_step(step)(settings)
        except InputRejected as rejected:  # quarantined with its reasons: the same file would fail again
            raise AirflowFailException(str(rejected)) from rejected

    return extract_source()


@task
def prepare_build() -> str:
    """Copy the published warehouse to the build file (or start an empty one: the first run, or the
    `rebuild` Param); all work happens there."""
    from rakenskaper.pipeline import prepare_build

    return prepare_build(_settings())


@task
def load() -> dict:
    """Load the validated source files into `raw.*` of the build file, with lineage on every row."""
    from rakenskaper.pipeline import load

    try:
        return load(_settings())
    except InputRejected as rejected:  # e.g. a member code the ledger does not have: fails again on retry
        raise AirflowFailException(str(rejected)) from rejected


@task
def gate() -> dict:
    """
    Quality gate: Great Expectations suites over the `checks.chk_*` models of the build file
    (dbt's own tests already ran with each model). Meanwhile tonight's exports (Parquet marts, the
    dbt docs site) are written from the build into a release folder that `publish` makes current.

    Fails the run (without retries) when the ledger does not balance; nothing is then published.
    """
    from rakenskaper.dbt_runner import drop_stored_failures
    from rakenskaper.pipeline import gate_and_export

    settings = _settings()
    drop_stored_failures(settings.build_path)  # dbt passed (else this task would not run): no empty failure tables
    try:
        outcome, prepared = gate_and_export(settings)
    except ChecksFailed as failed:
        raise AirflowFailException(str(failed)) from failed
    return {**outcome, "release": str(prepared.release)}


@task(outlets=[PUBLISHED_MARTS])
def publish(gate_outcome: dict) -> str:
    """Atomically replace the published warehouse with the checked build file and make tonight's exports
    current; readers open it read-only. With the `dry_run` Param the run ends here, skipped, and nothing
    is published."""
    from rakenskaper import exports
    from rakenskaper.pipeline import PublishRecord, publish

    settings = _settings()
    context = get_current_context()
    prepared = exports.reopen(settings, gate_outcome["release"])
    if settings.dry_run:
        exports.discard(prepared)
        raise AirflowSkipException("dry run: the build passed every step; nothing was published")
    record = PublishRecord(
        run_id=context["run_id"], trigger="airflow", started_at=context["dag_run"].start_date, gate=gate_outcome
    )
    published = publish(settings, prepared, record=record)
    # DAGs scheduled on the Asset learn what was published without opening the warehouse
    context["outlet_events"][PUBLISHED_MARTS].extra = airflow_support.asset_extra(
        settings.warehouse_path, context["run_id"]
    )
    return published


def dbt_transform() -> DbtTaskGroup:
    """The dbt project built by one `dbt build` (the producer task), each seed and model shown as a node
    of its own that turns green when dbt has built and tested it (Cosmos' watcher mode)."""
    return DbtTaskGroup(
        group_id="transform",
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT_DIR,
            manifest_path=DBT_MANIFEST,
            env_vars={"RAKENSKAPER_BUILD_DB": str(SETTINGS.build_path), "DBT_USE_COLORS": "False"},
            install_dbt_deps=False,  # the project uses no dbt packages
        ),
        profile_config=ProfileConfig(
            profile_name="rakenskaper",
            target_name="build",
            profiles_yml_filepath=Path(SETTINGS.dbt_profiles_dir) / "profiles.yml",
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            # dbt in its own process: dbt-duckdb keeps the build file open until the process that ran it
            # ends, and the gate opens the file next (in `airflow dags test` that is the same process).
            invocation_mode=InvocationMode.SUBPROCESS,
            dbt_executable_path=dbt_runner.dbt_executable(),
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            # one node per seed and model; their tests run inside the same `dbt build` (see dbt_cmd_flags)
            test_behavior=TestBehavior.NONE,
            emit_datasets=False,
        ),
        operator_args={
            # Cosmos limits the producer's `dbt build` to models, seeds and snapshots when tests are not drawn
            # as nodes; dbt takes the union of --resource-type, so the data tests run too, in the same build,
            # and a failing one fails it (and every model after it). dbt's unit tests are left to the test
            # suite, as in `rakenskaper run` (rakenskaper.dbt_runner.BUILD_COMMAND).
            "dbt_cmd_flags": ["--resource-type", "test", "--exclude-resource-type", "unit_test"],
            "vars": {"closed_through": "{{ params.closed_through or '' }}"},
            # the model nodes only read what the producer reports; they never run dbt themselves (a retry
            # would, concurrently with a rerun producer, on the one DuckDB file)
            "retries": 0,
            "deferrable": False,
            "poke_interval": 5,
        },
    )


def _producer_first(group: DbtTaskGroup) -> None:
    """The model nodes wait for the producer: they only report what its `dbt build` did, and waiting keeps
    a node from holding a worker slot (or, in `airflow dags test`, the only one) while dbt has not started."""
    producer = group.children[f"{group.group_id}.dbt_producer_watcher"]
    for root in list(group.get_roots()):
        if root is not producer:
            producer >> root


def _daily_at(at) -> dict:
    """What both DAGs' schedules share: once a day at ``at`` Swedish time, no catching up, one run at a time."""
    return {
        "schedule": CronTriggerTimetable(_cron(at), timezone=TIMEZONE),
        "start_date": pendulum.datetime(2025, 1, 1, tz=TIMEZONE),
        "catchup": False,
        "max_active_runs": 1,
    }


@dag(
    dag_id="rakenskaper_nightly",
    **_daily_at(airflow_support.NIGHTLY_AT),
    # A run still going in the morning has hung; end it (and alert), so that tonight's run can start.
    dagrun_timeout=timedelta(hours=6),
    params=PARAMS,
    default_args={"on_failure_callback": airflow_support.notify_task_failure},
    on_failure_callback=airflow_support.notify_run_failure,
    doc_md=__doc__,
    tags=["rakenskaper", "nightly"],
)
def rakenskaper_nightly() -> None:
    extracts = [extract_task(step.__name__, inspect.getdoc(step) or step.__name__) for step in SOURCE_EXTRACTS]
    transform = dbt_transform()
    _producer_first(transform)
    checked = gate()
    chain(extracts, prepare_build(), load(), transform, checked, publish(checked))


rakenskaper_nightly()


@dag(
    dag_id="rakenskaper_publish_deadline",
    **_daily_at(airflow_support.PUBLISH_BY),
    doc_md="""
### Räkenskaper – published by 06:00?

At 06:00 Stockholm time: has the warehouse been published since tonight's 02:00 start of
`rakenskaper_nightly`? If not, an alert goes out through the connection `rakenskaper_alerts` and this
task fails. It watches the published warehouse itself, so it also catches a night whose run never
started (a paused DAG, a scheduler that was down) or is still running.
""",
    tags=["rakenskaper", "monitoring"],
)
def rakenskaper_publish_deadline() -> None:
    @task(retries=0)
    def warehouse_published_tonight() -> str:
        """Fails, and alerts, when nothing was published since tonight's start."""
        context = get_current_context()
        deadline = pendulum.instance(context["logical_date"]).in_timezone(TIMEZONE)
        try:
            return airflow_support.check_published_by_deadline(deadline, "rakenskaper_nightly", context["run_id"])
        except airflow_support.LateWarehouse as late:
            raise AirflowFailException(str(late)) from late

    warehouse_published_tonight()


rakenskaper_publish_deadline()
