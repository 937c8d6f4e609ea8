"""The dags folder imports cleanly through Airflow's DagBag, and the nightly DAG has the agreed shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest_airflow import DAG_ID, POOL, airflow_env, run_script  # noqa: F401 - airflow_env is a fixture

pytestmark = pytest.mark.slow

# Every task that opens the DuckDB build file (dbt's tasks are checked separately).
WRITER_TASKS = ("prepare_build", "load", "gate", "publish")


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


def test_steps_run_in_order(nightly: dict) -> None:
    tasks = nightly["tasks"]
    extracts = extract_tasks(nightly)
    for extract in extracts.values():
        assert extract["upstream"] == [] and extract["downstream"] == ["prepare_build"]
    assert tasks["prepare_build"]["upstream"] == sorted(extracts)
    assert tasks["prepare_build"]["downstream"] == ["load"]
    assert tasks["gate"]["downstream"] == ["publish"]
    assert tasks["publish"]["downstream"] == []
    dbt = dbt_tasks(nightly)
    first = {task_id for task_id, task in dbt.items() if task["upstream"] == ["load"]}
    last = {task_id for task_id, task in dbt.items() if "gate" in task["downstream"]}
    assert first and last, "the dbt task group sits between load and gate"
    assert set(tasks["load"]["downstream"]) == first
    assert set(tasks["gate"]["upstream"]) == last


def test_dbt_nodes_are_tasks(nightly: dict) -> None:
    dbt = dbt_tasks(nightly)
    assert "transform.chk_balance_sheet_identity_model_build" in dbt
    assert any(task_id.endswith("_seed_build") for task_id in dbt), "seeds are built in the DAG too"


def test_every_duckdb_writer_is_in_the_one_slot_pool(nightly: dict) -> None:
    tasks = nightly["tasks"]
    writers = {task_id: tasks[task_id]["pool"] for task_id in WRITER_TASKS}
    writers |= {task_id: task["pool"] for task_id, task in dbt_tasks(nightly).items()}
    assert set(writers.values()) == {POOL}, writers


def test_one_extract_task_per_pipeline_source(nightly: dict) -> None:
    from rakenskaper.pipeline import SOURCE_EXTRACTS

    assert set(extract_tasks(nightly)) == {step.__name__ for step in SOURCE_EXTRACTS}


def test_extracts_retry_transient_failures(nightly: dict) -> None:
    for task_id, extract in extract_tasks(nightly).items():
        assert extract["retries"] == 3, task_id
        assert extract["retry_delay_seconds"] > 0, task_id
        assert extract["pool"] != POOL, f"{task_id} writes no DuckDB file and needs no writer slot"


def test_publish_declares_the_published_marts(nightly: dict) -> None:
    publish = nightly["tasks"]["publish"]
    assert publish["outlets"] == ["rakenskaper_published_marts"]
    assert publish["outlet_uris"][0].startswith("file:///")
    assert publish["outlet_uris"][0].endswith("/rakenskaper.duckdb")


def test_docstrings_are_the_ui_docs(nightly: dict) -> None:
    assert "Räkenskaper" in nightly["doc_md"]
    for task_id in (*extract_tasks(nightly), "prepare_build", "load", "gate", "publish"):
        assert nightly["tasks"][task_id]["doc_md"].strip(), f"{task_id} has no docstring"


def test_tests_reading_several_models_get_their_own_task(nightly: dict, airflow_env: dict[str, str]) -> None:
    # Each model's task runs `dbt build` for that model only, which never selects a test that also
    # reads a model built elsewhere; such tests must run as tasks of their own, after all they read.
    manifest = json.loads(Path(airflow_env["RAKENSKAPER_DBT_MANIFEST"]).read_text(encoding="utf-8"))
    multi_parent = {
        node["name"] for node in manifest["nodes"].values()
        if node["resource_type"] == "test" and len(set(node["depends_on"]["nodes"])) > 1
    }
    test_tasks = {
        task_id.removeprefix("transform.").removesuffix("_test"): task
        for task_id, task in dbt_tasks(nightly).items() if task["operator"] == "DbtTestLocalOperator"
    }
    assert set(test_tasks) == multi_parent
    for task in test_tasks.values():
        assert len(task["upstream"]) > 1
