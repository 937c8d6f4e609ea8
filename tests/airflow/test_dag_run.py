"""The nightly DAG as the ops person runs it: `airflow dags test` on a deployment prepared by the documented
steps (tests/airflow/conftest.py). A good night publishes, records itself and tells DAGs downstream what it
published; a bad night alerts and publishes nothing; the 06:00 watchdog alerts when nothing was published."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import duckdb
import pytest

from rakenskaper import paths
from tests.airflow.support import DAG_ID, DEADLINE_DAG_ID, dags_test

pytestmark = pytest.mark.slow

RERUN_MONTH = "2023-06"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def dag_run(airflow_env: dict[str, str]) -> dict:
    started = time.monotonic()
    # the demo's books are closed through August; the Param reruns June's month-end instead (it reaches dbt
    # through the producer's templated vars)
    outcome = dags_test(airflow_env, conf={"closed_through": RERUN_MONTH})
    outcome["seconds"] = round(time.monotonic() - started)
    print(f"airflow dags test {DAG_ID}: {outcome['seconds']} s")
    return outcome


@pytest.fixture(scope="module")
def published(airflow_env: dict[str, str], dag_run: dict) -> Path:
    return Path(airflow_env["RAKENSKAPER_WAREHOUSE"])


def test_every_task_succeeds(dag_run: dict) -> None:
    not_succeeded = {task: state for task, state in dag_run["tasks"].items() if state != "success"}
    failed = {task: state for task, state in not_succeeded.items() if state != "upstream_failed"}
    message = f"{failed}, {len(not_succeeded) - len(failed)} more upstream_failed\n{dag_run['log_tail']}"
    assert dag_run["exit"] == 0 and dag_run["state"] == "success" and not not_succeeded, message


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


def test_the_run_is_in_the_publish_log(published: Path, dag_run: dict) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        trigger, checks_passed, closed = con.execute(
            "select trigger, checks_passed, closed_through from meta.publish_log where run_id = ?", [dag_run["run_id"]]
        ).fetchone()
    assert trigger == "airflow"
    assert checks_passed > 0
    assert f"{closed:%Y-%m}" == RERUN_MONTH


def test_the_param_reran_the_chosen_month_end(published: Path) -> None:
    with duckdb.connect(str(published), read_only=True) as con:
        last_period = con.execute("select max(report_period) from marts.rpt_balance_sheet").fetchone()[0]
        statuses = dict(
            con.execute(
                "select strftime(report_period, '%Y-%m'), status from marts.dim_report_periods "
                "where report_period >= '2023-06-01'"
            ).fetchall()
        )
    assert f"{last_period:%Y-%m}" == RERUN_MONTH
    assert statuses == {"2023-06": "closed", "2023-07": "preliminary", "2023-08": "preliminary"}


def test_the_asset_event_carries_period_sources_and_gate(airflow_env: dict[str, str], dag_run: dict) -> None:
    database = airflow_env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        (extra,) = db.execute("select extra from asset_event order by id desc limit 1").fetchone()
    extra = json.loads(extra)
    assert extra["report_period"] == "2023-06-30"
    ledgers = [source for source in extra["sources"] if source["kind"] == "ledger"]
    assert {source["file"] for source in ledgers} == {p.name for p in (paths.demo_sources_dir() / "ledger").iterdir()}
    assert all(len(source["sha256"]) == 64 and source["generated_on"] for source in ledgers)
    assert extra["gate"]["checks_passed"] == len(extra["gate"]["checks"]) - len(extra["gate"]["warnings"]) > 0


def test_task_logs_have_no_colour_codes(dag_run: dict) -> None:
    assert "dbt_producer_watcher" in dag_run["output"]
    found = ANSI_ESCAPE.findall(dag_run["output"])
    assert not found, f"{len(found)} ANSI escape codes in the run's log, e.g. {found[:3]}"


def test_the_watchdog_is_quiet_after_a_published_night(airflow_env: dict[str, str], dag_run: dict) -> None:
    watchdog = dags_test(airflow_env, DEADLINE_DAG_ID)
    assert watchdog["state"] == "success", watchdog["log_tail"]


def _alerts(env: dict[str, str]) -> list[dict]:
    path = Path(env["RAKENSKAPER_TEST_ALERTS"])
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_a_bad_night_alerts_and_publishes_nothing(
    airflow_env: dict[str, str], tmp_path: Path, unbalanced_demo_sources: Path
) -> None:
    env = {
        **airflow_env,
        "RAKENSKAPER_SOURCES": str(unbalanced_demo_sources),
        "RAKENSKAPER_WAREHOUSE": str(tmp_path / "warehouse" / "rakenskaper.duckdb"),
    }
    before = len(_alerts(env))

    outcome = dags_test(env)

    assert outcome["state"] == "failed"
    assert outcome["tasks"]["extract_ledger"] == "failed"
    assert not Path(env["RAKENSKAPER_WAREHOUSE"]).exists()
    new = _alerts(env)[before:]
    assert [(alert["kind"], alert["failed_tasks"]) for alert in new] == [("failed", ["extract_ledger"])], new
    assert "balance" in new[0]["reason"] and "brsk_2023.se" in new[0]["reason"]

    # and at 06:00 the watchdog finds nothing published: a second alert, and its task fails
    watchdog = dags_test(env, DEADLINE_DAG_ID)
    assert watchdog["state"] == "failed"
    assert [alert["kind"] for alert in _alerts(env)[before:]] == ["failed", "late"]
