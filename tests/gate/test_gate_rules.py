"""Which rule lives where (expectations/README.md): a rule the gate's GX suites judge on a checks.chk_* model is
not judged by a dbt test of that model too; the README's rule table and the reconciliation seed agree with
gate_severity.json; the gate package has no import cycle and no oversized module."""

from __future__ import annotations

import ast
import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rakenskaper.gate import load_suites

REPO = Path(__file__).resolve().parents[2]
CHECKS_DIR = REPO / "dbt_project" / "models" / "checks"
GATE_DIR = REPO / "src" / "rakenskaper" / "gate"

_ZERO = re.compile(r"^\s*\(?\s*(\w+)\s*=\s*0(?:\.0+)?\s*\)?\s*$")
_GX_KINDS = {
    "expect_column_values_to_not_be_null": "not_null",
    "expect_column_values_to_be_unique": "unique",
    "expect_column_values_to_be_in_set": "accepted_values",
}


def gx_judgments(suite: dict) -> set[tuple[str, str]]:
    """(kind, column) of every column rule of a GX suite."""
    out = set()
    for e in suite["expectations"]:
        column = e.get("kwargs", {}).get("column")
        if column is None:
            continue
        kwargs = e["kwargs"]
        if e["type"] in _GX_KINDS:
            out.add((_GX_KINDS[e["type"]], column))
        elif e["type"] == "expect_column_values_to_be_between" and kwargs.get("min_value") == kwargs.get("max_value"):
            out.add(("equals_constant", column))
    return out


def dbt_judgments(model: dict) -> set[tuple[str, str]]:
    """(kind, column) of every dbt test on a model's yml entry that could judge the same as a GX rule."""
    out = set()
    tests = list(model.get("data_tests") or model.get("tests") or [])
    for column in model.get("columns") or []:
        for test in column.get("data_tests") or column.get("tests") or []:
            kind = test if isinstance(test, str) else next(iter(test))
            out.add((kind, column["name"]))
    for test in tests:
        if not isinstance(test, dict) or "row_rules" not in test:
            continue
        rules = test["row_rules"].get("arguments", test["row_rules"])
        out |= {("unique", key[0]) for key in rules.get("unique", []) if len(key) == 1}
        out |= {("not_null", column) for column in rules.get("not_null", [])}
        out |= {("accepted_values", column) for column in rules.get("accepted_values", {})}
        for expression in rules.get("expressions", []):
            match = _ZERO.match(expression)
            if match:
                out.add(("equals_constant", match.group(1)))
    return out


def checks_models() -> dict[str, dict]:
    models = {}
    for path in CHECKS_DIR.glob("*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            models[model["name"]] = model
    return models


def test_the_guard_sees_a_rule_judged_twice():
    # what _checks__models.yml held before: dbt's row_rules judged what the suites judge
    before = {
        "name": "chk_balance_sheet_identity",
        "data_tests": [
            {
                "row_rules": {
                    "arguments": {
                        "unique": [["month_end"]],
                        "not_null": ["month_end"],
                        "expressions": ["difference = 0"],
                    }
                }
            }
        ],
    }
    (suite,) = [s for s in load_suites() if s.name == "balance_sheet_balances"]
    assert dbt_judgments(before) & gx_judgments(suite.suite_dict) == {
        ("unique", "month_end"),
        ("not_null", "month_end"),
        ("equals_constant", "difference"),
    }
    # a model's own consistency is no such rule
    shape = {
        "data_tests": [
            {"row_rules": {"arguments": {"expressions": ["(unbalanced_voucher_count = 0) = (posting_total = 0)"]}}}
        ]
    }
    assert dbt_judgments(shape) == set()


def test_no_rule_on_a_chk_model_is_judged_by_both_dbt_and_gx():
    models = checks_models()
    suites = load_suites()
    assert {s.table.split(".")[1] for s in suites} <= set(models)
    for spec in suites:
        judged_by_gx = gx_judgments(spec.suite_dict)
        assert judged_by_gx, spec.name  # the guard compares something
        model = models[spec.table.split(".")[1]]
        assert dbt_judgments(model) & judged_by_gx == set(), f"{model['name']}: judged by dbt and by {spec.name}"


def _rule_table() -> list[list[str]]:
    text = (REPO / "expectations" / "README.md").read_text(encoding="utf-8")
    start = text.index("| rule | where it lives | engine | severity |")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_readme_rule_table_names_every_suite_with_its_severity():
    severities = json.loads((REPO / "expectations" / "gate_severity.json").read_text(encoding="utf-8"))
    gx_rows = {}
    for _rule, _where, engine, severity in _rule_table():
        match = re.fullmatch(r"GX suite `(\w+)`", engine)
        if match:
            gx_rows[match.group(1)] = severity
    assert gx_rows == severities
    assert {s.name for s in load_suites()} == set(severities)


def test_the_reconciliation_seed_routes_each_control_point_to_the_suite_of_its_severity():
    severities = json.loads((REPO / "expectations" / "gate_severity.json").read_text(encoding="utf-8"))
    with (REPO / "seeds" / "reconciliation_control_points.csv").open(encoding="utf-8", newline="") as f:
        routed = {row["severity"] for row in csv.DictReader(f)}
    assert routed and routed <= {"blocking", "warning"}
    sql = (CHECKS_DIR / "chk_reconciliation.sql").read_text(encoding="utf-8")
    suites = {s.name: s for s in load_suites()}
    for severity in ("blocking", "warning"):
        # the seed's value picks the status column, the suite of that column has that severity
        assert f"case when severity = '{severity}' then status else 'ok' end as {severity}_status" in sql
        (suite,) = [
            s for s in suites.values() if ("accepted_values", f"{severity}_status") in gx_judgments(s.suite_dict)
        ]
        assert severities[suite.name] == severity, suite.name


def _gate_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rakenskaper.gate."):
            found.add(node.module.rsplit(".", 1)[1])
        elif isinstance(node, ast.ImportFrom) and node.module == "rakenskaper.gate":
            found.add("__init__")
    return found


def test_the_gate_modules_import_each_other_without_a_cycle_and_stay_small():
    modules = {p.stem: _gate_imports(p) for p in GATE_DIR.glob("*.py") if p.stem != "__init__"}
    assert {"severity", "suites", "tables", "gx_engine", "messages", "results", "runner"} <= set(modules)
    assert all("__init__" not in deps for deps in modules.values())  # submodules never import the package
    done: list[str] = []
    while len(done) < len(modules):
        ready = sorted(m for m, deps in modules.items() if m not in done and deps <= set(done))
        assert ready, f"import cycle among {sorted(set(modules) - set(done))}"
        done.extend(ready)
    for path in GATE_DIR.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, path.name


@pytest.mark.parametrize("module", ["rakenskaper.data_docs", "rakenskaper.gate.messages", "rakenskaper.gate"])
def test_importing_needs_no_great_expectations_and_data_docs_needs_no_gate(module):
    # the gate imports data_docs (make_offline, write_summary), never the reverse: no cycle between them
    code = f"import sys, {module}; print('great_expectations' in sys.modules, 'rakenskaper.gate' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False" if module == "rakenskaper.data_docs" else "True"]
