"""Two fixture entities that are not the demo, for the proof that one checkout serves any Kommun-Bas entity.

- ``norrmark``: Norrmarks samordningsförbund, a kommunalförbund with 4 units, 5 municipalities (4 members,
  1 co-opted), member contributions on 3610, internal sales 3790/7790, payroll in series LON (reconciled with
  ``payroll/``), its cash in an internal bank (claim 1685, interest 8442, ``internal_bank/``), accruals in P.
- ``ekby``: Ekby kommun, a small kommun with tax revenue (80), generella statsbidrag (82) and an
  equalisation fee (83), a loan, a pension provision; no payroll, internal bank, projects or members.

Deterministic (a seeded RNG), one fiscal year 2024, vouchers January–June. ``write_entity(name, out)`` writes
the source folder and returns the books as data (``Books``) so tests compute expected figures from the
vouchers themselves, by Kommun-Bas group, without the product's mapping.

    python tests/entities/generate.py norrmark /tmp/norrmark
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rakenskaper.sie.writer import Quoted, SieWriter, amount

YEAR = 2024
MONTHS = range(1, 7)


@dataclass
class Voucher:
    series: str
    day: date
    text: str
    rows: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)  # account, unit, cp, öre

    def add(self, account: str, ore: int, unit: str | None = None, counterpart: str | None = None) -> None:
        self.rows.append((account, unit, counterpart, ore))


def transfer(series: str, day: date, text: str, debit: str, credit: str, ore: int, unit: str | None = None) -> Voucher:
    """A two-row voucher: `ore` onto `debit`, the same off `credit`. The unit (dim 1), if any, goes on the row
    whose account is in the income statement (Kommun-Bas classes 3–8), as the units' books are kept; a voucher
    between two such accounts names each row's unit itself (Voucher.add)."""
    on_result = [account[0] in "345678" for account in (debit, credit)]
    if unit is not None and on_result.count(True) != 1:
        raise ValueError(f"transfer {debit} → {credit}: which row carries unit {unit} is not clear")
    vo = Voucher(series, day, text)
    vo.add(debit, ore, unit if on_result[0] else None)
    vo.add(credit, -ore, unit if on_result[1] else None)
    return vo


@dataclass
class Books:
    name: str
    accounts: dict[str, str]
    units: dict[str, str]
    counterparts: dict[str, str]
    opening: dict[str, int]
    vouchers: list[Voucher]
    payroll_rows: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)


def month_end(month: int) -> date:
    return (date(YEAR, month % 12 + 1, 1) if month < 12 else date(YEAR + 1, 1, 1)) - timedelta(days=1)


def luhn_personnummer(rng: random.Random) -> str:
    """A syntactically valid personnummer (Luhn check digit) for a fictitious person."""
    birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 14000))
    serial = f"{rng.randint(0, 999):03d}"
    digits = birth.strftime("%y%m%d") + serial
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    check = (10 - total % 10) % 10
    return f"{birth.strftime('%Y%m%d')}-{serial}{check}"


def _norrmark(rng: random.Random) -> Books:
    units = {"10": "Kansli", "20": "Arbetsmarknad", "30": "Folkhälsa", "40": "Digitalisering"}
    municipalities = {
        "K01": "Norrby kommun",
        "K02": "Östmarks kommun",
        "K03": "Åsele udde kommun",
        "K04": "Lillhamra kommun",
        "K05": "Västerfors kommun",
    }
    accounts = {
        "1220": "Inventarier",
        "1229": "Ackumulerade avskrivningar inventarier",
        "1510": "Kundfordringar",
        "1685": "Fordran internbanken",
        "1930": "Bank",
        "2010": "Eget kapital",
        "2440": "Leverantörsskulder",
        "2710": "Personalens källskatt",
        "2730": "Lagstadgade sociala avgifter",
        "2920": "Semesterlöneskuld",
        "2990": "Övriga upplupna kostnader",
        "3510": "Statsbidrag",
        "3610": "Medlemsbidrag",
        "3790": "Interna intäkter",
        "5010": "Månadslöner",
        "5410": "Arbetsgivaravgifter",
        "4010": "Material och varor",
        "6410": "Konsulttjänster",
        "6910": "Resor",
        "7790": "Interna kostnader",
        "7910": "Avskrivningar inventarier",
        "8442": "Ränta internbanken",
        "8540": "Bankavgifter",
    }
    opening = {"1220": 180_000_00, "1229": -36_000_00, "1685": 2_400_000_00, "1930": 150_000_00, "2010": -2_694_000_00}
    staff = {unit: [(luhn_personnummer(rng), rng.randint(34_000, 52_000) * 100) for _ in range(3)] for unit in units}
    vouchers: list[Voucher] = []
    payroll_rows: list[dict] = []
    contributions = {(u, m): rng.randint(30, 90) * 1_000_00 for u in units for m in municipalities}
    claim = opening["1685"]
    statements = []
    for month in MONTHS:
        end = month_end(month)
        deposits = withdrawals = 0
        # member contributions, paid straight into the internal bank (one voucher per unit)
        for unit in units:
            vo = Voucher("K", date(YEAR, month, 5), f"Medlemsbidrag {units[unit]} {YEAR}-{month:02d}")
            for m in municipalities:
                amount_ore = contributions[(unit, m)] // 6
                vo.add("3610", -amount_ore, unit, m)
                vo.add("1685", amount_ore)
                deposits += amount_ore
            vouchers.append(vo)
        # a state grant to Arbetsmarknad, invoiced and paid to the bank
        grant = rng.randint(50, 120) * 1_000_00
        vouchers.append(
            transfer("K", date(YEAR, month, 10), "Statsbidrag arbetsmarknad", "1510", "3510", grant, unit="20")
        )
        vouchers.append(transfer("B", date(YEAR, month, 20), "Inbetalning statsbidrag", "1930", "1510", grant))
        # supplier invoices per unit, paid from the internal bank
        for unit in units:
            cost = rng.randint(20, 80) * 1_000_00 + rng.randint(0, 99)
            account = rng.choice(["4010", "6410", "6910"])
            vo = Voucher("L", date(YEAR, month, 12), f"Leverantörsfaktura {units[unit]}")
            vo.add(account, cost, unit)
            vo.add("2440", -cost)
            vouchers.append(vo)
            vo = Voucher("B", date(YEAR, month, 28), f"Betalning leverantör {units[unit]}")
            vo.add("2440", cost)
            vo.add("1685", -cost)
            withdrawals += cost
            vouchers.append(vo)
        # Digitalisering sells IT support to the other units (internal, eliminated in the total)
        for buyer in ("10", "20", "30"):
            part = rng.randint(5, 15) * 1_000_00
            vo = Voucher("I", date(YEAR, month, 15), f"Intern IT-debitering {units[buyer]}")
            vo.add("7790", part, buyer)
            vo.add("3790", -part, "40")
            vouchers.append(vo)
        # payroll: one LON journal per month, exactly the payroll file's rows summed per unit × account
        lon = Voucher("LON", date(YEAR, month, 25), f"Lönejournal {YEAR}-{month:02d}")
        net_total = 0
        for unit, people in staff.items():
            for pnr, salary in people:
                tax = salary * 30 // 100
                employer = salary * 3142 // 10000
                vacation = salary * 12 // 100
                for item, name, account, value in (
                    ("1100", "Månadslön", "5010", salary),
                    ("3100", "Preliminär skatt", "2710", -tax),
                    ("4100", "Arbetsgivaravgift", "5410", employer),
                    ("4100", "Arbetsgivaravgift", "2730", -employer),
                    ("5100", "Semesterlöneskuld", "5010", vacation),
                    ("5100", "Semesterlöneskuld", "2920", -vacation),
                ):
                    payroll_rows.append(
                        {
                            "pay_period": f"{YEAR}-{month:02d}",
                            "payment_date": lon.day.isoformat(),
                            "personnummer": pnr,
                            "employee_name": "Testperson Fiktiv",
                            "unit": unit,
                            "pay_item": item,
                            "pay_item_name": name,
                            "account": account,
                            "quantity": "1.00" if item == "1100" else "0.00",
                            "amount": value,
                        }
                    )
                net_total += salary - tax
            unit_salary = sum(s for _, s in people)
            lon.add("5010", unit_salary + sum(s * 12 // 100 for _, s in people), unit)
            lon.add("5410", sum(s * 3142 // 10000 for _, s in people), unit)
        everyone = [s for people in staff.values() for _, s in people]
        lon.add("2710", -sum(s * 30 // 100 for s in everyone))
        lon.add("2730", -sum(s * 3142 // 10000 for s in everyone))
        lon.add("2920", -sum(s * 12 // 100 for s in everyone))
        lon.add("1930", -net_total)
        vouchers.append(lon)
        # taxes and contributions of the month paid the same month (a settlement outside LON)
        vo = Voucher("B", date(YEAR, month, 27), "Skatter och avgifter till Skatteverket")
        vo.add("2710", sum(s * 30 // 100 for s in everyone))
        vo.add("2730", sum(s * 3142 // 10000 for s in everyone))
        vo.add("1685", -(sum(s * 30 // 100 for s in everyone) + sum(s * 3142 // 10000 for s in everyone)))
        withdrawals += sum(s * 30 // 100 for s in everyone) + sum(s * 3142 // 10000 for s in everyone)
        vouchers.append(vo)
        # salaries paid from the bank are topped up from the internal bank
        vo = Voucher("B", date(YEAR, month, 24), "Överföring internbanken till bank")
        vo.add("1930", net_total)
        vo.add("1685", -net_total)
        withdrawals += net_total
        vouchers.append(vo)
        # depreciation, bank fees
        vouchers.append(transfer("A", end, "Avskrivningar inventarier", "7910", "1229", 3_000_00, unit="10"))
        vouchers.append(transfer("B", end, "Bankavgifter", "8540", "1930", 450_00, unit="10"))
        # interest credited by the internal bank at every month-end
        interest = claim // 400
        vouchers.append(transfer("B", end, "Ränta internbanken", "1685", "8442", interest, unit="10"))
        # period-end accrual of an unbilled consultancy cost, reversed the next day
        accrued = rng.randint(10, 30) * 1_000_00
        vouchers.append(transfer("P", end, "Periodisering konsulttjänster", "6410", "2990", accrued, unit="40"))
        if month < max(MONTHS):
            vo = Voucher("P", end + timedelta(days=1), "Återföring periodisering konsulttjänster")
            vo.add("6410", -accrued, "40")
            vo.add("2990", accrued)
            vouchers.append(vo)
        opening_claim = claim
        claim = opening_claim + deposits - withdrawals + interest
        statements.append(
            {
                "statement_date": end.isoformat(),
                "account_no": "IB-0042-7",
                "opening_balance": opening_claim,
                "deposits": deposits,
                "withdrawals": withdrawals,
                "interest_credited": interest,
                "closing_balance": claim,
                "interest_rate_pct": "3.00",
                "accrued_interest_not_credited": 0,
            }
        )
    return Books(
        "Norrmarks samordningsförbund", accounts, units, municipalities, opening, vouchers, payroll_rows, statements
    )


def _ekby(rng: random.Random) -> Books:
    units = {"1": "Kommunstyrelsen", "2": "Barn och utbildning", "3": "Vård och omsorg"}
    accounts = {
        "1110": "Byggnader",
        "1119": "Ackumulerade avskrivningar byggnader",
        "1510": "Kundfordringar",
        "1930": "Bank",
        "2010": "Eget kapital",
        "2210": "Avsättningar för pensioner",
        "2310": "Långfristiga lån",
        "2440": "Leverantörsskulder",
        "3110": "Taxor och avgifter",
        "3410": "Lokalhyror",
        "4010": "Material",
        "5010": "Löner",
        "5710": "Pensionskostnader",
        "6110": "Fastighetskostnader",
        "7910": "Avskrivningar byggnader",
        "8011": "Kommunalskatt",
        "8211": "Inkomstutjämningsbidrag",
        "8251": "Kostnadsutjämningsbidrag",
        "8311": "Avgift till LSS-utjämningen",
        "8441": "Ränteintäkter",
        "8510": "Räntekostnader lån",
    }
    opening = {
        "1110": 40_000_000_00,
        "1119": -8_000_000_00,
        "1930": 5_000_000_00,
        "1510": 300_000_00,
        "2210": -3_000_000_00,
        "2310": -20_000_000_00,
        "2010": -14_300_000_00,
    }
    vouchers: list[Voucher] = []
    for month in MONTHS:
        end = month_end(month)
        for account, ore, text in (
            ("8011", -rng.randint(9_000, 9_400) * 1_000_00, "Skatteintäkter, preliminär utbetalning"),
            ("8211", -rng.randint(2_000, 2_100) * 1_000_00, "Inkomstutjämningsbidrag"),
            ("8251", -rng.randint(300, 320) * 1_000_00, "Kostnadsutjämningsbidrag"),
            ("8311", rng.randint(90, 95) * 1_000_00, "Avgift LSS-utjämning"),
        ):
            vo = Voucher("B", date(YEAR, month, 20), text)
            vo.add(account, ore, "1")
            vo.add("1930", -ore)
            vouchers.append(vo)
        for unit in units:
            fees = rng.randint(100, 300) * 1_000_00
            vo = Voucher("K", date(YEAR, month, 8), f"Avgifter {units[unit]}")
            vo.add("1510", fees)
            vo.add(rng.choice(["3110", "3410"]), -fees, unit)
            vouchers.append(vo)
            vouchers.append(
                transfer("B", date(YEAR, month, 22), f"Inbetalning avgifter {units[unit]}", "1930", "1510", fees)
            )
            wages = rng.randint(2_000, 4_000) * 1_000_00 + rng.randint(0, 99)
            vouchers.append(
                transfer("B", date(YEAR, month, 25), f"Löner {units[unit]}", "5010", "1930", wages, unit=unit)
            )
            cost = rng.randint(500, 1_500) * 1_000_00
            vo = Voucher("L", date(YEAR, month, 14), f"Leverantörsfaktura {units[unit]}")
            vo.add(rng.choice(["4010", "6110"]), cost, unit)
            vo.add("2440", -cost)
            vouchers.append(vo)
            if month < max(MONTHS):  # June's invoices are still unpaid at the report date
                vouchers.append(
                    transfer(
                        "B",
                        date(YEAR, month, 30 if month != 2 else 28),
                        f"Betalning leverantör {units[unit]}",
                        "2440",
                        "1930",
                        cost,
                    )
                )
        vouchers.append(transfer("A", end, "Pensionsavsättning", "5710", "2210", 120_000_00, unit="1"))
        vouchers.append(transfer("A", end, "Avskrivningar byggnader", "7910", "1119", 160_000_00, unit="1"))
        vouchers.append(transfer("B", end, "Ränta lån", "8510", "1930", 55_000_00, unit="1"))
        vouchers.append(transfer("B", end, "Ränta bankmedel", "1930", "8441", 4_000_00, unit="1"))
    vouchers.append(transfer("B", date(YEAR, 3, 31), "Amortering lån", "2310", "1930", 1_000_000_00))
    return Books("Ekby kommun", accounts, units, {}, opening, vouchers)


# what the fixture kommunalförbund sets first, as the documented example does (test_entity_profile.py reads it)
NORRMARK_SETTINGS = """[entity]
name = "Norrmarks samordningsförbund"
kind = "kommunalforbund"
[dimensions]
unit = 1
project = 6
counterpart = 8
[voucher_series]
period_end_accruals = ["P"]
payroll = ["LON"]
[accounts]
claim_on_internal_bank = ["1685"]
internal_bank_interest = ["8442"]
member_contributions = ["3610"]
internal_items = ["3790", "7790"]
"""

PROFILES = {
    "norrmark": "# Norrmarks samordningsförbund: a fixture entity (tests/entities/generate.py)\n"
    + NORRMARK_SETTINGS
    + """
[members]
K01 = "medlem"
K02 = "medlem"
K03 = "medlem"
K04 = "medlem"
K05 = "adjungerad"

[labels]
claim_on_internal_bank = "Fordran internbanken"

[goals]
equity_floor_tkr = 2000
""",
    "ekby": """# Ekby kommun: a fixture entity (tests/entities/generate.py)
[entity]
name = "Ekby kommun"
kind = "kommun"
""",
}

ORGNR = {"norrmark": "222000-0142", "ekby": "212000-0999"}


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
    w.record("#ORGNR", ORGNR[key])
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
    books = {"norrmark": _norrmark, "ekby": _ekby}[key](rng)
    out = Path(out)
    (out / "ledger").mkdir(parents=True, exist_ok=True)
    (out / "ledger" / f"{key}_{YEAR}.se").write_bytes(_sie(books, key))
    (out / "entity.toml").write_text(PROFILES[key], encoding="utf-8")
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
