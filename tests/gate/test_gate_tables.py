"""rakenskaper.gate.tables: the check tables read from DuckDB, amounts as exact integer öre, without GX."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from rakenskaper.gate.suites import SuiteSpec
from rakenskaper.gate.tables import CannotRun, amount_select, read_check_tables
from tests.support import duckdb_with

SPEC = SuiteSpec(
    name="ties",
    table="checks.chk_t",
    amount_columns=("difference",),
    example_columns=("account", "difference"),
    example="",
    suite_dict={},
    path=Path("ties.json"),
)


@pytest.mark.parametrize("data_type", ["DECIMAL(18,2)", "DECIMAL(38,0)", "BIGINT", "INTEGER"])
def test_exact_amount_types_are_read_as_ore(data_type):
    assert amount_select(SPEC, "difference", data_type).startswith('CAST(CAST("difference" AS DECIMAL(38,2)) * 100')


@pytest.mark.parametrize("data_type", ["DOUBLE", "DECIMAL(18,3)", "VARCHAR"])
def test_an_inexact_amount_type_cannot_run(data_type):
    with pytest.raises(CannotRun, match=re.escape(f"checks.chk_t.difference has type {data_type}")):
        amount_select(SPEC, "difference", data_type)


def test_tables_are_read_in_ore_and_a_missing_one_says_why(tmp_path):
    db = duckdb_with(
        tmp_path / "b.duckdb",
        "create schema checks",
        "create table checks.chk_t(account varchar, difference decimal(18,2))",
        "insert into checks.chk_t values ('1930', 12.34), ('2440', -9999999999999999.99), ('3010', null)",
    )
    missing = SuiteSpec("gone", "checks.chk_gone", (), (), "", {}, Path("gone.json"))
    frames, cannot_run = read_check_tables(db, [SPEC, missing])
    assert frames["ties"]["difference"].tolist()[:2] == [1234, -999999999999999999]
    assert frames["ties"]["difference"].isna().tolist() == [False, False, True]
    assert cannot_run == {"gone": "table checks.chk_gone does not exist in the build database"}
    # the file is closed again: a writer can open it
    duckdb.connect(str(db)).close()


def test_a_missing_database_cannot_run_any_check(tmp_path):
    frames, cannot_run = read_check_tables(tmp_path / "nope.duckdb", [SPEC])
    assert frames == {} and cannot_run == {"ties": f"build database {tmp_path / 'nope.duckdb'} does not exist"}
