"""The dags folder imports cleanly through Airflow's DagBag, and the nightly DAG has the agreed shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rakenskaper.airflow_support import standalone_environment
from tests.airflow.support import (
    DAG_ID,
    DEADLINE_DAG_ID,
    VENV_BIN,
    run,
    run_script,
)

pytestmark = pytest.mark.slow

# Every task that opens the DuckDB build file: the steps, and the one dbt process (Cosmos' watcher producer).
PRODUCER = "transform.dbt_producer_watcher"
WRITER_TASKS = ("prepare_build", "load", PRODUCER, "gate", "publish")


@pytest.fixture(scope="module")
def dagbag(airflow_env: dict[str, str]) -> dict:
    return run_script("describe_dag.py", env=airflow_env)


@pytest.fixture(scope="module")
def nightly(dagbag: dict) -> dict:
    assert DAG_ID in dagbag["dags"], f"no DAG {DAG_ID}; import errors: {dagbag['import_errors']}"
    return dagbag["dags"][DAG_ID]


def extract_tasks(nightly: dict) -> dict:
    return {task_id: task for task_id, task in nightly["tasks"].items() if task_id.startswith("extract_")}


def dbt_tasks(nightly: dict) -> dict:
    return {task_id: task for task_id, task in nightly["tasks"].items() if task_id.startswith("transform.")}


def test_no_import_errors(dagbag: dict) -> None:
    assert dagbag["import_errors"] == {}


def test_nightly_at_two_swedish_time_one_run_at_a_time(nightly: dict) -> None:
    assert nightly["cron"] == "0 2 * * *"
    assert nightly["timetable_timezone"] == "Europe/Stockholm"
    assert nightly["timezone"] == "Europe/Stockholm"
    assert nightly["start_date_local"] == "2025-01-01T00:00:00+01:00"
    assert nightly["catchup"] is False
    assert nightly["max_active_runs"] == 1


def _ancestors(tasks: dict, task_id: str) -> set[str]:
    seen: set[str] = set()
    todo = list(tasks[task_id]["upstream"])
    while todo:
        upstream = todo.pop()
        if upstream not in seen:
            seen.add(upstream)
            todo.extend(tasks[upstream]["upstream"])
    return seen


def _flag_values(flags: list[str], name: str) -> list[str]:
    return [value for flag, value in zip(flags, flags[1:]) if flag == name]


def test_steps_run_in_order(nightly: dict) -> None:
    tasks = nightly["tasks"]
    extracts = extract_tasks(nightly)
    for extract in extracts.values():
        assert extract["upstream"] == [] and extract["downstream"] == ["prepare_build"]
    assert tasks["prepare_build"]["upstream"] == sorted(extracts)
    assert tasks["prepare_build"]["downstream"] == ["load"]
    assert tasks["load"]["downstream"] == [PRODUCER]
    assert tasks["gate"]["downstream"] == ["publish"]
    assert tasks["publish"]["downstream"] == []
    # every model's node comes after the producer, and the gate after all of them
    nodes = {task_id for task_id in dbt_tasks(nightly) if not task_id.startswith(PRODUCER)}
    assert nodes and all(PRODUCER in _ancestors(tasks, node) for node in nodes)
    assert nodes <= _ancestors(tasks, "gate")


def test_one_dbt_process_every_model_its_own_node(nightly: dict, airflow_env: dict[str, str]) -> None:
    manifest = json.loads(
        (Path(airflow_env["RAKENSKAPER_WAREHOUSE"]).parent / "dbt_manifest" / "manifest.json").read_text(
            encoding="utf-8"
        )
    )
    built = {node["name"] for node in manifest["nodes"].values() if node["resource_type"] in {"model", "seed"}}
    shown = {
        task_id.removeprefix("transform.").rsplit("_", 1)[0]
        for task_id in dbt_tasks(nightly)
        if not task_id.startswith(PRODUCER)
    }
    assert shown == built
    # only the producer runs dbt; the nodes report what it did
    runs_dbt = {task_id for task_id, task in dbt_tasks(nightly).items() if task["operator"].startswith("DbtProducer")}
    assert runs_dbt == {PRODUCER}
    # its one `dbt build` runs the data tests too (Cosmos would limit it to models and seeds)
    assert "test" in _flag_values(dbt_tasks(nightly)[PRODUCER]["dbt_cmd_flags"], "--resource-type")


def test_duckdb_writers_never_run_at_once(nightly: dict) -> None:
    # DuckDB allows one writing process per file. The writers form one chain (each after the one before), one
    # run at a time, and the model nodes never run dbt themselves (no retries: Cosmos' retry would) -- so no
    # pool is needed, and none can be missing.
    tasks = nightly["tasks"]
    assert nightly["max_active_runs"] == 1
    for before, after in zip(WRITER_TASKS, WRITER_TASKS[1:]):
        assert before in _ancestors(tasks, after), f"{after} does not wait for {before}"
    for task_id, task in dbt_tasks(nightly).items():
        assert task["retries"] == 0, task_id
    assert {task["pool"] for task in tasks.values()} == {"default_pool"}


def test_a_failed_task_or_run_sends_an_alert(nightly: dict) -> None:
    for task_id, task in nightly["tasks"].items():
        # Cosmos' producer adds its own callback beside ours
        assert "rakenskaper.airflow_support.notify_task_failure" in (task["on_failure_callback"] or "").split(","), (
            task_id
        )
    assert nightly["on_failure_callback"] == "rakenskaper.airflow_support.notify_run_failure"


def test_params_rerun_a_month_end_rebuild_and_dry_run(nightly: dict) -> None:
    params = nightly["params"]
    assert set(params) == {"closed_through", "rebuild", "dry_run"}
    assert params["closed_through"]["value"] is None
    assert params["closed_through"]["schema"]["pattern"]
    assert params["rebuild"]["value"] is False and params["dry_run"]["value"] is False


def test_a_watchdog_alerts_when_nothing_is_published_by_six(dagbag: dict) -> None:
    watchdog = dagbag["dags"][DEADLINE_DAG_ID]
    assert watchdog["cron"] == "0 6 * * *"
    assert watchdog["timetable_timezone"] == "Europe/Stockholm"
    assert list(watchdog["tasks"]) == ["warehouse_published_tonight"]


def test_the_dag_imports_on_a_fresh_deployment_with_no_manifest(tmp_path: Path) -> None:
    # only `airflow db migrate`: no setup, no dbt parse -- the DAG file writes dbt's manifest itself
    env = standalone_environment(tmp_path)
    run([str(VENV_BIN / "airflow"), "db", "migrate"], env)
    manifest = tmp_path / "warehouse" / "dbt_manifest" / "manifest.json"
    assert not manifest.exists()
    done = run([str(VENV_BIN / "airflow"), "dags", "list-import-errors", "--local", "--output", "json"], env)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert manifest.is_file()


def test_one_extract_task_per_pipeline_source(nightly: dict) -> None:
    from rakenskaper.pipeline import SOURCE_EXTRACTS

    assert set(extract_tasks(nightly)) == {step.__name__ for step in SOURCE_EXTRACTS}


def test_extracts_retry_transient_failures(nightly: dict) -> None:
    for task_id, extract in extract_tasks(nightly).items():
        assert extract["retries"] == 3, task_id
        assert extract["retry_delay_seconds"] > 0, task_id


def test_publish_declares_the_published_marts(nightly: dict) -> None:
    publish = nightly["tasks"]["publish"]
    assert publish["outlets"] == ["rakenskaper_published_marts"]
    assert publish["outlet_uris"][0].startswith("file:///")
    assert publish["outlet_uris"][0].endswith("/rakenskaper.duckdb")


def test_docstrings_are_the_ui_docs(nightly: dict) -> None:
    assert "Räkenskaper" in nightly["doc_md"]
    for task_id in (*extract_tasks(nightly), "prepare_build", "load", "gate", "publish"):
        assert nightly["tasks"][task_id]["doc_md"].strip(), f"{task_id} has no docstring"
