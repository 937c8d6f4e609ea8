"""The ledger's voucher and posting rows, written to raw while a file is read (``RawRows``), and the removal of
an unfinished load's rows (``remove_unfinished``)."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime

import duckdb
import pyarrow as pa

from rakenskaper.sie.model import SieFile


class RawRows:
    """Where ``read_sie`` writes a file's voucher and posting rows during a load: straight into
    raw.sie_vouchers / raw.sie_postings with their lineage, while the next chunk is tokenised (staging the
    rows and copying them would cost as much again).

    The rows are committed in batches of about ``COMMIT_ROWS`` postings: one transaction over a whole
    million-voucher file keeps its uncommitted rows in memory (≈ 0.1 KB per posting in DuckDB 2.0), a
    batch keeps memory flat. Until ``load_ledger`` commits the file's raw.sie_files row, its rows are an
    unfinished load: staging reads only rows whose file is in raw.sie_files, and ``remove_unfinished``
    deletes them (after a rejected file, and at the start of every load, after a crash)."""

    COMMIT_ROWS = 500_000

    def __init__(self, con: duckdb.DuckDBPyConnection, name: str, sha256: str, loaded_at: datetime):
        self.lineage = [name, sha256, loaded_at]
        self.year_start_written: date | None = None
        self.written = False
        sha = sha256.replace("'", "")
        self.vouchers = (
            f"(SELECT * EXCLUDE (source_file_name, source_file_sha256, loaded_at, fiscal_year_start) "
            f"FROM raw.sie_vouchers WHERE source_file_sha256 = '{sha}')"
        )
        self.postings = None
        self.con = con
        # Postings are inserted from the calling thread, vouchers from a thread of their own on a second
        # connection (appends to different tables do not conflict): the inserts are the slow part.
        self._postings = _BatchWriter(con, "sie_postings", self.COMMIT_ROWS)
        self._vouchers = _BatchWriter(con.cursor(), "sie_vouchers", self.COMMIT_ROWS)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-vouchers")
        self._pending: Future | None = None

    def write(self, vouchers: pa.Table, postings: pa.Table, fiscal_year_start: date | None) -> None:
        if not self.written:
            self.year_start_written = fiscal_year_start
            self.written = True
        lineage = [*self.lineage, self.year_start_written]
        if self._pending is not None:
            self._pending.result()  # one chunk of vouchers in flight at most
        self._pending = self._pool.submit(self._vouchers.append, vouchers, lineage)
        self._postings.append(postings, lineage)

    def _drain(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def abort(self) -> None:
        try:
            self._drain()
        except Exception:  # noqa: BLE001 - the error that stopped the load is the one to report
            pass
        finally:
            self._pool.shutdown()
            self._vouchers.abort()
            self._postings.abort()
            self._vouchers.con.close()

    def finish(self, sie: SieFile) -> None:
        try:
            self._drain()
            self._vouchers.commit()
            self._postings.commit()
        finally:
            self._pool.shutdown()
            self._vouchers.con.close()
        # A file whose #RAR 0 comes after its first voucher (against the standard's order): set the
        # lineage's fiscal year now.
        if self.written and sie.fiscal_year_start != self.year_start_written:
            for table in ("sie_vouchers", "sie_postings"):
                self.con.execute(
                    f"UPDATE raw.{table} SET fiscal_year_start = ? WHERE source_file_sha256 = ?",
                    [sie.fiscal_year_start, self.lineage[1]],
                )


class _BatchWriter:
    """Appends Arrow chunks to one raw table with lineage, committing every ``commit_rows`` rows (an
    explicit transaction per batch: autocommit per chunk would log every row twice)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, table: str, commit_rows: int):
        self.con = con
        self.table = table
        self.commit_rows = commit_rows
        self.uncommitted = 0
        self.in_transaction = False

    def append(self, rows: pa.Table, lineage: list) -> None:
        if not self.in_transaction:
            self.con.execute("BEGIN TRANSACTION")
            self.in_transaction = True
        self.con.register("_raw_chunk", rows)
        try:
            self.con.execute(f"INSERT INTO raw.{self.table} SELECT *, ?, ?, ?, ? FROM _raw_chunk", lineage)
        finally:
            self.con.unregister("_raw_chunk")
        self.uncommitted += len(rows)
        if self.uncommitted >= self.commit_rows:
            self.commit()

    def commit(self) -> None:
        if self.in_transaction:
            self.con.execute("COMMIT")
            self.in_transaction = False
            self.uncommitted = 0

    def abort(self) -> None:
        if self.in_transaction:
            self.con.execute("ROLLBACK")
            self.in_transaction = False
            self.uncommitted = 0


def remove_unfinished(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Delete voucher and posting rows whose file has no raw.sie_files row (a load that was rejected or
    stopped before its final commit); returns those files' sha256."""
    orphans = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT source_file_sha256 FROM raw.sie_vouchers UNION "
            "SELECT DISTINCT source_file_sha256 FROM raw.sie_postings EXCEPT "
            "SELECT source_file_sha256 FROM raw.sie_files"
        ).fetchall()
    ]
    delete_files(con, orphans, ("sie_vouchers", "sie_postings"))
    return orphans


def delete_files(con: duckdb.DuckDBPyConnection, sha256: list[str], tables) -> None:
    """Delete the rows of the files ``sha256`` from each raw table of ``tables``."""
    if sha256:
        for table in tables:
            con.execute(f"DELETE FROM raw.{table} WHERE source_file_sha256 IN (SELECT unnest(?::VARCHAR[]))", [sha256])
