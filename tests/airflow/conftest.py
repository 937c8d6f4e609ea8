"""An Airflow installation in a temporary folder, for the DAG tests in this folder, set up exactly as
docs/airflow.md tells the ops person: a fresh AIRFLOW_HOME, `airflow db migrate`, `rakenskaper airflow-setup`.
Nothing else: no pool, no hand-run `dbt parse`. However many modules use it, it is prepared once per session."""

from __future__ import annotations

import pytest

from tests.airflow.support import prepare

_prepared: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="session")
def airflow_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a migrated, set-up Airflow whose dags folder is the repository's dags/."""
    if "env" not in _prepared:
        _prepared["env"] = prepare(tmp_path_factory.mktemp("airflow"))
    return dict(_prepared["env"])
