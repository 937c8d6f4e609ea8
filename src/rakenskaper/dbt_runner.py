"""Run the dbt project (dbt-duckdb) against one DuckDB file, in-process through dbtRunner."""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rakenskaper import paths

BUILD_DB_ENV = "RAKENSKAPER_BUILD_DB"


class DbtFailed(RuntimeError):
    """dbt could not build the warehouse, or one of its tests failed."""

    def __init__(self, command: str, failures: list[str]):
        self.failures = failures
        lines = "\n".join(f"  - {failure}" for failure in failures) or "  (no node reported; see dbt's log)"
        super().__init__(f"dbt {command} failed:\n{lines}")


@dataclass
class DbtResult:
    command: str
    success: bool
    node_statuses: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@contextmanager
def _environment(build_db: Path):
    saved = {key: os.environ.get(key) for key in (BUILD_DB_ENV, "DBT_SEND_ANONYMOUS_USAGE_STATS")}
    os.environ[BUILD_DB_ENV] = str(build_db)
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "False"  # there is no internet, and no need
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_dbt(command: list[str], build_db: Path, project_dir: Path | None = None) -> DbtResult:
    """Invoke one dbt command (e.g. ``["build"]``) against ``build_db``; never raises for test failures."""
    from dbt.cli.main import dbtRunner  # imported late: dbt is heavy

    project_dir = project_dir or paths.dbt_project_dir()
    args = [*command, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    with _environment(build_db):
        outcome = dbtRunner().invoke(args)
    result = DbtResult(command=" ".join(command), success=bool(outcome.success))
    run_results = getattr(outcome.result, "results", None) or []
    for node_result in run_results:
        node = getattr(node_result, "node", None)
        name = getattr(node, "unique_id", None) or str(node)
        status = str(getattr(node_result, "status", ""))
        result.node_statuses[name] = status
        if status.lower() in {"error", "fail", "runtime error"}:
            message = getattr(node_result, "message", "") or ""
            result.failures.append(f"{name}: {status} {message}".strip())
    if not result.success and not result.failures and outcome.exception is not None:
        result.failures.append(f"{type(outcome.exception).__name__}: {outcome.exception}")
    return result


def build(build_db: Path, project_dir: Path | None = None) -> DbtResult:
    """Seeds, models and tests in dependency order; raises DbtFailed naming each failed node."""
    result = run_dbt(["build"], build_db, project_dir)
    if not result.success:
        raise DbtFailed(result.command, result.failures)
    return result
