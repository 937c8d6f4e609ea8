"""Render the demo ledger as SIE4 files (type 4, PC8/CP437, #KSUMMA)."""

from __future__ import annotations

from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.chart import ACCOUNTS, COUNTERPARTS, PROJECTS
from rakenskaper.demo.voucher import Voucher
from rakenskaper.sie.writer import Quoted, SieWriter, amount

ORGNR = "222000-1891"
COMPANY = "Boråsregionen Sjuhärads kommunalförbund"
PROGRAM = "Räkenskaper demo-generator"
VERSION = "1.0"


def account_type(acc: str) -> str:
    if acc[0] == "1":
        return "T"
    if acc[0] == "2":
        return "S"
    if acc[0] == "3" or acc in ("8442",):
        return "I"
    return "K"


def is_balance(acc: str) -> bool:
    return acc[0] in "12"


def ymd(d: date) -> str:
    return d.strftime("%Y%m%d")


def sums(vouchers: list[Voucher]) -> dict[str, int]:
    out: dict[str, int] = {}
    for vo in vouchers:
        for acc, _, x in vo.rows:
            out[acc] = out.get(acc, 0) + x
    return out


def render(
    year: int,
    generated: date,
    ib: dict[str, int],
    vouchers: list[Voucher],
    prev: dict | None,
    budget: list[tuple[str, str, str, int]] | None = None,
) -> bytes:
    """``prev`` = {"ib": …, "ub": …, "res": …} of year −1 where known; ``budget`` = (period, account, unit, öre)."""
    moves = sums(vouchers)
    ub = {a: ib.get(a, 0) + moves.get(a, 0) for a in sorted(set(ib) | {a for a in moves if is_balance(a)})}
    res = {a: x for a, x in sorted(moves.items()) if not is_balance(a)}
    used = (
        set(ib)
        | set(moves)
        | set((prev or {}).get("ib", {}))
        | set((prev or {}).get("ub", {}))
        | set((prev or {}).get("res", {}))
        | {b[1] for b in (budget or [])}
    )
    w = SieWriter()
    _header(w, year, generated, used)
    for a in sorted(ib):
        w.record("#IB", "0", a, amount(ib[a]))
    for a in sorted(ub):
        w.record("#UB", "0", a, amount(ub[a]))
    if prev:
        for a in sorted(prev.get("ib", {})):
            w.record("#IB", "-1", a, amount(prev["ib"][a]))
        for a in sorted(prev.get("ub", {})):
            w.record("#UB", "-1", a, amount(prev["ub"][a]))
    for a in sorted(res):
        w.record("#RES", "0", a, amount(res[a]))
    if prev:
        for a in sorted(prev.get("res", {})):
            w.record("#RES", "-1", a, amount(prev["res"][a]))
    for period, acc, unit, x in budget or []:
        w.record("#PBUDGET", "0", period, acc, [("1", unit)], amount(x))
    for vo in vouchers:
        w.record("#VER", vo.series, str(vo.number), ymd(vo.date), Quoted(vo.text), ymd(vo.date))
        w.raw("{", [])
        for acc, objs, x in vo.rows:
            w.record("#TRANS", acc, list(objs), amount(x))
        w.raw("}", [])
    return w.to_bytes()


def _header(w: SieWriter, year: int, generated: date, used: set[str]) -> None:
    """The file's identification, the accounts it uses and the dimensions' objects."""
    w.head("#FLAGGA", "0")
    w.record("#PROGRAM", Quoted(PROGRAM), VERSION)
    w.record("#FORMAT", "PC8")
    w.record("#GEN", ymd(generated), Quoted("demo"))
    w.record("#SIETYP", "4")
    w.record("#FNAMN", Quoted(COMPANY))
    w.record("#ORGNR", ORGNR)
    w.record("#ADRESS", Quoted("Ekonomichef"), Quoted("Box 55"), Quoted("501 03 Borås"), Quoted("033-35 70 00"))
    w.record("#RAR", "0", f"{year}0101", f"{year}1231")
    w.record("#RAR", "-1", f"{year - 1}0101", f"{year - 1}1231")
    w.record("#KPTYP", "KOMMUNBAS")
    w.record("#VALUTA", "SEK")
    for acc in sorted(used):
        w.record("#KONTO", acc, Quoted(ACCOUNTS[acc]))
        w.record("#KTYP", acc, account_type(acc))
    w.record("#DIM", "1", Quoted("Verksamhet"))
    w.record("#DIM", "6", Quoted("Projekt"))
    w.record("#DIM", "8", Quoted("Motpart"))
    for u in T.UNITS:
        w.record("#OBJEKT", "1", Quoted(u), Quoted(T.UNIT_NAMES[u]))
    for code, name in PROJECTS.items():
        w.record("#OBJEKT", "6", Quoted(code), Quoted(name))
    for code, name in sorted(COUNTERPARTS.items()):
        w.record("#OBJEKT", "8", Quoted(code), Quoted(name))
