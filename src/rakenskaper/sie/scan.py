"""Tokeniser: one chunk of raw SIE bytes (whole lines) → per-line kind, field positions and parsed numbers.

A single compiled pass (numba, ``scan_kernel.tokenise``) over the chunk's bytes does what a per-line Python
parser would, at C speed: it splits each line into fields (quotes, ``\\"`` escapes, ``{…}`` object lists),
classifies the line, parses the amount, quantity and dates of #VER and #TRANS lines exactly (flagging what is
not a number or not a date instead of guessing), records each field's byte range, and writes the bytes
#KSUMMA covers to a side buffer. The raw columns (and, for the few lines SQL still parses, the whole line)
are transcoded to UTF-8 (``scan_text``, table-driven) afterwards, for only the rows that need them.

This module is the Python side: ``scan_chunk`` (the reusable ``Scratch`` arrays, the object lists as an Arrow
map dictionary), ``ChunkScan`` (the result and its accessors), Arrow conversions and ``iter_chunks``.
Field positions handed to DuckDB are 1-based character offsets within the decoded line (``substr``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from rakenskaper.sie.scan_kernel import (
    BLANK,
    CLOSE,
    F_BAD_BRACES,
    F_BAD_OBJECT,
    F_BAD_QUOTES,
    F_BTRANS,
    F_DUP_DIM,
    F_KSUMMA,
    F_MANY_ELEMS,
    F_MANY_FIELDS,
    F_NO_OBJECT_LIST,
    F_RTRANS,
    GARBAGE,
    MAX_ELEMS,
    MAX_FIELDS,
    OPEN,
    POST,
    RECORD,
    VER,
    LineArrays,
    Numbers,
    ObjectBuffers,
    tokenise,
)
from rakenskaper.sie.scan_maps import dedupe_maps
from rakenskaper.sie.scan_numbers import ST_ABSENT, ST_BAD, ST_OK, ST_PRECISION
from rakenskaper.sie.scan_text import TABLES, extract_field, field_bytes, lines_len, lines_utf8

__all__ = [
    "BLANK",
    "CLOSE",
    "F_BAD_BRACES",
    "F_BAD_OBJECT",
    "F_BAD_QUOTES",
    "F_BTRANS",
    "F_DUP_DIM",
    "F_KSUMMA",
    "F_MANY_ELEMS",
    "F_MANY_FIELDS",
    "F_NO_OBJECT_LIST",
    "F_RTRANS",
    "GARBAGE",
    "MAX_ELEMS",
    "MAX_FIELDS",
    "OPEN",
    "POST",
    "RECORD",
    "ST_ABSENT",
    "ST_BAD",
    "ST_OK",
    "ST_PRECISION",
    "VER",
    "ChunkScan",
    "Scratch",
    "date_array",
    "decimal_array",
    "iter_chunks",
    "scan_chunk",
]

RECORD_TYPES = pa.array(["TRANS", "RTRANS", "BTRANS"])


@dataclass
class ChunkScan:
    n_lines: int
    kind: np.ndarray  # int8 per line
    flags: np.ndarray  # int16 per line
    n_fields: np.ndarray
    num_a: np.ndarray  # amount in öre (#TRANS)
    st_a: np.ndarray
    num_q: np.ndarray  # quantity × 10 000 (#TRANS)
    st_q: np.ndarray
    date_a: np.ndarray  # days since 1970: #TRANS transaction date / #VER voucher date
    st_da: np.ndarray
    date_b: np.ndarray  # #VER registration date
    st_db: np.ndarray
    ck: np.ndarray
    ckoff: np.ndarray
    objects: pa.Array  # map<string, string>: the chunk's distinct first object lists (empty if none or invalid)
    objects_index: np.ndarray  # int32 per line: its entry in ``objects``
    buf: np.ndarray  # the chunk's source bytes
    line_start: np.ndarray  # byte offset of each line in buf
    b_start: np.ndarray  # (n_lines, MAX_FIELDS) field byte range within its line (quotes excluded)
    b_end: np.ndarray
    encoding: str

    def lines(self, rows: np.ndarray) -> pa.Array:
        """The given lines decoded (each with its line end): only the few that SQL or a message needs."""
        u8len, u8tab = TABLES[self.encoding]
        rows = np.ascontiguousarray(rows, np.int64)
        n = lines_len(self.buf, self.line_start, rows, u8len)
        off = np.empty(rows.size + 1, np.int32)
        data = np.empty(max(n, 1), np.uint8)
        lines_utf8(self.buf, self.line_start, rows, u8len, u8tab, off, data)
        return pa.StringArray.from_buffers(rows.size, pa.py_buffer(off), pa.py_buffer(data))

    def line(self, i: int) -> str:
        return self.lines(np.array([i]))[0].as_py()

    def field(
        self, rows: np.ndarray, k: int, *, skip: int = 0, unescape: bool = True, empty_is_null: bool = False
    ) -> pa.Array:
        """Field k (0 = label) of the given lines as an Arrow string array, decoded and unescaped like
        ``sie_unesc(substr(text, f<k>s, f<k>l))``; an absent field is ''."""
        u8len, u8tab = TABLES[self.encoding]
        rows = np.ascontiguousarray(rows, np.int64)
        # One pass into a worst-case buffer (a field is at most its bytes, each at most 3 UTF-8 bytes):
        # cheaper than measuring first. The chunk's tables are dropped once inserted, so the slack is brief.
        width = field_bytes(rows, self.b_start, self.b_end, k)
        if width == 0 and empty_is_null:  # the field is absent or empty on every line (common for texts)
            return pa.nulls(rows.size, pa.string())
        growth = 1 if self.encoding == "utf-8" else 3
        off = np.empty(rows.size + 1, np.int32)
        data = np.empty(max(int(width) * growth, 1), np.uint8)
        n = extract_field(
            self.buf, self.line_start, rows, self.b_start, self.b_end, k, skip, unescape, u8len, u8tab, off, data
        )
        data = data[: max(n, 1)]
        validity = None
        if empty_is_null:
            valid = np.diff(off) > 0
            if not valid.all():
                validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
        return pa.StringArray.from_buffers(rows.size, pa.py_buffer(off), pa.py_buffer(data), validity)

    def record_types(self, rows: np.ndarray) -> pa.DictionaryArray:
        """TRANS / RTRANS / BTRANS of the given posting lines, from the flags (no text to cut out)."""
        fl = self.flags[rows]
        index = np.where(fl & F_RTRANS, 1, np.where(fl & F_BTRANS, 2, 0)).astype(np.int8)
        return pa.DictionaryArray.from_arrays(pa.array(index), RECORD_TYPES)

    def objects_of(self, rows: np.ndarray) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(self.objects_index[rows]), self.objects)

    def char_positions(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(start, length) of each field of the given lines in characters of the decoded line, start 1-based
        (SQL ``substr``); 0, 0 for an absent field. For the few rows whose problem SQL describes."""
        bs, be = self.b_start[rows].astype(np.int32), self.b_end[rows].astype(np.int32)
        present = np.arange(MAX_FIELDS)[None, :] < self.n_fields[rows][:, None]
        if self.encoding == "utf-8":  # count characters, not bytes, before each position
            for i, li in enumerate(rows):
                raw = self.buf[self.line_start[li] : self.line_start[li] + int(be[i].max(initial=0))].tobytes()
                for k in range(MAX_FIELDS):
                    s, e = (
                        len(raw[: bs[i, k]].decode("utf-8", "replace")),
                        len(raw[: be[i, k]].decode("utf-8", "replace")),
                    )
                    bs[i, k], be[i, k] = s, e
        start = np.where(present, bs + 1, 0).astype(np.int32)
        length = np.where(present, be - bs, 0).astype(np.int32)
        return start, length

    @property
    def ksumma_lines(self) -> np.ndarray:
        return np.flatnonzero(self.flags & F_KSUMMA)

    def checksum_bytes(self, lo_line: int, hi_line: int) -> bytes:
        """The bytes #KSUMMA covers for lines [lo_line, hi_line), in the file's encoding."""
        if hi_line <= lo_line:
            return b""
        return self.ck[self.ckoff[lo_line] : self.ckoff[hi_line]].tobytes()


class Scratch:
    """The tokeniser's working arrays, reused from chunk to chunk (grown when a chunk needs more): fresh
    arrays per chunk fragment the C heap, and the process's memory would creep up over a large file.
    A ``ChunkScan`` made with a scratch is valid until the next ``scan_chunk`` with the same scratch."""

    def __init__(self):
        self.lines = -1
        self.bytes = -1

    def ensure(self, n_lines: int, n_bytes: int) -> None:
        if n_lines > self.lines:
            cap = max(n_lines, int(self.lines * 1.25) + 1)
            i32 = np.int32
            self.kind = np.empty(cap, np.int8)
            self.flags = np.empty(cap, np.int16)
            self.nf = np.empty(cap, np.int16)
            self.line_start = np.empty(cap, np.int64)
            self.ckoff = np.empty(cap + 1, np.int64)
            self.num_a = np.empty(cap, np.int64)
            self.st_a = np.empty(cap, np.int8)
            self.num_q = np.empty(cap, np.int64)
            self.st_q = np.empty(cap, np.int8)
            self.date_a = np.empty(cap, i32)
            self.st_da = np.empty(cap, np.int8)
            self.date_b = np.empty(cap, i32)
            self.st_db = np.empty(cap, np.int8)
            self.moff = np.empty(cap + 1, i32)
            self.bs = np.empty((cap, MAX_FIELDS), i32)
            self.be = np.empty((cap, MAX_FIELDS), i32)
            self.idx = np.empty(cap, i32)
            self.first = np.empty(cap + 1, np.int64)
            self.lines = cap
        if n_bytes > self.bytes:
            cap = max(n_bytes, int(self.bytes * 1.25) + 1)
            self.ck = np.empty(cap, np.uint8)
            self.kbuf = np.empty(cap, np.uint8)
            self.vbuf = np.empty(cap * 3, np.uint8)
            self.koff = np.empty(cap // 2 + 2, np.int32)
            self.voff = np.empty(cap // 2 + 2, np.int32)
            self.bytes = cap


def scan_chunk(buf: bytes, encoding: str, scratch: Scratch | None = None) -> ChunkScan:
    """Tokenises ``buf`` (whole lines, each ending in LF) in the file's ``encoding`` (a key of TABLES)."""
    B = np.frombuffer(buf, np.uint8)
    L = int(np.count_nonzero(B == 10))
    u8len, u8tab = TABLES[encoding]
    w = scratch or Scratch()
    w.ensure(L, B.size)
    lines = LineArrays(
        w.kind[:L], w.flags[:L], w.nf[:L], w.line_start[:L], w.ckoff[: L + 1], w.moff[: L + 1], w.bs[:L], w.be[:L]
    )
    nums = Numbers(
        w.num_a[:L], w.st_a[:L], w.num_q[:L], w.st_q[:L], w.date_a[:L], w.st_da[:L], w.date_b[:L], w.st_db[:L]
    )
    objs = ObjectBuffers(w.kbuf, w.koff, w.vbuf, w.voff)
    objs.koff[0] = 0
    objs.voff[0] = 0
    _, kp, vp, npairs = tokenise(B, L, u8len, u8tab, lines, nums, objs, w.ck)
    keys = pa.StringArray.from_buffers(npairs, pa.py_buffer(w.koff[: npairs + 1]), pa.py_buffer(w.kbuf[:kp]))
    vals = pa.StringArray.from_buffers(npairs, pa.py_buffer(w.voff[: npairs + 1]), pa.py_buffer(w.vbuf[:vp]))
    idx, first = w.idx[:L], w.first[: L + 1]
    nd = dedupe_maps(L, objs, lines.moff, idx, first)
    # take() copies: the dictionary outlives the scratch arrays
    objects = pa.MapArray.from_arrays(pa.array(lines.moff), keys, vals).take(pa.array(first[:nd]))
    return ChunkScan(
        n_lines=L,
        kind=lines.kind,
        flags=lines.flags,
        n_fields=lines.n_fields,
        **nums._asdict(),
        ck=w.ck,
        ckoff=lines.ckoff,
        objects=objects,
        objects_index=idx,
        buf=B,
        line_start=lines.line_start,
        b_start=lines.b_start,
        b_end=lines.b_end,
        encoding=encoding,
    )


def decimal_array(values: np.ndarray, valid: np.ndarray, scale: int) -> pa.Array:
    """int64 scaled integers → Arrow decimal128(18, scale), NULL where not valid (no float detour)."""
    data = np.empty((len(values), 2), np.int64)
    data[:, 0] = values
    data[:, 1] = values >> 63
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(pa.decimal128(18, scale), len(values), [bitmap, pa.py_buffer(data)])


def date_array(days: np.ndarray, valid: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 → Arrow date32, NULL where not valid."""
    bitmap = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    data = np.ascontiguousarray(days, np.int32)
    return pa.Array.from_buffers(pa.date32(), len(days), [bitmap, pa.py_buffer(data)])


def iter_chunks(path, size: int = 8 << 20, first: int | None = None):
    """Whole-line chunks of the file's bytes; a last line without a line end gets one. ``first``: a smaller
    first chunk, so that a pipeline behind the reader has work sooner."""
    with open(path, "rb") as fh:
        rest = b""
        want = first or size
        while True:
            data = fh.read(want)
            want = size
            if not data:
                if rest:
                    yield rest + b"\n"
                return
            buf = rest + data if rest else data
            cut = buf.rfind(b"\n")
            if cut < 0:
                rest = buf
                continue
            yield buf[: cut + 1]
            rest = buf[cut + 1 :]
