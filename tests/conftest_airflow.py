"""An Airflow installation in a temporary folder, for the DAG tests.

Airflow reads its configuration once, when it is imported, so the tests never import it: they run
the scripts in tests/airflow/ in fresh interpreters with the environment built here. That keeps the
pytest process free of Airflow and its settings.

Import the fixture into a test module with ``from conftest_airflow import airflow_env``. However
many modules use it, the installation is prepared once per session.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = Path(__file__).resolve().parent / "airflow"
VENV_BIN = Path(sys.executable).parent
DAG_ID = "rakenskaper_nightly"
POOL = "duckdb_writer"

_prepared: dict[str, dict[str, str]] = {}


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
        env=env, capture_output=True, text=True, timeout=timeout, cwd=REPO,
    )
    lines = done.stdout.strip().splitlines()
    log_tail = "\n".join((done.stdout + done.stderr).splitlines()[-120:])
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        pytest.fail(f"{script} exited {done.returncode} without a result:\n{log_tail}")
    return {**result, "log_tail": log_tail}


def _environment(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW")}
    # The DAG test runs on the bundled demo sources; a developer's own setting must not leak in.
    env.pop("RAKENSKAPER_SOURCES", None)
    env.update(
        {
            "AIRFLOW_HOME": str(root / "airflow_home"),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{root / 'airflow.db'}",
            "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Stockholm",
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            "AIRFLOW__COSMOS__CACHE_DIR": str(root / "cosmos_cache"),
            "DO_NOT_TRACK": "1",
            "SCARF_NO_ANALYTICS": "true",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            "GX_ANALYTICS_ENABLED": "False",
            "RAKENSKAPER_WAREHOUSE": str(root / "warehouse" / "rakenskaper.duckdb"),
            "RAKENSKAPER_DBT_MANIFEST": str(root / "dbt_target" / "manifest.json"),
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        }
    )
    return env


def prepare(root: Path) -> dict[str, str]:
    """Migrate a SQLite metadata DB, create the writer pool and write dbt's manifest (in parallel)."""
    env = _environment(root)
    build_db = Path(env["RAKENSKAPER_WAREHOUSE"]).parent / "build" / "rakenskaper.build.duckdb"
    dbt_project = REPO / "dbt_project"
    dbt_parse = subprocess.Popen(
        [str(VENV_BIN / "dbt"), "parse", "--quiet", "--project-dir", str(dbt_project),
         "--profiles-dir", str(dbt_project), "--target-path", str(root / "dbt_target")],
        env={**env, "RAKENSKAPER_BUILD_DB": str(build_db)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO,
    )
    run([str(VENV_BIN / "airflow"), "db", "migrate"], env)
    run([str(VENV_BIN / "airflow"), "pools", "set", POOL, "1", "DuckDB allows one writing process per file"], env)
    output, _ = dbt_parse.communicate(timeout=600)
    if dbt_parse.returncode != 0:
        pytest.fail(f"dbt parse exited {dbt_parse.returncode}:\n{output[-6000:]}")
    return env


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a migrated Airflow whose dags folder is the repository's dags/."""
    if "env" not in _prepared:
        _prepared["env"] = prepare(tmp_path_factory.mktemp("airflow"))
    return dict(_prepared["env"])
