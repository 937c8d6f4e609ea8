"""Reading the check tables: DuckDB (opened read-only) → pandas, amounts as exact integer öre.

GX 1.x's SQL data source does not work on DuckDB through duckdb-engine (every expectation errors with an
IndexError and `success` is merely False: GX issues #10738, #11579), so each check table is read into a
pandas DataFrame and validated through a GX pandas data source. DuckDB hands DECIMAL columns to pandas as
float64, which is not exact, so the suite's amount columns are converted in DuckDB to integer öre
(`CAST(CAST(x AS DECIMAL(38,2)) * 100 AS BIGINT)`, exact for DECIMAL with at most 2 decimals).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rakenskaper.gate.suites import SuiteSpec


class CannotRun(Exception):
    """The check cannot run; the message says why (becomes 'check could not run: …')."""


_DECIMAL_RE = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")
_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def amount_select(spec: SuiteSpec, name: str, data_type: str) -> str:
    """The SELECT expression of one amount column as integer öre; CannotRun for a type that is not exact."""
    dt = data_type.upper()
    m = _DECIMAL_RE.fullmatch(dt)
    if not ((m and int(m.group(2)) <= 2) or dt in _INTEGER_TYPES):
        raise CannotRun(
            f"column {spec.table}.{name} has type {data_type}; amounts must be "
            "DECIMAL(18,2) so the gate can compare them exactly to the öre"
        )
    # Widen first: DECIMAL(18,2) * 100 overflows DECIMAL(18,_) in DuckDB above 1e16.
    return f"CAST(CAST({quote(name)} AS DECIMAL(38,2)) * 100 AS BIGINT) AS {quote(name)}"


def read_table(con, spec: SuiteSpec):
    """The check table as a DataFrame, amount columns as exact integer öre (nullable Int64)."""
    schema, table = spec.schema_and_table
    cols = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    if not cols:
        raise CannotRun(f"table {spec.table} does not exist in the build database")
    select = [amount_select(spec, n, t) if n in spec.amount_columns else quote(n) for n, t in cols]
    df = con.execute(f"SELECT {', '.join(select)} FROM {quote(schema)}.{quote(table)}").df()
    for name in spec.amount_columns:
        if name in df.columns:
            df[name] = df[name].astype("Int64")
    return df


def read_check_tables(db_path: Path, specs: list[SuiteSpec]) -> tuple[dict[str, Any], dict[str, str]]:
    """Every suite's table from the DuckDB file, which is closed again on return: ``(frames, cannot_run)``,
    by suite name — a DataFrame, or the reason the table could not be read."""
    import duckdb

    db_path = Path(db_path)
    frames: dict[str, Any] = {}
    if not db_path.is_file():
        return frames, {s.name: f"build database {db_path} does not exist" for s in specs}
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except Exception as exc:  # noqa: BLE001 - reported as a gate error
        return frames, {s.name: f"cannot open {db_path} read-only: {exc}" for s in specs}
    cannot_run: dict[str, str] = {}
    try:
        for s in specs:
            try:
                frames[s.name] = read_table(con, s)
            except CannotRun as exc:
                cannot_run[s.name] = str(exc)
            except duckdb.Error as exc:
                cannot_run[s.name] = f"reading {s.table} failed: {exc}"
    finally:
        con.close()
    return frames, cannot_run
