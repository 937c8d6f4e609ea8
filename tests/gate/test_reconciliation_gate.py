"""Gate semantics per check: a blocking reconciliation difference fails the gate naming the control point;
a warning one passes, flagged; gate_severity.json sets a suite's severity."""

from __future__ import annotations

import json
import shutil

import pytest

from rakenskaper import gate
from rakenskaper.gate import run_gate
from tests.gate.checks_db import make_db
from tests.support import REPO


def row(control_point, status, severity, difference="0.00"):
    blocking = status if severity == "blocking" else "ok"
    warning = status if severity == "warning" else "ok"
    return (
        "2023-08-31",
        control_point,
        "label",
        "-",
        "2920",
        "100.00",
        "100.00",
        difference,
        "0.00",
        status,
        severity,
        blocking,
        warning,
    )


def test_a_blocking_difference_fails_the_gate_naming_the_control_point(tmp_path):
    db = make_db(
        tmp_path / "b.duckdb",
        reconciliation=[
            row("payroll_vacation_pay_liability", "difference", "blocking", "0.01"),
            row("internal_bank_claim", "ok", "blocking"),
        ],
    )
    result = run_gate(db)
    assert not result.passed
    assert "payroll_vacation_pay_liability at 2023-08-31" in result.summary()
    assert "difference 0.01" in result.summary()


def test_a_warning_difference_publishes_flagged(tmp_path):
    db = make_db(
        tmp_path / "w.duckdb", reconciliation=[row("internal_bank_financial_income", "difference", "warning", "12.50")]
    )
    result = run_gate(db)
    assert result.passed
    assert [w.name for w in result.warnings] == ["reconciliation_warnings"]
    assert "WARNING reconciliation_warnings" in result.summary()
    assert "internal_bank_financial_income" in result.warnings[0].message


def test_gate_severity_json_overrides_a_suite(tmp_path):
    exp = tmp_path / "expectations"
    shutil.copytree(REPO / "expectations", exp)
    # gate_severity.json is the one place a suite's severity is set (every suite listed): change one entry
    severities = json.loads((exp / "gate_severity.json").read_text(encoding="utf-8"))
    severities["reconciliation_blocking"] = "warning"
    (exp / "gate_severity.json").write_text(json.dumps(severities), encoding="utf-8")
    db = make_db(tmp_path / "o.duckdb", reconciliation=[row("payroll_personnel_costs", "difference", "blocking", "1")])
    result = run_gate(db, expectations_dir=exp)
    assert result.passed and [w.name for w in result.warnings] == ["reconciliation_blocking"]

    (exp / "gate_severity.json").write_text(json.dumps({"no_such_suite": "warning"}), encoding="utf-8")
    with pytest.raises(ValueError, match="no_such_suite"):
        gate.load_suites(exp)
