"""
### Räkenskaper – nightly ledger to published warehouse

Every night at 02:00 Swedish time this DAG turns the SIE4 ledger exports and the other source
files (payroll, internal bank, forecasts) into the published reporting warehouse:

`extract_*` (one task per source folder, in parallel) → `prepare_build` → `load` → `transform`
(dbt, one task per model, via Cosmos) → `gate` → `publish`.

Nothing reaches readers unless every step succeeds: all work happens in a *build* copy of the
DuckDB file, and `publish` swaps it in atomically. A rejected source file is quarantined in
`<warehouse dir>/quarantine/` together with the reason.

The steps live in `rakenskaper.pipeline`; this file only wires them together. Every task that
opens the DuckDB build file runs in the one-slot pool `duckdb_writer`, because DuckDB allows a
single writing process per file.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pendulum
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
    TestIndirectSelection,
)

from airflow.sdk import Asset, CronTriggerTimetable, chain, dag, task
from airflow.sdk.exceptions import AirflowFailException
from rakenskaper.pipeline import Settings

DUCKDB_WRITER_POOL = "duckdb_writer"
TIMEZONE = "Europe/Stockholm"

# Read at parse time only to place the dbt project and the DuckDB files; the tasks read the
# environment again when they run.
SETTINGS = Settings.from_env()

DBT_PROJECT_DIR = Path(SETTINGS.dbt_project_dir)
# Cosmos renders the dbt nodes from dbt's manifest, so parsing this file runs no dbt. `dbt parse`
# writes it when the deployment starts (docker-compose.yml, rakenskaper-dbt-parse); tests write their own.
DBT_MANIFEST = Path(os.environ.get("RAKENSKAPER_DBT_MANIFEST", DBT_PROJECT_DIR / "target" / "manifest.json"))

PUBLISHED_MARTS = Asset(
    name="rakenskaper_published_marts",
    uri=SETTINGS.warehouse_path.as_uri(),
    group="rakenskaper",
)


def _dbt_executable() -> str:
    """The dbt next to this interpreter (a venv), else the one on PATH (the Airflow image)."""
    beside_python = Path(sys.executable).with_name("dbt")
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("dbt") or "dbt"


# One extract task per source folder, all in parallel; every one must pass before the build starts.
# A new source is one line here (its step is the function of that name in rakenskaper.pipeline).
SOURCE_EXTRACTS = {
    "extract_entity": "the entity profile (`entity.toml`, `entity/*.csv`; optional), validated strictly",
    "extract_ledger": "the SIE4 ledger exports (`ledger/`), every file validated strictly",
    "extract_payroll": "the payroll files (`payroll/`), pseudonymised: personnummer and name never reach DuckDB",
    "extract_internal_bank": "the internal-bank statements (`internal_bank/`)",
    "extract_forecast": "the forecasts (`forecast/`)",
    "extract_contracts": "a scheduled provision's agreement years before the loaded books (`contracts/`)",
}


def _extract_settings() -> Settings:
    """Settings for the extract steps, with the payroll pseudonymisation key from its Airflow Variable
    (if that is not set: RAKENSKAPER_PSEUDONYM_KEY, or the demo key for the bundled demo)."""
    from airflow.sdk import Variable
    from rakenskaper.subledgers.pseudonym import AIRFLOW_VARIABLE

    return dataclasses.replace(Settings.from_env(), pseudonym_key=Variable.get(AIRFLOW_VARIABLE, default=None))


def extract_task(step: str, sources: str):
    """A task that snapshots and validates one source folder into this run's landing folder."""

    @task(
        task_id=step,
        retries=3,
        retry_delay=timedelta(minutes=5),
        doc_md=(
            f"Snapshot and validate {sources} into this run's landing folder.\n\n"
            "Retried for transient trouble with the file share. A file that breaks a rule is quarantined "
            "with its reasons and fails the run at once, without retries: the same file would fail again."
        ),
    )
    def extract_source() -> dict:
        from rakenskaper import pipeline
        from rakenskaper.entity import EntityProfileRejected
        from rakenskaper.load import SourceFileRejected
        from rakenskaper.subledgers import MissingPseudonymKey, SubledgerFileRejected

        try:
            return getattr(pipeline, step)(_extract_settings())
        except (EntityProfileRejected, SourceFileRejected, SubledgerFileRejected, MissingPseudonymKey) as rejected:
            raise AirflowFailException(str(rejected)) from rejected

    return extract_source()


@task(pool=DUCKDB_WRITER_POOL)
def prepare_build() -> str:
    """Copy the published warehouse to the build file (or start an empty one); all work happens there."""
    from rakenskaper.pipeline import prepare_build

    return prepare_build(Settings.from_env())


@task(pool=DUCKDB_WRITER_POOL)
def load() -> dict:
    """Load the validated source files into `raw.*` of the build file, with lineage on every row."""
    from rakenskaper.entity import EntityProfileRejected
    from rakenskaper.pipeline import load

    try:
        return load(Settings.from_env())
    except EntityProfileRejected as rejected:  # a member code the ledger does not have: fails again on retry
        raise AirflowFailException(str(rejected)) from rejected


@task(pool=DUCKDB_WRITER_POOL)
def gate() -> dict:
    """
    Quality gate: Great Expectations suites over the `checks.chk_*` models of the build file
    (dbt's own tests already ran with each model).

    Fails the run (without retries) when the ledger does not balance; nothing is then published.
    """
    from rakenskaper.gate import GateFailed
    from rakenskaper.pipeline import gate

    try:
        return gate(Settings.from_env())
    except GateFailed as failed:
        raise AirflowFailException(str(failed)) from failed


@task(pool=DUCKDB_WRITER_POOL, outlets=[PUBLISHED_MARTS])
def publish() -> str:
    """Atomically replace the published warehouse with the checked build file; readers open it read-only."""
    from rakenskaper.pipeline import publish

    return publish(Settings.from_env())


def dbt_transform() -> DbtTaskGroup:
    """The dbt project as one task per seed/model; each task builds its node and then tests it."""
    build_db = {"RAKENSKAPER_BUILD_DB": str(SETTINGS.build_path)}
    return DbtTaskGroup(
        group_id="transform",
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT_DIR,
            manifest_path=DBT_MANIFEST,
            env_vars=build_db,
            install_dbt_deps=False,  # the project uses no dbt packages
        ),
        profile_config=ProfileConfig(
            profile_name="rakenskaper",
            target_name="build",
            profiles_yml_filepath=Path(SETTINGS.dbt_profiles_dir) / "profiles.yml",
        ),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.LOCAL,
            # dbt in the task's own process: seconds per model instead of a new interpreter each.
            # dbt-duckdb keeps the file open until that process ends, which is the end of the task.
            invocation_mode=InvocationMode.DBT_RUNNER,
            dbt_executable_path=_dbt_executable(),
            # A test runs with a model once everything it reads is built.
            test_indirect_selection=TestIndirectSelection.BUILDABLE,
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.BUILD,
            # A test that reads several models gets its own task, after all of them; otherwise no
            # single model's `dbt build` would select it.
            should_detach_multiple_parents_tests=True,
            emit_datasets=False,
        ),
        operator_args={"pool": DUCKDB_WRITER_POOL},
    )


@dag(
    dag_id="rakenskaper_nightly",
    schedule=CronTriggerTimetable("0 2 * * *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2025, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    # A run still going in the morning has hung; end it, so that tonight's run can start.
    dagrun_timeout=timedelta(hours=6),
    doc_md=__doc__,
    tags=["rakenskaper", "nightly"],
)
def rakenskaper_nightly() -> None:
    extracts = [extract_task(step, sources) for step, sources in SOURCE_EXTRACTS.items()]
    chain(extracts, prepare_build(), load(), dbt_transform(), gate(), publish())


rakenskaper_nightly()
