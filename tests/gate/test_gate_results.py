"""rakenskaper.gate.results: the verdict over the checks and the summary's words, without running GX."""

from __future__ import annotations

from pathlib import Path

import pytest

from rakenskaper.gate import GateFailed
from rakenskaper.gate.results import CheckResult, GateResult, could_not_run
from rakenskaper.gate.severity import BLOCKING, WARNING

OK = CheckResult("ok", "checks.chk_ok", True, False, message="all expectations met")


def failed(name="bad", severity=BLOCKING):
    return CheckResult(name, f"checks.chk_{name}", False, False, message="2 rows off", severity=severity)


def test_could_not_run_is_an_error_never_a_pass():
    c = could_not_run("v", "checks.chk_v", "table checks.chk_v does not exist", WARNING)
    assert (c.passed, c.errored, c.severity) == (False, True, WARNING)
    assert c.message == "check could not run: table checks.chk_v does not exist"
    assert c.errors == [c.message] and c.failures == [] and c.failing_examples == []


@pytest.mark.parametrize(
    ("checks", "passed", "head"),
    [
        ([OK], True, "Quality gate passed: all 1 checks passed."),
        ([OK, failed(severity=WARNING)], True, "Quality gate passed with 1 warning(s): 1 of 2 checks passed."),
        ([OK, failed()], False, "Quality gate FAILED: 1 of 2 checks failed."),
        ([OK, could_not_run("e", "checks.chk_e", "x")], False, "Quality gate FAILED: 1 of 2 checks could not run."),
        (
            [failed(), could_not_run("e", "checks.chk_e", "x")],
            False,
            "Quality gate FAILED: 1 of 2 checks failed, 1 of 2 checks could not run.",
        ),
        ([], False, "Quality gate FAILED: no check passed."),
    ],
)
def test_the_verdict_and_its_first_line(checks, passed, head):
    result = GateResult.of(checks)
    assert result.passed is passed
    assert result.summary().splitlines()[0] == head


def test_a_warning_check_that_could_not_run_warns_and_a_blocking_one_blocks():
    warn = could_not_run("w", "checks.chk_w", "x", WARNING)
    assert GateResult.of([OK, warn]).passed and not GateResult.of([OK, warn]).errored
    block = could_not_run("b", "checks.chk_b", "x", BLOCKING)
    assert not GateResult.of([OK, block]).passed and GateResult.of([OK, block]).errored


def test_one_line_per_check_in_the_summary(tmp_path):
    checks = [OK, failed(severity=WARNING), failed("worse"), could_not_run("e", "checks.chk_e", "gone")]
    result = GateResult.of(checks, tmp_path / "index.html")
    assert result.summary().splitlines()[1:] == [
        "passed ok (checks.chk_ok)",
        "WARNING bad (checks.chk_bad): 2 rows off",
        "FAILED worse (checks.chk_worse): 2 rows off",
        "ERROR e (checks.chk_e): check could not run: gone",
        f"Data Docs: {Path(tmp_path / 'index.html')}",
    ]
    assert [c.status for c in checks] == ["passed", "WARNING", "FAILED", "ERROR"]
    assert [w.name for w in result.warnings] == ["bad"]


def test_gate_failed_carries_the_result_and_says_its_summary():
    result = GateResult.of([failed()])
    error = GateFailed(result)
    assert error.result is result and str(error) == result.summary()
