"""Run one DAG with `dag.test()`; print the run's state and task states as JSON on the last line.

Start it in a fresh interpreter whose environment already points Airflow at its home, metadata
DB and dags folder: Airflow reads its configuration once, when it is imported.

`dag.test()` runs every task inside this one process. In a deployment each task runs in its own
process, and the DuckDB file that dbt-duckdb opened is closed when the dbt task's process ends.
Here it would stay open in dbt-duckdb's cached environment, and the next task's own DuckDB
connection would be refused ("different configuration than existing connections"). So after
every in-process dbt invocation this runner closes that environment, as a process exit would.
It also turns retries off, so that a failing task fails the run at once.
"""

from __future__ import annotations

import functools
import json
import sys


def _close_dbt_duckdb_after_each_invocation() -> None:
    import cosmos.dbt.runner as cosmos_dbt_runner
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    run_command = cosmos_dbt_runner.run_command

    @functools.wraps(run_command)
    def run_then_close(*args, **kwargs):
        try:
            return run_command(*args, **kwargs)
        finally:
            environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
            if environment is not None:
                environment.close()

    cosmos_dbt_runner.run_command = run_then_close


def main(dag_id: str) -> int:
    from airflow.dag_processing.dagbag import DagBag

    _close_dbt_duckdb_after_each_invocation()
    bag = DagBag()
    if bag.import_errors:
        print(json.dumps({"state": "import_error", "import_errors": bag.import_errors}))
        return 1
    dag = bag.dags[dag_id]
    # A test run fails at the first failure: a retry would sit out its retry_delay (minutes).
    for task in dag.tasks:
        task.retries = 0
    run = dag.test()
    tasks = {ti.task_id: str(ti.state) for ti in run.get_task_instances()}
    print(json.dumps({"state": str(run.state), "tasks": tasks}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
