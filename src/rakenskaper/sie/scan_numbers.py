"""Exact parsing of a posting's amount and quantity and of dates (numba): integers, never floats.

An amount is an integer of öre (scale 2), a quantity of 1e-4 (scale 4), a date days since 1970-01-01. What
is not one is reported by a status (ST_*) instead of being rounded or guessed.
"""

from __future__ import annotations

from numba import njit

# status of a parsed number/date
ST_OK, ST_ABSENT, ST_BAD, ST_PRECISION = range(4)

MINUS, DOT, ZERO, NINE = 45, 46, 48, 57


@njit(cache=True, nogil=True, inline="always")
def is_digit(b):
    return ZERO <= b <= NINE


@njit(cache=True, nogil=True)
def parse_decimal(B, s, e, scale, max_int_digits):
    """Bytes [s, e) of B as a decimal × 10**scale: (value, ST_OK); (0, ST_ABSENT) if empty; (0, ST_BAD) if not
    ``-?digits(.digits)?`` with 1 to max_int_digits integer digits; (0, ST_PRECISION) if a decimal beyond
    ``scale`` is not zero."""
    if e <= s:
        return 0, ST_ABSENT
    k = s
    neg = B[k] == MINUS
    if neg:
        k += 1
    v = 0
    digits = 0
    while k < e and is_digit(B[k]):
        v = v * 10 + (B[k] - ZERO)
        digits += 1
        k += 1
    if digits == 0 or digits > max_int_digits:
        return 0, ST_BAD
    nfrac = 0
    extra = False
    if k < e and B[k] == DOT:
        k += 1
        if k == e:
            return 0, ST_BAD
        while k < e and is_digit(B[k]):
            if nfrac < scale:
                v = v * 10 + (B[k] - ZERO)
                nfrac += 1
            elif B[k] != ZERO:
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
def parse_date(B, s, e):
    """Bytes [s, e) of B as YYYYMMDD → (days since 1970-01-01, ST_OK); (0, ST_ABSENT) if empty; (0, ST_BAD)
    if not eight digits or not a day of the proleptic Gregorian calendar."""
    if e <= s:
        return 0, ST_ABSENT
    if e - s != 8:
        return 0, ST_BAD
    v = 0
    for k in range(s, e):
        if not is_digit(B[k]):
            return 0, ST_BAD
        v = v * 10 + (B[k] - ZERO)
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
