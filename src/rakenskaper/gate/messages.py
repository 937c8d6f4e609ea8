"""From a GX validation result to the gate's words: which expectation failed, for how many rows, with up to
three offending rows written as the suite's ``meta.rakenskaper.example`` says (amounts back in SEK).

Works on GX's result objects by their attributes only (``results``, ``success``, ``expectation_config``,
``exception_info``, ``result``): no Great Expectations import here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rakenskaper.gate.results import MAX_EXAMPLES, CheckResult
from rakenskaper.gate.suites import SuiteSpec

EXAMPLES_IN_MESSAGE = 3


def exception_messages(exception_info: Any) -> list[str]:
    """Messages of raised exceptions in an ExpectationValidationResult.exception_info.

    GX 1.24 uses two shapes: a flat {"raised_exception", "exception_message", ...} dict, or (when a
    metric failed) a dict keyed by metric-configuration id whose values are such dicts.
    """
    if not exception_info:
        return []
    if isinstance(exception_info, dict) and "raised_exception" in exception_info:
        if exception_info.get("raised_exception"):
            return [str(exception_info.get("exception_message") or "unknown error")]
        return []
    messages = []
    if isinstance(exception_info, dict):
        for value in exception_info.values():
            messages.extend(exception_messages(value))
    return messages


def describe_expectation(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    column = kwargs.pop("column", None)
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    where = f" on {column}" if column else ""
    return f"{config.type}{where}" + (f" ({args})" if args else "")


def _is_missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def sek(ore: Any) -> Decimal | None:
    """Integer öre as Decimal SEK with two decimals (None for a missing value)."""
    if ore is None or _is_missing(ore):
        return None
    return Decimal(int(ore)).scaleb(-2)


def plain(column: str, value: Any, spec: SuiteSpec) -> Any:
    """A value of an offending row as plain Python: amounts in SEK, midnight timestamps as dates."""
    if column in spec.amount_columns:
        return sek(value)
    if value is None or _is_missing(value):
        return None
    if isinstance(value, datetime):  # pandas Timestamp included
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date()
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def format_value(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Fmt(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def example_text(spec: SuiteSpec, row: dict[str, Any]) -> str:
    values = _Fmt({k: format_value(v) for k, v in row.items()})
    if spec.example:
        return spec.example.format_map(values)
    return ", ".join(f"{k} {v}" for k, v in values.items())


def failure_text(config, count: int | None) -> str:
    """The expectation's ``meta.failure`` sentence ([singular, plural] by count), else a description."""
    template = (config.meta or {}).get("failure")
    if isinstance(template, list):
        template = template[0] if count == 1 else template[-1]
    if not template:
        template = f"{describe_expectation(config)} failed" + (" for {count} rows" if count is not None else "")
    return template.format_map(_Fmt(count=count if count is not None else "?"))


def _failure(spec: SuiteSpec, r) -> tuple[str, list[dict[str, Any]]]:
    """One failed expectation's line and its offending rows."""
    result = r.result or {}
    count = result.get("unexpected_count")
    rows = [
        {c: plain(c, item.get(c), spec) for c in spec.example_columns if c in item}
        for item in result.get("partial_unexpected_index_list") or []
        if isinstance(item, dict)
    ]
    text = failure_text(r.expectation_config, count)
    if "observed_value" in result and count is None:
        text += f" (observed: {result['observed_value']})"
    if rows:
        shown = "; ".join(example_text(spec, row) for row in rows[:EXAMPLES_IN_MESSAGE])
        more = (count or len(rows)) - min(len(rows), EXAMPLES_IN_MESSAGE)
        text += ": " + shown + (f"; and {more} more" if more > 0 else "")
    return text, rows


def interpret(spec: SuiteSpec, validation_result, expected_count: int) -> CheckResult:
    """The CheckResult of one suite's validation (severity left to the caller)."""
    errors: list[str] = []
    failures: list[str] = []
    examples: list[dict[str, Any]] = []
    results = list(validation_result.results)
    if len(results) != expected_count:
        errors.append(f"GX returned {len(results)} expectation results for {expected_count} expectations")
    for r in results:
        raised = exception_messages(r.exception_info)
        if raised:
            errors.append(f"{describe_expectation(r.expectation_config)}: {'; '.join(dict.fromkeys(raised))}")
            continue
        if r.success is True:
            continue
        text, rows = _failure(spec, r)
        failures.append(text)
        for row in rows:
            if row not in examples and len(examples) < MAX_EXAMPLES:
                examples.append(row)
    if not validation_result.success and not failures and not errors:
        # GX says no, but no expectation says why: do not pass, do not guess.
        errors.append("Great Expectations reported failure without a failing expectation")

    if errors:
        message = "check could not run: " + "; ".join(errors)
        if failures:
            message += " (also failed: " + "; ".join(failures) + ")"
        return CheckResult(spec.name, spec.table, False, True, examples, message, failures, errors)
    if failures:
        return CheckResult(spec.name, spec.table, False, False, examples, "; ".join(failures), failures, errors)
    passed = bool(validation_result.success)
    return CheckResult(spec.name, spec.table, passed, False, [], "all expectations met", [], [])
