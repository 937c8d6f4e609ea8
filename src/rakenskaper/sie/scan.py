"""Tokeniser: one chunk of raw SIE bytes (whole lines) → per-line kind, field positions and parsed numbers.

A single compiled pass (numba) over the chunk's bytes does what a per-line Python parser would, at C speed:

* splits each line into fields (runs of spaces/tabs separate; ``"…"`` with ``\\"`` quotes; ``{…}`` object
  lists, whose elements are recorded too),
* classifies the line (#VER, ``{``, ``}``, #TRANS/#RTRANS/#BTRANS, other record, blank, garbage),
* parses the amount, quantity and dates of #VER and #TRANS lines exactly (integers of öre / 1e-4, days),
  flagging a bad number, a third non-zero decimal or an impossible date instead of rounding or guessing,
* records each field's byte range, so that the raw columns (and, for the few lines SQL still parses, the
  whole line) are transcoded to UTF-8 (table-driven) afterwards, for only the rows that need them,
* writes the bytes #KSUMMA covers (label and fields without separators, quotes, braces) to a side buffer.

Field positions handed to DuckDB are 1-based character offsets within the decoded line (``substr``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
from numba import njit

BLANK, VER, OPEN, CLOSE, POST, RECORD, GARBAGE = range(7)
MAX_FIELDS = 8  # #TRANS account {objects} amount date text quantity signature
MAX_ELEMS = 6  # object-list elements kept per line; longer lists are re-parsed by SQL from the text

# flags per line
F_BAD_QUOTES = 1  # a quote that does not open/close a field, or an unterminated string
F_BAD_BRACES = 2  # object list unterminated, nested or misplaced
F_MANY_FIELDS = 4
F_MANY_ELEMS = 8
F_NO_OBJECT_LIST = 16  # a posting whose third field is not an object list
F_KSUMMA = 32  # the record is #KSUMMA
F_BAD_OBJECT = 64  # object list: odd element count or a dimension that is not a number
F_DUP_DIM = 128  # object list names a dimension twice
F_RTRANS = 256  # the posting is #RTRANS (audit trail: a row added later)
F_BTRANS = 512  # the posting is #BTRANS (audit trail: a row removed later)

# status of a parsed number/date
ST_OK, ST_ABSENT, ST_BAD, ST_PRECISION = range(4)

RECORD_TYPES = pa.array(["TRANS", "RTRANS", "BTRANS"])


def _pack(word: bytes) -> int:
    v = 0
    for k in range(8):
        v = (v << 8) | (word[k] if k < len(word) else 0)
    return v


P_VER = np.uint64(_pack(b"#VER"))
P_TRANS = np.uint64(_pack(b"#TRANS"))
P_RTRANS = np.uint64(_pack(b"#RTRANS"))
P_BTRANS = np.uint64(_pack(b"#BTRANS"))
P_KSUMMA = np.uint64(_pack(b"#KSUMMA"))


def _utf8_table(encoding: str) -> tuple[np.ndarray, np.ndarray]:
    lens = np.ones(256, np.int64)
    tab = np.zeros((256, 3), np.uint8)
    for b in range(256):
        enc = bytes([b]) if encoding == "utf-8" else bytes([b]).decode(encoding).encode("utf-8")
        lens[b] = len(enc)
        tab[b, : len(enc)] = list(enc)
    return lens, tab


_TABLES = {enc: _utf8_table(enc) for enc in ("cp437", "latin-1", "utf-8")}


@njit(cache=True, nogil=True, inline="always")
def _is_sep(b):
    return b == 32 or b == 9 or b == 13


@njit(cache=True, nogil=True, inline="always")
def _blank(B, s, e):
    """Only separators from s to e: a block's "{" may have trailing blanks ("{ " is still a block start)."""
    for q in range(s, e):
        if not _is_sep(B[q]):
            return False
    return True


@njit(cache=True, nogil=True)
def _parse_decimal(B, s, e, scale, max_int_digits):
    if e <= s:
        return 0, ST_ABSENT
    k = s
    neg = False
    if B[k] == 45:
        neg = True
        k += 1
    v = 0
    digits = 0
    while k < e and 48 <= B[k] <= 57:
        v = v * 10 + (B[k] - 48)
        digits += 1
        k += 1
    if digits == 0 or digits > max_int_digits:
        return 0, ST_BAD
    nfrac = 0
    extra = False
    if k < e and B[k] == 46:
        k += 1
        if k == e:
            return 0, ST_BAD
        while k < e and 48 <= B[k] <= 57:
            if nfrac < scale:
                v = v * 10 + (B[k] - 48)
                nfrac += 1
            elif B[k] != 48:
                extra = True
            k += 1
    if k != e:
        return 0, ST_BAD
    while nfrac < scale:
        v *= 10
        nfrac += 1
    if extra:
        return 0, ST_PRECISION
    return (-v if neg else v), ST_OK


@njit(cache=True, nogil=True)
def _parse_date(B, s, e):
    """YYYYMMDD → days since 1970-01-01."""
    if e <= s:
        return 0, ST_ABSENT
    if e - s != 8:
        return 0, ST_BAD
    v = 0
    for k in range(s, e):
        if not (48 <= B[k] <= 57):
            return 0, ST_BAD
        v = v * 10 + (B[k] - 48)
    y = v // 10000
    m = (v // 100) % 100
    d = v % 100
    if m < 1 or m > 12 or d < 1 or y < 1:
        return 0, ST_BAD
    leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
    mdays = 31
    if m == 2:
        mdays = 29 if leap else 28
    elif m == 4 or m == 6 or m == 9 or m == 11:
        mdays = 30
    if d > mdays:
        return 0, ST_BAD
    yy = y - 1 if m <= 2 else y
    era = yy // 400
    yoe = yy - era * 400
    mp = m - 3 if m > 2 else m + 9
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468, ST_OK


@njit(cache=True, nogil=True, inline="always")
def _transcode(B, s, e, unescape, u8len, u8tab, out, p):
    """Bytes [s, e) of B as UTF-8 into ``out`` from ``p`` (``\\"`` read as ``"`` if ``unescape``);
    returns the new end."""
    q = s
    while q < e:
        b = B[q]
        if unescape and b == 92 and q + 1 < e and B[q + 1] == 34:
            q += 1
            b = 34
        if b < 128:
            out[p] = b
            p += 1
        else:
            for j in range(u8len[b]):
                out[p + j] = u8tab[b, j]
            p += u8len[b]
        q += 1
    return p


@njit(cache=True, nogil=True, inline="always")
def _quoted(B, k, le, ck, cp):
    """A ``"…"`` string from the byte after its opening quote to the line end ``le``; its content
    (``\\"`` read as ``"``) is appended to the #KSUMMA buffer ``ck`` at ``cp``.
    Returns (end of the content, position after the closing quote, new cp, whether it was closed)."""
    while k < le:
        b = B[k]
        if b == 92 and k + 1 < le and B[k + 1] == 34:
            ck[cp] = 34
            cp += 1
            k += 2
            continue
        if b == 34:
            return k, k + 1, cp, True
        ck[cp] = b
        cp += 1
        k += 1
    return k, k, cp, False


@njit(cache=True, nogil=True)
def _kernel(
    B,
    L,
    u8len,
    u8tab,
    kind,
    flags,
    nf,
    line_start,
    ck,
    ckoff,
    num_a,
    st_a,
    num_q,
    st_q,
    date_a,
    st_da,
    date_b,
    st_db,
    kbuf,
    koff,
    vbuf,
    voff,
    moff,
    bs,
    be,
):
    pos = 0
    cp = 0
    kp = 0  # bytes in kbuf / vbuf
    vp = 0
    npairs = 0  # map entries so far (keys written == values written == npairs after each line)
    fsb = np.zeros(MAX_FIELDS, np.int64)
    feb = np.zeros(MAX_FIELDS, np.int64)
    for li in range(L):
        ls = pos
        e = ls
        while B[e] != 10:
            e += 1
        nlpos = e
        pos = e + 1
        le = e
        if le > ls and B[le - 1] == 13:
            le -= 1
        ckoff[li] = cp
        moff[li] = npairs
        line_start[li] = ls
        # the arrays are reused from chunk to chunk: clear what this line may not write
        for j in range(MAX_FIELDS):
            bs[li, j] = 0
            be[li, j] = 0
        st_a[li] = ST_ABSENT
        st_q[li] = ST_ABSENT
        st_da[li] = ST_ABSENT
        st_db[li] = ST_ABSENT

        fno = -1
        nel = 0
        nobj = 0
        fl_ = 0
        obj_field2 = False
        k = ls
        while k < le:
            b = B[k]
            if _is_sep(b):
                k += 1
                continue
            fno += 1
            start = k
            cs = k
            ce = k
            if b == 123:  # object list
                k += 1
                closed = False
                kp0 = kp
                vp0 = vp
                np0 = npairs
                nk = 0
                obj_bad = False
                while k < le:
                    b = B[k]
                    if _is_sep(b):
                        k += 1
                        continue
                    if b == 125:
                        closed = True
                        k += 1
                        break
                    if b == 123:
                        fl_ |= F_BAD_BRACES
                        k += 1
                        continue
                    if b == 34:
                        xs = k + 1
                        xe, k, cp, ok = _quoted(B, xs, le, ck, cp)
                        if not ok:
                            fl_ |= F_BAD_QUOTES
                        if k < le and not (_is_sep(B[k]) or B[k] == 125):
                            fl_ |= F_BAD_QUOTES
                    else:
                        xs = k
                        while k < le:
                            b = B[k]
                            if _is_sep(b) or b == 125 or b == 123:
                                break
                            if b == 34:
                                fl_ |= F_BAD_QUOTES
                            ck[cp] = b
                            cp += 1
                            k += 1
                        xe = k
                    if nobj == 0:
                        if nel % 2 == 0:
                            if xe <= xs:
                                obj_bad = True
                            for q in range(xs, xe):
                                if not (48 <= B[q] <= 57):
                                    obj_bad = True
                                kbuf[kp] = B[q]
                                kp += 1
                            koff[npairs + nk + 1] = kp
                            nk += 1
                        else:
                            vp = _transcode(B, xs, xe, True, u8len, u8tab, vbuf, vp)
                            voff[npairs + nk] = vp
                        nel += 1
                if not closed:
                    fl_ |= F_BAD_BRACES
                if k < le and not _is_sep(B[k]):
                    fl_ |= F_BAD_BRACES
                if nobj == 0:
                    if nel % 2 == 1:
                        obj_bad = True
                    dup = False
                    if not obj_bad:
                        for x in range(np0, np0 + nk):
                            for y in range(x + 1, np0 + nk):
                                if koff[x + 1] - koff[x] == koff[y + 1] - koff[y]:
                                    same = True
                                    for q in range(koff[x + 1] - koff[x]):
                                        if kbuf[koff[x] + q] != kbuf[koff[y] + q]:
                                            same = False
                                            break
                                    if same:
                                        dup = True
                    if obj_bad or dup:
                        fl_ |= F_BAD_OBJECT if obj_bad else F_DUP_DIM
                        kp = kp0
                        vp = vp0
                        npairs = np0
                    else:
                        npairs = np0 + nk
                if fno == 2:
                    obj_field2 = True
                nobj += 1
                cs = start
                ce = k
            elif b == 34:  # quoted string
                cs = k + 1
                ce, k, cp, ok = _quoted(B, cs, le, ck, cp)
                if not ok:
                    fl_ |= F_BAD_QUOTES
                if k < le and not _is_sep(B[k]):
                    fl_ |= F_BAD_QUOTES
            else:  # bare
                while k < le:
                    b = B[k]
                    if _is_sep(b):
                        break
                    if b == 34:
                        fl_ |= F_BAD_QUOTES
                    elif b == 123 or b == 125:
                        fl_ |= F_BAD_BRACES
                    else:
                        ck[cp] = b
                        cp += 1
                    k += 1
                ce = k
            if fno < MAX_FIELDS:
                fsb[fno] = cs
                feb[fno] = ce
                bs[li, fno] = cs - ls
                be[li, fno] = ce - ls
            else:
                fl_ |= F_MANY_FIELDS

        nf[li] = fno + 1
        if nel > MAX_ELEMS:
            fl_ |= F_MANY_ELEMS
        kd = BLANK
        if fno >= 0:
            s0 = fsb[0]
            n0 = feb[0] - s0
            first = B[s0]
            if fno == 0 and first == 123 and le - ls >= 1 and _blank(B, s0 + 1, le):
                kd = OPEN
                fl_ = 0
            elif fno == 0 and n0 == 1 and first == 125:
                kd = CLOSE
                fl_ = 0
            elif first == 35:
                kd = RECORD
                if n0 <= 8:
                    packed = np.uint64(0)
                    for j in range(8):
                        byte = B[s0 + j] if j < n0 else 0
                        packed = (packed << np.uint64(8)) | np.uint64(byte)
                    if packed == P_VER:
                        kd = VER
                    elif packed == P_TRANS:
                        kd = POST
                    elif packed == P_RTRANS:
                        kd = POST
                        fl_ |= F_RTRANS
                    elif packed == P_BTRANS:
                        kd = POST
                        fl_ |= F_BTRANS
                    elif packed == P_KSUMMA:
                        fl_ |= F_KSUMMA
            else:
                kd = GARBAGE
        if kd == POST:
            if not obj_field2:
                fl_ |= F_NO_OBJECT_LIST
            if fno >= 3:
                x, st = _parse_decimal(B, fsb[3], feb[3], 2, 16)
                num_a[li] = x
                st_a[li] = st
            else:
                st_a[li] = ST_ABSENT
            if fno >= 4:
                x, st = _parse_date(B, fsb[4], feb[4])
                date_a[li] = x
                st_da[li] = st
            else:
                st_da[li] = ST_ABSENT
            if fno >= 6:
                x, st = _parse_decimal(B, fsb[6], feb[6], 4, 14)
                num_q[li] = x
                st_q[li] = st
            else:
                st_q[li] = ST_ABSENT
        elif kd == VER:
            if fno >= 3:
                x, st = _parse_date(B, fsb[3], feb[3])
                date_a[li] = x
                st_da[li] = st
            else:
                st_da[li] = ST_ABSENT
            if fno >= 5:
                x, st = _parse_date(B, fsb[5], feb[5])
                date_b[li] = x
                st_db[li] = st
            else:
                st_db[li] = ST_ABSENT
        kind[li] = kd
        flags[li] = fl_
    ckoff[L] = cp
    moff[L] = npairs
    return cp, kp, vp, npairs


@njit(cache=True, nogil=True)
def _lines_len(B, line_start, rows, u8len):
    n = 0
    for i in range(rows.size):
        q = line_start[rows[i]]
        while True:
            n += u8len[B[q]]
            if B[q] == 10:
                break
            q += 1
    return n


@njit(cache=True, nogil=True)
def _lines(B, line_start, rows, u8len, u8tab, off, buf):
    p = 0
    off[0] = 0
    for i in range(rows.size):
        q = line_start[rows[i]]
        while True:
            b = B[q]
            if b < 128:
                buf[p] = b
                p += 1
            else:
                for j in range(u8len[b]):
                    buf[p + j] = u8tab[b, j]
                p += u8len[b]
            q += 1
            if b == 10:
                break
        off[i + 1] = p
    return p


@njit(cache=True, nogil=True)
def _field_bytes(rows, bs, be, k):
    """Bytes of field k over the given lines (its UTF-8 form is at most three times that)."""
    n = 0
    for i in range(rows.size):
        n += be[rows[i], k] - bs[rows[i], k]
    return n


@njit(cache=True, nogil=True)
def _extract(B, line_start, rows, bs, be, k, skip, unescape, u8len, u8tab, off, buf):
    """Field k of the given lines as UTF-8 (``\\"`` → ``"`` if unescape), into Arrow offsets/data."""
    p = 0
    off[0] = 0
    for i in range(rows.size):
        li = rows[i]
        s = line_start[li] + bs[li, k] + skip
        e = line_start[li] + be[li, k]
        p = _transcode(B, s, e, unescape, u8len, u8tab, buf, p)
        off[i + 1] = p
    return p


@njit(cache=True, nogil=True)
def _dedupe_maps(L, kbuf, koff, vbuf, voff, moff, idx, first):
    """Per line, the index of its object list among the chunk's distinct ones (key order kept): the objects
    column goes to DuckDB dictionary-encoded, which it takes as is instead of checking every map row."""
    size = 64
    while size < 2 * L + 2:
        size *= 2
    slots = np.full(size, -1, np.int64)  # -> dictionary index
    nd = 0
    for li in range(L):
        a, b = moff[li], moff[li + 1]
        h = np.uint64(1469598103934665603) ^ np.uint64(b - a)
        for p in range(a, b):
            for q in range(koff[p], koff[p + 1]):
                h = (h ^ np.uint64(kbuf[q])) * np.uint64(1099511628211)
            h = (h ^ np.uint64(256)) * np.uint64(1099511628211)
            for q in range(voff[p], voff[p + 1]):
                h = (h ^ np.uint64(vbuf[q])) * np.uint64(1099511628211)
            h = (h ^ np.uint64(257)) * np.uint64(1099511628211)
        s = np.int64(h & np.uint64(size - 1))
        while True:
            d = slots[s]
            if d < 0:
                slots[s] = nd
                first[nd] = li
                idx[li] = nd
                nd += 1
                break
            f = first[d]
            c, e = moff[f], moff[f + 1]
            same = e - c == b - a
            if same:
                for j in range(b - a):
                    p, r = a + j, c + j
                    if koff[p + 1] - koff[p] != koff[r + 1] - koff[r] or voff[p + 1] - voff[p] != voff[r + 1] - voff[r]:
                        same = False
                        break
                    for t in range(koff[p + 1] - koff[p]):
                        if kbuf[koff[p] + t] != kbuf[koff[r] + t]:
                            same = False
                            break
                    if not same:
                        break
                    for t in range(voff[p + 1] - voff[p]):
                        if vbuf[voff[p] + t] != vbuf[voff[r] + t]:
                            same = False
                            break
                    if not same:
                        break
            if same:
                idx[li] = d
                break
            s = (s + 1) & (size - 1)
    return nd


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
        u8len, u8tab = _TABLES[self.encoding]
        rows = np.ascontiguousarray(rows, np.int64)
        n = _lines_len(self.buf, self.line_start, rows, u8len)
        off = np.empty(rows.size + 1, np.int32)
        data = np.empty(max(n, 1), np.uint8)
        _lines(self.buf, self.line_start, rows, u8len, u8tab, off, data)
        return pa.StringArray.from_buffers(rows.size, pa.py_buffer(off), pa.py_buffer(data))

    def line(self, i: int) -> str:
        return self.lines(np.array([i]))[0].as_py()

    def field(
        self, rows: np.ndarray, k: int, *, skip: int = 0, unescape: bool = True, empty_is_null: bool = False
    ) -> pa.Array:
        """Field k (0 = label) of the given lines as an Arrow string array, decoded and unescaped like
        ``sie_unesc(substr(text, f<k>s, f<k>l))``; an absent field is ''."""
        u8len, u8tab = _TABLES[self.encoding]
        rows = np.ascontiguousarray(rows, np.int64)
        # One pass into a worst-case buffer (a field is at most its bytes, each at most 3 UTF-8 bytes):
        # cheaper than measuring first. The chunk's tables are dropped once inserted, so the slack is brief.
        width = _field_bytes(rows, self.b_start, self.b_end, k)
        if width == 0 and empty_is_null:  # the field is absent or empty on every line (common for texts)
            return pa.nulls(rows.size, pa.string())
        growth = 1 if self.encoding == "utf-8" else 3
        off = np.empty(rows.size + 1, np.int32)
        data = np.empty(max(int(width) * growth, 1), np.uint8)
        n = _extract(
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
    B = np.frombuffer(buf, np.uint8)
    L = int(np.count_nonzero(B == 10))
    u8len, u8tab = _TABLES[encoding]
    w = scratch or Scratch()
    w.ensure(L, B.size)
    kind, flags, nf, line_start = w.kind[:L], w.flags[:L], w.nf[:L], w.line_start[:L]
    ckoff, moff = w.ckoff[: L + 1], w.moff[: L + 1]
    num_a, st_a, num_q, st_q = w.num_a[:L], w.st_a[:L], w.num_q[:L], w.st_q[:L]
    date_a, st_da, date_b, st_db = w.date_a[:L], w.st_da[:L], w.date_b[:L], w.st_db[:L]
    bs, be = w.bs[:L], w.be[:L]
    koff, voff = w.koff, w.voff
    koff[0] = 0
    voff[0] = 0
    _, kp, vp, npairs = _kernel(
        B,
        L,
        u8len,
        u8tab,
        kind,
        flags,
        nf,
        line_start,
        w.ck,
        ckoff,
        num_a,
        st_a,
        num_q,
        st_q,
        date_a,
        st_da,
        date_b,
        st_db,
        w.kbuf,
        koff,
        w.vbuf,
        voff,
        moff,
        bs,
        be,
    )
    keys = pa.StringArray.from_buffers(npairs, pa.py_buffer(koff[: npairs + 1]), pa.py_buffer(w.kbuf[:kp]))
    vals = pa.StringArray.from_buffers(npairs, pa.py_buffer(voff[: npairs + 1]), pa.py_buffer(w.vbuf[:vp]))
    idx, first = w.idx[:L], w.first[: L + 1]
    nd = _dedupe_maps(L, w.kbuf, koff, w.vbuf, voff, moff, idx, first)
    # take() copies: the dictionary outlives the scratch arrays
    objects = pa.MapArray.from_arrays(pa.array(moff), keys, vals).take(pa.array(first[:nd]))
    return ChunkScan(
        L,
        kind,
        flags,
        nf,
        num_a,
        st_a,
        num_q,
        st_q,
        date_a,
        st_da,
        date_b,
        st_db,
        w.ck,
        ckoff,
        objects,
        idx,
        B,
        line_start,
        bs,
        be,
        encoding,
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
