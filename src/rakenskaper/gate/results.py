"""The gate's outcome: one CheckResult per suite, a GateResult over them, and GateFailed to raise with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rakenskaper.errors import ChecksFailed
from rakenskaper.gate.severity import BLOCKING, WARNING

#: At most this many offending rows are kept per check (and 3 of them are quoted in the message).
MAX_EXAMPLES = 10


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one suite on one table.

    passed:   every expectation ran and succeeded.
    errored:  the check could not run (or one of its expectations raised); passed is then False.
    failing_examples: up to MAX_EXAMPLES offending rows, each a dict of the suite's identifying
              columns (e.g. month_end, or source_file_name/series/voucher_number/line_no) with
              amounts as Decimal SEK.
    message:  one line for a human.
    failures: one line per failed expectation; errors: one line per error.
    """

    name: str
    table: str
    passed: bool
    errored: bool
    failing_examples: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    severity: str = BLOCKING

    @property
    def status(self) -> str:
        if self.passed:
            return "passed"
        if self.severity == WARNING:
            return "WARNING"
        return "ERROR" if self.errored else "FAILED"

    @property
    def line(self) -> str:
        """The check's line in the gate's summary."""
        if self.severity == WARNING and not self.passed:
            word = "WARNING"
        elif self.errored:
            word = "ERROR"
        elif not self.passed:
            word = "FAILED"
        else:
            return f"passed {self.name} ({self.table})"
        return f"{word} {self.name} ({self.table}): {self.message}"


def could_not_run(name: str, table: str, reason: str, severity: str = BLOCKING) -> CheckResult:
    """The result of a check that did not run: an error, never a pass, never bad data."""
    message = f"check could not run: {reason}"
    return CheckResult(name, table, False, True, [], message, [], [message], severity)


@dataclass(frozen=True)
class GateResult:
    passed: bool
    checks: list[CheckResult]
    data_docs_index: Path | None = None

    @classmethod
    def of(cls, checks: list[CheckResult], data_docs_index: Path | None = None) -> GateResult:
        """The verdict: passed when there is a check and every blocking one ran and passed."""
        passed = bool(checks) and all(c.passed and not c.errored for c in checks if c.severity == BLOCKING)
        return cls(passed=passed, checks=checks, data_docs_index=data_docs_index)

    @property
    def errored(self) -> bool:
        return any(c.errored for c in self.checks if c.severity == BLOCKING)

    @property
    def warnings(self) -> list[CheckResult]:
        """Warning-severity checks that did not pass: the build publishes, flagged."""
        return [c for c in self.checks if c.severity == WARNING and not c.passed]

    def summary(self) -> str:
        lines = [self._head()]
        lines.extend(c.line for c in self.checks)
        if self.data_docs_index is not None:
            lines.append(f"Data Docs: {self.data_docs_index}")
        return "\n".join(lines)

    def _head(self) -> str:
        n = len(self.checks)
        if self.passed and self.warnings:
            w = len(self.warnings)
            return f"Quality gate passed with {w} warning(s): {n - w} of {n} checks passed."
        if self.passed:
            return f"Quality gate passed: all {n} checks passed."
        blocking = [c for c in self.checks if c.severity == BLOCKING]
        failed = [c for c in blocking if not c.passed and not c.errored]
        errored = [c for c in blocking if c.errored]
        parts = []
        if failed:
            parts.append(f"{len(failed)} of {n} checks failed")
        if errored:
            parts.append(f"{len(errored)} of {n} checks could not run")
        if not parts:  # defensive: never print "passed" for a gate that did not pass
            parts.append("no check passed")
        return f"Quality gate FAILED: {', '.join(parts)}."


class GateFailed(ChecksFailed):
    """Raised by the pipeline when the gate did not pass; carries the GateResult."""

    def __init__(self, result: GateResult) -> None:
        self.result = result
        super().__init__(result.summary())
