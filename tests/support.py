"""What tests share that is not a fixture: where things are, and small mutations of the demo sources."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

# the demo's 2023 ledger: the file the failure tests mutate
DEMO_LEDGER_2023 = "brsk_2023.se"


def published_reference_dir() -> Path:
    """The published report's tables (tkr, as printed), kept with the demo generator as its targets."""
    return REPO / "demo" / "published"


def unbalance_first_voucher(data: bytes) -> bytes:
    """The first #TRANS of the ledger one krona off: its voucher no longer balances."""
    import re

    match = re.search(rb"(?m)^(\s*#TRANS \S+ \{[^}]*\} )(-?\d+\.\d\d)", data)
    changed = f"{float(match.group(2)) + 1:.2f}".encode()
    return data[: match.start(2)] + changed + data[match.end(2) :]


def run_captured(*argv: str, timeout: int = 60):
    """`argv` run to its end within `timeout` seconds: the finished process, its output captured as text."""
    import subprocess

    return subprocess.run([str(arg) for arg in argv], capture_output=True, text=True, timeout=timeout)


def run_benchmark(script: str, *args: str, timeout: int):
    """benchmarks/`script` run with this Python and `args` (see run_captured)."""
    import sys

    return run_captured(sys.executable, REPO / "benchmarks" / script, *args, timeout=timeout)


def demo_warehouse_copy(demo_run, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the demo's published warehouse to break (tmp_path/broken.duckdb) and an empty dbt target folder."""
    import shutil

    settings, _ = demo_run
    database = tmp_path / "broken.duckdb"
    shutil.copy(settings.warehouse_path, database)
    target = tmp_path / "target"
    target.mkdir()
    return database, target


def duckdb_with(path: Path, *statements: str) -> Path:
    """A DuckDB file at `path` (its folder made) after `statements`, closed again."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        for statement in statements:
            con.execute(statement)
    finally:
        con.close()
    return path
