"""One run at a time per warehouse, and a killed run leaves no child behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rakenskaper import paths, pipeline
from rakenskaper.run_lock import LOCK_FILE, RunLocked, run_lock


def test_a_second_run_on_the_same_warehouse_does_not_start(tmp_path):
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"
    settings = pipeline.Settings.from_env(sources=paths.demo_sources_dir(), warehouse=warehouse)
    with run_lock(settings.warehouse_dir) as lock:
        assert lock.read_text().strip() == str(os.getpid())
        started = time.perf_counter()
        with pytest.raises(RunLocked, match=rf"pid {os.getpid()}.*did not start and changed nothing"):
            pipeline.run(settings)
        assert time.perf_counter() - started < 5  # refused at once, not after a build
    assert sorted(p.name for p in settings.warehouse_dir.iterdir()) == [LOCK_FILE]  # nothing was built
    # released: the next run may take it (and a process that dies releases it too: it is an flock)
    with run_lock(settings.warehouse_dir):
        pass


def test_a_killed_run_takes_its_child_with_it(tmp_path):
    """The way dbt is started (rakenskaper.dbt_runner): when the parent is killed with SIGKILL, its child goes too."""
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"""
import subprocess, time
from rakenskaper.run_lock import die_with_parent
child = subprocess.Popen(["sleep", "120"], start_new_session=True, preexec_fn=die_with_parent)
open({str(pid_file)!r}, "w").write(str(child.pid))
time.sleep(120)
""",
        ]
    )
    try:
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(pid_file.read_text())
        assert Path(f"/proc/{child}").exists()
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        parent.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's reaping is left
