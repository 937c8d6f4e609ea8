"""What the dbt project's tests share: the demo's published warehouse, opened read-only once a module."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def warehouse(demo_run):
    settings, _ = demo_run
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    yield con
    con.close()
