"""The first object list of each line as key/value pairs in Arrow-style string buffers (numba): equality of
entries, a dimension named twice, and the chunk's distinct lists (dictionary encoding).

A buffer is ``buf`` (bytes) with ``off`` (entry i is ``buf[off[i]:off[i + 1]]``); pair p of the chunk is key
entry p and value entry p; line li's pairs are ``moff[li]:moff[li + 1]``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

FNV_OFFSET = np.uint64(1469598103934665603)
FNV_PRIME = np.uint64(1099511628211)


@njit(cache=True, nogil=True)
def same_entry(buf, off, x, y):
    """Entries x and y hold the same bytes."""
    n = off[x + 1] - off[x]
    if off[y + 1] - off[y] != n:
        return False
    a = off[x]
    b = off[y]
    for t in range(n):  # noqa: SIM110 (numba: a plain loop, no generator)
        if buf[a + t] != buf[b + t]:
            return False
    return True


@njit(cache=True, nogil=True)
def has_duplicate(buf, off, a, b):
    """Two of the entries a..b-1 are equal (an object list naming a dimension twice)."""
    for x in range(a, b):
        for y in range(x + 1, b):
            if same_entry(buf, off, x, y):
                return True
    return False


@njit(cache=True, nogil=True)
def _same_map(kbuf, koff, vbuf, voff, a, b, c, e):
    """Pairs a..b-1 and c..e-1 are the same object list (the same keys and values, in the same order)."""
    if e - c != b - a:
        return False
    for j in range(b - a):
        if not same_entry(kbuf, koff, a + j, c + j):
            return False
        if not same_entry(vbuf, voff, a + j, c + j):
            return False
    return True


@njit(cache=True, nogil=True)
def _hash_entry(h, buf, off, p, end_mark):
    """FNV-1a over entry p, then an end mark (256 or 257: not a byte, so key|value boundaries count)."""
    for q in range(off[p], off[p + 1]):
        h = (h ^ np.uint64(buf[q])) * FNV_PRIME
    return (h ^ np.uint64(end_mark)) * FNV_PRIME


@njit(cache=True, nogil=True)
def dedupe_maps(n_lines, objs, moff, idx, first):
    """Per line, the index of its object list among the chunk's distinct ones (key order kept): the objects
    column goes to DuckDB dictionary-encoded, which it takes as is instead of checking every map row.
    ``objs``: (kbuf, koff, vbuf, voff). Writes idx[line] (its list's index) and first[index] (the first line
    with that list); returns the number of distinct lists."""
    kbuf, koff, vbuf, voff = objs  # once: an array read out of a tuple in the loop costs a reference count
    size = 64
    while size < 2 * n_lines + 2:
        size *= 2
    slots = np.full(size, -1, np.int64)  # -> dictionary index
    nd = 0
    for li in range(n_lines):
        a, b = moff[li], moff[li + 1]
        h = FNV_OFFSET ^ np.uint64(b - a)
        for p in range(a, b):
            h = _hash_entry(h, kbuf, koff, p, 256)
            h = _hash_entry(h, vbuf, voff, p, 257)
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
            if _same_map(kbuf, koff, vbuf, voff, a, b, moff[f], moff[f + 1]):
                idx[li] = d
                break
            s = (s + 1) & (size - 1)
    return nd
