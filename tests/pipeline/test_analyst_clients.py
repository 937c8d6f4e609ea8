"""The published warehouse opens in the DuckDB 1.x clients analysts have, not only in the DuckDB that built it.

The clients come from PyPI (the `duckdb-cli` wheel holds the CLI binary; `duckdb` is the Python package) and
are kept under ~/.cache/rakenskaper-tests (RAKENSKAPER_TEST_CACHE), so a machine downloads them once. When they
cannot be obtained the tests fail — a warehouse nobody checked against an old client must not pass as
checked — unless RAKENSKAPER_OFFLINE=1 says there is no network; then they are skipped with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from rakenskaper import duckdb_files
from tests.support import run_captured

# The oldest `duckdb-cli` on PyPI (the CLI was first published there with 1.4.4): it reads storage 64–67.
CLI_VERSION = "1.4.4"
# The oldest line the warehouse is published for (duckdb_files.READER_STORAGE_VERSION), its first release: if 1.2.0
# binds every view, every later 1.x does too. pytz: DuckDB 1.x Python needs it to return TIMESTAMPTZ values
# (meta.publish_log.finished_at); every notebook with pandas has it.
PYTHON_CLIENT_VERSION = "1.2.0"
PYTHON_CLIENT_PACKAGES = [f"duckdb=={PYTHON_CLIENT_VERSION}", "pytz"]
# The storage version number in the file header that DuckDB 1.2 writes and 1.2+ reads (2.0 writes 69 or more).
STORAGE_NUMBER_V1_2 = 65
INSTALL_TIMEOUT = 600  # a cold download of the CLI wheel (~20 MB) on a slow line
DONE = ".installed"  # written last: a folder without it is a half-finished install, redone


def client_cache() -> Path:
    return Path(os.environ.get("RAKENSKAPER_TEST_CACHE", Path.home() / ".cache" / "rakenskaper-tests"))


def skip_if_offline() -> None:
    if os.environ.get("RAKENSKAPER_OFFLINE") == "1":
        pytest.skip("RAKENSKAPER_OFFLINE=1: the DuckDB 1.x clients are downloaded from PyPI")


def uv() -> list[str]:
    """uv from the venv running the tests (make setup installs it) or PATH; else pip, slower but always there."""
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    return [found] if found else []


def run_install(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    if done.returncode != 0:
        pytest.fail(
            f"could not obtain a DuckDB 1.x client ({' '.join(command)}):\n{done.stderr[-2000:]}"
            "\n(set RAKENSKAPER_OFFLINE=1 to skip these tests on a machine without network)"
        )


def cached_install(name: str, install) -> Path:
    """The folder ``name`` under the cache, made by ``install(folder)`` unless an earlier run finished it."""
    folder = client_cache() / name
    if not (folder / DONE).exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        install(folder)
        (folder / DONE).write_text("")
    return folder


def duckdb_cli() -> Path:
    """The `duckdb` binary of the PyPI `duckdb-cli` wheel, installed into a folder of its own."""

    def install(folder: Path) -> None:
        package = f"duckdb-cli=={CLI_VERSION}"
        if uv():
            run_install([*uv(), "pip", "install", "--quiet", "--target", str(folder), package])
        else:
            run_install([sys.executable, "-m", "pip", "install", "--quiet", "--target", str(folder), package])

    binary = cached_install(f"duckdb-cli-{CLI_VERSION}", install) / "bin" / "duckdb"
    assert binary.exists(), f"the duckdb-cli {CLI_VERSION} wheel has no bin/duckdb"
    return binary


def python_client() -> Path:
    """The python of a venv of its own with DuckDB 1.x (the tests' venv has 2.x)."""

    def install(folder: Path) -> None:
        if uv():
            # the tests' own interpreter as the base: no Python download, whatever else the machine has
            run_install([*uv(), "venv", "--quiet", str(folder), "--python", sys.executable])
            run_install(
                [
                    *uv(),
                    "pip",
                    "install",
                    "--quiet",
                    "--python",
                    str(folder / "bin" / "python"),
                    *PYTHON_CLIENT_PACKAGES,
                ]
            )
        else:
            run_install([sys.executable, "-m", "venv", str(folder)])
            run_install([str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", *PYTHON_CLIENT_PACKAGES])

    return cached_install(f"python-duckdb-{PYTHON_CLIENT_VERSION}", install) / "bin" / "python"


def storage_number(path: Path) -> int:
    """The storage version number in a DuckDB file's main header (after the checksum, the magic bytes DUCK)."""
    header = Path(path).read_bytes()[:20]
    assert header[8:12] == b"DUCK", f"{path} is not a DuckDB file"
    return struct.unpack("<Q", header[12:20])[0]


# Run by the 1.x Python: every table and view of every schema, counted and read (values converted to Python:
# DECIMAL, DATE, TIMESTAMPTZ, lists), and the two drill-down macros of docs/analysts.md.
READ_EVERYTHING = r"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
relations = con.execute('''
    select schema_name, table_name, 'table' from duckdb_tables() where database_name = current_database()
    union all
    select schema_name, view_name, 'view' from duckdb_views() where not internal and database_name = current_database()
    order by all''').fetchall()
counts, failures = {}, {}
for schema, name, kind in relations:
    try:
        counts[f'{schema}.{name}'] = con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
        con.execute(f'select * from "{schema}"."{name}" limit 5').fetchall()
    except Exception as error:
        failures[f'{schema}.{name}'] = str(error)
drilldown = con.execute('''select sum(cell_amount)::varchar from marts.drilldown_income_statement(
    'income_statement', 'operating_costs', 'utfall', date '2023-08-31')''').fetchone()[0]
print(json.dumps({'version': duckdb.__version__, 'counts': counts, 'failures': failures, 'drilldown': drilldown}))
"""


def current_answers(warehouse: Path) -> dict:
    """What the DuckDB that built the warehouse reads from it: the row count of every table and view."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        counts = {
            f"{schema}.{name}": con.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            for schema, name in con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = current_database() "
                "union all select schema_name, view_name from duckdb_views() "
                "where not internal and database_name = current_database()"
            ).fetchall()
        }
        drilldown = con.execute("""select sum(cell_amount)::varchar from marts.drilldown_income_statement(
            'income_statement', 'operating_costs', 'utfall', date '2023-08-31')""").fetchone()[0]
    finally:
        con.close()
    return {"counts": counts, "drilldown": drilldown}


@pytest.fixture(scope="module")
def published_warehouse(demo_run) -> Path:
    settings, _ = demo_run
    return settings.warehouse_path


def test_the_published_file_is_in_the_storage_format_of_duckdb_1_2(published_warehouse):
    assert duckdb_files.storage_version() == "v1.2.0"
    assert storage_number(published_warehouse.resolve()) == STORAGE_NUMBER_V1_2


def test_the_pypi_duckdb_cli_1_x_opens_the_published_warehouse_read_only(published_warehouse):
    skip_if_offline()
    cli = duckdb_cli()
    expected = current_answers(published_warehouse)
    query = "select version(), count(*) from marts.rpt_balance_sheet"
    done = run_captured(cli, "-readonly", "-csv", "-noheader", published_warehouse, "-c", query)
    assert done.returncode == 0, done.stderr
    version, count = done.stdout.strip().split(",")
    assert version == f"v{CLI_VERSION}"
    assert int(count) == expected["counts"]["marts.rpt_balance_sheet"] > 0
    refused = run_captured(cli, "-readonly", published_warehouse, "-c", "create table t(x int)")
    assert refused.returncode != 0 and "read-only" in refused.stderr


def test_a_duckdb_1_x_python_reads_every_table_and_view(published_warehouse):
    skip_if_offline()
    python = python_client()
    done = run_captured(python, "-c", READ_EVERYTHING, published_warehouse, timeout=120)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    expected = current_answers(published_warehouse)
    assert answer["version"] == PYTHON_CLIENT_VERSION
    assert answer["failures"] == {}
    assert answer["counts"] == expected["counts"]
    assert any(name.startswith("marts.") for name in answer["counts"])
    assert {"meta.publish_log", "marts.rpt_balance_sheet", "marts.fct_general_ledger"} <= set(answer["counts"])
    assert answer["drilldown"] == expected["drilldown"] is not None
