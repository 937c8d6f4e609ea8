"""rakenskaper.gate.severity: gate_severity.json, the one place a suite's severity is set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rakenskaper.gate import load_suites
from rakenskaper.gate.severity import BLOCKING, SEVERITY_FILE, WARNING, read_severities, resolve_severities

REPO = Path(__file__).resolve().parents[2]
SUITES = ["a", "b"]


def test_every_suite_gets_its_severity_in_suite_order():
    assert resolve_severities({"b": WARNING, "a": BLOCKING}, SUITES) == {"a": BLOCKING, "b": WARNING}


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"a": BLOCKING}, ["no severity for suite(s): ['b']"]),
        ({"a": BLOCKING, "b": WARNING, "c": WARNING}, ["no such suite(s): ['c']"]),
        ({"a": BLOCKING, "b": "fatal"}, ["severity must be", "'b': 'fatal'"]),
        ({"c": "fatal"}, ["no such suite(s): ['c']", "no severity for suite(s): ['a', 'b']", "'c': 'fatal'"]),
        (["a", "b"], ["expected an object"]),
    ],
)
def test_a_table_that_does_not_give_each_suite_one_severity_is_refused(table, words):
    with pytest.raises(ValueError) as excinfo:
        resolve_severities(table, SUITES, source="sev.json")
    assert str(excinfo.value).startswith("sev.json: ")
    for word in words:
        assert word in str(excinfo.value)


def test_the_file_is_required_and_must_be_json(tmp_path):
    with pytest.raises(ValueError, match="missing"):
        read_severities(tmp_path, SUITES)
    (tmp_path / SEVERITY_FILE).write_text("{a: blocking}", encoding="utf-8")
    with pytest.raises(ValueError, match="not JSON"):
        read_severities(tmp_path, SUITES)
    (tmp_path / SEVERITY_FILE).write_text(json.dumps({"a": "warning", "b": "blocking"}), encoding="utf-8")
    assert read_severities(tmp_path, SUITES) == {"a": WARNING, "b": BLOCKING}


def test_the_shipped_suites_take_their_severity_from_the_file_alone():
    table = json.loads((REPO / "expectations" / SEVERITY_FILE).read_text(encoding="utf-8"))
    specs = load_suites(REPO / "expectations")
    assert {s.name: s.severity for s in specs} == table
    assert table["reconciliation_warnings"] == WARNING
    assert {n for n, v in table.items() if v == BLOCKING} == {
        "balance_sheet_balances",
        "ledger_ties_to_sie",
        "reconciliation_blocking",
        "vouchers_balance",
    }
    assert all("severity" not in s.suite_dict["meta"]["rakenskaper"] for s in specs)


def _copy(tmp_path) -> Path:
    exp = tmp_path / "expectations"
    shutil.copytree(REPO / "expectations", exp)
    return exp


def test_a_suite_that_states_a_severity_is_refused(tmp_path):
    exp = _copy(tmp_path)
    path = exp / "vouchers_balance.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["rakenskaper"]["severity"] = WARNING
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=f"vouchers_balance.json: a suite states no severity.*{SEVERITY_FILE}"):
        load_suites(exp)


def test_a_suite_missing_from_the_file_stops_the_gate(tmp_path):
    exp = _copy(tmp_path)
    table = json.loads((exp / SEVERITY_FILE).read_text(encoding="utf-8"))
    del table["ledger_ties_to_sie"]
    (exp / SEVERITY_FILE).write_text(json.dumps(table), encoding="utf-8")
    with pytest.raises(ValueError, match=r"no severity for suite\(s\): \['ledger_ties_to_sie'\]"):
        load_suites(exp)
