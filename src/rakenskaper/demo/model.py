"""The amounts the demo ledger must carry, solved so that every published tkr figure is reproduced.

All solver variables are in öre and in ledger sign (debit +). Buckets of the income statement:

- ``A``  2022-01-01..2022-08-31, all series except P
- ``PA`` P-series accruals at 2022-08-31 (reversed in September 2022)
- ``B``  2022-09-01..2022-12-31, all series except P (the 2022-12-31 P accruals net to zero per unit and line)
- ``C``  2023-01-01..2023-08-31, all series except P
- ``PC`` P-series accruals at 2023-08-31

Balance dates: d0 = 2021-12-31 (opening balance 2022), d1 = 2022-08-31, d2 = 2022-12-31, d3 = 2023-08-31.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from rakenskaper.demo import targets as T
from rakenskaper.demo.solver import TKR, Problem

SEED = 20230831
LINES = ("rev_ext", "rev_int", "cost_ext", "cost_int", "depr", "fin_inc", "fin_e20", "fin_oth")
BUCKETS = ("A", "PA", "B", "C", "PC")
REC_ACCOUNTS = {"1510": "Kundfordringar", "1640": "Övriga fordringar", "1710": "Interimsfordringar"}
ST_ACCOUNTS = {
    "2920": "Semesterlöneskuld",
    "2990": "Interimsskulder, huvudsakligen inkomstförskott",
    "2970": "Beslutade projekt",
    "2940": "Pensioner individuell del, inkl. löneskatt",
    "2740": "Övriga löneskatter",
    "2440": "Leverantörsskulder",
    "2710": "Preliminär skatt",
    "2730": "Arbetsgivaravgift",
    "2610": "Momsskuld",
}
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


@dataclass
class Model:
    problem: Problem
    contrib_rows: dict[str, list[str]] = field(default_factory=dict)  # unit → row labels (variables co|u|row|bucket)
    pairs: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    # "is|u|rev_ext|b" → the note 1 row variables "rv|u|row|b"; "is|u|cost_ext|b" → the note 2 kind variables
    # "ck|u|kind|b" (kind: pers, bidrag, revision, material); the unit's line is their sum
    parts: dict[str, list[str]] = field(default_factory=dict)

    def v(self, key: str) -> int:
        if key in self.parts:
            return sum(self.problem.values[k] for k in self.parts[key])
        return self.problem.values.get(key, 0)

    def has(self, key: str) -> bool:
        return key in self.problem.values or key in self.parts


def _lin(*parts) -> dict[str, int]:
    out: dict[str, int] = {}
    for coef, d in parts:
        for k, c in d.items():
            out[k] = out.get(k, 0) + coef * c
    return {k: c for k, c in out.items() if c}


def build() -> Model:
    rng = random.Random(SEED)
    p = Problem()
    m = Model(p)

    def off(scale: int = 22_000) -> int:
        return rng.randint(-scale, scale)

    def isvar(u, line, b, report_tkr, fixed_ore=None):
        key = f"is|{u}|{line}|{b}"
        if fixed_ore is not None:
            p.var(key, fixed_ore, fixed=True)
        elif report_tkr:
            p.var(key, -report_tkr * TKR + off())
        return key

    us = T.unit_statement()
    # ---------------------------------------------------------------- internal items (fixed)
    for b in ("A", "B", "C"):
        m.pairs[b] = internal_pairs(b)
        sell: dict[str, int] = {}
        buy: dict[str, int] = {}
        for s, bu, amt in m.pairs[b]:
            sell[s] = sell.get(s, 0) + amt
            buy[bu] = buy.get(bu, 0) + amt
        for u in T.UNITS:
            if u in sell:
                isvar(u, "rev_int", b, 0, fixed_ore=-sell[u])
            if u in buy:
                isvar(u, "cost_int", b, 0, fixed_ore=buy[u])
    intr = {b: {u: -m.v(f"is|{u}|rev_int|{b}") for u in T.UNITS} for b in ("A", "B", "C")}
    intc = {b: {u: -m.v(f"is|{u}|cost_int|{b}") for u in T.UNITS} for b in ("A", "B", "C")}

    # ---------------------------------------------------------------- designed income statement (report tkr)
    pa_rev = {"200": 300, "800": 150}
    design: dict[tuple[str, str, str], int] = {}
    for u in T.UNITS:
        s = us[u]
        per_a = {k: v["periodiserat_2201_2208"] for k, v in s.items()}
        ut_c = {k: v["utfall_2301_2308"] for k, v in s.items()}
        per_c = {k: v["periodiserat_2301_2308"] for k, v in s.items()}
        pa_cost = -round(0.04 * abs(per_a["Verksamhetens kostnader"]))
        design[(u, "rev_ext", "PA")] = pa_rev.get(u, 0)
        design[(u, "cost_ext", "PA")] = pa_cost
        design[(u, "rev_ext", "A")] = per_a["Verksamhetens intäkter"] - round(intr["A"][u] / TKR) - pa_rev.get(u, 0)
        design[(u, "cost_ext", "A")] = per_a["Verksamhetens kostnader"] - round(intc["A"][u] / TKR) - pa_cost
        design[(u, "rev_ext", "C")] = ut_c["Verksamhetens intäkter"] - round(intr["C"][u] / TKR)
        design[(u, "cost_ext", "C")] = ut_c["Verksamhetens kostnader"] - round(intc["C"][u] / TKR)
        design[(u, "rev_ext", "PC")] = per_c["Verksamhetens intäkter"] - ut_c["Verksamhetens intäkter"]
        design[(u, "cost_ext", "PC")] = per_c["Verksamhetens kostnader"] - ut_c["Verksamhetens kostnader"]
    for (u, line, b), val in [
        (("100", "depr", "PA"), -28),
        (("800", "depr", "PA"), -347),
        (("100", "depr", "B"), -42),
        (("800", "depr", "B"), -533),
        (("100", "depr", "PC"), -21),
        (("800", "depr", "PC"), -309),
        (("100", "fin_inc", "A"), 8),
        (("100", "fin_inc", "PA"), 14),
        (("100", "fin_inc", "B"), 710),
        (("100", "fin_inc", "C"), 1301),
        (("100", "fin_inc", "PC"), 751),
        (("100", "fin_e20", "PA"), -300),
        (("200", "fin_e20", "PA"), -567),
        (("100", "fin_e20", "B"), -461),
        (("200", "fin_e20", "B"), -900),
        (("200", "fin_e20", "PC"), 1936),
        (("100", "fin_oth", "A"), -15),
        (("400", "fin_oth", "A"), -1),
        (("800", "fin_oth", "A"), -3),
        (("100", "fin_oth", "B"), -2),
        (("100", "fin_oth", "C"), -13),
        (("400", "fin_oth", "C"), -1),
        (("800", "fin_oth", "C"), -13),
    ]:
        design[(u, line, b)] = val
    # Sep–Dec 2022: the full-year totals less Jan–Aug, spread like Jan–Aug
    full = T.summary_statement()
    notes = T.notes()
    rev_full = notes[("1", "Summa")]["col_2201_2212"]
    cost_full = -notes[("2", "Summa")]["col_2201_2212"]
    for line, tot in (("rev_ext", rev_full), ("cost_ext", cost_full)):
        a = {u: design[(u, line, "A")] for u in T.UNITS}
        rest = tot - sum(a.values())
        w = {u: abs(a[u]) for u in T.UNITS if a[u]}
        for u, val in split_ore(rest, w).items():
            design[(u, line, "B")] = val
    for (u, line, b), val in sorted(design.items()):
        if val and line not in ("rev_ext", "cost_ext"):
            isvar(u, line, b, val)
    revenue_rows(m, design, rng)
    cost_kinds(m, design, rng)

    # ---------------------------------------------------------------- member contributions (report tkr per row)
    for u in T.UNITS:
        rows = []
        for label, cols in T.note_rows(T.NOTE_OF_UNIT[u]):
            if label == "Summa" or (label.startswith("Överskott") and u in OVERSKOTT_UNITS):
                continue
            a = cols["col_2201_2208"]
            bb = cols["col_2201_2212"] - a
            c = cols["col_2301_2308"]
            if not (a or bb or c):
                continue
            rows.append(label)
            for bucket, val in (("A", a), ("B", bb), ("C", c)):
                if val:
                    p.var(f"co|{u}|{label}|{bucket}", -val * TKR + off())
        if u in OVERSKOTT_UNITS:
            a, bb, c = OVERSKOTT_UNITS[u]
            rows += ["Överskott 2021", "Överskott 2022"]
            p.var(f"co|{u}|Överskott 2021|A", -a * TKR + off())
            p.var(f"co|{u}|Överskott 2022|B", -bb * TKR + off())
            p.var(f"co|{u}|Överskott 2022|C", -c * TKR + off())
        m.contrib_rows[u] = rows

    def is_terms(units, lines, buckets) -> dict[str, int]:
        out = {}
        for u in units:
            for ln in lines:
                for b in buckets:
                    k = f"is|{u}|{ln}|{b}"
                    if k in p.values:
                        out[k] = 1
                    for part in m.parts.get(k, ()):
                        out[part] = 1
        return out

    def part_terms(prefix, name, buckets) -> dict[str, int]:
        return {f"{prefix}|{u}|{name}|{b}": 1 for u in U for b in buckets if f"{prefix}|{u}|{name}|{b}" in p.values}

    def co_terms(units, buckets, rows=None) -> dict[str, int]:
        return {
            f"co|{u}|{r}|{b}": 1
            for u in units
            for r in m.contrib_rows[u]
            for b in buckets
            if (rows is None or r in rows) and f"co|{u}|{r}|{b}" in p.values
        }

    def add(name, lin, target, sign=-1):
        p.add(name, [(k, sign * c) for k, c in lin.items()], target)

    periods = {"periodiserat_2201_2208": ("A", "PA"), "utfall_2301_2308": ("C",), "periodiserat_2301_2308": ("C", "PC")}
    groups = {
        "Verksamhetens intäkter": ("rev_ext", "rev_int"),
        "Verksamhetens kostnader": ("cost_ext", "cost_int"),
        "Avskrivningar": ("depr",),
        "Finansiella intäkter": ("fin_inc",),
        "Finansiella kostnader": ("fin_e20", "fin_oth"),
    }
    ext = {k: tuple(x for x in v if not x.endswith("_int")) for k, v in groups.items()}
    allines = LINES
    # per unit (2.1.2–2.1.11)
    for u in T.UNITS:
        for col, bks in periods.items():
            s = us[u]
            for label, lines in groups.items():
                add(f"unit {u} {label} {col}", is_terms([u], lines, bks), s[label][col])
            nk = is_terms([u], groups["Verksamhetens intäkter"] + groups["Verksamhetens kostnader"] + ("depr",), bks)
            add(f"unit {u} NK {col}", nk, s["Verksamhetens nettokostnader"][col])
            add(f"unit {u} contrib {col}", co_terms([u], bks), s["contrib"][col])
            res = _lin((1, is_terms([u], allines, bks)), (1, co_terms([u], bks)))
            add(f"unit {u} result {col}", res, s["Periodens resultat"][col])
    # total (2.1.1), eliminated
    tot = T.total_statement()
    U = T.UNITS
    for col, bks in periods.items():
        for label, lines in ext.items():
            add(f"total {label} {col}", is_terms(U, lines, bks), tot[label][col])
        nk = is_terms(U, ("rev_ext", "cost_ext", "depr"), bks)
        add(f"total NK {col}", nk, tot["Verksamhetens nettokostnader"][col])
        res = _lin((1, is_terms(U, allines, bks)), (1, co_terms(U, bks)))
        add(f"total result {col}", res, tot["Periodens resultat"][col])
        add(f"total result before extraordinary {col}", res, tot["Resultat före extraordinära poster"][col])
    # 2.1 summary: contributions within revenue; utfall 2022 full year = A + B
    scol = {"utfall_2201_2208": ("A", "PA"), "utfall_2301_2308": ("C", "PC"), "utfall_2022": ("A", "B")}
    for col, bks in scol.items():
        rev = _lin((1, is_terms(U, ("rev_ext",), bks)), (1, co_terms(U, bks)))
        add(f"2.1 revenue {col}", rev, full["Verksamhetens intäkter"][col])
        add(f"2.1 costs {col}", is_terms(U, ("cost_ext",), bks), full["Verksamhetens kostnader"][col])
        add(f"2.1 depr {col}", is_terms(U, ("depr",), bks), full["Avskrivningar/nedskrivningar"][col])
        add(
            f"2.1 NK {col}",
            _lin((1, rev), (1, is_terms(U, ("cost_ext", "depr"), bks))),
            full["Verksamhetens nettokostnader"][col],
        )
        add(f"2.1 fin inc {col}", is_terms(U, ("fin_inc",), bks), full["Finansiella intäkter"][col])
        add(f"2.1 fin cost {col}", is_terms(U, ("fin_e20", "fin_oth"), bks), full["Finansiella kostnader"][col])
        res = _lin((1, is_terms(U, allines, bks)), (1, co_terms(U, bks)))
        add(f"2.1 result {col}", res, full["Periodens resultat"][col])
    # internal items ("Övrigt")
    for col, bks in (("col_2201_2208", ("A",)), ("col_2201_2212", ("A", "B")), ("col_2301_2308", ("C",))):
        add(
            f"internal items {col}",
            is_terms(U, ("rev_int",), bks),
            notes[("Övrigt", "Interna poster som exkluderats från verksamhetens intäkter och kostnader.")][col],
        )
    # notes 1, 2, 13, 14 (sums)
    ncols = {"col_2201_2208": ("A", "PA"), "col_2201_2212": ("A", "B"), "col_2301_2308": ("C", "PC")}
    for col, bks in ncols.items():
        add(f"note 1 Summa {col}", is_terms(U, ("rev_ext",), bks), notes[("1", "Summa")][col])
        for row in NOTE1_ROWS:
            add(f"note 1 {row} {col}", part_terms("rv", row, bks), notes[("1", row)][col])
        for kind, row in COST_KINDS.items():
            add(f"note 2 {row} {col}", part_terms("ck", kind, bks), notes[("2", row)][col], sign=1)
        add(f"note 2 Summa {col}", is_terms(U, ("cost_ext",), bks), notes[("2", "Summa")][col], sign=1)
        add(
            f"note 13 {col}",
            is_terms(U, ("fin_inc",), bks),
            notes[("13", "Ränteintäkter kortfristiga fordringar")][col],
        )
        add(f"note 14 Index E20 {col}", is_terms(U, ("fin_e20",), bks), notes[("14", "Index E20")][col], sign=1)
        add(f"note 14 Summa {col}", is_terms(U, ("fin_e20", "fin_oth"), bks), notes[("14", "Summa")][col], sign=1)
    for col, bks in (("col_2201_2208", ("A",)), ("col_2201_2212", ("A", "B")), ("col_2301_2308", ("C",))):
        add(f"note 14 Övrigt {col}", is_terms(U, ("fin_oth",), bks), notes[("14", "Övrigt")][col], sign=1)
    # notes 3–12: per row, buckets A / A+B / C
    for u in U:
        n = T.NOTE_OF_UNIT[u]
        for label in m.contrib_rows[u]:
            if label.startswith("Överskott") and u in OVERSKOTT_UNITS:
                continue
            for col, bks in (("col_2201_2208", ("A",)), ("col_2201_2212", ("A", "B")), ("col_2301_2308", ("C",))):
                add(f"note {n} {label} {col}", co_terms([u], bks, [label]), notes[(str(n), label)][col])
            pass
        for col, bks in (("col_2201_2208", ("A",)), ("col_2201_2212", ("A", "B")), ("col_2301_2308", ("C",))):
            add(f"note {n} Summa {col}", co_terms([u], bks), notes[(str(n), "Summa")][col])
        if u in OVERSKOTT_UNITS:
            a, bb, c = OVERSKOTT_UNITS[u]
            add(f"note {n} Överskott 2021 full year", co_terms([u], ("A", "B"), ["Överskott 2021"]), a)
            add(f"note {n} Överskott 2022 full year", co_terms([u], ("A", "B"), ["Överskott 2022"]), bb)
            add(f"note {n} Överskott 2022 2023", co_terms([u], ("C",), ["Överskott 2022"]), c)

    # ---------------------------------------------------------------- balance sheet
    bs = T.balance_sheet()
    fixed = {
        "1229": -442_530_00,
        "1350": 511_960_00,
        "1410": 377_850_00,
        "1910|d0": 12_840_00,
        "1910|d1": 8_210_00,
        "1910|d2": 9_660_00,
        "1910|d3": 19_730_00,
        "2350|d0": -20_850_00,
        "2350|d1": -3_950_00,
        "2350|d2": 0,
        "2350|d3": 0,
        "2099": -1_187_400_55,  # the 2021 result, disposed of in April 2022
    }
    for k, v in fixed.items():
        p.var(f"fix|{k}", v, fixed=True)
    p.var("open|1220", (2417 * TKR + 442_530_00) + off())
    p.var("open|2010", (-9864 * TKR + 1_187_400_55) + off())
    p.var("open|2290", -12692 * TKR - 40_000 + off(5_000))
    p.var("inv|22a", 553 * TKR + off())
    p.var("inv|22b", 295 * TKR + off())
    p.var("inv|23k", 31 * TKR + off(10_000))
    p.var("inv|23n", 587 * TKR + off())
    p.var("pay|e20", 2244 * TKR + off())
    open_rec = {"1510": 4100, "1640": 15, "1710": 1950}
    for a, label in REC_ACCOUNTS.items():
        p.var(f"bal|{a}|d0", open_rec[a] * TKR + off())
        for d in ("d1", "d2", "d3"):
            p.var(f"bal|{a}|{d}", notes[("17", label)][NCOLS[d]] * TKR + off(15_000 if a == "1640" else 22_000))
    for a, label in ST_ACCOUNTS.items():
        v2 = notes[("22", label)]["col_2201_2212"]
        p.var(f"bal|{a}|d0", -round(v2 * 74393 / 67211) * TKR + off())
        for d in ("d1", "d2", "d3"):
            p.var(f"bal|{a}|{d}", -notes[("22", label)][NCOLS[d]] * TKR + off())

    def depr(b):
        return is_terms(U, ("depr",), (b,))

    def e20(b):
        return is_terms(U, ("fin_e20",), (b,))

    machine = {
        "d0": _lin((1, {"open|1220": 1, "fix|1229": 1})),
        "d1": _lin((1, {"open|1220": 1, "fix|1229": 1, "inv|22a": 1}), (-1, depr("PA"))),
        "d2": _lin((1, {"open|1220": 1, "fix|1229": 1, "inv|22a": 1, "inv|22b": 1}), (-1, depr("B"))),
    }
    machine["d3"] = _lin((1, machine["d2"]), (1, {"inv|23k": 1, "inv|23n": 1}), (-1, depr("PC")))
    prov = {
        "d0": {"open|2290": 1},
        "d1": _lin((1, {"open|2290": 1}), (-1, e20("PA"))),
        "d2": _lin((1, {"open|2290": 1, "pay|e20": 1}), (-1, e20("B"))),
    }
    prov["d3"] = _lin((1, prov["d2"]), (-1, e20("PC")))
    result = {
        "d0": {},
        "d1": _lin((1, is_terms(U, allines, ("A", "PA"))), (1, co_terms(U, ("A",)))),
        "d2": _lin((1, is_terms(U, allines, ("A", "B"))), (1, co_terms(U, ("A", "B")))),
    }
    result["d3"] = _lin((1, is_terms(U, allines, ("C", "PC"))), (1, co_terms(U, ("C",))))
    equity = {
        "d0": {"open|2010": 1, "fix|2099": 1},
        "d1": _lin((1, {"open|2010": 1, "fix|2099": 1}), (1, result["d1"])),
        "d2": _lin((1, {"open|2010": 1, "fix|2099": 1}), (1, result["d2"])),
    }
    equity["d3"] = _lin((1, equity["d2"]), (1, result["d3"]))
    rec = {d: {f"bal|{a}|{d}": 1 for a in REC_ACCOUNTS} for d in DATES}
    stl = {d: {f"bal|{a}|{d}": 1 for a in ST_ACCOUNTS} for d in DATES}
    lt = {d: {f"fix|2350|{d}": 1} for d in DATES}
    cash = {d: {f"fix|1910|{d}": 1} for d in DATES}
    other_fixed = {"fix|1350": 1, "fix|1410": 1}
    bank = {}
    for d in DATES:
        bank[d] = _lin(
            (-1, machine[d]),
            (-1, other_fixed),
            (-1, rec[d]),
            (-1, cash[d]),
            (-1, lt[d]),
            (-1, stl[d]),
            (-1, prov[d]),
            (-1, equity[d]),
        )
    m.bank_terms = bank
    for d in ("d1", "d2", "d3"):
        c = COLS[d]
        add(
            f"BS Anläggningstillgångar {d}",
            _lin((1, machine[d]), (1, {"fix|1350": 1})),
            bs["Anläggningstillgångar"][c],
            1,
        )
        add(f"BS Maskiner {d}", machine[d], bs["Maskiner och inventarier"][c], 1)
        add(
            f"BS Omsättningstillgångar {d}",
            _lin((1, {"fix|1410": 1}), (1, rec[d]), (1, bank[d]), (1, cash[d])),
            bs["Omsättningstillgångar"][c],
            1,
        )
        add(f"BS Kortfristiga fordringar {d}", rec[d], bs["Kortfristiga fordringar"][c], 1)
        add(f"BS Fordringar hos Borås Stad {d}", bank[d], bs["Fordringar hos Borås Stad"][c], 1)
        total = _lin((1, machine[d]), (1, other_fixed), (1, rec[d]), (1, bank[d]), (1, cash[d]))
        add(f"BS Summa tillgångar {d}", total, bs["Summa tillgångar"][c], 1)
        add(f"BS Eget kapital {d}", equity[d], bs["Eget kapital"][c])
        add(f"BS Därav årets resultat {d}", result[d], bs["Därav årets resultat"][c])
        add(f"BS Avsättningar {d}", prov[d], bs["Avsättningar"][c])
        add(f"BS Skulder {d}", _lin((1, lt[d]), (1, stl[d])), bs["Skulder"][c])
        add(f"BS Kortfristiga skulder {d}", stl[d], bs["Kortfristiga skulder"][c])
        claims = _lin((1, equity[d]), (1, prov[d]), (1, lt[d]), (1, stl[d]))
        add(f"BS Summa EK avsättningar skulder {d}", claims, bs["Summa eget kapital, avsättningar och skulder"][c])
        for a, label in REC_ACCOUNTS.items():
            add(f"note 17 {label} {d}", {f"bal|{a}|{d}": 1}, notes[("17", label)][NCOLS[d]], 1)
        for a, label in ST_ACCOUNTS.items():
            add(f"note 22 {label} {d}", {f"bal|{a}|{d}": 1}, notes[("22", label)][NCOLS[d]])
    # note 15, 19, investments, E20 schedule
    add("note 15 IB 2022", machine["d0"], notes[("15", "Ingående balans")]["col_2201_2208"], 1)
    add("note 15 inv 2208", {"inv|22a": 1}, 553, 1)
    add("note 15 inv 2212", {"inv|22a": 1, "inv|22b": 1}, 848, 1)
    add("note 15 inv 2308", {"inv|23k": 1, "inv|23n": 1}, 618, 1)
    add("investments kontor 2023", {"inv|23k": 1}, 31, 1)
    add("investments Navet 2023", {"inv|23n": 1}, 587, 1)
    add("note 19 ingående EK 2022", equity["d0"], notes[("19", "Ingående eget kapital")]["col_2201_2208"])
    add("E20 betalt 2022", {"pay|e20": 1}, 2244, 1)
    # cash flow 2.4
    cf = T.cash_flow()
    spans = {
        "col_2201_2208": ("d0", "d1", ("A", "PA"), {"inv|22a": 1}),
        "col_2201_2212": ("d0", "d2", ("A", "B"), {"inv|22a": 1, "inv|22b": 1}),
        "col_2301_2308": ("d2", "d3", ("C", "PC"), {"inv|23k": 1, "inv|23n": 1}),
    }
    for col, (d_from, d_to, bks, inv) in spans.items():
        res = result[d_to] if d_from == "d0" else result["d3"]
        dep = is_terms(U, ("depr",), bks)
        dprov = _lin((-1, prov[d_to]), (1, prov[d_from]))  # report sign: increase of provisions
        medel = _lin((-1, res), (1, dep), (1, dprov))
        drec = _lin((-1, rec[d_to]), (-1, bank[d_to]), (1, rec[d_from]), (1, bank[d_from]))
        dst = _lin((-1, stl[d_to]), (1, stl[d_from]))
        add(f"CF depr {col}", dep, cf["Justering för av- och nedskrivningar"][col], 1)
        add(f"CF provisions {col}", dprov, cf["Justering för gjorda avsättningar"][col], 1)
        add(f"CF medel {col}", medel, cf["Medel från verksamheten före förändring av rörelsekapital"][col], 1)
        if col != "col_2301_2308":  # published 2023 working-capital lines do not tie to 2.2 (README 472/473)
            add(f"CF fordringar {col}", drec, cf["Ökning kortfristiga fordringar"][col], 1)
            add(f"CF skulder {col}", dst, cf["Ökning kortfristiga skulder"][col], 1)
        add(
            f"CF löpande {col}",
            _lin((1, medel), (1, drec), (1, dst)),
            cf["Kassaflöde från den löpande verksamheten"][col],
            1,
        )
        add(f"CF investeringar {col}", inv, cf["Investering i materiella anläggningstillgångar"][col], -1)
        add(f"CF årets kassaflöde {col}", _lin((1, cash[d_to]), (-1, cash[d_from])), cf["Årets kassaflöde"][col], 1)
        add(f"CF likvida medel början {col}", cash[d_from], cf["Likvida medel vid årets början"][col], 1)
        add(
            f"CF finansiering {col}",
            _lin((-1, lt[d_to]), (1, lt[d_from])),
            cf["Minskning av långfristig skuld"][col],
            1,
        )
    # opening receivables incl. internal bank (README: 93 650 from both 2022 columns)
    add("opening receivables incl. internal bank", _lin((1, rec["d0"]), (1, bank["d0"])), 93650, 1)
    return m


def revenue_rows(m: Model, design: dict, rng: random.Random) -> None:
    """The units' external revenue (design, report tkr) as note 1 row variables rv|unit|row|bucket (ledger sign)."""
    from rakenskaper.demo import targets as T

    p = m.problem
    notes = T.notes()
    ncol = ("col_2201_2208", "col_2201_2212", "col_2301_2308")
    cells: dict[tuple[str, str], list[int]] = {}  # (unit, row) → [col A incl. PA, full year, col C], tkr
    for row, by_unit in NOTE1_DESIGN.items():
        for i, col in enumerate(ncol):
            if sum(v[i] for v in by_unit.values()) != notes[("1", row)][col]:
                raise ValueError(f"NOTE1_DESIGN {row} {col} does not add up to the printed figure")
        for u, vals in by_unit.items():
            cells[(u, row)] = list(vals)
    other_a = {}
    for u in T.UNITS:
        total_a = design.get((u, "rev_ext", "A"), 0) + design.get((u, "rev_ext", "PA"), 0)
        total_c = design.get((u, "rev_ext", "C"), 0)
        if design.get((u, "rev_ext", "PC"), 0) or design.get((u, "rev_ext", "PA"), 0) != PA_REVENUE.get(u, ("", 0))[1]:
            raise ValueError(f"unit {u}: revenue accruals do not match PA_REVENUE")
        rest_a = total_a - sum(v[0] for (uu, _), v in cells.items() if uu == u)
        rest_c = total_c - sum(v[2] for (uu, _), v in cells.items() if uu == u)
        if rest_a < 0 or rest_c < 0:
            raise ValueError(f"unit {u}: NOTE1_DESIGN exceeds the unit's revenue")
        other_a[u] = rest_a
        cells[(u, NOTE1_OTHER)] = [rest_a, 0, rest_c]
    full = notes[("1", NOTE1_OTHER)]["col_2201_2212"]
    for u, x in split_ore(full, {u: a for u, a in other_a.items() if a}).items():
        cells[(u, NOTE1_OTHER)][1] = x
    for (u, row), (a_col, fy, c) in sorted(cells.items()):
        pa = PA_REVENUE[u][1] if PA_REVENUE.get(u, ("",))[0] == row else 0
        a = a_col - pa
        for b, val in (("A", a), ("PA", pa), ("B", fy - a), ("C", c)):
            if val:
                key = p.var(f"rv|{u}|{row}|{b}", -val * TKR + rng.randint(-22_000, 22_000))
                m.parts.setdefault(f"is|{u}|rev_ext|{b}", []).append(key)


def cost_kinds(m: Model, design: dict, rng: random.Random) -> None:
    """The units' external costs (design, report tkr) as note 2 kind variables ck|unit|kind|bucket (ledger sign).

    Personnel cost is fixed: PERSONNEL_SHARE of the unit's designed costs, scaled per bucket to note 2
    "Personalkostnader" (PERSONNEL_TOTAL, exact öre). Grants (46xx) and audit (6450) are the printed rows spread
    over the units that book them; "Material och tjänster" is the rest, and all accruals (PA, PC)."""
    from rakenskaper.demo import targets as T

    p = m.problem
    notes = T.notes()
    row = {k: notes[("2", v)] for k, v in COST_KINDS.items()}
    for b in ("PA", "PC"):
        for u in T.UNITS:
            val = -design.get((u, "cost_ext", b), 0)
            if val:
                m.parts[f"is|{u}|cost_ext|{b}"] = [
                    p.var(f"ck|{u}|material|{b}", val * TKR + rng.randint(-22_000, 22_000))
                ]
    for b in ("A", "B", "C"):
        cost = {u: -design.get((u, "cost_ext", b), 0) * TKR for u in T.UNITS}  # öre, ledger sign
        nat = {u: round(c * PERSONNEL_SHARE[u] / 100) for u, c in cost.items() if c}
        diff = PERSONNEL_TOTAL[b] - sum(nat.values())
        w = {u: (cost[u] - nat[u]) if diff > 0 else nat[u] for u in nat}
        pers = {u: nat[u] + x for u, x in split_ore(diff, w).items()}

        def printed(kind, b=b):
            a, fy, c = (row[kind][k] for k in ("col_2201_2208", "col_2201_2212", "col_2301_2308"))
            return {"A": a, "B": fy - a, "C": c}[b]

        bidrag = split_ore(printed("bidrag") * TKR, {u: (cost[u] - pers[u]) * wt for u, wt in BIDRAG_WEIGHT.items()})
        revision = split_ore(printed("revision") * TKR, REVISION_UNITS)
        for u in T.UNITS:
            if not cost[u]:
                continue
            kinds = {"pers": pers[u], "bidrag": bidrag.get(u, 0), "revision": revision.get(u, 0)}
            kinds["material"] = cost[u] - sum(kinds.values())
            if kinds["material"] < 10 * TKR:
                raise ValueError(f"unit {u} bucket {b}: no room for material costs")
            keys = []
            for kind, val in kinds.items():
                if val:
                    jitter = 0 if kind == "pers" else rng.randint(-22_000, 22_000)
                    keys.append(p.var(f"ck|{u}|{kind}|{b}", val + jitter, fixed=(kind == "pers")))
            m.parts[f"is|{u}|cost_ext|{b}"] = keys


def solve() -> tuple[Model, list]:
    m = build()
    left = m.problem.solve(seed=SEED)
    return m, left
