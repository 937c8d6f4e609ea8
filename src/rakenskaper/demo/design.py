"""The demo's design: the figures and splits the solved amounts start from (model.py), and the accounts and
rows the published notes are made of. Amounts in öre unless named tkr; ledger sign (debit +)."""

from __future__ import annotations

import csv
from pathlib import Path

SEED = 20230831
LINES = ("rev_ext", "rev_int", "cost_ext", "cost_int", "depr", "fin_inc", "fin_e20", "fin_oth")
BUCKETS = ("A", "PA", "B", "C", "PC")


def design_table(name: str) -> list[dict[str, str]]:
    """A table of the design kept as data beside this module (units.csv, note_accounts.csv, …)."""
    with open(Path(__file__).with_name(name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# The accounts whose balances are the rows of note 17 (receivables) and note 22 (short-term liabilities):
# account → the note's row label.
_NOTE_ACCOUNTS = design_table("note_accounts.csv")
REC_ACCOUNTS = {row["account"]: row["row_label"] for row in _NOTE_ACCOUNTS if row["note_no"] == "17"}
ST_ACCOUNTS = {row["account"]: row["row_label"] for row in _NOTE_ACCOUNTS if row["note_no"] == "22"}

DATES = ("d0", "d1", "d2", "d3")
COLS = {"d1": "at_2022_08_31", "d2": "at_2022_12_31", "d3": "at_2023_08_31"}
NCOLS = {"d1": "col_2201_2208", "d2": "col_2201_2212", "d3": "col_2301_2308"}

# Internal sales (tkr, designed): sellers per bucket; buyers' shares.
INT_TOTAL_ORE = {"A": 450_618_750, "B": 183_185_675, "C": 392_009_680}
INT_SELLERS = {"A": {"110": 4306, "600": 200}, "B": {"110": 1732, "600": 100}, "C": {"110": 3720, "600": 200}}
INT_BUYERS_A = {
    "600": 150,
    "200": 1500,
    "800": 1400,
    "900": 600,
    "300": 300,
    "100": 300,
    "500": 150,
    "400": 56,
    "700": 50,
}
INT_BUYERS_C = {
    "600": 140,
    "200": 1300,
    "800": 1250,
    "900": 400,
    "300": 280,
    "100": 260,
    "500": 150,
    "400": 80,
    "700": 60,
}

# Special contribution rows (not a municipality): note label → how it is booked
OVERSKOTT_UNITS = {"400": (803, -474, 474), "900": (289, -682, 682)}  # Överskott 2021 (A), 2022 (B), used (C)


def split_ore(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Largest-remainder split of an integer over keys (in the dict's order)."""
    s = sum(weights.values())
    raw = {k: total * w / s for k, w in weights.items()}
    out = {k: int(v // 1) if v >= 0 else -int((-v) // 1) for k, v in raw.items()}
    rest = total - sum(out.values())
    order = sorted(weights, key=lambda k: (-(abs(raw[k] - out[k])), list(weights).index(k)))
    step = 1 if rest > 0 else -1
    i = 0
    while rest:
        out[order[i % len(order)]] += step
        rest -= step
        i += 1
    return out


def internal_pairs(bucket: str) -> list[tuple[str, str, int]]:
    """(seller, buyer, öre) by the north-west-corner rule; sellers and buyers in designed order."""
    total = INT_TOTAL_ORE[bucket]
    sellers = split_ore(total, INT_SELLERS[bucket])
    buyers = split_ore(total, INT_BUYERS_C if bucket == "C" else INT_BUYERS_A)
    s_items = [[k, v] for k, v in sellers.items()]
    b_items = [[k, v] for k, v in buyers.items()]
    pairs = []
    i = j = 0
    while i < len(s_items) and j < len(b_items):
        amt = min(s_items[i][1], b_items[j][1])
        if amt:
            if s_items[i][0] == b_items[j][0]:
                raise ValueError("a unit would sell to itself")
            pairs.append((s_items[i][0], b_items[j][0], amt))
        s_items[i][1] -= amt
        b_items[j][1] -= amt
        if s_items[i][1] == 0:
            i += 1
        if b_items[j][1] == 0:
            j += 1
    return pairs


# Note 1 (Verksamhetens intäkter) rows: the grant programme / revenue kind → its revenue account and counterpart
# (dim 8). "Övriga intäkter" is every other external revenue account (3110, 3410; not the internal 3590).
NOTE1_ROWS = {
    "Statsbidrag": "3490",
    "RUN NAVET": "3511",
    "RUN DRUM": "3512",
    "KN DRUM": "3513",
    "MN DRUM": "3514",
    "MN Fossilfri Boråsregion": "3515",
    "VGR Närvårdssamverkan": "3516",
    "Nollning av projektkostnader genom tidigare utbetalade medel": "3530",
    "EU-bidrag": "3520",
    "Övriga intäkter": None,
}
NOTE1_OTHER = "Övriga intäkter"
# Designed tkr per unit of the rows other than "Övriga intäkter": (col 2201–2208 incl. the accrual PA,
# col 2201–2212, col 2301–2308). Each row's units sum to the printed figure; "Övriga intäkter" is the unit's
# remaining revenue (2201–2208 and 2301–2308, fixed by 2.1.2–2.1.11), and for the full year the printed total
# spread like Jan–Aug. The solver then moves every cell into its rounding window.
NOTE1_DESIGN = {
    "Statsbidrag": {"200": (1700, 1500, 1200), "300": (183, 328, 155), "800": (1877, 1600, 2450)},
    "RUN NAVET": {"800": (1771, 2657, 1771)},
    "RUN DRUM": {"200": (5000, 7500, 5000)},
    "KN DRUM": {"200": (1033, 2050, 1367)},
    "MN DRUM": {"200": (1000, 1500, 1000)},
    "MN Fossilfri Boråsregion": {"200": (0, 432, 164)},
    "VGR Närvårdssamverkan": {"900": (768, 5140, 0)},
    "Nollning av projektkostnader genom tidigare utbetalade medel": {"200": (1641, 400, 600), "900": (1284, 348, 544)},
    "EU-bidrag": {"200": (376, 352, 0)},
}
# the revenue accruals at 2022-08-31 (series P, reversed 2022-09-01): unit → (note 1 row, tkr)
PA_REVENUE = {"200": ("EU-bidrag", 300), "800": ("RUN NAVET", 150)}
# Note 2 (Verksamhetens kostnader) rows by Kommun-Bas account group; "Material och tjänster" is every other
# external cost account of lines operating_costs (40–45, 61–69 except 6450; not the internal 6590).
NOTE2_ROWS = {
    "Bidrag till projekt/verksamheter": ("46",),
    "Personalkostnader": ("5",),
    "Material och tjänster": None,
    "Revisionskostnader": ("6450",),
}
COST_KINDS = {
    "bidrag": "Bidrag till projekt/verksamheter",
    "pers": "Personalkostnader",
    "material": "Material och tjänster",
    "revision": "Revisionskostnader",
}
# note 2 "Personalkostnader" per bucket (öre): A = Jan–Aug 2022, B = Sep–Dec 2022, C = Jan–Aug 2023
PERSONNEL_TOTAL = {"A": 2_178_012_345, "B": 3_407_987_654 - 2_178_012_345, "C": 2_469_521_077}
PERSONNEL_SHARE = {
    "100": 70,
    "110": 60,
    "200": 35,
    "300": 80,
    "400": 60,
    "500": 85,
    "600": 85,
    "700": 70,
    "800": 45,
    "900": 30,
}
BIDRAG_WEIGHT = {"200": 80, "700": 50, "900": 40}  # units that pay grants to projects (46xx)
REVISION_UNITS = {"100": 1}  # the auditors' invoices (6450) go to Förbundskansli
# Designed depreciation and financial lines (report tkr) per (unit, line, bucket): the lines besides the units'
# revenue and costs.
DESIGNED_OTHER_LINES = {
    (row["unit"], row["line"], row["bucket"]): int(row["tkr"]) for row in design_table("designed_other_lines.csv")
}
