"""Table-driven transcoding of a chunk's raw bytes (CP437, Latin-1 or UTF-8) to UTF-8, compiled (numba).

The tokeniser (``scan_kernel``) records where each field of a line lies; these functions cut the fields, or
whole lines, out afterwards, for only the rows that need them, straight into Arrow string buffers
(offsets + data).
"""

from __future__ import annotations

import numpy as np
from numba import njit


def _utf8_table(encoding: str) -> tuple[np.ndarray, np.ndarray]:
    """Per source byte: the length of its UTF-8 form (1 to 3) and those bytes."""
    lens = np.ones(256, np.int64)
    tab = np.zeros((256, 3), np.uint8)
    for b in range(256):
        enc = bytes([b]) if encoding == "utf-8" else bytes([b]).decode(encoding).encode("utf-8")
        lens[b] = len(enc)
        tab[b, : len(enc)] = list(enc)
    return lens, tab


TABLES = {enc: _utf8_table(enc) for enc in ("cp437", "latin-1", "utf-8")}


@njit(cache=True, nogil=True, inline="always")
def _put_utf8(b, u8len, u8tab, out, p):
    """The UTF-8 form of source byte b into ``out`` at p; returns the new end."""
    if b < 128:
        out[p] = b
        return p + 1
    for j in range(u8len[b]):
        out[p + j] = u8tab[b, j]
    return p + u8len[b]


@njit(cache=True, nogil=True, inline="always")
def transcode(B, s, e, unescape, u8len, u8tab, out, p):
    """Bytes [s, e) of B as UTF-8 into ``out`` from ``p`` (``\\"`` read as ``"`` if ``unescape``);
    returns the new end."""
    q = s
    while q < e:
        b = B[q]
        if unescape and b == 92 and q + 1 < e and B[q + 1] == 34:
            q += 1
            b = 34
        p = _put_utf8(b, u8len, u8tab, out, p)
        q += 1
    return p


@njit(cache=True, nogil=True)
def lines_len(B, line_start, rows, u8len):
    """Bytes of the given lines (each with its line end) in UTF-8."""
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
def lines_utf8(B, line_start, rows, u8len, u8tab, off, buf):
    """The given lines (each with its line end) as UTF-8, into Arrow offsets/data."""
    p = 0
    off[0] = 0
    for i in range(rows.size):
        q = line_start[rows[i]]
        while True:
            b = B[q]
            p = _put_utf8(b, u8len, u8tab, buf, p)
            q += 1
            if b == 10:
                break
        off[i + 1] = p
    return p


@njit(cache=True, nogil=True)
def field_bytes(rows, bs, be, k):
    """Bytes of field k over the given lines (its UTF-8 form is at most three times that)."""
    n = 0
    for i in range(rows.size):
        n += be[rows[i], k] - bs[rows[i], k]
    return n


@njit(cache=True, nogil=True)
def extract_field(B, line_start, rows, bs, be, k, skip, unescape, u8len, u8tab, off, buf):
    """Field k of the given lines as UTF-8 (``\\"`` → ``"`` if unescape), into Arrow offsets/data."""
    p = 0
    off[0] = 0
    for i in range(rows.size):
        li = rows[i]
        s = line_start[li] + bs[li, k] + skip
        e = line_start[li] + be[li, k]
        p = transcode(B, s, e, unescape, u8len, u8tab, buf, p)
        off[i + 1] = p
    return p
