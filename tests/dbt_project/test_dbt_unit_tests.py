"""dbt's unit tests: the layout renderer's rules (what a subtotal, group and total sum, which rows are printed,
unknown columns) on fixed rows, without the pipeline's data. The nightly build leaves them out
(dbt_runner.BUILD_COMMAND); here they run against a copy of the demo warehouse, which only lends dbt the
column types of the models' inputs."""

from __future__ import annotations

import shutil

import yaml

from rakenskaper import dbt_runner, paths


def _declared_unit_tests() -> set[str]:
    names = set()
    for yml in paths.dbt_project_dir().glob("models/**/*.yml"):
        for test in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("unit_tests", []) or []:
            names.add(f"{test['model']}::{test['name']}")
    return names


def test_every_unit_test_runs_and_passes(demo_run, tmp_path):
    settings, _ = demo_run
    database = tmp_path / "unit.duckdb"
    shutil.copy(settings.warehouse_path, database)
    target = tmp_path / "target"
    target.mkdir()

    result = dbt_runner.run_dbt(dbt_runner.UNIT_TEST_COMMAND, database, target_dir=target)

    assert result.success, "\n".join(result.failures) or result.output[-3000:]
    ran = {
        unique_id.split(".", 2)[2].replace(".", "::", 1): status
        for unique_id, status in result.node_statuses.items()
        if unique_id.startswith("unit_test.")
    }
    declared = _declared_unit_tests()
    assert len(declared) >= 3
    assert set(ran) == declared
    assert set(ran.values()) == {"pass"}


def test_the_nightly_build_leaves_unit_tests_out():
    assert dbt_runner.BUILD_COMMAND[0] == "build"
    assert "unit_test" in dbt_runner.BUILD_COMMAND[dbt_runner.BUILD_COMMAND.index("--exclude-resource-type") + 1]
