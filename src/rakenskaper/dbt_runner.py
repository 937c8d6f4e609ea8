"""Run the dbt project (dbt-duckdb) against one DuckDB file.

dbt runs in a child process: dbt-duckdb keeps its connection to the database open for the life of the
process that ran it, and DuckDB refuses a second, read-only connection to the same file from that
process, which the quality gate needs right after. A child process also keeps dbt's global logging and
flags out of the caller (the CLI, or an Airflow task).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from rakenskaper import paths
from rakenskaper.errors import ChecksFailed
from rakenskaper.run_lock import die_with_parent

BUILD_DB_ENV = "RAKENSKAPER_BUILD_DB"
log = logging.getLogger(__name__)


class DbtFailed(ChecksFailed, RuntimeError):
    """dbt could not build the warehouse, or one of its tests failed."""

    def __init__(self, command: str, failures: list[str]):
        self.failures = failures
        lines = "\n".join(f"  - {failure}" for failure in failures) or "  (no node reported; see dbt's output above)"
        super().__init__(f"dbt {command} failed:\n{lines}")


@dataclass
class DbtResult:
    command: str
    success: bool
    node_statuses: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    output: str = ""


def dbt_executable() -> str:
    """The dbt next to this Python (the project's venv), else the one on PATH (the Airflow image)."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else shutil.which("dbt") or "dbt"


def dbt_environment(build_db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[BUILD_DB_ENV] = str(build_db)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"  # there is no internet, and no need
    env.setdefault("DBT_USE_COLORS", "False")
    return env


FAILURES_SCHEMA = "test_failures"  # where dbt stores failing tests' rows (dbt_project.yml: store_failures)


def _failing_rows(build_db: Path, relation: str | None, limit: int = 10) -> list[str]:
    """The first rows a failing test found (e.g. the unmapped accounts), as ``column=value`` lines."""
    if not relation:
        return []
    try:
        con = duckdb.connect(str(build_db), read_only=True)
    except duckdb.Error:
        return []
    try:
        cursor = con.execute(f"select * from {relation} limit {int(limit)}")
        columns = [description[0] for description in cursor.description]
        return [", ".join(f"{c}={v}" for c, v in zip(columns, row)) for row in cursor.fetchall()]
    except duckdb.Error:
        return []
    finally:
        con.close()


def _failures_from_run_results(target_dir: Path, build_db: Path) -> tuple[dict[str, str], list[str]]:
    run_results = target_dir / "run_results.json"
    if not run_results.exists():
        return {}, []
    statuses: dict[str, str] = {}
    failures: list[str] = []
    for node in json.loads(run_results.read_text(encoding="utf-8")).get("results", []):
        status = str(node.get("status", ""))
        statuses[node.get("unique_id", "?")] = status
        if status in {"error", "fail", "runtime error"}:
            message = (node.get("message") or "").strip()
            rows = _failing_rows(build_db, node.get("relation_name")) if status == "fail" else []
            found = "".join(f"\n      {row}" for row in rows)
            failures.append(f"{node.get('unique_id')}: {status}: {message}{found}")
    return statuses, failures


def drop_stored_failures(build_db: Path) -> None:
    """A build that passed keeps no empty failure tables."""
    con = duckdb.connect(str(build_db))
    try:
        con.execute(f"drop schema if exists {FAILURES_SCHEMA} cascade")
    finally:
        con.close()


def _arguments(command: list[str], project_dir: Path, target_dir: Path) -> list[str]:
    # target/ and logs/ go where the caller says (the build folder), so a read-only project works too
    return [
        *command,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(target_dir),
        "--log-path",
        str(target_dir / "logs"),
    ]


def run_dbt(
    command: list[str],
    build_db: Path,
    project_dir: Path | None = None,
    target_dir: Path | None = None,
    *,
    then: list[list[str]] = (),
) -> DbtResult:
    """Run one dbt command (e.g. ``["build"]``) against ``build_db``; never raises for test failures.
    ``then``: more commands for the same child process after a success (rakenskaper.dbt_child; saves dbt's
    start-up); the result reports the first command's nodes."""
    project_dir = project_dir or paths.dbt_project_dir()
    target_dir = target_dir or project_dir / "target"
    if then:
        commands = [_arguments(c, project_dir, target_dir) for c in (command, *then)]
        args = [sys.executable, "-m", "rakenskaper.dbt_child", json.dumps(commands)]
    else:
        args = [dbt_executable(), *_arguments(command, project_dir, target_dir)]
    (target_dir / "run_results.json").unlink(missing_ok=True)  # never report a previous run's results
    # its own process group, and killed with this process: a killed run leaves no dbt writing the build
    with subprocess.Popen(
        args,
        cwd=project_dir,
        env=dbt_environment(build_db),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=die_with_parent,
    ) as child:
        output = _follow(child.stdout, " ".join(command))
        returncode = child.wait()
    statuses, failures = _failures_from_run_results(target_dir, build_db)
    success = returncode == 0
    if not success and not failures:
        failures = [line for line in output.splitlines() if "rror" in line][-10:]
    return DbtResult(" ".join(command), success, statuses, failures, output)


# dbt's "12 of 187 OK created sql table model marts.rpt_balance_sheet ... [OK in 0.21s]"
_NODE_DONE = re.compile(r"\b(\d+) of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
PROGRESS_EVERY_SECONDS = 5.0  # a line now and then, not one per node: the night's log stays readable


def _follow(stream, command: str) -> str:
    """dbt's output as it comes: every line at DEBUG (`rakenskaper -v`), and at INFO a progress line every few
    seconds ("dbt build: 94 of 187 nodes done, 6.1 s"), so a long build is never silent."""
    lines: list[str] = []
    started = last = time.monotonic()
    for line in stream:
        lines.append(line)
        log.debug("dbt: %s", line.rstrip())
        done = _NODE_DONE.search(line)
        now = time.monotonic()
        if done and (now - last >= PROGRESS_EVERY_SECONDS or done.group(1) == done.group(2)):
            log.info(
                "dbt %s: %s of %s nodes done, %.1f s", command.split()[0], done.group(1), done.group(2), now - started
            )
            last = now
    return "".join(lines)


DOCS_COMMAND = ["docs", "generate", "--static", "--no-compile"]
# The nightly build leaves out dbt's unit tests: they check the rules (the layout renderer, the members of a
# subtotal) on fixed rows, not tonight's data, so they run in the test suite (tests/dbt_project/test_dbt_unit_tests.py).
BUILD_COMMAND = ["build", "--exclude-resource-type", "unit_test"]
UNIT_TEST_COMMAND = ["test", "--select", "test_type:unit"]
# Is the ledger export fresh (models/staging/sie/_sie__sources.yml: warn after 2 days without a new export, error
# after 7)? Writes <target>/sources.json; exits non-zero only on an error. docs/analysts.md explains the rule.
FRESHNESS_COMMAND = ["source", "freshness"]


def vars_arguments(dbt_vars: dict[str, str] | None) -> list[str]:
    """``--vars`` for a run's choices (e.g. closed_through), or nothing."""
    return ["--vars", json.dumps(dbt_vars, sort_keys=True)] if dbt_vars else []


def build(
    build_db: Path,
    project_dir: Path | None = None,
    target_dir: Path | None = None,
    *,
    with_docs: bool = False,
    dbt_vars: dict[str, str] | None = None,
) -> DbtResult:
    """Seeds, models and tests in dependency order; raises DbtFailed naming each failed node.
    ``with_docs``: generate the dbt docs site right after, in the same process (the export then only
    copies it; see rakenskaper.exports.write_docs). ``dbt_vars``: the run's choices (Settings.dbt_vars)."""
    command = [*BUILD_COMMAND, *vars_arguments(dbt_vars)]
    docs = [*DOCS_COMMAND, *vars_arguments(dbt_vars)]
    result = run_dbt(command, build_db, project_dir, target_dir, then=[docs] if with_docs else [])
    if not result.success:
        raise DbtFailed(result.command, result.failures)
    drop_stored_failures(build_db)
    return result
