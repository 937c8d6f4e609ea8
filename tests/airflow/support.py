"""Helpers for the Airflow tests: run the `airflow` command and the scripts beside this file in fresh
processes, with the environment an ops person exports before the documented steps (docs/airflow.md;
rakenskaper.airflow_support.standalone_environment).

Airflow reads its configuration once, when it is imported, so the tests never import it: that keeps the
pytest process free of Airflow and its settings."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from rakenskaper.airflow_support import standalone_environment

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
DAG_ID = "rakenskaper_nightly"
DEADLINE_DAG_ID = "rakenskaper_publish_deadline"


def run(command: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a command; on failure, fail the test with the end of its output."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    if done.returncode != 0:
        output = (done.stdout + done.stderr)[-6000:]
        pytest.fail(f"{' '.join(command)} exited {done.returncode}:\n{output}")
    return done


def run_script(script: str, *args: str, env: dict[str, str], timeout: int = 900) -> dict:
    """Run tests/airflow/<script> and return the JSON it prints on its last line, plus the end of
    its log under "log_tail" (for failure messages)."""
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )
    lines = done.stdout.strip().splitlines()
    log_tail = "\n".join((done.stdout + done.stderr).splitlines()[-120:])
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        pytest.fail(f"{script} exited {done.returncode} without a result:\n{log_tail}")
    return {**result, "log_tail": log_tail}


def prepare(root: Path) -> dict[str, str]:
    """In ``root``, the documented first steps: migrate the metadata DB, then `rakenskaper airflow-setup` (here with the
    alerts going to a file the tests read)."""
    env = standalone_environment(root)
    run([str(VENV_BIN / "airflow"), "db", "migrate"], env)
    run([str(VENV_BIN / "rakenskaper"), "airflow-setup", "--alerts-file", str(root / "alerts.jsonl")], env)
    env["RAKENSKAPER_TEST_ALERTS"] = str(root / "alerts.jsonl")
    return env


def dags_test(env: dict[str, str], dag_id: str = DAG_ID, conf: dict | None = None, timeout: int = 1800) -> dict:
    """`airflow dags test <dag_id>` as the ops person runs it; the run's state and every task's state, read
    from the metadata DB, and its whole output."""
    command = [str(VENV_BIN / "airflow"), "dags", "test", dag_id]
    if conf:
        command += ["--conf", json.dumps(conf)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    database = env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        run_id, state = db.execute(
            "select run_id, state from dag_run where dag_id = ? order by id desc limit 1", [dag_id]
        ).fetchone()
        tasks = dict(
            db.execute(
                "select task_id, state from task_instance where dag_id = ? and run_id = ?", [dag_id, run_id]
            ).fetchall()
        )
    output = done.stdout + done.stderr
    return {
        "exit": done.returncode,
        "run_id": run_id,
        "state": state,
        "tasks": tasks,
        "output": output,
        "log_tail": "\n".join(output.splitlines()[-120:]),
    }
