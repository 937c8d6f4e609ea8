"""The raw tables' columns are declared once (rakenskaper.sources.raw_schema): the DDL is generated from the
declaration, and the dbt sources' columns and the docs' raw-table tables agree with it."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import yaml

from rakenskaper import paths
from rakenskaper.sie.tables import POSTING_COLUMNS, VOUCHER_COLUMNS
from rakenskaper.sources import dbt_columns
from rakenskaper.sources.raw_schema import (
    DELIMITED_TABLES,
    FILE_LINEAGE,
    LEDGER_LINEAGE,
    LEDGER_TABLES,
    RAW_TABLES,
    SUBLEDGER_FILES,
    create,
)
from rakenskaper.subledgers.formats import PAYROLL

REPO = Path(__file__).resolve().parents[2]


def _described(con, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE raw.{table}").fetchall()]


def test_the_ddl_is_the_declaration():
    con = duckdb.connect()
    create(con, RAW_TABLES)
    create(con, RAW_TABLES.values())  # again: a no-op
    for name, table in RAW_TABLES.items():
        assert _described(con, name) == list(table.columns), name
    assert [n for n, _ in _described(con, "sie_postings")][-4:] == [n for n, _ in LEDGER_LINEAGE]
    assert [n for n, _ in _described(con, "payroll_lines")][-4:] == [n for n, _ in FILE_LINEAGE]
    # the personnummer is never a column; its pseudonym is, and the name is dropped
    assert "employee_key" in dict(_described(con, "payroll_lines"))
    assert not {"personnummer", "employee_name"} & set(dict(_described(con, PAYROLL.table)))
    assert set(DELIMITED_TABLES) | set(LEDGER_TABLES) | {SUBLEDGER_FILES.name} == set(RAW_TABLES)


def test_the_sie_readers_row_tables_are_the_raw_tables_own_columns():
    assert ", ".join(f"{n} {t}" for n, t in LEDGER_TABLES["sie_vouchers"].own) == VOUCHER_COLUMNS
    assert ", ".join(f"{n} {t}" for n, t in LEDGER_TABLES["sie_postings"].own) == POSTING_COLUMNS


def test_the_dbt_sources_have_the_declared_columns():
    found: dict[str, list[dict]] = {}
    for path in dbt_columns.dbt_source_files(paths.dbt_project_dir()):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                if table["name"] in RAW_TABLES:
                    assert table["name"] not in found, f"{table['name']} is a source twice"
                    assert source["name"] == RAW_TABLES[table["name"]].source, table["name"]
                    found[table["name"]] = table.get("columns")
    assert set(found) == set(RAW_TABLES) - {SUBLEDGER_FILES.name}  # subledger_files: read by Python only
    for name, columns in found.items():
        assert columns == dbt_columns.dbt_columns(name), name
    assert dbt_columns.main([]) == 0  # nothing to write


def test_writing_the_dbt_columns_replaces_a_stale_block_and_keeps_the_rest():
    yml = (
        "sources:\n  - name: forecast\n    tables:\n      - name: forecast_lines\n        description: x\n"
        "        columns:\n          - name: old\n            description: gone\n        config:\n          k: v\n"
        "      - name: not_raw\n        description: y\n"
    )
    written = dbt_columns.with_dbt_columns(yml)
    parsed = yaml.safe_load(written)["sources"][0]["tables"]
    assert parsed[0]["description"] == "x" and parsed[0]["config"] == {"k": "v"}
    assert parsed[0]["columns"] == dbt_columns.dbt_columns("forecast_lines")
    assert parsed[1] == {"name": "not_raw", "description": "y"}
    assert dbt_columns.with_dbt_columns(written) == written


def _docs_tables() -> dict[str, list[str]]:
    """raw table → the column names the docs' raw-table tables list (besides lineage)."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    tables = {}
    for match in re.finditer(r"^\| `raw\.(\w+)`[^|]*\|[^|]*\| `([^`]*)`", text, re.M):
        depth, cell, parts = 0, "", []
        for char in match[2]:
            depth += char == "("
            depth -= char == ")"
            if char == "," and depth == 0:
                parts.append(cell)
                cell = ""
            else:
                cell += char
        parts.append(cell)
        tables[match[1]] = [part.split()[0] for part in parts]
    return tables


def test_the_docs_list_the_declared_columns():
    documented = _docs_tables()
    assert set(RAW_TABLES) <= set(documented)
    for name, table in RAW_TABLES.items():
        assert documented[name] == table.own_names, name
