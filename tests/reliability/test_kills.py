"""kill -9 at every step boundary and inside the long steps: the published warehouse and its exports stay last
night's, byte for byte, or are tonight's complete release — never a mix; no child (dbt) outlives the run; the
next run succeeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

STEPS = ("extract", "prepare_build", "load", "transform", "gate", "publish")


def _kill_points() -> list[tuple[str, float]]:
    """(step, seconds after it starts): 0 = at the boundary."""
    points = [(step, 0.0) for step in STEPS] + [("extract", 0.3), ("load", 0.05), ("transform", 2.0), ("gate", 0.5)]
    if os.environ.get("RAKENSKAPER_SOAK"):
        points += [("transform", delay / 2) for delay in range(1, 14)] + [("extract", 0.2), ("load", 0.1)]
    return points


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _state(warehouse_dir: Path) -> dict:
    """What a reader opening the published names gets, and whether it is one whole release."""
    db = (warehouse_dir / "rakenskaper.duckdb").resolve()
    release = db.parent
    return {
        "release": release.name,
        "db_sha256": _sha256(db),
        "parquet_in_release": (warehouse_dir / "parquet").resolve().parent == release,
        "docs_in_release": (warehouse_dir / "docs").resolve().parent == release,
        "complete": (release / "parquet" / "manifest.json").is_file() and (release / "docs" / "index.html").is_file(),
    }


def _children_of(warehouse_dir: Path) -> list[int]:
    """Processes still working on this warehouse (dbt's child, a gate): their command line names it."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != os.getpid():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (proc / "stat").read_text().split()[2]
            except OSError:
                continue
            if str(warehouse_dir) in cmdline and state != "Z":
                found.append(int(proc.name))
    return found


def _run_until(warehouse: Path, step: str, delay: float) -> bool:
    """Start a run; kill its whole process group with SIGKILL when ``step`` has run ``delay`` seconds.
    True if the kill happened before the run ended."""
    process = subprocess.Popen(
        [sys.executable, "-m", "rakenskaper.cli", "run", "--demo", "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    killed = False
    try:
        for raw in process.stdout:
            # the log line is "<time> INFO step <name>"
            if raw.decode(errors="replace").strip().endswith(f"INFO step {step}"):
                time.sleep(delay)
                os.killpg(process.pid, signal.SIGKILL)
                killed = True
                break
    finally:
        if not killed and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    return killed


@pytest.fixture
def published_warehouse(demo_run, tmp_path):
    settings, _ = demo_run
    copy = tmp_path / "warehouse"
    shutil.copytree(settings.warehouse_dir, copy, symlinks=True, ignore=shutil.ignore_patterns("build", "*.lock"))
    return copy / "rakenskaper.duckdb"


def test_kill_9_anywhere_leaves_last_nights_release_or_tonights_whole(published_warehouse, figures):
    warehouse_dir = published_warehouse.parent
    before = _state(warehouse_dir)
    assert before["complete"] and before["parquet_in_release"]
    for step, delay in _kill_points():
        killed = _run_until(published_warehouse, step, delay)
        time.sleep(0.3)  # the kernel's PDEATHSIG reaches dbt
        after = _state(warehouse_dir)
        whole = after["parquet_in_release"] and after["docs_in_release"] and after["complete"]
        unchanged = after["release"] == before["release"] and after["db_sha256"] == before["db_sha256"]
        orphans = _children_of(warehouse_dir)
        held = killed and whole and (unchanged or after["release"] != before["release"]) and not orphans
        figures("kill -9 (step boundaries and inside steps)", held)
        assert killed, f"the run ended before {step} + {delay} s"
        assert whole, (step, delay, after)
        assert not orphans, f"processes left after a kill at {step}: {orphans}"
        before = after
    # the next night runs as if nothing happened
    done = subprocess.run(
        [sys.executable, "-m", "rakenskaper.cli", "run", "--demo", "--warehouse", str(published_warehouse)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    figures("a clean run after the kills", done.returncode == 0)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    final = _state(warehouse_dir)
    assert final["complete"] and final["parquet_in_release"] and final["release"] != before["release"]


def test_readers_during_a_build_and_publish_always_read_a_whole_warehouse(published_warehouse, figures):
    """Analysts and BI tools reading while the night runs: every read-only open of the published names works and
    shows a complete warehouse; the Parquet manifest always parses."""
    import json

    import duckdb

    warehouse_dir = published_warehouse.parent
    process = subprocess.Popen(
        [sys.executable, "-m", "rakenskaper.cli", "run", "--demo", "--warehouse", str(published_warehouse)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    reads = failures = 0
    releases = set()
    deadline = time.monotonic() + 300
    try:
        while process.poll() is None and time.monotonic() < deadline:
            try:
                con = duckdb.connect(str(published_warehouse), read_only=True)
                try:
                    (rows,) = con.execute("select count(*) from marts.rpt_income_statement").fetchone()
                    (path,) = con.execute(
                        "select path from duckdb_databases() where database_name = current_database()"
                    ).fetchone()
                finally:
                    con.close()
                manifest = json.loads((warehouse_dir / "parquet" / "manifest.json").read_text(encoding="utf-8"))
                ok = rows > 0 and "marts.rpt_income_statement" in manifest["tables"]
                releases.add(Path(path).parent.name)
            except Exception:  # noqa: BLE001 - any failed read counts
                ok = False
            reads += 1
            failures += not ok
            figures("reads during a build and publish", ok)
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    assert process.returncode == 0
    assert reads >= 20 and failures == 0
    assert len(releases) >= 1
    # after the night, a new connection reads tonight's release
    con = duckdb.connect(str(published_warehouse), read_only=True)
    try:
        (path,) = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    finally:
        con.close()
    assert Path(path).parent == published_warehouse.resolve().parent
