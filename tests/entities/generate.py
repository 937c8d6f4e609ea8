"""Two fixture entities that are not the demo, for the proof that one checkout serves any Kommun-Bas entity:
``norrmark`` (a kommunalförbund with payroll and an internal bank, norrmark.py) and ``ekby`` (a small kommun,
ekby.py).

Deterministic (a seeded RNG), one fiscal year 2024, vouchers January–June. ``write_entity(name, out)`` writes
the source folder and returns the books as data (``Books``) so tests compute expected figures from the
vouchers themselves, by Kommun-Bas group, without the product's mapping.

    python -m tests.entities.generate norrmark /tmp/norrmark
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from rakenskaper.sie.writer import Quoted, SieWriter, amount
from tests.entities import ekby, norrmark
from tests.entities.books import MONTHS, YEAR, Books

ENTITIES = {"norrmark": norrmark, "ekby": ekby}


def _sie(books: Books, key: str) -> bytes:
    moves: dict[str, int] = {}
    for vo in books.vouchers:
        for account, _, _, ore in vo.rows:
            moves[account] = moves.get(account, 0) + ore
    w = SieWriter()
    w.head("#FLAGGA", "0")
    w.record("#PROGRAM", Quoted("Fixturbok"), "1.0")
    w.record("#FORMAT", "PC8")
    w.record("#GEN", f"{YEAR}0705", Quoted("fixture"))
    w.record("#SIETYP", "4")
    w.record("#FNAMN", Quoted(books.name))
    w.record("#ORGNR", ENTITIES[key].ORGNR)
    w.record("#RAR", "0", f"{YEAR}0101", f"{YEAR}1231")
    w.record("#KPTYP", "KOMMUNBAS")
    w.record("#VALUTA", "SEK")
    for account in sorted(books.accounts):
        w.record("#KONTO", account, Quoted(books.accounts[account]))
        w.record(
            "#KTYP",
            account,
            "T"
            if account[0] == "1"
            else "S"
            if account[0] == "2"
            else "I"
            if account[0] == "3" or (account[0] == "8" and moves.get(account, 0) < 0)
            else "K",
        )
    w.record("#DIM", "1", Quoted("Verksamhet"))
    w.record("#DIM", "6", Quoted("Projekt"))
    w.record("#DIM", "8", Quoted("Motpart"))
    for code, name in books.units.items():
        w.record("#OBJEKT", "1", Quoted(code), Quoted(name))
    for code, name in books.counterparts.items():
        w.record("#OBJEKT", "8", Quoted(code), Quoted(name))
    balance = sorted(a for a in books.accounts if a[0] in "12")
    for account in balance:
        if account in books.opening:
            w.record("#IB", "0", account, amount(books.opening[account]))
    for account in balance:
        w.record("#UB", "0", account, amount(books.opening.get(account, 0) + moves.get(account, 0)))
    for account in sorted(a for a in books.accounts if a[0] not in "12"):
        w.record("#RES", "0", account, amount(moves.get(account, 0)))
    numbers: dict[str, int] = {}
    for vo in sorted(books.vouchers, key=lambda v: (v.day, v.series)):
        numbers[vo.series] = numbers.get(vo.series, 0) + 1
        w.record(
            "#VER",
            vo.series,
            str(numbers[vo.series]),
            vo.day.strftime("%Y%m%d"),
            Quoted(vo.text),
            vo.day.strftime("%Y%m%d"),
        )
        w.raw("{", [])
        for account, unit, counterpart, ore in vo.rows:
            objects = ([("1", unit)] if unit else []) + ([("8", counterpart)] if counterpart else [])
            w.record("#TRANS", account, objects, amount(ore))
        w.raw("}", [])
    return w.to_bytes()


def _money(ore: int) -> str:
    return f"{ore / 100:.2f}"


def write_entity(key: str, out: Path) -> Books:
    """Write the entity's source folder (ledger, subledgers, entity.toml) under ``out``; return its books."""
    rng = random.Random(f"fixture-{key}")
    books = ENTITIES[key].books(rng)
    out = Path(out)
    (out / "ledger").mkdir(parents=True, exist_ok=True)
    (out / "ledger" / f"{key}_{YEAR}.se").write_bytes(_sie(books, key))
    (out / "entity.toml").write_text(ENTITIES[key].PROFILE, encoding="utf-8")
    if books.payroll_rows:
        (out / "payroll").mkdir(exist_ok=True)
        header = list(books.payroll_rows[0])  # the columns of the file, in the order its rows are made
        for month in MONTHS:
            period = f"{YEAR}-{month:02d}"
            lines = [";".join(header)]
            for row in (r for r in books.payroll_rows if r["pay_period"] == period):
                lines.append(";".join(_money(row[c]) if c == "amount" else str(row[c]) for c in header))
            (out / "payroll" / f"payroll_{period}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if books.statements:
        (out / "internal_bank").mkdir(exist_ok=True)
        header = list(books.statements[0])  # the columns of the file, in the order its rows are made
        for row in books.statements:
            values = [row[c] if isinstance(row[c], str) else _money(row[c]) for c in header]
            (out / "internal_bank" / f"internal_bank_{row['statement_date'][:7]}.csv").write_text(
                ";".join(header) + "\n" + ";".join(values) + "\n", encoding="utf-8"
            )
    return books


if __name__ == "__main__":
    write_entity(sys.argv[1], Path(sys.argv[2]))
    print(f"wrote {sys.argv[1]} under {sys.argv[2]}")
