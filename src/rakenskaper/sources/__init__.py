"""Every source of the warehouse as an entry of one registry: the ledger (SIE4 exports) and each folder of
delimited files. An entry names its folder, file patterns, the reader of one file, where extract lands it,
its raw tables and their replacement key; ``pipeline`` and the Airflow DAG iterate ``SOURCES`` (one extract
task each). A new source is one entry here plus its reader (and, delimited, its formats in
``rakenskaper.subledgers.formats``).

What the sources share lives beside this: ``violations`` (one ``Violation``, one ``SourceRejected`` error, one
quarantine), ``files`` (which files of a folder are sources), ``raw_schema`` (the raw tables' columns,
declared once). ``ledger``/``ledger_rows``/``landing`` load the ledger; ``delimited`` the other folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from rakenskaper.sources.files import find_source_files
from rakenskaper.sources.raw_schema import LEDGER_TABLES
from rakenskaper.sources.violations import SourceRejected, Violation, quarantine
from rakenskaper.subledgers.formats import FOLDERS, SourceFormat

__all__ = ["SOURCES", "Source", "SourceRejected", "Violation", "get", "iter_sources", "quarantine"]


@dataclass(frozen=True)
class Source:
    """One source.

    name:            registry key; its extract step and DAG task is ``extract_<name>``
    folder:          sub-folder of the sources folder
    patterns:        file-name patterns (shell wildcards, any case); hidden files are never sources
    reader:          ``module:function`` that reads and validates one file
    landing:         what extract writes under the landing folder (load reads only this)
    raw_tables:      the raw tables load writes
    replacement_key: what a newer file replaces the rows of
    description:     what the source is (the extract step's docstring, the DAG task's doc)
    formats:         a delimited source's formats (which file is which; none for the ledger)
    required:        the run stops when the folder or its files are missing
    """

    name: str
    folder: str
    patterns: tuple[str, ...]
    reader: str
    landing: str
    raw_tables: tuple[str, ...]
    replacement_key: str
    description: str
    formats: tuple[SourceFormat, ...] = ()
    required: bool = False

    @property
    def delimited(self) -> bool:
        return bool(self.formats)

    def files(self, sources_dir: Path) -> list[Path]:
        """This source's files in a sources folder (sorted; none when its folder is absent)."""
        return find_source_files(Path(sources_dir) / self.folder, self.patterns)

    def read(self, *args, **kwargs):
        """Read and validate one file with this source's reader."""
        module, function = self.reader.split(":")
        return getattr(import_module(module), function)(*args, **kwargs)

    def extract(self, settings) -> dict:
        """Snapshot, validate and land this source (``rakenskaper.pipeline.Settings``); returns a JSON-safe
        summary. Raises SourceRejected (after quarantining) for bad files."""
        if self.delimited:
            from rakenskaper.sources.delimited import extract
        else:
            from rakenskaper.sources.landing import extract
        return extract(settings, self)


def _delimited(folder: str, description: str) -> Source:
    formats = FOLDERS[folder]
    return Source(
        name=folder,
        folder=folder,
        patterns=("*.csv",),
        reader="rakenskaper.subledgers.reader:read_source_file",
        landing=f"{folder}/*.parquet + {folder}/manifest.json",
        raw_tables=tuple(fmt.table for fmt in formats),
        replacement_key=", ".join(dict.fromkeys(fmt.period for fmt in formats)),
        description=description,
        formats=formats,
    )


LEDGER = Source(
    name="ledger",
    folder="ledger",
    patterns=("*.se", "*.si"),
    reader="rakenskaper.sie.reader:read_sie",
    landing="ledger.duckdb + ledger.manifest.json",
    raw_tables=tuple(LEDGER_TABLES),
    replacement_key="orgnr, fiscal_year_start",
    description="""Snapshot the ledger files into this run's landing folder and read each new one once: validated
strictly and written, as raw rows, to the landing database (rakenskaper.sources.landing.land_ledger), which load
copies into the build without parsing again. A file the published warehouse already holds (same
sha256) is not read again.

A file with errors is copied to the quarantine folder with a reason file naming file, line and
reason, and the run stops (SourceRejected): nothing is loaded, nothing is published.""",
    required=True,
)

SOURCES: tuple[Source, ...] = (
    LEDGER,
    _delimited("payroll", "The payroll files (`payroll/`), pseudonymised: personnummer and name never reach DuckDB."),
    _delimited("internal_bank", "The internal-bank statements (`internal_bank/`)."),
    _delimited("forecast", "The forecasts (`forecast/`)."),
    _delimited("contracts", "A scheduled provision's agreement years before the loaded books (`contracts/`)."),
)


def iter_sources(*, delimited: bool | None = None) -> Iterator[Source]:
    """The registry's sources in order (only the delimited ones, or only the others, if asked)."""
    return (s for s in SOURCES if delimited is None or s.delimited == delimited)


def get(name: str) -> Source:
    for source in SOURCES:
        if source.name == name:
            return source
    raise KeyError(f"no source {name!r}; the sources are {', '.join(s.name for s in SOURCES)}")


def load_landed(con, landing_dir: Path) -> tuple[dict, dict]:
    """Load what extract landed for every source into the build's raw tables: the ledger's files copied from
    its landing database (nothing parsed again), then every delimited folder in one transaction. Returns the
    ledger's report and the delimited sources' (JSON-safe)."""
    from rakenskaper.sources import delimited
    from rakenskaper.sources.landing import load_landed_ledger

    ledger = load_landed_ledger(con, landing_dir).as_dict()
    return ledger, delimited.load(con, landing_dir, list(iter_sources(delimited=True)))
