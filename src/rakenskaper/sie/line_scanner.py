"""The per-chunk half of the SIE4 reader: the tokeniser's arrays (``scan.scan_chunk``) become the voucher and
posting rows in the raw shape, the voucher-block grammar is checked with the line kind carried from chunk to
chunk, and the running totals the content rules need are kept (see ``reader`` for the whole flow)."""

from __future__ import annotations

import zlib

import numpy as np
import pyarrow as pa

from rakenskaper.sie import fields as F
from rakenskaper.sie.model import Violation, rule_violation
from rakenskaper.sie.scan import (
    BLANK,
    CLOSE,
    F_BTRANS,
    F_RTRANS,
    GARBAGE,
    OPEN,
    POST,
    RECORD,
    ST_OK,
    VER,
    Scratch,
    date_array,
    decimal_array,
)
from rakenskaper.sie.scan import ChunkScan as ScanResult

_IN_BLOCK = (OPEN, POST)
MAX_STRUCTURE_VIOLATIONS = 200

TOTALS_KEYS = ["account", "voucher_date", "transaction_date"]
TOTALS_SCHEMA = pa.schema(
    [
        ("account", pa.string()),
        ("voucher_date", pa.date32()),
        ("transaction_date", pa.date32()),
        ("amount_ore", pa.int64()),
        ("postings", pa.int64()),
        ("first_line", pa.int32()),
        ("first_voucher_id", pa.int64()),
    ]
)
TOTALS_COMPACT_ROWS = 200_000


def _sum_totals(rows: pa.Table) -> pa.Table:
    """Rows in TOTALS_SCHEMA (in line order) summed per key: the same shape, one row per key. Summing
    already summed rows again is the same as summing once ("first" keeps the earliest line's voucher)."""
    summed = rows.group_by(TOTALS_KEYS, use_threads=False).aggregate(
        [("amount_ore", "sum"), ("postings", "sum"), ("first_line", "min"), ("first_voucher_id", "first")]
    )
    return (
        summed.select(TOTALS_KEYS + ["amount_ore_sum", "postings_sum", "first_line_min", "first_voucher_id_first"])
        .rename_columns(TOTALS_SCHEMA.names)
        .cast(TOTALS_SCHEMA)
    )


class LineScanner:
    """Per-chunk numpy work, with the state carried from one chunk to the next."""

    def __init__(self, file_name: str, encoding: str):
        self.file_name = file_name
        self.encoding = encoding
        self.next_line = 1
        self.prev_kind = RECORD  # as if a header record came before line 1
        self.prev_line = 0
        self.voucher_count = 0
        self.post_count = 0
        self.post_count_at_ver = 0
        self.trans_count = 0  # #TRANS rows
        self.audit_count = 0  # #RTRANS/#BTRANS rows
        self.violations: list[Violation] = []
        self.structure_violations = 0
        self.ksumma_open_line: int | None = None
        self.ksumma_close_line: int | None = None
        self.ksumma_expected: str | None = None
        self.ksumma_crc = 0
        self.records_after_ksumma: int | None = None
        self.scratch = Scratch()  # the tokeniser's arrays, reused: chunks are scanned one at a time
        self.carry_vdate: tuple = (0, False)  # the last voucher so far: its date (days), valid
        self.pending_voucher: tuple = (0, 0)  # the last voucher so far: id, #TRANS sum in öre
        self.unbalanced: list[tuple[np.ndarray, np.ndarray]] = []
        self.account_totals: list[pa.Table] = []

    def _structure(self, rule: str, line: int, record: str | None, message: str) -> None:
        self.structure_violations += 1
        if self.structure_violations <= MAX_STRUCTURE_VIOLATIONS:
            self.violations.append(rule_violation(self.file_name, line, record, None, rule, message))

    def scan(self, chunk: ScanResult) -> tuple[pa.Table, ...]:
        n = chunk.n_lines
        first = self.next_line
        line_no = np.arange(first, first + n, dtype=np.int32)
        self.next_line += n
        kind = chunk.kind

        self._check_structure(kind, line_no, chunk)

        is_ver = kind == VER
        is_post = kind == POST
        voucher_id = self.voucher_count + np.cumsum(is_ver, dtype=np.int64)
        post_cum = self.post_count + np.cumsum(is_post, dtype=np.int64)
        at_ver = np.where(is_ver, post_cum, -1)
        if n:
            at_ver[0] = max(at_ver[0], self.post_count_at_ver)
            base = np.maximum.accumulate(at_ver)
            self.voucher_count = int(voucher_id[-1])
            self.post_count = int(post_cum[-1])
            self.post_count_at_ver = int(base[-1])
        else:
            base = at_ver
        row_no = (post_cum - base).astype(np.int32)

        self._ksumma(chunk, line_no)

        c = chunk

        def table(rows: np.ndarray, numbers: bool) -> dict:
            cols = {
                "line_no": line_no[rows],
                "voucher_id": voucher_id[rows],
                "row_no": row_no[rows],
                "flags": c.flags[rows],
                "nf": c.n_fields[rows],
                "text": c.lines(rows),
            }
            if numbers:
                cols.update(
                    {
                        "amount": decimal_array(c.num_a[rows], c.st_a[rows] == ST_OK, 2),
                        "st_a": c.st_a[rows],
                        "quantity": decimal_array(c.num_q[rows], c.st_q[rows] == ST_OK, 4),
                        "st_q": c.st_q[rows],
                        "date_a": date_array(c.date_a[rows], c.st_da[rows] == ST_OK),
                        "st_da": c.st_da[rows],
                        "date_b": date_array(c.date_b[rows], c.st_db[rows] == ST_OK),
                        "st_db": c.st_db[rows],
                    }
                )
                starts, lengths = c.char_positions(rows)
                for k in range(starts.shape[1]):
                    cols[f"f{k}s"] = starts[:, k]
                    cols[f"f{k}l"] = lengths[:, k]
            return cols

        ver_rows = np.flatnonzero(kind == VER)
        post_rows = np.flatnonzero(kind == POST)
        audit = int(np.count_nonzero(c.flags[post_rows] & (F_RTRANS | F_BTRANS)))
        self.audit_count += audit
        self.trans_count += len(post_rows) - audit
        # Only rows with a problem need their text and field positions in SQL (for the violation detail).
        fl, nf = c.flags, c.n_fields
        ver_bad = ver_rows[
            ((fl[ver_rows] & 23) != 0)
            | (nf[ver_rows] < 4)
            | (nf[ver_rows] > 7)
            | (c.st_da[ver_rows] != ST_OK)
            | (c.st_db[ver_rows] == 2)
        ]
        post_bad = post_rows[
            ((fl[post_rows] & 215) != 0)
            | (nf[post_rows] < 4)
            | (nf[post_rows] > 8)
            | (c.b_end[post_rows, 1] == c.b_start[post_rows, 1])
            | (c.st_a[post_rows] != ST_OK)
            | (c.st_da[post_rows] == 2)
            | (c.st_q[post_rows] >= 2)
        ]
        # The raw columns, decoded and unescaped by the tokeniser: DuckDB only copies them.
        series, number = c.field(ver_rows, 1), c.field(ver_rows, 2)
        ver = {
            "voucher_id": voucher_id[ver_rows],
            "series": series,
            "number": number,
            "vdate": date_array(c.date_a[ver_rows], c.st_da[ver_rows] == ST_OK),
            "vtext": c.field(ver_rows, 4, empty_is_null=True),
            "regdate": date_array(c.date_b[ver_rows], c.st_db[ver_rows] == ST_OK),
            "sign": c.field(ver_rows, 6, empty_is_null=True),
            "line_no": line_no[ver_rows],
        }
        # a posting's voucher: one of this chunk's #VER rows, or (0) the last one of an earlier chunk
        first_id = self.voucher_count - len(ver_rows)  # voucher ids of this chunk start after it
        which = voucher_id[post_rows] - first_id
        post = {
            "voucher_id": voucher_id[post_rows],
            "row_no": row_no[post_rows],
            "record_type": c.record_types(post_rows),
            "account": c.field(post_rows, 1),
            "objects": c.objects_of(post_rows),
            "amount": decimal_array(c.num_a[post_rows], c.st_a[post_rows] == ST_OK, 2),
            "tdate": date_array(c.date_a[post_rows], c.st_da[post_rows] == ST_OK),
            "ptext": c.field(post_rows, 5, empty_is_null=True),
            "quantity": decimal_array(c.num_q[post_rows], c.st_q[post_rows] == ST_OK, 4),
            "sign": c.field(post_rows, 7, empty_is_null=True),
            "line_no": line_no[post_rows],
        }
        self._aggregate(c, post_rows, which, post, voucher_id, ver_rows)
        return (
            pa.table(ver),
            pa.table(post),
            pa.table(table(np.flatnonzero(kind == RECORD), False)),
            pa.table(table(ver_bad, True)),
            pa.table(table(post_bad, True)),
        )

    def _aggregate(self, c: ScanResult, post_rows, which, post: dict, voucher_id, ver_rows) -> None:
        """What the content rules need from the postings, gathered while scanning so that no rule has to
        read the posting rows again: each voucher's sum of #TRANS (in öre), and #TRANS amounts per account ×
        voucher date × transaction date with their first line."""
        booked = ((c.flags[post_rows] & (F_RTRANS | F_BTRANS)) == 0) & (c.st_a[post_rows] == ST_OK)
        # voucher date of each posting's voucher (carried over for a voucher begun in an earlier chunk)
        vdates = np.concatenate([[self.carry_vdate[0]], c.date_a[ver_rows]]).astype(np.int32)[which]
        vvalid = np.concatenate([[self.carry_vdate[1]], c.st_da[ver_rows] == ST_OK])[which]
        if len(ver_rows):
            self.carry_vdate = (int(c.date_a[ver_rows[-1]]), bool(c.st_da[ver_rows[-1]] == ST_OK))
        rows = np.flatnonzero(booked)
        if not len(rows):
            return
        ids = post["voucher_id"][rows]
        ore = c.num_a[post_rows[rows]]
        # voucher ids ascend with the lines: each voucher's postings are one run
        starts = np.flatnonzero(np.concatenate([[True], ids[1:] != ids[:-1]]))
        run_ids, run_sums = ids[starts], np.add.reduceat(ore, starts)
        if run_ids[0] == self.pending_voucher[0]:
            run_sums[0] += self.pending_voucher[1]
        elif self.pending_voucher[1] != 0:
            self.unbalanced.append((np.array([self.pending_voucher[0]]), np.array([self.pending_voucher[1]])))
        done = np.flatnonzero(run_sums[:-1] != 0)
        if len(done):
            self.unbalanced.append((run_ids[done], run_sums[done]))
        self.pending_voucher = (int(run_ids[-1]), int(run_sums[-1]))
        sel = pa.array(rows)
        chunk_totals = pa.table(
            {
                "account": post["account"].take(sel),
                "voucher_date": date_array(vdates[rows], vvalid[rows]),
                "transaction_date": post["tdate"].take(sel),
                "amount_ore": ore,
                "postings": np.ones(len(rows), np.int64),
                "first_line": post["line_no"][rows],
                "first_voucher_id": ids,
            }
        )
        self.account_totals.append(_sum_totals(chunk_totals))
        if sum(len(t) for t in self.account_totals) > TOTALS_COMPACT_ROWS:  # bounded, however long the file
            self.account_totals = [_sum_totals(pa.concat_tables(self.account_totals))]

    def finish_totals(self) -> tuple[pa.Table, pa.Table]:
        """(unbalanced vouchers: voucher_id, total; #TRANS per account × voucher date × transaction date)."""
        if self.pending_voucher[1] != 0:
            self.unbalanced.append((np.array([self.pending_voucher[0]]), np.array([self.pending_voucher[1]])))
            self.pending_voucher = (0, 0)
        ids = np.concatenate([i for i, _ in self.unbalanced] or [np.zeros(0, np.int64)]).astype(np.int64)
        ore = np.concatenate([t for _, t in self.unbalanced] or [np.zeros(0, np.int64)]).astype(np.int64)
        unbalanced = pa.table({"voucher_id": ids, "total": decimal_array(ore, np.ones(len(ore), bool), 2)})
        totals = pa.concat_tables(self.account_totals) if self.account_totals else TOTALS_SCHEMA.empty_table()
        totals = totals.append_column(
            "amount", decimal_array(totals["amount_ore"].to_numpy(), np.ones(len(totals), bool), 2)
        ).drop_columns(["amount_ore"])
        return unbalanced, totals

    def _check_structure(self, kind: np.ndarray, line_no: np.ndarray, chunk: ScanResult) -> None:
        nonblank = np.flatnonzero(kind != BLANK)
        if not len(nonblank):
            return
        ks = kind[nonblank]
        lines = line_no[nonblank]
        prev = np.empty_like(ks)
        prev[0] = self.prev_kind
        prev[1:] = ks[:-1]
        prev_lines = np.empty_like(lines)
        prev_lines[0] = self.prev_line
        prev_lines[1:] = lines[:-1]
        in_block = np.isin(prev, _IN_BLOCK)
        bad = (
            ((ks == POST) & ~in_block & (prev != VER))
            | ((ks == OPEN) & (prev != VER))
            | ((ks == CLOSE) & ~in_block)
            | ((ks == VER) & in_block)
            | ((prev == VER) & (ks != OPEN))
            | ((ks == RECORD) & in_block)
            | (ks == GARBAGE)
        )
        for i in np.flatnonzero(bad)[: MAX_STRUCTURE_VIOLATIONS + 1]:
            k, p, line = int(ks[i]), int(prev[i]), int(lines[i])
            snippet = chunk.line(int(nonblank[i])).strip()[:60]
            label = snippet.split()[0].lstrip("#") if snippet.startswith("#") else None
            if p == VER and k != OPEN:
                self._structure("VER_WITHOUT_BLOCK", int(prev_lines[i]), "VER", "#VER is not followed by a line '{'")
            if k == POST and p != VER and p not in _IN_BLOCK:
                self._structure("TRANS_OUTSIDE_VOUCHER", line, label, f"posting outside a #VER block: {snippet!r}")
            elif k == OPEN and p != VER:
                self._structure("BLOCK_WITHOUT_VER", line, None, "'{' not preceded by a #VER record")
            elif k == CLOSE and p not in _IN_BLOCK:
                self._structure("UNEXPECTED_BLOCK_END", line, None, "'}' without an open #VER block")
            elif k == VER and p in _IN_BLOCK:
                self._structure(
                    "UNCLOSED_BLOCK",
                    line,
                    "VER",
                    "#VER starts while the previous voucher's block is not closed with '}'",
                )
            elif k == RECORD and p in _IN_BLOCK:
                self._structure(
                    "RECORD_IN_VOUCHER_BLOCK",
                    line,
                    label,
                    f"only #TRANS/#RTRANS/#BTRANS may stand inside a #VER block (missing '}}'?): {snippet!r}",
                )
            elif k == GARBAGE:
                self._structure("MALFORMED_LINE", line, None, f"line is not a SIE record: {snippet!r}")
        self.prev_kind = int(ks[-1])
        self.prev_line = int(lines[-1])

    def finish(self) -> None:
        if self.prev_kind in (VER, OPEN, POST):
            self._structure("UNCLOSED_BLOCK", self.prev_line, "VER", "file ends inside a #VER block (missing '}')")

    def _ksumma(self, chunk: ScanResult, line_no: np.ndarray) -> None:
        start = 0
        n = chunk.n_lines
        for i in chunk.ksumma_lines:
            i = int(i)
            line = int(line_no[i])
            try:
                fields_ = F.ksumma_fields(chunk.line(i))
            except F.FieldSyntaxError:
                fields_ = []
            if len(fields_) == 1 and self.ksumma_open_line is None:
                self.ksumma_open_line = line
                start = i + 1
            elif len(fields_) == 2 and self.ksumma_open_line is not None and self.ksumma_close_line is None:
                self._crc(chunk, start, i)
                self.ksumma_close_line = line
                self.ksumma_expected = fields_[1]
                start = n
            else:
                self.violations.append(
                    rule_violation(
                        self.file_name, line, "KSUMMA", None, "KSUMMA_MISPLACED", "unexpected #KSUMMA record"
                    )
                )
        if self.ksumma_open_line is not None and self.ksumma_close_line is None:
            self._crc(chunk, start, n)
        elif self.ksumma_close_line is not None and self.records_after_ksumma is None:
            after = np.flatnonzero((line_no > self.ksumma_close_line) & (chunk.kind != BLANK))
            if len(after):
                self.records_after_ksumma = int(line_no[after[0]])

    def _crc(self, chunk: ScanResult, start: int, stop: int) -> None:
        data = chunk.checksum_bytes(start, stop)
        if self.encoding != "cp437":
            data = data.decode(self.encoding).encode("cp437", errors="replace")
        self.ksumma_crc = zlib.crc32(data, self.ksumma_crc)

    def ksumma_status(self, violations: list[Violation]) -> str:
        """ "absent", "verified" or "mismatch" for the file's #KSUMMA, adding what is wrong to ``violations``."""

        def wrong(line: int | None, message: str, rule: str = "KSUMMA_MISMATCH", record: str | None = "KSUMMA"):
            violations.append(rule_violation(self.file_name, line, record, None, rule, message))

        if self.ksumma_open_line is None:
            return "absent"
        if self.ksumma_close_line is None:
            wrong(
                self.ksumma_open_line, "opening #KSUMMA without a closing '#KSUMMA <checksum>'", "KSUMMA_UNTERMINATED"
            )
            return "mismatch"
        if self.records_after_ksumma is not None:
            message = "records after the closing #KSUMMA are not covered by the checksum"
            wrong(self.records_after_ksumma, message, "RECORD_AFTER_KSUMMA", None)
        try:
            expected = int(self.ksumma_expected or "")
        except ValueError:
            wrong(self.ksumma_close_line, f"checksum {self.ksumma_expected!r} is not a number")
            return "mismatch"
        if expected & 0xFFFFFFFF != self.ksumma_crc or expected < -(1 << 31) or expected >= (1 << 32):
            # Some writers print the CRC as a signed 32-bit integer; accept both readings.
            wrong(self.ksumma_close_line, f"#KSUMMA says {expected}, the records give {self.ksumma_crc}")
            return "mismatch"
        return "verified"
