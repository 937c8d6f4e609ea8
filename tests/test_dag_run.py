"""The whole nightly DAG runs with `dag.test()` on the bundled demo sources and publishes a
warehouse whose balance sheet balances at every month-end."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from conftest_airflow import DAG_ID, airflow_env, run_script  # noqa: F401 - airflow_env is a fixture

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dag_run(airflow_env: dict[str, str]) -> dict:
    started = time.monotonic()
    outcome = run_script("run_dag.py", DAG_ID, env=airflow_env, timeout=1800)
    outcome["seconds"] = round(time.monotonic() - started)
    print(f"dag.test() of {DAG_ID}: {outcome['seconds']} s")
    return outcome


@pytest.fixture(scope="module")
def published(airflow_env: dict[str, str], dag_run: dict) -> Path:
    return Path(airflow_env["RAKENSKAPER_WAREHOUSE"])


def test_every_task_succeeds(dag_run: dict) -> None:
    not_succeeded = {task: state for task, state in dag_run.get("tasks", {}).items() if state != "success"}
    failed = {task: state for task, state in not_succeeded.items() if state != "upstream_failed"}
    message = f"{failed}, {len(not_succeeded) - len(failed)} more upstream_failed\n{dag_run['log_tail']}"
    assert dag_run["state"] == "success" and not not_succeeded, message


def test_publishes_the_warehouse_and_clears_the_build(published: Path) -> None:
    assert published.is_file()
    assert not (published.parent / "build" / "rakenskaper.build.duckdb").exists()


def test_published_balance_sheet_balances_every_month_end(published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        month_ends, unbalanced = con.execute(
            "select count(*), count(*) filter (where difference is distinct from 0)"
            " from checks.chk_balance_sheet_identity"
        ).fetchone()
    assert month_ends > 0
    assert unbalanced == 0
