"""The quality gate: Great Expectations suites over the `checks.chk_*` tables of the build DuckDB file.

Runs after dbt, before publish. The suites live in the top-level `expectations/` folder as GX ExpectationSuite
JSON files, with every suite's severity in `expectations/gate_severity.json` (see expectations/README.md: which
rule lives where, judged by which engine, with what severity). The package, by concern:

- ``severity``: gate_severity.json, the one place that says whether a failing suite blocks or warns;
- ``suites``: reading and checking the suite files (SuiteSpec, load_suites);
- ``tables``: DuckDB (read-only) → pandas, amounts as exact integer öre;
- ``gx_engine``: the GX context, a Checkpoint per suite, the Data Docs site;
- ``messages``: a GX validation result in the gate's words (failing rows, the suite's sentences);
- ``results``: CheckResult, GateResult (the verdict and its summary), GateFailed;
- ``runner``: run_gate, the whole gate.

A check that could not run (missing table or column, an amount column that is not DECIMAL(_,≤2), an
expectation that raised inside GX) is reported as an error of the gate ("check could not run: …"), never as a
pass and never mixed up with a check that ran and found bad data. A warning check that could not run is a
warning too; a blocking one that could not run blocks.

Usage from the pipeline::

    result = run_gate(build_db, data_docs_dir=warehouse / "data_docs")
    if not result.passed:
        raise GateFailed(result)

Importing this package is cheap; Great Expectations (a slow import) is imported when the gate runs.
"""

from __future__ import annotations

from rakenskaper.gate.results import MAX_EXAMPLES, CheckResult, GateFailed, GateResult
from rakenskaper.gate.runner import run_gate
from rakenskaper.gate.severity import BLOCKING, SEVERITY_FILE, WARNING
from rakenskaper.gate.suites import SuiteSpec, load_suites

__all__ = [
    "BLOCKING",
    "MAX_EXAMPLES",
    "SEVERITY_FILE",
    "WARNING",
    "CheckResult",
    "GateFailed",
    "GateResult",
    "SuiteSpec",
    "load_suites",
    "run_gate",
]
