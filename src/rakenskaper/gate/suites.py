"""The suite files of ``expectations/``: each a GX ExpectationSuite in GX's JSON shape plus the gate's reading
instructions under ``meta.rakenskaper`` (see expectations/README.md). This module only reads and checks them;
their severities come from ``gate_severity.json`` (rakenskaper.gate.severity)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rakenskaper.gate.severity import BLOCKING, SEVERITY_FILE, read_severities


def default_expectations_dir() -> Path:
    override = os.environ.get("RAKENSKAPER_EXPECTATIONS_DIR")
    if override:
        return Path(override)
    # src/rakenskaper/gate/suites.py -> repository root / expectations
    return Path(__file__).resolve().parents[3] / "expectations"


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
    """Read every `*.json` suite in expectations_dir (sorted by file name), each with its severity from the
    folder's gate_severity.json.

    Raises ValueError for a file that is not a well-formed suite, or a severity table that does not give every
    suite exactly one severity: a gate with a broken suite must not run at all (GX itself would merely log and
    drop an invalid expectation).
    """
    directory = Path(expectations_dir) if expectations_dir else default_expectations_dir()
    files = sorted(p for p in directory.glob("*.json") if p.name != SEVERITY_FILE)
    if not files:
        raise ValueError(f"no expectation suites (*.json) in {directory}")
    specs = [_read_suite(path) for path in files]
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate suite names in {directory}: {names}")
    severities = read_severities(directory, names)
    return [replace(s, severity=severities[s.name]) for s in specs]


def _read_suite(path: Path) -> SuiteSpec:
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        name = data["name"]
        ours = data["meta"]["rakenskaper"]
        table = ours["table"]
        expectations = data["expectations"]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a gate suite (missing {exc})") from exc
    if "severity" in ours:
        raise ValueError(f"{path}: a suite states no severity; it belongs in {SEVERITY_FILE} beside the suites")
    if "." not in table:
        raise ValueError(f"{path}: table must be schema.table, got {table!r}")
    if not expectations:
        raise ValueError(f"{path}: suite has no expectations")
    for i, exp in enumerate(expectations):
        if not isinstance(exp, dict) or "type" not in exp:
            raise ValueError(f"{path}: expectation #{i + 1} has no type")
    return SuiteSpec(
        name=name,
        table=table,
        amount_columns=tuple(ours.get("amount_columns", [])),
        example_columns=tuple(ours.get("example_columns", [])),
        example=ours.get("example", ""),
        suite_dict=data,
        path=path,
    )
