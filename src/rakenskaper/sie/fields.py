"""Field syntax of SIE4 records, in Python (for the few header records) and as RE2 patterns (for DuckDB).

A record is a label (``#TRANS``) and fields separated by runs of spaces or tabs. A field is bare text,
a quoted string (``"…"`` with ``\\"`` for a quote inside) or an object list ``{1 "100" 8 "Norrby"}``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

# One field, as RE2/Python regex text. The same text is used by DuckDB (RE2) and by Python (re).
QUOTED = r'"(?:[^"\\]|\\.)*"'
BARE = r'[^\s"{}]+'
OBJECT_LIST = r"\{[^{}]*\}"
TOKEN = f"{QUOTED}|{BARE}"
ANY_FIELD = f"{QUOTED}|{OBJECT_LIST}|{BARE}"

_FIELD_RE = re.compile(rf'\s*(?:"((?:[^"\\]|\\.)*)"|\{{([^{{}}]*)\}}|({BARE})|(\S))')
_ELEMENT_RE = re.compile(rf'\s*(?:"((?:[^"\\]|\\.)*)"|({BARE})|(\S))')


class FieldSyntaxError(ValueError):
    pass


def unquote(text: str) -> str:
    return text.replace('\\"', '"')


def split_object_list(inner: str) -> list[str]:
    """Elements of an object list's inside: ``1 "100" 8 Norrby`` → ['1', '100', '8', 'Norrby']."""
    out: list[str] = []
    for m in _ELEMENT_RE.finditer(inner):
        quoted, bare, bad = m.groups()
        if bad is not None:
            raise FieldSyntaxError(f"unexpected {bad!r} in object list")
        out.append(unquote(quoted) if quoted is not None else bare)
    return out


def split_record(line: str) -> list[str | list[str]]:
    """``#VER A 1 20250101 "Text"`` → ['#VER', 'A', '1', '20250101', 'Text']; object lists become lists."""
    out: list[str | list[str]] = []
    pos = 0
    text = line.rstrip()
    while pos < len(text):
        m = _FIELD_RE.match(text, pos)
        if m is None:  # only trailing whitespace left
            break
        quoted, objects, bare, bad = m.groups()
        if bad is not None:
            raise FieldSyntaxError(f"unexpected {bad!r} at column {m.start(4) + 1}")
        if quoted is not None:
            out.append(unquote(quoted))
        elif objects is not None:
            out.append(split_object_list(objects))
        else:
            out.append(bare)
        pos = m.end()
    return out


def ksumma_fields(line: str) -> list[str]:
    """The fields one record adds to #KSUMMA: label and fields, object lists flattened."""
    flat: list[str] = []
    for f in split_record(line):
        flat.extend(f if isinstance(f, list) else [f])
    return flat


def parse_date(text: str) -> date:
    if not re.fullmatch(r"\d{8}", text or ""):
        raise ValueError(f"bad date {text!r} (want YYYYMMDD)")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def is_date(text: str) -> bool:
    """``text`` is a real YYYYMMDD date."""
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


AMOUNT_RE = re.compile(r"-?\d{1,16}(?:\.\d{1,2}0*)?")


def parse_amount(text: str) -> Decimal:
    """Exact öre amount; more than two non-zero decimals is an error, never rounded."""
    if not AMOUNT_RE.fullmatch(text or ""):
        raise ValueError(f"bad amount {text!r}")
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(f"bad amount {text!r}") from exc
