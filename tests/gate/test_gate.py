"""Tests of rakenskaper.gate: the Great Expectations quality gate over checks.chk_* tables.

Each test builds a small DuckDB file in tmp_path with the three check tables of docs/architecture.md.
Great Expectations is imported once (slow, ~12 s); each gate run then takes about a second.
"""

from __future__ import annotations

import json
import shutil
import socket
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from rakenskaper import gate
from rakenskaper.gate import GateFailed, gx_engine, messages, run_gate
from tests.gate.checks_db import (
    BALANCE_DDL,
    GOOD_BALANCE,
    GOOD_TIES,
    GOOD_VOUCHERS,
    TIES_DDL,
    VOUCHERS_DDL,
    make_db,
)
from tests.support import REPO


def check(result, name):
    (c,) = [c for c in result.checks if c.name == name]
    return c


@pytest.fixture
def db(tmp_path):
    return make_db(tmp_path / "rakenskaper.build.duckdb")


# --- suites ---------------------------------------------------------------------------------------


def test_suites_are_declared_in_expectations_folder_and_cover_the_three_tables():
    specs = gate.load_suites()
    assert {s.path.parent for s in specs} == {REPO / "expectations"}
    assert {s.name: s.table for s in specs} == {
        "balance_sheet_balances": "checks.chk_balance_sheet_identity",
        "vouchers_balance": "checks.chk_voucher_balance",
        "ledger_ties_to_sie": "checks.chk_ledger_ties_to_sie",
        "reconciliation_blocking": "checks.chk_reconciliation",
        "reconciliation_warnings": "checks.chk_reconciliation",
    }
    assert (REPO / "expectations" / "README.md").is_file()


def test_suites_build_into_real_gx_suites_with_every_expectation():
    import great_expectations as gx
    import great_expectations.expectations as gxe

    for spec in gate.load_suites():
        suite = gx_engine.build_gx_suite(spec)
        assert isinstance(suite, gx.ExpectationSuite)
        assert len(suite.expectations) == len(spec.suite_dict["expectations"])
        assert all(isinstance(e, gxe.Expectation) for e in suite.expectations)
    (vouchers,) = [s for s in gate.load_suites() if s.name == "vouchers_balance"]
    types = {type(e) for e in gx_engine.build_gx_suite(vouchers).expectations}
    assert gxe.ExpectColumnValuesToBeBetween in types
    assert gxe.ExpectTableRowCountToBeBetween in types


def test_unknown_expectation_type_is_not_silently_dropped(tmp_path, db):
    # GX's ExpectationSuite logs and drops an expectation type it does not know.
    exp_dir = tmp_path / "expectations"
    shutil.copytree(REPO / "expectations", exp_dir)
    path = exp_dir / "vouchers_balance.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["expectations"].append({"type": "expect_vouchers_to_be_lovely", "kwargs": {}})
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_gate(db, expectations_dir=exp_dir)
    assert not result.passed
    c = check(result, "vouchers_balance")
    assert c.errored and "accepted only" in c.message


def test_suite_file_drives_the_check(tmp_path):
    # The verdict comes from the JSON suite run by GX, not from code: loosen the suite and a 0.01
    # voucher passes.
    db = make_db(
        tmp_path / "b.duckdb",
        vouchers=[("fy2024.se", "A", "1", "2024-01-05", 120, "0.01", 1)],
    )
    assert not check(run_gate(db), "vouchers_balance").passed
    exp_dir = tmp_path / "expectations"
    shutil.copytree(REPO / "expectations", exp_dir)
    path = exp_dir / "vouchers_balance.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for e in data["expectations"]:
        if e["type"] == "expect_column_values_to_be_between":
            e["kwargs"].update(min_value=-1, max_value=1)  # in öre
    path.write_text(json.dumps(data), encoding="utf-8")
    assert check(run_gate(db, expectations_dir=exp_dir), "vouchers_balance").passed


def test_gate_runs_through_a_gx_checkpoint(db, monkeypatch):
    from great_expectations.checkpoint import Checkpoint

    calls = []
    original = Checkpoint.run

    def spy(self, *args, **kwargs):
        calls.append((self.name, type(kwargs["batch_parameters"]["dataframe"]).__name__))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Checkpoint, "run", spy)
    assert run_gate(db).passed
    assert sorted(calls) == [
        ("gate_balance_sheet_balances", "DataFrame"),
        ("gate_ledger_ties_to_sie", "DataFrame"),
        ("gate_reconciliation_blocking", "DataFrame"),
        ("gate_reconciliation_warnings", "DataFrame"),
        ("gate_vouchers_balance", "DataFrame"),
    ]


def test_gx_raising_is_an_error_not_a_pass(db, monkeypatch):
    from great_expectations.checkpoint import Checkpoint

    def boom(self, *args, **kwargs):
        raise IndexError("tuple index out of range")

    monkeypatch.setattr(Checkpoint, "run", boom)
    result = run_gate(db)
    assert not result.passed
    assert all(c.errored and not c.passed for c in result.checks)
    assert "check could not run" in result.summary()
    assert "IndexError" in result.summary()


# --- verdicts -------------------------------------------------------------------------------------


def test_all_good_passes(db):
    result = run_gate(db)
    assert result.passed, result.summary()
    assert len(result.checks) == len(gate.load_suites()) == 5
    assert all(c.passed and not c.errored and not c.failing_examples for c in result.checks)
    assert result.summary().startswith("Quality gate passed")


def test_unbalanced_voucher_fails_naming_it(tmp_path):
    vouchers = GOOD_VOUCHERS[:2] + [("fy2024.se", "B", "1", "2024-01-31", 3905, "12771.00", 2)]
    result = run_gate(make_db(tmp_path / "b.duckdb", vouchers=vouchers))
    assert not result.passed
    c = check(result, "vouchers_balance")
    assert not c.passed and not c.errored
    assert c.failing_examples == [
        {
            "source_file_name": "fy2024.se",
            "series": "B",
            "voucher_number": "1",
            "voucher_date": date(2024, 1, 31),
            "line_no": 3905,
            "posting_total": Decimal("12771.00"),
            "unbalanced_voucher_count": 2,
        }
    ]
    summary = result.summary()
    assert (
        "FAILED vouchers_balance (checks.chk_voucher_balance): 1 series-month has a voucher that does not balance: "
        "series B 1 of 2024-01-31 (file fy2024.se line 3905) total 12771.00; "
        "unbalanced vouchers in that series and month: 2"
    ) in summary
    assert check(result, "balance_sheet_balances").passed
    assert check(result, "ledger_ties_to_sie").passed
    with pytest.raises(GateFailed) as excinfo:
        raise GateFailed(result)
    assert excinfo.value.result is result
    assert "series B 1" in str(excinfo.value)


@pytest.mark.parametrize("difference", ["0.01", "-0.01"])
def test_balance_sheet_off_by_one_ore_fails_naming_the_month(tmp_path, difference):
    assets = Decimal("1300000.00") + Decimal(difference)
    balance = [
        GOOD_BALANCE[0],
        ("2024-02-29", str(assets), "1300000.00", difference),
        GOOD_BALANCE[2],
    ]
    result = run_gate(make_db(tmp_path / "b.duckdb", balance=balance))
    assert not result.passed
    c = check(result, "balance_sheet_balances")
    assert not c.passed and not c.errored
    assert [e["month_end"] for e in c.failing_examples] == [date(2024, 2, 29)]
    assert c.failing_examples[0]["difference"] == Decimal(difference)
    assert "month-end 2024-02-29" in c.message
    assert f"difference {difference}" in c.message
    assert "FAILED balance_sheet_balances" in result.summary()


def test_large_amounts_compare_exactly(tmp_path):
    # 1e15 SEK + 0.01: not representable as float64 next to 1e15, exact as integer öre.
    balance = [("2024-01-31", "1000000000000000.01", "1000000000000000.00", "0.01")]
    vouchers = [("fy2024.se", "A", "1", "2024-01-05", 1, "9999999999999999.99", 1)]
    result = run_gate(make_db(tmp_path / "b.duckdb", balance=balance, vouchers=vouchers))
    assert check(result, "balance_sheet_balances").failing_examples[0]["total_assets"] == Decimal("1000000000000000.01")
    assert check(result, "vouchers_balance").failing_examples[0]["posting_total"] == Decimal("9999999999999999.99")


def test_ledger_tie_difference_fails_naming_the_account(tmp_path):
    ties = GOOD_TIES + [("fy2024.se", "2024-01-01", "2440", "UB", "-800.00", "-812.50", "12.50")]
    result = run_gate(make_db(tmp_path / "b.duckdb", ties=ties))
    assert not result.passed
    c = check(result, "ledger_ties_to_sie")
    assert not c.passed and not c.errored
    assert [(e["account"], e["balance_kind"]) for e in c.failing_examples] == [("2440", "UB")]
    assert "account 2440 UB" in c.message and "difference 12.50" in c.message


def test_empty_voucher_table_fails(tmp_path):
    result = run_gate(make_db(tmp_path / "b.duckdb", vouchers=[]))
    c = check(result, "vouchers_balance")
    assert not result.passed and not c.passed and not c.errored
    assert "empty" in c.message


def test_duplicate_and_null_month_end_fail(tmp_path):
    balance = GOOD_BALANCE + [("2024-03-31", "1.00", "1.00", "0.00"), (None, "1.00", "1.00", "0.00")]
    c = check(run_gate(make_db(tmp_path / "b.duckdb", balance=balance)), "balance_sheet_balances")
    assert not c.passed and not c.errored
    assert "occurs more than once" in c.message and "no month_end" in c.message


def test_null_difference_fails_not_passes(tmp_path):
    ties = GOOD_TIES + [("fy2024.se", "2024-01-01", "2440", "UB", "-800.00", None, None)]
    c = check(run_gate(make_db(tmp_path / "b.duckdb", ties=ties)), "ledger_ties_to_sie")
    assert not c.passed and not c.errored
    assert "NULL" in c.message and "account 2440" in c.message


# --- errors of the gate itself --------------------------------------------------------------------


def test_missing_table_is_a_gate_error(tmp_path):
    result = run_gate(make_db(tmp_path / "b.duckdb", ties_ddl=None))
    assert not result.passed
    c = check(result, "ledger_ties_to_sie")
    assert c.errored and not c.passed
    assert "check could not run" in c.message and "does not exist" in c.message
    assert "ERROR ledger_ties_to_sie" in result.summary()
    assert "could not run" in result.summary().splitlines()[0]


def test_missing_amount_column_is_a_gate_error(tmp_path):
    ddl = VOUCHERS_DDL.replace(", posting_total decimal(18,2)", "")
    vouchers = [r[:5] + r[6:] for r in GOOD_VOUCHERS]
    result = run_gate(make_db(tmp_path / "b.duckdb", vouchers_ddl=ddl, vouchers=vouchers))
    assert not result.passed
    c = check(result, "vouchers_balance")
    assert c.errored and not c.passed
    assert "check could not run" in c.message and "posting_total" in c.message
    assert "does not exist" in c.message  # GX's own exception_message came through


def test_missing_key_column_is_a_gate_error(tmp_path):
    ddl = BALANCE_DDL.replace("month_end date, ", "")
    balance = [r[1:] for r in GOOD_BALANCE]
    result = run_gate(make_db(tmp_path / "b.duckdb", balance_ddl=ddl, balance=balance))
    c = check(result, "balance_sheet_balances")
    assert not result.passed and c.errored and "month_end" in c.message


def test_float_amount_column_is_a_gate_error(tmp_path):
    ddl = TIES_DDL.replace("difference decimal(18,2)", "difference double")
    c = check(run_gate(make_db(tmp_path / "b.duckdb", ties_ddl=ddl)), "ledger_ties_to_sie")
    assert c.errored and "DOUBLE" in c.message


def test_missing_database_is_a_gate_error(tmp_path):
    result = run_gate(tmp_path / "nope.duckdb")
    assert not result.passed
    assert all(c.errored for c in result.checks)


def test_check_tables_may_be_views(tmp_path):
    db = make_db(tmp_path / "b.duckdb", vouchers_ddl=VOUCHERS_DDL.replace("chk_voucher_balance", "v"))
    con = duckdb.connect(str(db))
    con.execute("create view checks.chk_voucher_balance as select * from checks.v")
    con.close()
    assert check(run_gate(db), "vouchers_balance").passed


def test_database_is_opened_read_only(db):
    # DuckDB refuses a second connection to the same file with another configuration in one
    # process, so if the gate opened the file read-write while a reader holds it, the gate would
    # error here.
    reader = duckdb.connect(str(db), read_only=True)
    try:
        result = run_gate(db)
    finally:
        reader.close()
    assert result.passed, result.summary()


def test_exception_info_shapes():
    flat_ok = {"raised_exception": False, "exception_message": None, "exception_traceback": None}
    flat_err = {"raised_exception": True, "exception_message": "boom", "exception_traceback": "tb"}
    nested = {"MetricConfigurationID(...)": flat_err}
    assert messages.exception_messages(None) == []
    assert messages.exception_messages(flat_ok) == []
    assert messages.exception_messages(flat_err) == ["boom"]
    assert messages.exception_messages(nested) == ["boom"]


# --- Data Docs, side effects ----------------------------------------------------------------------


def test_data_docs_are_built_where_asked_and_nowhere_else(tmp_path, monkeypatch):
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    vouchers = GOOD_VOUCHERS + [("fy2024.se", "B", "9", "2024-02-29", 4000, "0.01", 1)]
    db = make_db(tmp_path / "b.duckdb", vouchers=vouchers)
    docs = tmp_path / "warehouse" / "data_docs"
    result = run_gate(db, data_docs_dir=docs)
    assert result.data_docs_index == docs / "index.html"
    index = (docs / "index.html").read_text(encoding="utf-8")
    assert "vouchers_balance" in index
    pages = list((docs / "validations").rglob("*.html"))
    assert len(pages) == len(gate.load_suites())
    assert any("posting_total" in p.read_text(encoding="utf-8") for p in pages)
    assert list(work.iterdir()) == []  # no gx/ folder, no uncommitted/
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.duckdb", "cwd", "warehouse"]
    assert "Data Docs:" in result.summary()


def test_no_data_docs_without_a_folder(db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    result = run_gate(db)
    assert result.data_docs_index is None
    assert sorted(tmp_path.rglob("*")) == before


def test_no_network_is_attempted(db, tmp_path, monkeypatch):
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError(f"network disabled in test: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    result = run_gate(db, data_docs_dir=tmp_path / "docs")
    assert result.passed, result.summary()
    assert attempts == []


@pytest.mark.parametrize("preset", [None, "false", "False", "true"])
def test_gx_context_has_analytics_off_and_no_default_docs_site(monkeypatch, preset):
    import os

    if preset is None:
        monkeypatch.delenv("GX_ANALYTICS_ENABLED", raising=False)
    else:
        monkeypatch.setenv("GX_ANALYTICS_ENABLED", preset)
    context = gx_engine.gx_context(None)
    assert context.config.analytics_enabled is False
    assert os.environ["GX_ANALYTICS_ENABLED"].lower() == "false"
    assert context.list_data_docs_sites() == {}


def test_importing_the_gate_does_not_import_great_expectations():
    # The Airflow DAG imports the pipeline at parse time; GX takes >10 s to import.
    import subprocess
    import sys

    code = "import sys, rakenskaper.gate; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
