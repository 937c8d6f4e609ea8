"""Extract one source folder of delimited files: snapshot, validate, pseudonymise, land.

``extract_folder(sources_dir, folder, landing_dir, ...)`` reads every ``*.csv`` of ``<sources>/<folder>/``
once (the bytes read are the snapshot: a file changing during the night does not change this run), validates
each with the strict reader and writes the typed rows to ``<landing>/<folder>/<file>.parquet`` plus a
``manifest.json``. Personal data is pseudonymised here, so nothing after extract ever sees it.

A bad file rejects the whole folder: every bad file is reported (file, line, reason) and put in the
quarantine folder with a ``.reason.txt``; nothing of the folder is landed. A file of a personal-data format
(payroll) is not copied to the quarantine folder: its reason file names the source path and sha256, and
reasons never quote a personnummer or a name.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from rakenskaper.sources.files import find_source_files
from rakenskaper.sources.raw_schema import delimited_table
from rakenskaper.sources.violations import SourceRejected, Violation, quarantine
from rakenskaper.subledgers.formats import FOLDERS, SourceFormat, format_for
from rakenskaper.subledgers.pseudonym import pseudonymiser, resolve_key
from rakenskaper.subledgers.reader import SourceFile, read_source_file

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


PATTERNS = ("*.csv",)
MAX_SHOWN = 20  # errors per file in the message; the reason file has them all


_ARROW_TYPES = {
    "DATE": pa.date32(),
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "DECIMAL(18,2)": pa.decimal128(18, 2),
    "DECIMAL(18,4)": pa.decimal128(18, 4),
    "DECIMAL(9,4)": pa.decimal128(9, 4),
}


def source_files(folder: Path) -> list[Path]:
    """The ``*.csv`` files of a source folder (sorted; hidden files and other suffixes are not sources; a
    link out of the sources folder is refused: rakenskaper.sources.files)."""
    return find_source_files(folder, PATTERNS)


def _period_clashes(files: list[SourceFile]) -> dict[Path, list[Violation]]:
    """Two files of one format for the same period: which one replaces the other is unknowable."""
    owner: dict[tuple[str, object], SourceFile] = {}
    clashes: dict[Path, list[Violation]] = {}
    for sf in files:
        for period in sf.periods:
            key = (sf.fmt.name, period)
            other = owner.setdefault(key, sf)
            if other is not sf:
                for a, b in ((sf, other), (other, sf)):
                    clashes.setdefault(a.path, []).append(
                        Violation(
                            a.path.name, None, f"{a.fmt.period} {period} is also in {b.path.name}; one file per period"
                        )
                    )
    return clashes


def _write_landed(sf: SourceFile, target: Path) -> None:
    arrays, fields = [], []
    for name, type_ in delimited_table(sf.fmt).landing:
        if name == "source_file_name":
            values = [sf.path.name] * len(sf.rows)
        elif name == "source_file_sha256":
            values = [sf.sha256] * len(sf.rows)
        else:
            values = [row[name] for row in sf.rows]
        arrow_type = _ARROW_TYPES[type_]
        arrays.append(pa.array(values, type=arrow_type))
        fields.append(pa.field(name, arrow_type))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), target)


def extract_folder(
    sources_dir: Path,
    folder: str,
    landing_dir: Path,
    *,
    quarantine_dir: Path | None = None,
    pseudonym_key: str | None = None,
) -> dict:
    """Snapshot, validate and land ``<sources_dir>/<folder>``; returns a JSON-safe summary. An absent folder
    lands nothing (a ledger-only entity). Raises SourceRejected (after quarantining) on bad files."""
    formats: tuple[SourceFormat, ...] = FOLDERS[folder]
    source = Path(sources_dir) / folder
    landing = Path(landing_dir) / folder
    shutil.rmtree(landing, ignore_errors=True)
    landing.mkdir(parents=True)
    paths_ = source_files(source)
    pseudonymise = None
    if any(f.personal for f in formats) and paths_:
        pseudonymise = pseudonymiser(resolve_key(sources_dir, pseudonym_key))

    read: list[tuple[SourceFile, bytes]] = []
    for path in paths_:
        data = path.read_bytes()
        fmt = format_for(folder, path.name)
        if fmt is None:
            expected = " or ".join(f.file_name for f in formats)
            sf = SourceFile(
                path,
                formats[0],
                "",
                violations=[Violation(path.name, None, f"file name fits no format of {folder}/ (expected {expected})")],
            )
        else:
            sf = read_source_file(path, fmt, pseudonymise=pseudonymise, data=data)
        read.append((sf, data))

    rejected = {sf.path: list(sf.violations) for sf, _ in read if sf.violations}
    for path, violations in _period_clashes([sf for sf, _ in read if sf.ok]).items():
        rejected.setdefault(path, []).extend(violations)
    if rejected:
        if quarantine_dir is not None:
            for sf, data in read:
                if sf.path in rejected:
                    quarantine(
                        sf.path,
                        rejected[sf.path],
                        Path(quarantine_dir),
                        data=data,
                        sha256=sf.sha256,
                        personal=sf.fmt.personal,
                    )
        raise SourceRejected(list(rejected.items()), folder=folder, max_shown=MAX_SHOWN)

    manifest = []
    for sf, _ in read:
        landed = landing / f"{sf.path.stem}.parquet"
        _write_landed(sf, landed)
        manifest.append(
            {
                "file": sf.path.name,
                "format": sf.fmt.name,
                "sha256": sf.sha256,
                "periods": [str(p) for p in sf.periods],
                "rows": len(sf.rows),
                "landed": landed.name,
            }
        )
    (landing / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    log.info("extracted %d %s file(s) into %s", len(manifest), folder, landing)
    return {"folder": folder, "present": source.is_dir(), "files": manifest}
