"""Parse the dags folder with Airflow's DagBag and print what it found as JSON on the last line.

Start it in a fresh interpreter whose environment already points Airflow at its home and dags folder.
"""

from __future__ import annotations

import json
import sys


def _name(callback) -> str | None:
    callbacks = callback if isinstance(callback, list) else [callback] if callback else []
    return ",".join(f"{c.__module__}.{c.__qualname__}" for c in callbacks) or None


def describe(dag) -> dict:
    timetable = dag.timetable
    return {
        "timetable": type(timetable).__name__,
        "cron": getattr(timetable, "expression", None),
        "timetable_timezone": str(getattr(timetable, "timezone", "")),
        "timezone": str(dag.timezone),
        "start_date": dag.start_date.isoformat() if dag.start_date else None,
        # Airflow keeps dates in UTC; the DAG's own timezone comes from its start_date.
        "start_date_local": dag.start_date.astimezone(dag.timezone).isoformat() if dag.start_date else None,
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "doc_md": dag.doc_md or "",
        "on_failure_callback": _name(dag.on_failure_callback),
        "params": {name: dag.params.get_param(name).dump() for name in dag.params},
        "tasks": {
            task.task_id: {
                "pool": task.pool,
                "retries": task.retries,
                "retry_delay_seconds": task.retry_delay.total_seconds() if task.retry_delay else 0,
                "upstream": sorted(task.upstream_task_ids),
                "downstream": sorted(task.downstream_task_ids),
                "outlets": [getattr(outlet, "name", str(outlet)) for outlet in task.outlets],
                "outlet_uris": [getattr(outlet, "uri", "") for outlet in task.outlets],
                "doc_md": task.doc_md or "",
                "operator": type(task).__name__,
                "on_failure_callback": _name(task.on_failure_callback),
                "dbt_cmd_flags": list(getattr(task, "dbt_cmd_flags", None) or []),
            }
            for task in dag.tasks
        },
    }


def main() -> int:
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag()
    print(
        json.dumps(
            {
                "import_errors": {str(path): str(error) for path, error in bag.import_errors.items()},
                "dags": {dag_id: describe(dag) for dag_id, dag in bag.dags.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
