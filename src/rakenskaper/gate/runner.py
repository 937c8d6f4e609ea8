"""run_gate: read the check tables, validate each with its suite, build the Data Docs, give the verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rakenskaper.data_docs import write_summary
from rakenskaper.gate.gx_engine import build_data_docs, gx_context, run_identifier, run_suite
from rakenskaper.gate.results import CheckResult, GateResult, could_not_run
from rakenskaper.gate.suites import SuiteSpec, load_suites
from rakenskaper.gate.tables import read_check_tables


def run_gate(
    db_path: Path,
    data_docs_dir: Path | None = None,
    *,
    expectations_dir: Path | None = None,
    on_checks_read: Callable[[], None] | None = None,
    run_name: str | None = None,
) -> GateResult:
    """Validate the `checks.chk_*` tables of the DuckDB file at db_path with the GX suites.

    data_docs_dir: if given, GX Data Docs (HTML, index.html) are built there, readable offline (their
    scripts and stylesheets are copied to static/vendor/: rakenskaper.data_docs), with the results as plain
    data beside them (gate_results.json).
    run_name: the run's name on the Data Docs pages (default "gate-<UTC date and time>"); characters other
    than letters, digits and ``._+-`` become "-".
    on_checks_read: called once the check tables are read and the file is closed again — the rest of the
    gate works on those copies, so the caller may start other work on the file (the exports) meanwhile.
    Never raises for bad data or a check that cannot run: look at GateResult.passed (and raise
    GateFailed(result)). Raises ValueError if the suite files or gate_severity.json are broken.
    """
    specs = load_suites(expectations_dir)
    frames, cannot_run = read_check_tables(Path(db_path), specs)
    if on_checks_read is not None:
        on_checks_read()

    context = gx_context(data_docs_dir) if frames or data_docs_dir is not None else None
    run_id = run_identifier(run_name) if context is not None else None
    checks = [
        could_not_run(s.name, s.table, cannot_run[s.name], s.severity)
        if s.name in cannot_run
        else _validate(context, s, frames[s.name], data_docs_dir is not None, run_id)
        for s in specs
    ]

    docs_index = None
    if data_docs_dir is not None and context is not None:
        docs_index = build_data_docs(context, Path(data_docs_dir))
    result = GateResult.of(checks, docs_index)
    if docs_index is not None:
        write_summary(result, Path(data_docs_dir))  # data_docs/gate_results.json: the results as plain data
    return result


def _validate(context, spec: SuiteSpec, df, with_docs: bool, run_id) -> CheckResult:
    try:
        return replace(run_suite(context, spec, df, with_docs, run_id), severity=spec.severity)
    except Exception as exc:  # noqa: BLE001 - GX itself failed: the check did not run
        reason = f"Great Expectations raised {type(exc).__name__}: {exc}"
        return could_not_run(spec.name, spec.table, reason, spec.severity)
