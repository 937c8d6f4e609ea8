"""``ekby``: Ekby kommun, a small kommun with tax revenue (80), generella statsbidrag (82) and an equalisation
fee (83), a loan, a pension provision; no payroll, internal bank, projects or members."""

from __future__ import annotations

import random
from datetime import date

from tests.entities.books import MONTHS, YEAR, Books, Voucher, month_end, transfer

ORGNR = "212000-0999"


def books(rng: random.Random) -> Books:
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


# its entity.toml
PROFILE = """# Ekby kommun: a fixture entity (tests/entities/generate.py)
[entity]
name = "Ekby kommun"
kind = "kommun"
"""
