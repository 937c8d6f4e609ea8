"""The quality gate: Great Expectations suites over the `checks.chk_*` tables of the build DuckDB file.

Runs after dbt, before publish. The suites live in the top-level `expectations/` folder as GX
ExpectationSuite JSON files (see expectations/README.md); this module only loads and runs them.

How it reads the data: GX 1.x's SQL data source does not work on DuckDB through duckdb-engine (every
expectation errors with an IndexError and `success` is merely False: GX issues #10738, #11579), so each
check table is read from DuckDB (opened read-only) into a pandas DataFrame and validated through a GX
pandas data source. DuckDB hands DECIMAL columns to pandas as float64, which is not exact, so the
suite's amount columns are converted in DuckDB to integer öre (`CAST(CAST(x AS DECIMAL(38,2)) * 100 AS
BIGINT)`, exact for DECIMAL with at most 2 decimals) and the expectations compare integers.

A check that could not run (missing table or column, an amount column that is not DECIMAL(_,≤2), an
expectation that raised inside GX) is reported as an error of the gate ("check could not run: …"),
never as a pass and never mixed up with a check that ran and found bad data.

Usage from the pipeline::

    result = run_gate(build_db, data_docs_dir=warehouse / "data_docs")
    if not result.passed:
        raise GateFailed(result)

Severity, per suite: `meta.rakenskaper.severity` is "blocking" (the default: a failure stops the build
from publishing) or "warning" (a failure is reported and logged, the build publishes). The file
`expectations/gate_severity.json` ({"suite name": "warning" | "blocking"}) overrides it without touching
the suite. A warning check that could not run is a warning too; a blocking one that could not run blocks.

Data Docs: the site is built once after every suite ran, then made readable offline (rakenskaper.data_docs:
the CDN scripts and stylesheets of GX's templates are served from the site's static/vendor/); each
validation page names its data asset (the checks table) and the run (``run_name``, default
"gate-<UTC date and time>"), and gate_results.json beside index.html holds the results as plain data.

Importing this module is cheap; Great Expectations (a slow import) is imported when the gate runs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from rakenskaper.errors import ChecksFailed

__all__ = [
    "CheckResult",
    "GateFailed",
    "GateResult",
    "SuiteSpec",
    "load_suites",
    "run_gate",
]

BLOCKING, WARNING = "blocking", "warning"
SEVERITY_FILE = "gate_severity.json"

#: At most this many offending rows are kept per check (and 3 of them are quoted in the message).
MAX_EXAMPLES = 10
_EXAMPLES_IN_MESSAGE = 3

_DATA_DOCS_SITE = "rakenskaper_gate"


def _default_expectations_dir() -> Path:
    override = os.environ.get("RAKENSKAPER_EXPECTATIONS_DIR")
    if override:
        return Path(override)
    # src/rakenskaper/gate.py -> repository root / expectations
    return Path(__file__).resolve().parents[2] / "expectations"


# --------------------------------------------------------------------------------------------------
# Results


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


@dataclass(frozen=True)
class GateResult:
    passed: bool
    checks: list[CheckResult]
    data_docs_index: Path | None = None

    @property
    def errored(self) -> bool:
        return any(c.errored for c in self.checks if c.severity == BLOCKING)

    @property
    def warnings(self) -> list[CheckResult]:
        """Warning-severity checks that did not pass: the build publishes, flagged."""
        return [c for c in self.checks if c.severity == WARNING and not c.passed]

    def summary(self) -> str:
        blocking = [c for c in self.checks if c.severity == BLOCKING]
        failed = [c for c in blocking if not c.passed and not c.errored]
        errored = [c for c in blocking if c.errored]
        if self.passed and self.warnings:
            head = (
                f"Quality gate passed with {len(self.warnings)} warning(s): "
                f"{len(self.checks) - len(self.warnings)} of {len(self.checks)} checks passed."
            )
        elif self.passed:
            head = f"Quality gate passed: all {len(self.checks)} checks passed."
        else:
            n = len(self.checks)
            parts = []
            if failed:
                parts.append(f"{len(failed)} of {n} checks failed")
            if errored:
                parts.append(f"{len(errored)} of {n} checks could not run")
            if not parts:  # defensive: never print "passed" for a gate that did not pass
                parts.append("no check passed")
            head = f"Quality gate FAILED: {', '.join(parts)}."
        lines = [head]
        for c in self.checks:
            if c.severity == WARNING and not c.passed:
                lines.append(f"WARNING {c.name} ({c.table}): {c.message}")
            elif c.errored:
                lines.append(f"ERROR {c.name} ({c.table}): {c.message}")
            elif not c.passed:
                lines.append(f"FAILED {c.name} ({c.table}): {c.message}")
            else:
                lines.append(f"passed {c.name} ({c.table})")
        if self.data_docs_index is not None:
            lines.append(f"Data Docs: {self.data_docs_index}")
        return "\n".join(lines)


class GateFailed(ChecksFailed):
    """Raised by the pipeline when the gate did not pass; carries the GateResult."""

    def __init__(self, result: GateResult) -> None:
        self.result = result
        super().__init__(result.summary())


# --------------------------------------------------------------------------------------------------
# Suites


@dataclass(frozen=True)
class SuiteSpec:
    """One suite file of expectations/: the GX suite dict plus the gate's reading instructions."""

    name: str
    table: str
    amount_columns: tuple[str, ...]
    example_columns: tuple[str, ...]
    example: str
    suite_dict: dict[str, Any]
    path: Path
    severity: str = BLOCKING

    @property
    def schema_and_table(self) -> tuple[str, str]:
        schema, _, table = self.table.partition(".")
        return schema, table


def load_suites(expectations_dir: Path | None = None) -> list[SuiteSpec]:
    """Read every `*.json` suite in expectations_dir (sorted by file name).

    Raises ValueError for a file that is not a well-formed suite: a gate with a broken suite must not
    run at all (GX itself would merely log and drop an invalid expectation).
    """
    directory = Path(expectations_dir) if expectations_dir else _default_expectations_dir()
    files = sorted(p for p in directory.glob("*.json") if p.name != SEVERITY_FILE)
    if not files:
        raise ValueError(f"no expectation suites (*.json) in {directory}")
    specs = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            name = data["name"]
            ours = data["meta"]["rakenskaper"]
            table = ours["table"]
            expectations = data["expectations"]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a gate suite (missing {exc})") from exc
        if "." not in table:
            raise ValueError(f"{path}: table must be schema.table, got {table!r}")
        if not expectations:
            raise ValueError(f"{path}: suite has no expectations")
        for i, exp in enumerate(expectations):
            if not isinstance(exp, dict) or "type" not in exp:
                raise ValueError(f"{path}: expectation #{i + 1} has no type")
        specs.append(
            SuiteSpec(
                name=name,
                table=table,
                amount_columns=tuple(ours.get("amount_columns", [])),
                example_columns=tuple(ours.get("example_columns", [])),
                example=ours.get("example", ""),
                suite_dict=data,
                path=path,
            )
        )
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate suite names in {directory}: {names}")
    return _apply_severities(specs, directory)


def _apply_severities(specs: list[SuiteSpec], directory: Path) -> list[SuiteSpec]:
    """Each suite's meta.rakenskaper.severity, overridden by gate_severity.json; anything else is an error."""

    overrides: dict[str, str] = {}
    override_file = directory / SEVERITY_FILE
    if override_file.is_file():
        overrides = json.loads(override_file.read_text(encoding="utf-8"))
        if not isinstance(overrides, dict):
            raise ValueError(f"{override_file}: expected an object {{suite name: severity}}")
        unknown = sorted(set(overrides) - {s.name for s in specs})
        if unknown:
            raise ValueError(f"{override_file}: no such suite(s): {unknown}")
    out = []
    for spec in specs:
        severity = overrides.get(spec.name, spec.suite_dict["meta"]["rakenskaper"].get("severity", BLOCKING))
        if severity not in (BLOCKING, WARNING):
            raise ValueError(f"{spec.path}: severity must be {BLOCKING!r} or {WARNING!r}, got {severity!r}")
        out.append(replace(spec, severity=severity))
    return out


def _build_gx_suite(spec: SuiteSpec):
    import great_expectations as gx

    d = spec.suite_dict
    suite = gx.ExpectationSuite(
        name=spec.name,
        expectations=[
            {"type": e["type"], "kwargs": e.get("kwargs", {}), "meta": e.get("meta", {})} for e in d["expectations"]
        ],
        meta={k: v for k, v in d.get("meta", {}).items()},
        notes=d.get("notes"),
    )
    # ExpectationSuite logs and silently drops an expectation it cannot build: refuse that.
    if len(suite.expectations) != len(d["expectations"]):
        built = {e.expectation_type for e in suite.expectations}
        raise ValueError(
            f"{spec.path}: GX accepted only {len(suite.expectations)} of "
            f"{len(d['expectations'])} expectations (built: {sorted(built)})"
        )
    return suite


# --------------------------------------------------------------------------------------------------
# Reading a check table


class _CannotRun(Exception):
    """The check cannot run; the message says why (becomes 'check could not run: …')."""


_DECIMAL_RE = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _read_table(con, spec: SuiteSpec):
    """The check table as a DataFrame, amount columns as exact integer öre (nullable Int64)."""
    schema, table = spec.schema_and_table
    cols = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    if not cols:
        raise _CannotRun(f"table {spec.table} does not exist in the build database")
    select = []
    for name, data_type in cols:
        if name in spec.amount_columns:
            dt = data_type.upper()
            m = _DECIMAL_RE.fullmatch(dt)
            if not ((m and int(m.group(2)) <= 2) or dt in _INTEGER_TYPES):
                raise _CannotRun(
                    f"column {spec.table}.{name} has type {data_type}; amounts must be "
                    "DECIMAL(18,2) so the gate can compare them exactly to the öre"
                )
            # Widen first: DECIMAL(18,2) * 100 overflows DECIMAL(18,_) in DuckDB above 1e16.
            select.append(f"CAST(CAST({_quote(name)} AS DECIMAL(38,2)) * 100 AS BIGINT) AS {_quote(name)}")
        else:
            select.append(_quote(name))
    sql = f"SELECT {', '.join(select)} FROM {_quote(schema)}.{_quote(table)}"
    df = con.execute(sql).df()
    for name in spec.amount_columns:
        if name in df.columns:
            df[name] = df[name].astype("Int64")
    return df


# --------------------------------------------------------------------------------------------------
# Running


def _gx_context(data_docs_dir: Path | None):
    # The product never phones home (and the servers have no internet): analytics off whatever the environment
    # says, in whatever spelling ("false", "False", "0"); GX reads the variable when it is imported.
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # In-memory stores without the default "local_site" docs site: GX would make a temp dir for it (and log
    # "Created temporary directory ... for ephemeral docs site" at INFO, noise for the CLI user); docs are
    # written only where asked.
    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False))
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.enable_analytics(False)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in list(context.list_data_docs_sites()):  # none; kept so no other site is ever written
        context.delete_data_docs_site(site)
    if data_docs_dir is not None:
        context.add_data_docs_site(
            _DATA_DOCS_SITE,
            {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(Path(data_docs_dir).resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


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
    GateFailed(result)). Raises ValueError if the suite files themselves are broken.
    """
    import duckdb

    specs = load_suites(expectations_dir)
    db_path = Path(db_path)

    frames: dict[str, Any] = {}
    cannot_run: dict[str, str] = {}
    if not db_path.is_file():
        for s in specs:
            cannot_run[s.name] = f"build database {db_path} does not exist"
    else:
        try:
            con = duckdb.connect(str(db_path), read_only=True)
        except Exception as exc:  # noqa: BLE001 - reported as a gate error
            for s in specs:
                cannot_run[s.name] = f"cannot open {db_path} read-only: {exc}"
        else:
            try:
                for s in specs:
                    try:
                        frames[s.name] = _read_table(con, s)
                    except _CannotRun as exc:
                        cannot_run[s.name] = str(exc)
                    except duckdb.Error as exc:
                        cannot_run[s.name] = f"reading {s.table} failed: {exc}"
            finally:
                con.close()
    if on_checks_read is not None:
        on_checks_read()

    context = _gx_context(data_docs_dir) if frames or data_docs_dir is not None else None
    run_id = _run_identifier(run_name) if context is not None else None
    checks: list[CheckResult] = []
    for s in specs:
        if s.name in cannot_run:
            msg = f"check could not run: {cannot_run[s.name]}"
            checks.append(CheckResult(s.name, s.table, False, True, [], msg, [], [msg], s.severity))
            continue
        try:
            checks.append(
                replace(_run_suite(context, s, frames[s.name], data_docs_dir is not None, run_id), severity=s.severity)
            )
        except Exception as exc:  # noqa: BLE001 - GX itself failed: the check did not run
            msg = f"check could not run: Great Expectations raised {type(exc).__name__}: {exc}"
            checks.append(CheckResult(s.name, s.table, False, True, [], msg, [], [msg], s.severity))

    docs_index = None
    if data_docs_dir is not None and context is not None:
        from rakenskaper.data_docs import make_offline, write_summary

        context.build_data_docs(site_names=[_DATA_DOCS_SITE])
        index = Path(data_docs_dir) / "index.html"
        docs_index = index if index.is_file() else None
        if docs_index is not None:
            make_offline(Path(data_docs_dir))  # the CDN assets from static/vendor/, no network needed

    passed = bool(checks) and all(c.passed and not c.errored for c in checks if c.severity == BLOCKING)
    result = GateResult(passed=passed, checks=checks, data_docs_index=docs_index)
    if docs_index is not None:
        write_summary(result, Path(data_docs_dir))  # data_docs/gate_results.json: the results as plain data
    return result


def _run_identifier(run_name: str | None):
    """The GX run id of this gate run: its name shows on the Data Docs pages and names a folder there."""
    from great_expectations.core.run_identifier import RunIdentifier

    run_time = datetime.now(UTC)
    name = run_name or f"gate-{run_time:%Y-%m-%dT%H%M%SZ}"
    # a folder name on any file system (Data Docs are copied to Windows shares): no ':' or '/'
    name = re.sub(r"[^A-Za-z0-9._+-]+", "-", name).strip("-") or "gate"
    return RunIdentifier(run_name=name, run_time=run_time)


def _run_suite(context, spec: SuiteSpec, df, with_docs: bool, run_id=None) -> CheckResult:
    import great_expectations as gx

    suite = context.suites.add(_build_gx_suite(spec))
    asset = context.data_sources.add_pandas(f"{spec.name}_source").add_dataframe_asset(spec.table)
    batch_definition = asset.add_batch_definition_whole_dataframe("whole_table")
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=spec.name, data=batch_definition, suite=suite)
    )
    index_columns = [c for c in spec.example_columns if c in df.columns]
    result_format: dict[str, Any] = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": MAX_EXAMPLES,
    }
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    # No UpdateDataDocsAction: run_gate builds the whole site once, after every suite has run and its stored
    # result names its data asset (below).
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"gate_{spec.name}",
            validation_definitions=[validation],
            actions=[],
            result_format=result_format,
        )
    )
    checkpoint_result = checkpoint.run(batch_parameters={"dataframe": df}, run_id=run_id)
    run_results = list(checkpoint_result.run_results.items())
    if len(run_results) != 1:
        raise RuntimeError(f"expected 1 validation result, got {len(run_results)}")
    identifier, validation_result = run_results[0]
    if with_docs:
        _name_data_asset(context, identifier, spec.table)
    return _interpret(spec, validation_result, expected_count=len(suite.expectations))


def _name_data_asset(context, identifier, table: str) -> None:
    """Put the data asset's name where the Data Docs renderer looks for it.

    GX 1.x's validation page reads ``meta["batch_spec"]["data_asset_name"]`` (else "Data asset: None"), but a
    pandas DataFrame asset's batch spec holds only ``batch_data``; the asset's name is in
    ``meta["active_batch_definition"]``. The stored result (what the site builder renders) gets a copy.
    """
    store = context.validation_results_store
    stored = store.get(identifier)
    meta = stored.meta
    name = (meta.get("active_batch_definition") or {}).get("data_asset_name") or table
    batch_spec = dict(meta.get("batch_spec") or {})
    batch_spec["data_asset_name"] = name
    meta["batch_spec"] = batch_spec
    store.set(identifier, stored)


# --------------------------------------------------------------------------------------------------
# Interpreting GX results


def _exception_messages(exception_info: Any) -> list[str]:
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
            messages.extend(_exception_messages(value))
    return messages


def _describe_expectation(config) -> str:
    kwargs = {k: v for k, v in config.kwargs.items() if k != "batch_id"}
    column = kwargs.pop("column", None)
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    where = f" on {column}" if column else ""
    return f"{config.type}{where}" + (f" ({args})" if args else "")


def _sek(ore: Any) -> Any:
    if ore is None or _is_missing(ore):
        return None
    return Decimal(int(ore)).scaleb(-2)


def _is_missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(column: str, value: Any, spec: SuiteSpec) -> Any:
    if column in spec.amount_columns:
        return _sek(value)
    if value is None or _is_missing(value):
        return None
    if isinstance(value, datetime):  # pandas Timestamp included
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date()
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _format_value(value: Any) -> str:
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


def _example_text(spec: SuiteSpec, row: dict[str, Any]) -> str:
    values = _Fmt({k: _format_value(v) for k, v in row.items()})
    if spec.example:
        return spec.example.format_map(values)
    return ", ".join(f"{k} {v}" for k, v in values.items())


def _failure_text(config, count: int | None) -> str:
    template = (config.meta or {}).get("failure")
    if isinstance(template, list):
        template = template[0] if count == 1 else template[-1]
    if not template:
        template = f"{_describe_expectation(config)} failed" + (" for {count} rows" if count is not None else "")
    return template.format_map(_Fmt(count=count if count is not None else "?"))


def _interpret(spec: SuiteSpec, validation_result, expected_count: int) -> CheckResult:
    errors: list[str] = []
    failures: list[str] = []
    examples: list[dict[str, Any]] = []
    results = list(validation_result.results)
    if len(results) != expected_count:
        errors.append(f"GX returned {len(results)} expectation results for {expected_count} expectations")
    for r in results:
        config = r.expectation_config
        raised = _exception_messages(r.exception_info)
        if raised:
            errors.append(f"{_describe_expectation(config)}: {'; '.join(dict.fromkeys(raised))}")
            continue
        if r.success is True:
            continue
        result = r.result or {}
        count = result.get("unexpected_count")
        rows = []
        for item in result.get("partial_unexpected_index_list") or []:
            if isinstance(item, dict):
                rows.append({c: _plain(c, item.get(c), spec) for c in spec.example_columns if c in item})
        text = _failure_text(config, count)
        if "observed_value" in result and count is None:
            text += f" (observed: {result['observed_value']})"
        if rows:
            shown = "; ".join(_example_text(spec, row) for row in rows[:_EXAMPLES_IN_MESSAGE])
            more = (count or len(rows)) - min(len(rows), _EXAMPLES_IN_MESSAGE)
            text += ": " + shown + (f"; and {more} more" if more > 0 else "")
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
