"""The csv pack: one file per table, in the published layout (UTF-8, comma-separated, header row,
quotes only where needed), so the published report and ours can be diffed file by file. What the pack is
built on goes beside the tables, in PROVENANCE_FILE: a row in a table would break that diff."""

from __future__ import annotations

import csv
from pathlib import Path

from rakenskaper.report.tables import Report, ReportTable, cell_text


def write_table(table: ReportTable, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([cell_text(value) for value in row])
    return path


PROVENANCE_FILE = "underlag.txt"


def write_provenance(provenance, out: Path) -> Path:
    """The pack's "Underlag" line (report.provenance.ProvenanceLine) as a one-line text file."""
    path = out / PROVENANCE_FILE
    path.write_text(provenance.text + "\n", encoding="utf-8")
    return path


def write_csv(report: Report, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [write_table(table, out / table.file) for table in report.tables]
