"""``norrmark``: Norrmarks samordningsförbund, a kommunalförbund with 4 units, 5 municipalities (4 members,
1 co-opted), member contributions on 3610, internal sales 3790/7790, payroll in series LON (reconciled with
``payroll/``), its cash in an internal bank (claim 1685, interest 8442, ``internal_bank/``), accruals in P."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tests.entities.books import MONTHS, YEAR, Books, Voucher, luhn_personnummer, month_end, transfer

ORGNR = "222000-0142"


def books(rng: random.Random) -> Books:
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

# its entity.toml
PROFILE = (
    "# Norrmarks samordningsförbund: a fixture entity (tests/entities/generate.py)\n"
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
"""
)
