"""Benchmark: a night on Airflow against the same night from the command line, on the bundled demo.

    python benchmarks/bench_airflow.py [--work DIR] [--repeat 2]

In a fresh AIRFLOW_HOME (SQLite), set up as docs/airflow.md says (``airflow db migrate``, ``rakenskaper
airflow-setup``), this times, in the same run and on the same machine:

* ``rakenskaper run``                      into a fresh warehouse folder, then again (the nightly case);
* ``airflow dags test rakenskaper_nightly`` into another fresh warehouse folder, then again;

and prints each wall time, the ratio DAG / CLI, and where the DAG's time went (the ten longest tasks, the
sum over the model nodes, and what is left: Airflow's own start-up and its work between tasks). numba's cache
is warmed first and shared, so neither side pays for compiling the SIE reader.

``airflow dags test`` runs every task in its one process, one after another: it shows Airflow's own cost per
task. Under the scheduler the model nodes run in parallel, each in a process of its own.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rakenskaper import paths
from rakenskaper.airflow_support import standalone_environment

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def environment(root: Path) -> dict[str, str]:
    """The documented one-machine Airflow in ``root``, with numba's cache shared by both sides."""
    return {**standalone_environment(root), "NUMBA_CACHE_DIR": str(root / "numba_cache")}


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{(done.stdout + done.stderr)[-4000:]}")
    return seconds


def task_times(database: Path) -> list[tuple[str, float]]:
    with sqlite3.connect(database) as db:
        run_id = db.execute(
            "select run_id from dag_run where dag_id = 'rakenskaper_nightly' order by id desc limit 1"
        ).fetchone()[0]
        rows = db.execute(
            "select task_id, (julianday(end_date) - julianday(start_date)) * 86400 from task_instance "
            "where dag_id = 'rakenskaper_nightly' and run_id = ? and end_date is not null",
            [run_id],
        ).fetchall()
    return sorted(((task, seconds or 0.0) for task, seconds in rows), key=lambda row: -row[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each, the first into a fresh warehouse")
    args = parser.parse_args()
    root = args.work or Path(tempfile.mkdtemp(prefix="bench-airflow-"))
    root.mkdir(parents=True, exist_ok=True)
    env = environment(root)
    cli_env = {**env, "RAKENSKAPER_WAREHOUSE": str(root / "cli" / "rakenskaper.duckdb")}
    dag_env = {**env, "RAKENSKAPER_WAREHOUSE": str(root / "dag" / "rakenskaper.duckdb")}

    print(f"work folder {root}; load average {os.getloadavg()[0]:.2f}")
    ledger = sorted((paths.demo_sources_dir() / "ledger").glob("*.se"))[0]
    timed([str(BIN / "rakenskaper"), "check-sie", str(ledger)], env)  # numba compiles once, into the shared cache
    print(
        f"setup: airflow db migrate {timed([str(BIN / 'airflow'), 'db', 'migrate'], dag_env):.1f} s, "
        f"rakenskaper airflow-setup {timed([str(BIN / 'rakenskaper'), 'airflow-setup'], dag_env):.1f} s"
    )

    rows = []
    for attempt in range(args.repeat):
        label = "first (fresh warehouse)" if attempt == 0 else "again (same sources)"
        cli = timed([str(BIN / "rakenskaper"), "run"], cli_env)
        dag = timed([str(BIN / "airflow"), "dags", "test", "rakenskaper_nightly"], dag_env)
        rows.append((label, cli, dag))
        tasks = task_times(root / "airflow.db")

    print(f"\n{'run':<26}{'rakenskaper run':>17}{'airflow dags test':>19}{'DAG / CLI':>11}")
    for label, cli, dag in rows:
        print(f"{label:<26}{cli:>15.1f} s{dag:>17.1f} s{dag / cli:>10.1f}×")

    nodes = [(t, s) for t, s in tasks if t.startswith("transform.") and "producer" not in t]
    print(
        f"\nthe last DAG run's tasks: {len(tasks)}; the {len(nodes)} model nodes took {sum(s for _, s in nodes):.1f} s "
        f"together; every task {sum(s for _, s in tasks):.1f} s; the rest of the wall time is Airflow's "
        f"start-up and its work between tasks ({rows[-1][2] - sum(s for _, s in tasks):.1f} s)"
    )
    for task, seconds in tasks[:10]:
        print(f"  {task:<44}{seconds:>7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
