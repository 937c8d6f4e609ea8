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

from rakenskaper.demo import model_targets
from rakenskaper.demo import targets as T
from rakenskaper.demo.design import (  # noqa: F401 - the design's names, as ledger.py and check_notes.py import them
    BIDRAG_WEIGHT,
    COST_KINDS,
    DESIGNED_OTHER_LINES,
    NCOLS,
    NOTE1_DESIGN,
    NOTE1_OTHER,
    NOTE1_ROWS,
    NOTE2_ROWS,
    OVERSKOTT_UNITS,
    PA_REVENUE,
    PERSONNEL_SHARE,
    PERSONNEL_TOTAL,
    REC_ACCOUNTS,
    REVISION_UNITS,
    SEED,
    ST_ACCOUNTS,
    internal_pairs,
    split_ore,
)
from rakenskaper.demo.solver import TKR, Problem


@dataclass
class Model:
    problem: Problem
    contrib_rows: dict[str, list[str]] = field(default_factory=dict)  # unit → row labels (variables co|u|row|bucket)
    pairs: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    # "is|u|rev_ext|b" → the note 1 row variables "rv|u|row|b"; "is|u|cost_ext|b" → the note 2 kind variables
    # "ck|u|kind|b" (kind: pers, bidrag, revision, material); the unit's line is their sum
    parts: dict[str, list[str]] = field(default_factory=dict)
    # the claim on the internal bank at each balance date: what balances the sheet (model_targets.balance_terms)
    bank_terms: dict[str, dict[str, int]] = field(default_factory=dict)

    def v(self, key: str) -> int:
        if key in self.parts:
            return sum(self.problem.values[k] for k in self.parts[key])
        return self.problem.values.get(key, 0)

    def has(self, key: str) -> bool:
        return key in self.problem.values or key in self.parts


def build() -> Model:
    """The variables (the designed amounts plus a seeded offset) and the published figures as constraints on
    them (model_targets), unsolved. The order of both is the solver's: the same order, the same demo."""
    rng = random.Random(SEED)
    m = Model(Problem())
    design = designed_income_statement(m)
    income_statement_variables(m, design, rng)
    contribution_variables(m, rng)
    t = model_targets.Terms(m)
    model_targets.unit_statements(t)
    model_targets.total_statement(t)
    model_targets.summary_statement(t)
    model_targets.income_notes(t)
    model_targets.contribution_notes(t)
    balance_variables(m, rng)
    balance = model_targets.balance_terms(t)
    m.bank_terms = balance["bank"]
    model_targets.balance_sheet(t, balance)
    model_targets.fixed_assets_and_equity(t, balance)
    model_targets.cash_flow(t, balance)
    return m


def _jitter(rng: random.Random, scale: int = 22_000) -> int:
    """The seeded offset from a designed amount (öre): where the solver starts."""
    return rng.randint(-scale, scale)


def internal_items(m: Model) -> None:
    """The internal sales and purchases per unit and bucket (fixed): the designed pairs (design.internal_pairs)."""
    p = m.problem
    for b in ("A", "B", "C"):
        m.pairs[b] = internal_pairs(b)
        sell: dict[str, int] = {}
        buy: dict[str, int] = {}
        for s, bu, amt in m.pairs[b]:
            sell[s] = sell.get(s, 0) + amt
            buy[bu] = buy.get(bu, 0) + amt
        for u in T.UNITS:
            if u in sell:
                p.var(f"is|{u}|rev_int|{b}", -sell[u], fixed=True)
            if u in buy:
                p.var(f"is|{u}|cost_int|{b}", buy[u], fixed=True)


def designed_income_statement(m: Model) -> dict[tuple[str, str, str], int]:
    """(unit, line, bucket) → report tkr: the units' income statements (2.1.2–2.1.11) less their internal items,
    the accruals, the designed depreciation and financial lines, and Sep–Dec 2022 (the full year less Jan–Aug,
    spread like Jan–Aug). Creates the internal items' variables first (internal_items)."""
    internal_items(m)
    intr = {b: {u: -m.v(f"is|{u}|rev_int|{b}") for u in T.UNITS} for b in ("A", "B", "C")}
    intc = {b: {u: -m.v(f"is|{u}|cost_int|{b}") for u in T.UNITS} for b in ("A", "B", "C")}
    us = T.unit_statement()
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
    design.update(DESIGNED_OTHER_LINES)
    # Sep–Dec 2022: the full-year totals less Jan–Aug, spread like Jan–Aug
    notes = T.notes()
    rev_full = notes[("1", "Summa")]["col_2201_2212"]
    cost_full = -notes[("2", "Summa")]["col_2201_2212"]
    for line, tot in (("rev_ext", rev_full), ("cost_ext", cost_full)):
        a = {u: design[(u, line, "A")] for u in T.UNITS}
        rest = tot - sum(a.values())
        w = {u: abs(a[u]) for u in T.UNITS if a[u]}
        for u, val in split_ore(rest, w).items():
            design[(u, line, "B")] = val
    return design


def income_statement_variables(m: Model, design: dict, rng: random.Random) -> None:
    """The income-statement lines' variables: depreciation and financial lines as designed; external revenue
    and costs by note 1 row and note 2 kind (revenue_rows, cost_kinds)."""
    for (u, line, b), val in sorted(design.items()):
        if val and line not in ("rev_ext", "cost_ext"):
            m.problem.var(f"is|{u}|{line}|{b}", -val * TKR + _jitter(rng))
    revenue_rows(m, design, rng)
    cost_kinds(m, design, rng)


def contribution_variables(m: Model, rng: random.Random) -> None:
    """The members' contributions (notes 3–12, report tkr per row) as variables co|unit|row|bucket."""
    p = m.problem
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
                    p.var(f"co|{u}|{label}|{bucket}", -val * TKR + _jitter(rng))
        if u in OVERSKOTT_UNITS:
            a, bb, c = OVERSKOTT_UNITS[u]
            rows += ["Överskott 2021", "Överskott 2022"]
            p.var(f"co|{u}|Överskott 2021|A", -a * TKR + _jitter(rng))
            p.var(f"co|{u}|Överskott 2022|B", -bb * TKR + _jitter(rng))
            p.var(f"co|{u}|Överskott 2022|C", -c * TKR + _jitter(rng))
        m.contrib_rows[u] = rows


# balance-sheet amounts the demo fixes (öre): accumulated depreciation, long-term holdings, cash, the long-term
# debt at each date, and the 2021 result (disposed of in April 2022)
FIXED_BALANCES = {
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
OPENING_RECEIVABLES_TKR = {"1510": 4100, "1640": 15, "1710": 1950}


def balance_variables(m: Model, rng: random.Random) -> None:
    """The balance sheet's variables: fixed amounts, opening balances, investments, the E20 payment and the
    receivables (note 17) and short-term debts (note 22) at each balance date."""
    p = m.problem
    notes = T.notes()
    for k, v in FIXED_BALANCES.items():
        p.var(f"fix|{k}", v, fixed=True)
    p.var("open|1220", (2417 * TKR + 442_530_00) + _jitter(rng))
    p.var("open|2010", (-9864 * TKR + 1_187_400_55) + _jitter(rng))
    p.var("open|2290", -12692 * TKR - 40_000 + _jitter(rng, 5_000))
    p.var("inv|22a", 553 * TKR + _jitter(rng))
    p.var("inv|22b", 295 * TKR + _jitter(rng))
    p.var("inv|23k", 31 * TKR + _jitter(rng, 10_000))
    p.var("inv|23n", 587 * TKR + _jitter(rng))
    p.var("pay|e20", 2244 * TKR + _jitter(rng))
    for a, label in REC_ACCOUNTS.items():
        p.var(f"bal|{a}|d0", OPENING_RECEIVABLES_TKR[a] * TKR + _jitter(rng))
        for d in ("d1", "d2", "d3"):
            scale = 15_000 if a == "1640" else 22_000
            p.var(f"bal|{a}|{d}", notes[("17", label)][NCOLS[d]] * TKR + _jitter(rng, scale))
    for a, label in ST_ACCOUNTS.items():
        v2 = notes[("22", label)]["col_2201_2212"]
        p.var(f"bal|{a}|d0", -round(v2 * 74393 / 67211) * TKR + _jitter(rng))
        for d in ("d1", "d2", "d3"):
            p.var(f"bal|{a}|{d}", -notes[("22", label)][NCOLS[d]] * TKR + _jitter(rng))


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
