"""What a failing gate rule does: the one place that says so is ``expectations/gate_severity.json``.

The file maps every suite of the expectations folder to ``"blocking"`` (a failure, or a check that could not
run, stops the build from publishing) or ``"warning"`` (the failure is reported and logged, the build
publishes). It must name every suite and nothing else: a suite without a severity, a name that is no suite, or
any other value stops the gate before it runs (``ValueError``). Suites carry no severity of their own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

BLOCKING, WARNING = "blocking", "warning"
SEVERITIES = (BLOCKING, WARNING)
SEVERITY_FILE = "gate_severity.json"


def read_severities(directory: Path, suite_names: Iterable[str]) -> dict[str, str]:
    """The severity of each suite, from ``directory/gate_severity.json``; ValueError unless it names exactly
    the suites given, each ``blocking`` or ``warning``."""
    path = Path(directory) / SEVERITY_FILE
    if not path.is_file():
        raise ValueError(f"{path}: missing; it must give every suite its severity ({BLOCKING!r} or {WARNING!r})")
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON: {exc}") from exc
    return resolve_severities(table, suite_names, source=str(path))


def resolve_severities(table: object, suite_names: Iterable[str], *, source: str = SEVERITY_FILE) -> dict[str, str]:
    """Check ``table`` ({suite name: severity}) against the suites: each suite exactly one known severity."""
    if not isinstance(table, dict):
        raise ValueError(f"{source}: expected an object {{suite name: {BLOCKING!r} | {WARNING!r}}}")
    names = list(suite_names)
    problems = []
    unknown = sorted(set(table) - set(names))
    if unknown:
        problems.append(f"no such suite(s): {unknown}")
    missing = [n for n in names if n not in table]
    if missing:
        problems.append(f"no severity for suite(s): {missing}")
    bad = {n: v for n, v in table.items() if v not in SEVERITIES}
    if bad:
        problems.append(f"severity must be {BLOCKING!r} or {WARNING!r}, got {bad}")
    if problems:
        raise ValueError(f"{source}: " + "; ".join(problems))
    return {n: table[n] for n in names}
