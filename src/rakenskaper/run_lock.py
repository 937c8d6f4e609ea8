"""One run at a time per warehouse, and no child outliving its run.

``run_lock(warehouse_dir)``: an exclusive ``flock`` on ``<warehouse dir>/.rakenskaper.lock`` for the whole run.
A second run on the same warehouse does not start (``RunLocked``, naming the holder's pid) instead of sharing
the build folder. The kernel drops the lock when the holding process ends, however it ends (kill -9 too),
so a crashed run never blocks the next night.

``die_with_parent``: for ``subprocess`` (``preexec_fn``): the child (dbt) is killed when the process that
started it dies, so a killed run leaves no ``dbt build`` writing into the build folder (Linux; elsewhere a
no-op).
"""

from __future__ import annotations

import fcntl
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".rakenskaper.lock"
_PR_SET_PDEATHSIG = 1


class RunLocked(RuntimeError):
    """Another run holds this warehouse's lock."""


@contextmanager
def run_lock(warehouse_dir: Path):
    warehouse_dir = Path(warehouse_dir)
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = warehouse_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by children (O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise RunLocked(
            f"another run is building this warehouse (pid {holder}; lock {path}): this run did not "
            "start and changed nothing"
        ) from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def die_with_parent() -> None:
    """preexec_fn: ask the kernel to SIGKILL this child when its parent dies (prctl PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
