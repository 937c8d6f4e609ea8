"""`rakenskaper sql`: the README's reading command, on the published demo warehouse, read-only."""

from __future__ import annotations

import io
import sys
from decimal import Decimal

import duckdb
import pytest

from rakenskaper import cli, sql_shell
from tests.support import run_captured

BALANCE_SHEET_AT_AUGUST = (
    "select label, at_report_date_tkr, note_no from marts.rpt_balance_sheet "
    "where report_period = date '2023-08-31' order by row_order"
)


@pytest.fixture(scope="module")
def warehouse(demo_run):
    settings, _ = demo_run
    return settings.warehouse_path


def _expected_balance_sheet(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(BALANCE_SHEET_AT_AUGUST).fetchall()
    finally:
        con.close()


def test_sql_c_prints_the_balance_sheet_as_a_table(warehouse, capsys):
    assert cli.main(["sql", "--warehouse", str(warehouse), "-c", BALANCE_SHEET_AT_AUGUST]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = _expected_balance_sheet(warehouse)
    assert [name.strip() for name in lines[0].split(" | ")] == ["label", "at_report_date_tkr", "note_no"]
    assert set(lines[1]) <= {"-", "+"}
    assert lines[-1] == f"({len(expected)} rows)"
    body = [[cell.strip() for cell in line.split(" | ")] for line in lines[2:-1]]
    assert body == [[label, str(tkr), note or "NULL"] for label, tkr, note in expected]
    assert any(label == "Fordringar hos Borås Stad" for label, _, _ in expected)


def test_sql_opens_the_warehouse_read_only(warehouse, capsys):
    assert cli.main(["sql", "--warehouse", str(warehouse), "-c", "create table marts.scratch(x int)"]) == 1
    assert "read-only" in capsys.readouterr().err
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'scratch'").fetchone()[0] == 0
    con.close()


def test_sql_without_a_warehouse_says_how_to_make_one(tmp_path, capsys):
    missing = tmp_path / "rakenskaper.duckdb"
    assert cli.main(["sql", "--warehouse", str(missing), "-c", "select 1"]) == 1
    assert "rakenskaper run" in capsys.readouterr().err
    assert not missing.exists(), "a reading command must not create an empty warehouse"


def test_the_prompt_reads_statements_from_a_pipe(warehouse, capsys):
    typed = io.StringIO(
        "select count(*) as periods\n  from marts.dim_report_periods;\nselect 'två' as ord;\n.quit\n"
        "select 'after quit';\n"
    )
    assert sql_shell.interactive(warehouse, stdin=typed) == 0
    out = capsys.readouterr().out
    con = duckdb.connect(str(warehouse), read_only=True)
    periods = con.execute("select count(*) from marts.dim_report_periods").fetchone()[0]
    con.close()
    assert f"\n{str(periods).rjust(len('periods'))}\n" in out
    assert "två" in out and "after quit" not in out


def test_the_console_script_runs_on_the_demo(warehouse):
    """`python -m rakenskaper.cli sql -c …` in its own process, as `make sql Q=…` runs it."""
    query = "select count(*) as lines from marts.rpt_balance_sheet"
    done = run_captured(sys.executable, "-m", "rakenskaper.cli", "sql", "--warehouse", warehouse, "-c", query)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "(1 row)"
    assert int(done.stdout.splitlines()[2]) > 0


def test_format_table_aligns_amounts_and_shows_null():
    text = sql_shell.format_table(
        ["konto", "belopp"], [("1930", Decimal("1250.50")), ("2440", None), ("3010", Decimal("-99.00"))]
    )
    assert text.splitlines() == [
        "konto |  belopp",
        "------+--------",
        "1930  | 1250.50",
        "2440  |    NULL",
        "3010  |  -99.00",
        "(3 rows)",
    ]


def test_format_table_of_no_rows_and_of_lists():
    assert sql_shell.format_table(["a"], []).splitlines() == ["a", "-", "(0 rows)"]
    assert "[raw, marts]" in sql_shell.format_table(["schemas"], [(["raw", "marts"],)])


def test_statements_join_lines_until_a_semicolon():
    assert list(sql_shell.statements(["select 1\n", "  , 2;\n", "\n", "select 3;", "exit", "select 4;"])) == [
        "select 1\n  , 2;",
        "select 3;",
    ]
    assert list(sql_shell.statements(["select 5"])) == ["select 5"]


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_at_a_terminal_the_prompt_is_the_duckdb_cli_read_only_when_installed(warehouse, tmp_path, monkeypatch):
    called = tmp_path / "called.txt"
    fake_cli = tmp_path / "bin" / "duckdb"
    fake_cli.parent.mkdir()
    fake_cli.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{called}"\n')
    fake_cli.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake_cli.parent}:/usr/bin:/bin")
    assert sql_shell.interactive(warehouse, stdin=_Terminal()) == 0
    assert called.read_text().splitlines() == ["-readonly", str(warehouse)]
