"""The raw tables' columns, declared once (docs/architecture.md, "Raw tables").

The ledger's tables are declared here; a delimited source's table is its format's own columns
(``rakenskaper.subledgers.formats``: each column's kind gives its type). The DDL is generated from this
(``RawTable.ddl``, ``create``), so are the columns of the SIE reader's voucher and posting tables; the dbt
sources (``dbt_project/models/staging/*/_*__sources.yml``) and the docs table are tested against it
(tests/sources/test_sources_raw_schema.py); ``python -m rakenskaper.sources.dbt_columns --write`` writes the
dbt sources' ``columns:``.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from rakenskaper.subledgers.formats import FORMATS, SourceFormat

Columns = tuple[tuple[str, str], ...]

# Every ledger row: the file it came from and the fiscal year the file exports (#RAR 0, with orgnr the
# replacement key).
LEDGER_LINEAGE: Columns = (
    ("source_file_name", "VARCHAR"),
    ("source_file_sha256", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
    ("fiscal_year_start", "DATE"),
)
# Every delimited source's row: the file and its line.
FILE_LINEAGE: Columns = (
    ("source_file_name", "VARCHAR"),
    ("source_file_sha256", "VARCHAR"),
    ("loaded_at", "TIMESTAMP"),
    ("line_no", "INTEGER"),
)


@dataclass(frozen=True)
class RawTable:
    """One table of schema ``raw``: its own columns, in order, then its lineage columns."""

    name: str
    source: str  # the dbt source (and sources folder) it belongs to
    own: Columns
    lineage: Columns = ()

    @property
    def columns(self) -> Columns:
        return self.own + self.lineage

    @property
    def own_names(self) -> list[str]:
        return [name for name, _ in self.own]

    def column_list(self, columns: Columns | None = None) -> str:
        """``name TYPE, …`` (all columns by default)."""
        return ", ".join(f"{name} {type_}" for name, type_ in (self.columns if columns is None else columns))

    @property
    def landing(self) -> Columns:
        """What extract lands of a file (a delimited source's Parquet): every column but ``loaded_at``, which
        load sets."""
        return tuple(c for c in self.columns if c[0] != "loaded_at")

    def ddl(self) -> str:
        return f"CREATE TABLE IF NOT EXISTS raw.{self.name} ({self.column_list()})"


LEDGER_TABLES: dict[str, RawTable] = {
    table.name: table
    for table in (
        RawTable(
            "sie_files",
            "sie",
            (
                ("source_path", "VARCHAR"),
                ("encoding", "VARCHAR"),
                ("encoding_warning", "VARCHAR"),
                ("flagga", "VARCHAR"),
                ("program", "VARCHAR"),
                ("program_version", "VARCHAR"),
                ("file_format", "VARCHAR"),
                ("generated_on", "DATE"),
                ("generated_by", "VARCHAR"),
                ("sie_type", "VARCHAR"),
                ("company_name", "VARCHAR"),
                ("orgnr", "VARCHAR"),
                ("chart_of_accounts_type", "VARCHAR"),
                ("currency", "VARCHAR"),
                ("fiscal_year_end", "DATE"),
                ("address_contact", "VARCHAR"),
                ("address_street", "VARCHAR"),
                ("address_postal", "VARCHAR"),
                ("address_phone", "VARCHAR"),
                ("ksumma_status", "VARCHAR"),
                ("voucher_count", "INTEGER"),
                ("posting_count", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_fiscal_years",
            "sie",
            (("year_index", "INTEGER"), ("start_date", "DATE"), ("end_date", "DATE"), ("line_no", "INTEGER")),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_accounts",
            "sie",
            (
                ("account", "VARCHAR"),
                ("account_name", "VARCHAR"),
                ("account_type", "VARCHAR"),
                ("sru_code", "VARCHAR"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_dimensions",
            "sie",
            (
                ("dimension_no", "INTEGER"),
                ("dimension_name", "VARCHAR"),
                ("parent_dimension_no", "INTEGER"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_objects",
            "sie",
            (
                ("dimension_no", "INTEGER"),
                ("object_code", "VARCHAR"),
                ("object_name", "VARCHAR"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_balances",
            "sie",
            (
                ("record_type", "VARCHAR"),
                ("year_index", "INTEGER"),
                ("year_start", "DATE"),
                ("year_end", "DATE"),
                ("account", "VARCHAR"),
                ("dimension_no", "INTEGER"),
                ("object_code", "VARCHAR"),
                ("amount", "DECIMAL(18,2)"),
                ("quantity", "DECIMAL(18,4)"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_period_balances",
            "sie",
            (
                ("record_type", "VARCHAR"),
                ("year_index", "INTEGER"),
                ("year_start", "DATE"),
                ("year_end", "DATE"),
                ("period", "VARCHAR"),
                ("period_start", "DATE"),
                ("account", "VARCHAR"),
                ("objects", "MAP(VARCHAR, VARCHAR)"),
                ("amount", "DECIMAL(18,2)"),
                ("quantity", "DECIMAL(18,4)"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_vouchers",
            "sie",
            (
                ("voucher_id", "BIGINT"),
                ("series", "VARCHAR"),
                ("voucher_number", "VARCHAR"),
                ("voucher_date", "DATE"),
                ("voucher_text", "VARCHAR"),
                ("registered_on", "DATE"),
                ("signature", "VARCHAR"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_postings",
            "sie",
            (
                ("voucher_id", "BIGINT"),
                ("row_no", "INTEGER"),
                ("record_type", "VARCHAR"),
                ("account", "VARCHAR"),
                ("objects", "MAP(VARCHAR, VARCHAR)"),
                ("amount", "DECIMAL(18,2)"),
                ("transaction_date", "DATE"),
                ("posting_text", "VARCHAR"),
                ("quantity", "DECIMAL(18,4)"),
                ("signature", "VARCHAR"),
                ("line_no", "INTEGER"),
            ),
            LEDGER_LINEAGE,
        ),
        RawTable(
            "sie_other_records",
            "sie",
            (("record_type", "VARCHAR"), ("record_text", "VARCHAR"), ("line_no", "INTEGER")),
            LEDGER_LINEAGE,
        ),
    )
}


def delimited_table(fmt: SourceFormat) -> RawTable:
    """A delimited format's raw table: the format's stored columns, then the file lineage."""
    return RawTable(fmt.table, fmt.folder, tuple(fmt.stored_columns), FILE_LINEAGE)


DELIMITED_TABLES: dict[str, RawTable] = {fmt.table: delimited_table(fmt) for fmt in FORMATS}

# The delimited files loaded, each with the periods it still contributes rows to (no lineage of its own:
# it is the lineage).
SUBLEDGER_FILES = RawTable(
    "subledger_files",
    "subledgers",
    (
        ("source_format", "VARCHAR"),
        ("source_file_name", "VARCHAR"),
        ("source_file_sha256", "VARCHAR"),
        ("loaded_at", "TIMESTAMP"),
        ("periods", "VARCHAR[]"),
        ("row_count", "INTEGER"),
        ("replaced_files", "VARCHAR[]"),
    ),
)

RAW_TABLES: dict[str, RawTable] = {**LEDGER_TABLES, **DELIMITED_TABLES, SUBLEDGER_FILES.name: SUBLEDGER_FILES}


def create(con: duckdb.DuckDBPyConnection, tables) -> None:
    """Create schema raw and each of ``tables`` (RawTable or names) if absent."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    for table in tables:
        con.execute((RAW_TABLES[table] if isinstance(table, str) else table).ddl())


def dbt_columns(table: str) -> list[dict[str, str]]:
    """The ``columns:`` of a raw table in its dbt source yml (name and data_type, all columns in order)."""
    return [{"name": name, "data_type": type_.lower()} for name, type_ in RAW_TABLES[table].columns]
