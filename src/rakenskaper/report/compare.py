"""`rakenskaper compare`: our csv pack against a folder of published tables, cell by cell.

Rows are matched on the table's key columns (tables.toml: `key`; a repeated key is matched by its
occurrence), columns by name. Every cell that differs is listed (file, row, column, published, ours,
difference). A difference listed in allowed_deviations.csv (with its reason) is accepted; anything else —
a different value, a row or column only one side has, a published file we do not produce — is not.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rakenskaper.report.csv_pack import write_csv
from rakenskaper.report.tables import Report

ALLOWED_DEVIATIONS_PATH = Path(__file__).with_name("allowed_deviations.csv")
# The published report names some tables otherwise than our pack does (ours, published); the published
# report is the demo's, so its file names live with the demo.
PUBLISHED_FILE_NAMES_PATH = Path(__file__).parents[1] / "demo" / "published_file_names.csv"


def published_file_names(path: Path = PUBLISHED_FILE_NAMES_PATH) -> dict[str, str]:
    """Our pack's file name → the published report's, where they differ."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["ours"]: row["published"] for row in csv.DictReader(handle)}


KEY_SEPARATOR = " | "


@dataclass(frozen=True)
class Difference:
    file: str
    row: str
    column: str
    published: str | None  # None: the published table has no such row/column
    ours: str | None
    reason: str | None = None  # the allow-list's reason when the deviation is allowed

    @property
    def allowed(self) -> bool:
        return self.reason is not None

    @property
    def difference(self) -> str:
        try:
            return str(int(self.ours) - int(self.published))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return ""


@dataclass(frozen=True)
class AllowedDeviation:
    period: str
    file: str
    row: str
    column: str
    published: str
    ours: str  # '' = any value of ours
    reason: str

    def matches(self, period: str, diff: Difference) -> bool:
        return (
            self.period in ("", period)
            and (self.file, self.row, self.column) == (diff.file, diff.row, diff.column)
            and self.published == (diff.published or "")
            and self.ours in ("", diff.ours or "")
        )


@dataclass
class Comparison:
    period: str
    differences: list[Difference]
    compared: list[str]
    not_covered: dict[str, str]  # published file → why we have no table for it
    unused_allowances: list[AllowedDeviation]

    @property
    def unexplained(self) -> list[Difference]:
        return [d for d in self.differences if not d.allowed]

    @property
    def ok(self) -> bool:
        return not self.unexplained and not self.not_covered


def load_allowed(path: Path = ALLOWED_DEVIATIONS_PATH) -> list[AllowedDeviation]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [AllowedDeviation(**{k: (v or "").strip() for k, v in row.items()}) for row in csv.DictReader(handle)]


def _keyed(rows: list[list[str]], key_indexes: list[int]) -> dict[str, list[str]]:
    """Rows by their key text; a repeated key gets '#2', '#3', … in order of appearance."""
    seen: Counter = Counter()
    keyed = {}
    for row in rows:
        key = KEY_SEPARATOR.join(row[i] for i in key_indexes)
        seen[key] += 1
        keyed[key if seen[key] == 1 else f"{key} #{seen[key]}"] = row
    return keyed


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return (rows[0], rows[1:]) if rows else ([], [])


def compare_file(key: tuple[str, ...], ours_path: Path, published_path: Path) -> list[Difference]:
    """Cell-by-cell differences between our csv and the published one; rows matched on `key`."""
    file = published_path.name
    our_header, our_body = _read_csv(ours_path)
    published_header, published_body = _read_csv(published_path)
    missing_key = [k for k in key if k not in published_header]
    if missing_key:
        return [Difference(file, "(header)", k, None, k) for k in missing_key]
    mine = _keyed(our_body, [our_header.index(k) for k in key])
    theirs = _keyed(published_body, [published_header.index(k) for k in key])
    value_columns = [c for c in published_header if c not in key]
    differences = [Difference(file, "(header)", c, c, None) for c in value_columns if c not in our_header]
    differences += [
        Difference(file, "(header)", c, None, c) for c in our_header if c not in published_header and c not in key
    ]
    shared = [c for c in value_columns if c in our_header]
    for row_key, published_row in theirs.items():
        our_row = mine.get(row_key)
        for column in shared:
            published_value = published_row[published_header.index(column)]
            our_value = None if our_row is None else our_row[our_header.index(column)]
            if our_value != published_value:
                differences.append(Difference(file, row_key, column, published_value, our_value))
    for row_key, our_row in mine.items():
        if row_key not in theirs:
            differences += [
                Difference(file, row_key, column, None, our_row[our_header.index(column)]) for column in shared
            ]
    return differences


def compare(report: Report, published_dir: Path, allowed: list[AllowedDeviation] | None = None) -> Comparison:
    """Render our csv pack for the report's period and compare it with every *.csv in `published_dir`."""
    allowed = load_allowed() if allowed is None else allowed
    period = f"{report.period.report_period:%Y-%m}"
    names = published_file_names()
    by_file = {names.get(table.file, table.file): table for table in report.tables}
    differences, compared, not_covered = [], [], {}
    with tempfile.TemporaryDirectory(prefix="rakenskaper-compare-") as scratch:
        ours_dir = Path(scratch)
        write_csv(report, ours_dir)
        for published_path in sorted(published_dir.glob("*.csv")):
            table = by_file.get(published_path.name)
            if table is None:
                not_covered[published_path.name] = report.missing.get(
                    published_path.name, "no table in the report specification (tables.toml)"
                )
                continue
            compared.append(published_path.name)
            differences += compare_file(table.spec.key, ours_dir / table.file, published_path)
    used: set[int] = set()
    resolved = []
    for diff in differences:
        match = next((i for i, a in enumerate(allowed) if a.matches(period, diff)), None)
        if match is not None:
            used.add(match)
            diff = Difference(**{**diff.__dict__, "reason": allowed[match].reason})
        resolved.append(diff)
    unused = [a for i, a in enumerate(allowed) if i not in used and a.period in ("", period) and a.file in compared]
    return Comparison(period, resolved, compared, not_covered, unused)


def _show(value: str | None) -> str:
    return "(no such row/column)" if value is None else (value or "(blank)")


def print_comparison(result: Comparison, out=None) -> None:
    out = out or sys.stdout
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "row", "column", "published", "ours", "difference", "status"])
    for d in result.differences:
        status = f"allowed: {d.reason}" if d.allowed else "UNEXPLAINED"
        writer.writerow([d.file, d.row, d.column, _show(d.published), _show(d.ours), d.difference, status])
    print(
        f"\nperiod {result.period}: {len(result.compared)} file(s) compared, "
        f"{len(result.differences)} cell(s) differ, {len(result.unexplained)} unexplained",
        file=out,
    )
    for file, why in result.not_covered.items():
        print(f"not covered: {file} ({why})", file=out)
    for allowance in result.unused_allowances:
        print(
            f"note: allowed deviation not seen (fixed?): {allowance.file} / {allowance.row} / {allowance.column}",
            file=out,
        )
