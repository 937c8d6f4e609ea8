"""rakenskaper.dbt_runner without real dbt: the command line and environment it starts dbt with, how it follows
dbt's output, how it tells a failed node from a failed process, and what ``build`` raises or cleans up.
A fake ``dbt`` (a small Python script) records how it was called and plays a scenario; one real
``dbt --version`` checks that the executable found is a working dbt."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from rakenskaper import dbt_runner
from rakenskaper.dbt_runner import DbtFailed, DbtResult
from rakenskaper.errors import ChecksFailed
from tests.support import duckdb_with

FAKE_DBT = f"""#!{sys.executable}
import json, os, sys
from pathlib import Path

argv = sys.argv[1:]
Path(os.environ["FAKE_DBT_CALLS"]).open("a").write(json.dumps({{"argv": argv, "cwd": os.getcwd(), "env": {{
    k: os.environ.get(k) for k in ("RAKENSKAPER_BUILD_DB", "DBT_SEND_ANONYMOUS_USAGE_STATS", "DBT_USE_COLORS")
}}}}) + "\\n")
scenario = json.loads(os.environ.get("FAKE_DBT_SCENARIO", "{{}}"))
for line in scenario.get("output", []):
    print(line, flush=True)
results = scenario.get("results")
if results is not None and "--target-path" in argv:
    target = Path(argv[argv.index("--target-path") + 1])
    target.mkdir(parents=True, exist_ok=True)
    (target / "run_results.json").write_text(json.dumps({{"results": results}}))
sys.exit(scenario.get("exit", 0))
"""


@pytest.fixture
def fake_dbt(tmp_path, monkeypatch):
    """A fake dbt in place of the real one; returns (calls file, set_scenario)."""
    script = tmp_path / "bin" / "dbt"
    script.parent.mkdir()
    script.write_text(FAKE_DBT)
    script.chmod(0o755)
    calls = tmp_path / "calls.jsonl"
    monkeypatch.setattr(dbt_runner, "dbt_executable", lambda: str(script))
    monkeypatch.setenv("FAKE_DBT_CALLS", str(calls))

    def scenario(**kw) -> None:
        monkeypatch.setenv("FAKE_DBT_SCENARIO", json.dumps(kw))

    scenario()
    return calls, scenario, script


def recorded(calls: Path) -> list[dict]:
    return [json.loads(line) for line in calls.read_text().splitlines()]


@pytest.fixture
def dirs(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    target = tmp_path / "build" / "target"
    target.mkdir(parents=True)
    return project, target, tmp_path / "build" / "warehouse.duckdb"


# --- the command line and the environment ----------------------------------------------------------------------


def test_arguments_send_target_and_logs_where_the_caller_says(tmp_path):
    args = dbt_runner._arguments(["build", "--select", "x"], tmp_path / "p", tmp_path / "t")
    assert args == [
        "build",
        "--select",
        "x",
        "--project-dir",
        str(tmp_path / "p"),
        "--profiles-dir",
        str(tmp_path / "p"),
        "--target-path",
        str(tmp_path / "t"),
        "--log-path",
        str(tmp_path / "t" / "logs"),
    ]


def test_vars_arguments():
    assert dbt_runner.vars_arguments(None) == []
    assert dbt_runner.vars_arguments({}) == []
    assert dbt_runner.vars_arguments({"z": "1", "closed_through": "2025-03"}) == [
        "--vars",
        '{"closed_through": "2025-03", "z": "1"}',
    ]


def test_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DBT_USE_COLORS", raising=False)
    env = dbt_runner.dbt_environment(tmp_path / "b.duckdb")
    assert env[dbt_runner.BUILD_DB_ENV] == str(tmp_path / "b.duckdb")
    assert env["DBT_SEND_ANONYMOUS_USAGE_STATS"] == "False"
    assert env["DBT_USE_COLORS"] == "False"
    assert env["PATH"] == os.environ["PATH"]  # the rest of the environment is passed on
    monkeypatch.setenv("DBT_USE_COLORS", "True")
    assert dbt_runner.dbt_environment(tmp_path / "b.duckdb")["DBT_USE_COLORS"] == "True"  # a caller's choice stays


def test_dbt_executable_beside_python_else_on_path(tmp_path, monkeypatch):
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "dbt").write_text("")
    monkeypatch.setattr(sys, "executable", str(venv / "python"))
    assert dbt_runner.dbt_executable() == str(venv / "dbt")
    (venv / "dbt").unlink()
    on_path = tmp_path / "path"
    on_path.mkdir()
    (on_path / "dbt").write_text("#!/bin/sh\n")
    (on_path / "dbt").chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))
    assert dbt_runner.dbt_executable() == str(on_path / "dbt")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert dbt_runner.dbt_executable() == "dbt"


def test_run_dbt_starts_dbt_in_the_project_with_the_build_database(fake_dbt, dirs):
    calls, scenario, _ = fake_dbt
    project, target, db = dirs
    scenario(output=["Running with dbt=1.9.0", "1 of 1 OK created sql table model marts.x"], results=[])
    result = dbt_runner.run_dbt(["build", "--select", "x"], db, project, target)
    assert isinstance(result, DbtResult)
    assert result.success and result.command == "build --select x" and result.failures == []
    assert "1 of 1 OK created" in result.output
    (call,) = recorded(calls)
    assert call["argv"] == dbt_runner._arguments(["build", "--select", "x"], project, target)
    assert Path(call["cwd"]) == project
    assert call["env"] == {
        "RAKENSKAPER_BUILD_DB": str(db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DBT_USE_COLORS": os.environ.get("DBT_USE_COLORS", "False"),
    }


def test_target_defaults_to_the_project_target(fake_dbt, tmp_path):
    calls, scenario, _ = fake_dbt
    project = tmp_path / "project"
    (project / "target").mkdir(parents=True)
    dbt_runner.run_dbt(["debug"], tmp_path / "w.duckdb", project)
    (call,) = recorded(calls)
    assert call["argv"][call["argv"].index("--target-path") + 1] == str(project / "target")


def test_more_commands_run_in_one_child_process(fake_dbt, dirs, monkeypatch):
    calls, _, script = fake_dbt
    project, target, db = dirs
    # the child is `python -m rakenskaper.dbt_child '<commands>'`: the fake stands in for python
    monkeypatch.setattr(sys, "executable", str(script))
    dbt_runner.run_dbt(["build"], db, project, target, then=[["docs", "generate"]])
    (call,) = recorded(calls)
    assert call["argv"][:2] == ["-m", "rakenskaper.dbt_child"]
    assert json.loads(call["argv"][2]) == [
        dbt_runner._arguments(["build"], project, target),
        dbt_runner._arguments(["docs", "generate"], project, target),
    ]


# --- results and failures ---------------------------------------------------------------------------------


def test_a_previous_runs_results_are_never_reported(fake_dbt, dirs):
    _, scenario, _ = fake_dbt
    project, target, db = dirs
    stale = [{"unique_id": "test.old", "status": "fail", "message": "old"}]
    (target / "run_results.json").write_text(json.dumps({"results": stale}))
    scenario(exit=0)  # this run writes no run_results.json
    result = dbt_runner.run_dbt(["build"], db, project, target)
    assert result.success and result.node_statuses == {} and result.failures == []
    assert not (target / "run_results.json").exists()


def test_failed_nodes_are_named_with_the_rows_a_failing_test_found(fake_dbt, dirs):
    _, scenario, _ = fake_dbt
    project, target, db = dirs
    duckdb_with(
        db,
        "create schema test_failures",
        "create table test_failures.unmapped as select * from (values ('7999', 12.5), ('8999', 1)) t(a, b)",
    )
    results = [
        {"unique_id": "model.m.ok", "status": "success"},
        {
            "unique_id": "test.m.unmapped",
            "status": "fail",
            "message": "Got 2 results",
            "relation_name": "test_failures.unmapped",
        },
        {"unique_id": "model.m.broken", "status": "error", "message": " Binder Error: no column x "},
        {"unique_id": "test.m.warned", "status": "warn", "message": "Got 1 result"},
        {"unique_id": "model.m.skipped", "status": "skipped"},
    ]
    scenario(results=results, exit=1, output=["2 of 5 ERROR creating model"])
    result = dbt_runner.run_dbt(["build"], db, project, target)
    assert not result.success
    assert result.node_statuses == {
        "model.m.ok": "success",
        "test.m.unmapped": "fail",
        "model.m.broken": "error",
        "test.m.warned": "warn",
        "model.m.skipped": "skipped",
    }
    assert result.failures == [
        "test.m.unmapped: fail: Got 2 results\n      a=7999, b=12.5\n      a=8999, b=1.0",
        "model.m.broken: error: Binder Error: no column x",
    ]


def test_a_failed_process_without_results_reports_its_error_lines(fake_dbt, dirs):
    _, scenario, _ = fake_dbt
    project, target, db = dirs
    output = ["Running with dbt=1.9.0", *(f"Runtime Error {i}" for i in range(12)), "Encountered an error", "done"]
    scenario(output=output, exit=2)
    result = dbt_runner.run_dbt(["build"], db, project, target)
    assert not result.success and result.node_statuses == {}
    assert result.failures == [f"Runtime Error {i}" for i in range(3, 12)] + ["Encountered an error"]


def test_failing_rows_never_raise(tmp_path):
    assert dbt_runner._failing_rows(tmp_path / "none.duckdb", None) == []
    db = tmp_path / "w.duckdb"
    duckdb.connect(str(db)).close()
    assert dbt_runner._failing_rows(db, "test_failures.missing") == []
    assert dbt_runner._failing_rows(tmp_path / "missing.duckdb", "x") == []  # no such database


def test_build_raises_dbt_failed_naming_each_failure(fake_dbt, dirs):
    _, scenario, _ = fake_dbt
    project, target, db = dirs
    scenario(results=[{"unique_id": "model.m.broken", "status": "error", "message": "boom"}], exit=1)
    with pytest.raises(DbtFailed) as caught:
        dbt_runner.build(db, project, target, dbt_vars={"closed_through": "2025-03"})
    assert isinstance(caught.value, ChecksFailed)
    assert caught.value.failures == ["model.m.broken: error: boom"]
    assert str(caught.value) == (
        'dbt build --exclude-resource-type unit_test --vars {"closed_through": "2025-03"} failed:\n'
        "  - model.m.broken: error: boom"
    )


def test_dbt_failed_without_a_node():
    assert str(DbtFailed("build", [])) == "dbt build failed:\n  (no node reported; see dbt's output above)"


def test_a_passing_build_drops_the_stored_failures(fake_dbt, dirs):
    calls, scenario, _ = fake_dbt
    project, target, db = dirs
    duckdb_with(db, "create schema test_failures", "create table test_failures.t as select 1 as x")
    scenario(results=[{"unique_id": "model.m.ok", "status": "success"}])
    result = dbt_runner.build(db, project, target)
    assert result.success and result.node_statuses == {"model.m.ok": "success"}
    (call,) = recorded(calls)
    assert call["argv"][: len(dbt_runner.BUILD_COMMAND)] == dbt_runner.BUILD_COMMAND
    assert "--vars" not in call["argv"]
    con = duckdb.connect(str(db), read_only=True)
    schemas = {row[0] for row in con.execute("select schema_name from information_schema.schemata").fetchall()}
    con.close()
    assert "test_failures" not in schemas


# --- following dbt's output --------------------------------------------------------------------------------------


def test_follow_logs_progress_every_few_seconds_and_the_last_node(caplog, monkeypatch):
    clock = iter([0.0, 1.0, 2.0, 7.0, 8.0, 9.0])  # started; then one reading per line
    monkeypatch.setattr(dbt_runner.time, "monotonic", lambda: next(clock))
    text = (
        "Running with dbt=1.9.0\n"
        "1 of 4 OK created sql view model staging.a ... [OK in 0.1s]\n"
        "2 of 4 PASS not_null_a ... [PASS in 0.1s]\n"
        "3 of 4 WARN unique_b ... [WARN 1 in 0.1s]\n"
        "4 of 4 FAIL 2 accepted_values_c ... [FAIL 2 in 0.1s]\n"
    )
    with caplog.at_level(logging.DEBUG, logger="rakenskaper.dbt_runner"):
        output = dbt_runner._follow(io.StringIO(text), "build --select x")
    assert output == text
    mine = [r for r in caplog.records if r.name == "rakenskaper.dbt_runner"]
    info = [r.getMessage() for r in mine if r.levelno == logging.INFO]
    # node 2 at 7.0 s, 5 s or more after the last report (the start, 0.0): reported; node 3 at 8.0 s is not;
    # node 4 at 9.0 s is the last one
    assert info == ["dbt build: 2 of 4 nodes done, 7.0 s", "dbt build: 4 of 4 nodes done, 9.0 s"]
    debug = [r.getMessage() for r in mine if r.levelno == logging.DEBUG]
    assert debug[0] == "dbt: Running with dbt=1.9.0" and len(debug) == 5


def test_follow_ignores_lines_that_are_not_node_results(caplog, monkeypatch):
    monkeypatch.setattr(dbt_runner, "PROGRESS_EVERY_SECONDS", 0.0)
    text = "Found 3 models, 2 tests\nConcurrency: 1 threads\n12 of 187 START sql table model x\nDone. PASS=2\n"
    with caplog.at_level(logging.INFO, logger="rakenskaper.dbt_runner"):
        assert dbt_runner._follow(io.StringIO(text), "build") == text
    assert [r.getMessage() for r in caplog.records if r.name == "rakenskaper.dbt_runner"] == []


# --- the real executable, once ------------------------------------------------------------------------------------


def test_the_dbt_found_runs():
    done = subprocess.run([dbt_runner.dbt_executable(), "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "duckdb" in done.stdout.lower()
