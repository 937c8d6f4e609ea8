"""Streaming SIE4 reader: raw bytes → compiled tokeniser → Arrow chunks → DuckDB, rules on running totals.

How it stays fast and flat in memory:

1. ``detect_encoding`` reads the bytes once in chunks (sha256 on a second thread, UTF-8 / Latin-1 / CP437).
2. The file is read in whole-line chunks of a few MB. ``scan.scan_chunk`` (numba, one pass over the
   bytes, its arrays reused from chunk to chunk) classifies every line, finds each field, parses
   amounts/dates exactly, builds the object-list maps (deduplicated per chunk: DuckDB takes a
   dictionary-encoded MAP column without re-checking every row) and collects the bytes #KSUMMA covers.
   The raw text columns are cut out and transcoded to UTF-8 in numba; whole lines only for the few rows
   SQL still parses or a message quotes. Line numbers are counted, so every violation has its line.
3. Per chunk (``line_scanner.LineScanner``), numpy checks the voucher-block grammar (the previous line's
   kind carried over from the chunk before), numbers the vouchers and the rows within each voucher, feeds
   the CRC, and keeps the totals the content rules need: each voucher's sum of #TRANS (a voucher cut by a
   chunk boundary is carried over) and #TRANS per account × voucher date × transaction date. The chunk's
   #VER and posting rows go out as Arrow tables in the raw shape to ``rows`` (temporary tables, or the
   loader's raw tables); tokenising chunk n+1 overlaps writing chunk n. Nothing per voucher stays in Python.
4. The header records (few) are parsed in Python with ``fields.split_record``; the other records with
   RE2 in DuckDB (``tables.py``); the content rules are SQL over the totals and the small tables (``rules.py``).

``check-sie`` and the loader both call ``read_sie``; there is no second parser.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from rakenskaper.sie import header as header_records
from rakenskaper.sie.encoding import EncodingInfo, detect_encoding
from rakenskaper.sie.labels import HEADER_LABELS, KNOWN_LABELS  # noqa: F401 - KNOWN_LABELS: for callers
from rakenskaper.sie.line_scanner import MAX_STRUCTURE_VIOLATIONS, LineScanner
from rakenskaper.sie.model import WARNING, SieFile, Violation, rule_violation
from rakenskaper.sie.scan import (
    iter_chunks,
    scan_chunk,
)
from rakenskaper.sie.tables import Stage, TempTables

CHUNK_SIZE = 8 << 20  # bytes of whole lines tokenised at a time
FIRST_CHUNK_SIZE = 1 << 20  # the writer starts sooner
_BOM = b"\xef\xbb\xbf"

_counter = itertools.count(1)


def _duckdb_connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET memory_limit = '600MB'")
    con.execute("SET enable_progress_bar = false")
    return con


def read_sie(
    path: Path | str,
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    display_name: str | None = None,
    rows=None,
    encoding: EncodingInfo | None = None,
    keep_postings: bool = True,
) -> SieFile:
    """Parse and validate one SIE4 file into temporary DuckDB tables of ``con`` (a new in-memory
    connection if None); ``SieFile.tables`` names them (raw table shape, without lineage columns).
    Voucher and posting rows go to ``rows`` if given (the loader writes them straight into its raw tables,
    inside its transaction), else to temporary tables (postings only if ``keep_postings``).
    ``encoding``: the file's ``detect_encoding`` result if the caller has it (it reads the whole file).
    Never raises for bad content: every problem is a ``Violation``. Call ``SieFile.drop_tables(con)``
    when done with the rows."""
    path = Path(path)
    con = con if con is not None else _duckdb_connect()
    name = display_name or path.name
    info = encoding or detect_encoding(path)
    violations: list[Violation] = []
    unreadable = header_records.unreadable(path, info)
    if unreadable is not None:
        # one reason, not a line-by-line account of bytes that are not SIE text
        rule, message = unreadable
        return SieFile(
            path=path,
            sha256=info.sha256,
            encoding=info.encoding,
            encoding_warning=None,
            header={},
            fiscal_years=[],
            counts={"vouchers": 0, "postings": 0, "audit_rows": 0},
            ksumma_status="absent",
            violations=[rule_violation(name, None, None, None, rule, message)],
            name=name,
        )
    if info.warning:
        violations.append(rule_violation(name, None, "FORMAT", None, "ENCODING_FALLBACK", info.warning, WARNING))
    prefix = f"_sie{next(_counter)}"
    if rows is None:
        rows = TempTables(con, prefix, keep_postings=keep_postings)
    stage = Stage(con, prefix, rows)
    scanner = LineScanner(name, info.encoding)

    def insert(tables) -> None:
        stage.insert(*tables)

    # Tokenising chunk n+1 (numba, numpy, Arrow: no GIL) overlaps DuckDB inserting chunk n; one worker
    # keeps the chunks in order and at most two in memory.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for buf in iter_chunks(path, CHUNK_SIZE, first=min(FIRST_CHUNK_SIZE, CHUNK_SIZE)):
            if scanner.next_line == 1 and pending is None and buf.startswith(_BOM) and info.encoding == "utf-8":
                buf = b"   " + buf[3:]  # a UTF-8 byte-order mark: blanks keep every position and line
            future = pool.submit(lambda b: scanner.scan(scan_chunk(b, info.encoding, scanner.scratch)), buf)
            if pending is not None:
                insert(pending.result())
            pending = future
        if pending is not None:
            insert(pending.result())
    scanner.finish()
    violations.extend(scanner.violations)
    if scanner.structure_violations > MAX_STRUCTURE_VIOLATIONS:
        violations.append(
            rule_violation(
                name,
                None,
                None,
                None,
                "TOO_MANY_VIOLATIONS",
                f"{scanner.structure_violations - MAX_STRUCTURE_VIOLATIONS} more block-structure violations not listed",
            )
        )

    header, years, header_violations = header_records.parse_header(con, stage.lines, name, path.suffix.lower())
    violations.extend(header_violations)
    ksumma_status = scanner.ksumma_status(violations)

    sie = SieFile(
        path=path,
        sha256=info.sha256,
        encoding=info.encoding,
        encoding_warning=info.warning,
        header=header,
        fiscal_years=years,
        counts={},
        ksumma_status=ksumma_status,
        violations=violations,
        name=name,
    )
    sie.counts = {"vouchers": scanner.voucher_count, "postings": scanner.trans_count, "audit_rows": scanner.audit_count}
    stage.finish(sie, *scanner.finish_totals())
    return sie
