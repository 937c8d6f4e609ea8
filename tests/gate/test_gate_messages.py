"""rakenskaper.gate.messages: a GX validation result in the gate's words, from stand-in result objects (the
module reads GX's results by their attributes), without running Great Expectations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from rakenskaper.gate import messages
from rakenskaper.gate.suites import SuiteSpec

SPEC = SuiteSpec(
    name="vouchers_balance",
    table="checks.chk_voucher_balance",
    amount_columns=("posting_total",),
    example_columns=("series", "voucher_number", "voucher_date", "posting_total"),
    example="series {series} {voucher_number} of {voucher_date} total {posting_total}",
    suite_dict={},
    path=Path("vouchers_balance.json"),
)
BETWEEN = SimpleNamespace(
    type="expect_column_values_to_be_between",
    kwargs={"column": "posting_total", "min_value": 0, "max_value": 0, "batch_id": "x"},
    meta={"failure": ["{count} series-month is off", "{count} series-months are off"]},
)


def outcome(config=BETWEEN, success=True, result=None, exception_info=None):
    return SimpleNamespace(expectation_config=config, success=success, result=result, exception_info=exception_info)


def validation(*results, success=None):
    ok = all(r.success for r in results) if success is None else success
    return SimpleNamespace(results=list(results), success=ok)


def offending(n):
    return [
        {"series": "B", "voucher_number": str(i), "voucher_date": pd.Timestamp(2024, 1, i), "posting_total": 100 * i}
        for i in range(1, n + 1)
    ]


def test_failure_sentences_by_count_and_a_fallback():
    assert messages.failure_text(BETWEEN, 1) == "1 series-month is off"
    assert messages.failure_text(BETWEEN, 4) == "4 series-months are off"
    bare = SimpleNamespace(type="expect_x", kwargs={"column": "c", "value_set": ["ok"]}, meta=None)
    assert messages.failure_text(bare, 2) == "expect_x on c (value_set=['ok']) failed for 2 rows"
    assert messages.failure_text(bare, None) == "expect_x on c (value_set=['ok']) failed"
    assert (
        messages.describe_expectation(BETWEEN)
        == "expect_column_values_to_be_between on posting_total (min_value=0, max_value=0)"
    )


def test_values_come_back_as_plain_python_with_amounts_in_sek():
    assert messages.sek(1277100) == Decimal("12771.00") and messages.sek(-1) == Decimal("-0.01")
    assert messages.sek(None) is None and messages.sek(pd.NA) is None
    assert messages.plain("posting_total", 5, SPEC) == Decimal("0.05")
    assert messages.plain("voucher_date", pd.Timestamp(2024, 1, 31), SPEC) == date(2024, 1, 31)
    assert messages.plain("voucher_date", pd.Timestamp(2024, 1, 31, 8, 30), SPEC) == datetime(2024, 1, 31, 8, 30)
    assert messages.plain("series", None, SPEC) is None
    assert messages.format_value(Decimal("3")) == "3.00" and messages.format_value(None) == "NULL"
    row = {"series": "B", "voucher_number": "1", "voucher_date": date(2024, 1, 31), "posting_total": Decimal("1")}
    assert messages.example_text(SPEC, row) == "series B 1 of 2024-01-31 total 1.00"
    assert messages.example_text(SPEC, {"series": "B"}) == "series B ? of ? total ?"


def test_a_failed_expectation_names_three_rows_and_counts_the_rest():
    result = {"unexpected_count": 5, "partial_unexpected_index_list": offending(5)}
    check = messages.interpret(SPEC, validation(outcome(success=False, result=result)), expected_count=1)
    assert not check.passed and not check.errored
    assert check.message == (
        "5 series-months are off: series B 1 of 2024-01-01 total 1.00; series B 2 of 2024-01-02 total 2.00; "
        "series B 3 of 2024-01-03 total 3.00; and 2 more"
    )
    assert len(check.failing_examples) == 5
    assert check.failing_examples[0] == {
        "series": "B",
        "voucher_number": "1",
        "voucher_date": date(2024, 1, 1),
        "posting_total": Decimal("1.00"),
    }


def test_an_expectation_that_raised_is_an_error_not_bad_data():
    raised = {"m1": {"raised_exception": True, "exception_message": "column posting_total does not exist"}}
    check = messages.interpret(SPEC, validation(outcome(success=False, exception_info=raised)), expected_count=1)
    assert check.errored and not check.passed
    assert check.message == (
        "check could not run: expect_column_values_to_be_between on posting_total (min_value=0, max_value=0): "
        "column posting_total does not exist"
    )


def test_gx_saying_no_without_a_reason_or_losing_an_expectation_is_an_error():
    silent = messages.interpret(SPEC, validation(outcome(), success=False), expected_count=1)
    assert silent.errored and "without a failing expectation" in silent.message
    short = messages.interpret(SPEC, validation(outcome()), expected_count=2)
    assert short.errored and "GX returned 1 expectation results for 2 expectations" in short.message


def test_all_expectations_met():
    check = messages.interpret(SPEC, validation(outcome(), outcome()), expected_count=2)
    assert (check.passed, check.errored, check.message) == (True, False, "all expectations met")
