"""The tokeniser's compiled pass (numba) over one chunk of raw SIE bytes (whole lines); ``scan`` wraps it.

Per line it:

* splits the line into fields (runs of spaces/tabs separate; ``"…"`` with ``\\"`` quotes; ``{…}`` object
  lists, whose first one's elements are recorded too, as key/value pairs),
* classifies the line (#VER, ``{``, ``}``, #TRANS/#RTRANS/#BTRANS, other record, blank, garbage),
* parses the amount, quantity and dates of #VER and #TRANS lines exactly (integers of öre / 1e-4, days),
  flagging a bad number, a third non-zero decimal or an impossible date instead of rounding or guessing,
* records each field's byte range within its line,
* writes the bytes #KSUMMA covers (label and fields without separators, quotes, braces) to a side buffer.

The output arrays come in three named tuples (``LineArrays``, ``Numbers``, ``ObjectBuffers``). Numbers are
parsed by ``scan_numbers``, object lists checked by ``scan_maps``, values transcoded by ``scan_text``.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np
from numba import njit

from rakenskaper.sie.scan_maps import has_duplicate
from rakenskaper.sie.scan_numbers import ST_ABSENT, is_digit, parse_date, parse_decimal
from rakenskaper.sie.scan_text import transcode

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


# bytes
TAB, LF, CR, SPACE = 9, 10, 13, 32
QUOTE, HASH, BACKSLASH, LBRACE, RBRACE = 34, 35, 92, 123, 125

# Per line: kind (int8), flags (int16), field count (int16), byte offset in the chunk (int64); per line + 1:
# where its #KSUMMA bytes and its object-list pairs start (ckoff, moff); (lines, MAX_FIELDS): each field's
# byte range within its line, quotes excluded (b_start, b_end; 0, 0 when absent).
LineArrays = namedtuple("LineArrays", "kind flags n_fields line_start ckoff moff b_start b_end")
# #TRANS: amount in öre, quantity × 10 000, transaction date; #VER: voucher date (date_a), registration date
# (date_b); dates in days since 1970-01-01; each with its status (ST_*).
Numbers = namedtuple("Numbers", "num_a st_a num_q st_q date_a st_da date_b st_db")
# The first object list's keys (ASCII digits) and values (UTF-8) as Arrow string buffers (offsets + data).
ObjectBuffers = namedtuple("ObjectBuffers", "kbuf koff vbuf voff")


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


@njit(cache=True, nogil=True, inline="always")
def _is_sep(b):
    return b == SPACE or b == TAB or b == CR  # noqa: SIM109 (numba: plain comparisons)


@njit(cache=True, nogil=True, inline="always")
def _skip_blanks(B, k, e):
    """The first position from k on that is not a separator; e if there is none before e. A block's "{" may
    have trailing blanks ("{ " is still a block start)."""
    while k < e and _is_sep(B[k]):
        k += 1
    return k


@njit(cache=True, nogil=True, inline="always")
def _quoted(B, k, le, ck, cp):
    """A ``"…"`` string from the byte after its opening quote to the line end ``le``; its content
    (``\\"`` read as ``"``) is appended to the #KSUMMA buffer ``ck`` at ``cp``.
    Returns (end of the content, position after the closing quote, new cp, whether it was closed)."""
    while k < le:
        b = B[k]
        if b == BACKSLASH and k + 1 < le and B[k + 1] == QUOTE:
            ck[cp] = QUOTE
            cp += 1
            k += 2
            continue
        if b == QUOTE:
            return k, k + 1, cp, True
        ck[cp] = b
        cp += 1
        k += 1
    return k, k, cp, False


@njit(cache=True, nogil=True)
def tokenise(B, n_lines, u8len, u8tab, lines, nums, objs, ck):  # noqa: C901 (one loop: see below)
    """Tokenises the first ``n_lines`` lines of B (each ends in LF) into ``lines`` (LineArrays), ``nums``
    (Numbers), ``objs`` (ObjectBuffers; koff[0] = voff[0] = 0 set by the caller) and the #KSUMMA buffer ck.
    The arrays are reused from chunk to chunk: every line's entries are written, or cleared.
    Returns (cp, kp, vp, npairs): bytes used in ck, kbuf, vbuf, and object-list pairs.

    One loop on purpose (measured on 8 MB chunks, numba 0.68): split into per-field, per-object-list and
    per-line functions that take the output arrays (plain or ``inline="always"``), the pass took two to five
    times as long; even one helper writing a parsed number into its array per posting made it twice as slow.
    The small helpers kept here (``_quoted``, ``_skip_blanks``, ``transcode``, ``parse_*``, ``has_duplicate``)
    cost nothing measurable. The arrays are taken out of the named tuples once, here: reading them out of a
    tuple inside the loop made it several times slower too."""
    kind, flags, n_fields, line_start, ckoff, moff, b_start, b_end = lines
    num_a, st_a, num_q, st_q, date_a, st_da, date_b, st_db = nums
    kbuf, koff, vbuf, voff = objs
    pos = 0
    cp = 0  # bytes in ck
    kp = 0  # bytes in kbuf / vbuf
    vp = 0
    npairs = 0  # map entries so far (keys written == values written == npairs after each line)
    fsb = np.zeros(MAX_FIELDS, np.int64)
    feb = np.zeros(MAX_FIELDS, np.int64)
    for li in range(n_lines):
        ls = pos
        le = ls
        while B[le] != LF:
            le += 1
        pos = le + 1
        if le > ls and B[le - 1] == CR:
            le -= 1
        ckoff[li] = cp
        moff[li] = npairs
        line_start[li] = ls
        for j in range(MAX_FIELDS):
            b_start[li, j] = 0
            b_end[li, j] = 0
        st_a[li] = st_q[li] = st_da[li] = st_db[li] = ST_ABSENT

        fno = -1
        nel = 0
        nobj = 0
        fl = 0
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
            if b == LBRACE:  # object list
                k += 1
                closed = False
                kp0 = kp
                vp0 = vp
                np0 = npairs
                nk = 0
                obj_bad = False
                while k < le:
                    b = B[k]
                    if b == RBRACE:
                        closed = True
                        k += 1
                        break
                    if b == LBRACE:  # nested: flagged, skipped like a separator
                        fl |= F_BAD_BRACES
                    if b == LBRACE or _is_sep(b):
                        k += 1
                        continue
                    if b == QUOTE:
                        xs = k + 1
                        xe, k, cp, ok = _quoted(B, xs, le, ck, cp)
                        if not ok or (k < le and not (_is_sep(B[k]) or B[k] == RBRACE)):
                            fl |= F_BAD_QUOTES
                    else:
                        xs = k
                        while k < le:
                            b = B[k]
                            if _is_sep(b) or b == RBRACE or b == LBRACE:  # noqa: SIM109 (numba: plain comparisons)
                                break
                            if b == QUOTE:
                                fl |= F_BAD_QUOTES
                            ck[cp] = b
                            cp += 1
                            k += 1
                        xe = k
                    if nobj == 0:
                        if nel % 2 == 0:  # a dimension
                            if xe <= xs:
                                obj_bad = True
                            for q in range(xs, xe):
                                if not is_digit(B[q]):
                                    obj_bad = True
                                kbuf[kp] = B[q]
                                kp += 1
                            koff[npairs + nk + 1] = kp
                            nk += 1
                        else:  # its object
                            vp = transcode(B, xs, xe, True, u8len, u8tab, vbuf, vp)
                            voff[npairs + nk] = vp
                        nel += 1
                if not closed or (k < le and not _is_sep(B[k])):
                    fl |= F_BAD_BRACES
                if nobj == 0:
                    obj_bad |= nel % 2 == 1
                    if obj_bad or has_duplicate(kbuf, koff, np0, np0 + nk):
                        fl |= F_BAD_OBJECT if obj_bad else F_DUP_DIM
                        kp = kp0
                        vp = vp0
                        npairs = np0
                    else:
                        npairs = np0 + nk
                obj_field2 = obj_field2 or fno == 2
                nobj += 1
                cs = start
                ce = k
            elif b == QUOTE:  # quoted string
                cs = k + 1
                ce, k, cp, ok = _quoted(B, cs, le, ck, cp)
                if not ok or (k < le and not _is_sep(B[k])):
                    fl |= F_BAD_QUOTES
            else:  # bare
                while k < le:
                    b = B[k]
                    if _is_sep(b):
                        break
                    if b == QUOTE:
                        fl |= F_BAD_QUOTES
                    elif b == LBRACE or b == RBRACE:  # noqa: SIM109 (numba: plain comparisons)
                        fl |= F_BAD_BRACES
                    else:
                        ck[cp] = b
                        cp += 1
                    k += 1
                ce = k
            if fno < MAX_FIELDS:
                fsb[fno] = cs
                feb[fno] = ce
                b_start[li, fno] = cs - ls
                b_end[li, fno] = ce - ls
            else:
                fl |= F_MANY_FIELDS

        n_fields[li] = fno + 1
        if nel > MAX_ELEMS:
            fl |= F_MANY_ELEMS
        kd = BLANK
        if fno >= 0:
            s0 = fsb[0]
            n0 = feb[0] - s0
            first = B[s0]
            if fno == 0 and first == LBRACE and le - ls >= 1 and _skip_blanks(B, s0 + 1, le) == le:
                kd = OPEN
                fl = 0
            elif fno == 0 and n0 == 1 and first == RBRACE:
                kd = CLOSE
                fl = 0
            elif first == HASH:
                kd = RECORD
                if n0 <= 8:
                    label = _label(B, s0, n0)
                    if label == P_VER:
                        kd = VER
                    elif label == P_TRANS:
                        kd = POST
                    elif label == P_RTRANS:
                        kd = POST
                        fl |= F_RTRANS
                    elif label == P_BTRANS:
                        kd = POST
                        fl |= F_BTRANS
                    elif label == P_KSUMMA:
                        fl |= F_KSUMMA
            else:
                kd = GARBAGE
        if kd == POST:
            if not obj_field2:
                fl |= F_NO_OBJECT_LIST
            # fields 3 to 6: amount, transaction date, text, quantity (statuses stay ST_ABSENT when absent)
            if fno >= 3:
                num_a[li], st_a[li] = parse_decimal(B, fsb[3], feb[3], 2, 16)
            if fno >= 4:
                date_a[li], st_da[li] = parse_date(B, fsb[4], feb[4])
            if fno >= 6:
                num_q[li], st_q[li] = parse_decimal(B, fsb[6], feb[6], 4, 14)
        elif kd == VER:  # fields 3 to 5: voucher date, text, registration date
            if fno >= 3:
                date_a[li], st_da[li] = parse_date(B, fsb[3], feb[3])
            if fno >= 5:
                date_b[li], st_db[li] = parse_date(B, fsb[5], feb[5])
        kind[li] = kd
        flags[li] = fl
    ckoff[n_lines] = cp
    moff[n_lines] = npairs
    return cp, kp, vp, npairs


@njit(cache=True, nogil=True, inline="always")
def _label(B, s, n):
    """The record label at s (n bytes, at most 8) packed big-endian into a uint64, as P_* are."""
    packed = np.uint64(0)
    for j in range(8):
        byte = B[s + j] if j < n else 0
        packed = (packed << np.uint64(8)) | np.uint64(byte)
    return packed
