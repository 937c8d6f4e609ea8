"""The published figures as constraints on the model's variables (model.py): each printed tkr value is a linear
combination of solver variables that must round to it. Income statements (2.1–2.1.11), the notes, the balance
sheet (2.2) and the cash-flow statement (2.4).

The order of the constraints and of each constraint's terms is the solver's search order: the generator is
deterministic only as long as both stay as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rakenskaper.demo import targets as T
from rakenskaper.demo.design import (
    COLS,
    COST_KINDS,
    DATES,
    LINES,
    NCOLS,
    NOTE1_ROWS,
    OVERSKOTT_UNITS,
    REC_ACCOUNTS,
    ST_ACCOUNTS,
)

if TYPE_CHECKING:
    from rakenskaper.demo.model import Model

# an income statement's columns → the buckets they sum (model.py's docstring)
PERIODS = {"periodiserat_2201_2208": ("A", "PA"), "utfall_2301_2308": ("C",), "periodiserat_2301_2308": ("C", "PC")}
GROUPS = {
    "Verksamhetens intäkter": ("rev_ext", "rev_int"),
    "Verksamhetens kostnader": ("cost_ext", "cost_int"),
    "Avskrivningar": ("depr",),
    "Finansiella intäkter": ("fin_inc",),
    "Finansiella kostnader": ("fin_e20", "fin_oth"),
}
EXTERNAL = {k: tuple(x for x in v if not x.endswith("_int")) for k, v in GROUPS.items()}
# the 2.1 summary: contributions within revenue; utfall 2022 full year = A + B
SUMMARY_COLUMNS = {"utfall_2201_2208": ("A", "PA"), "utfall_2301_2308": ("C", "PC"), "utfall_2022": ("A", "B")}
# the notes' columns: with the accruals (notes 1, 2, 13, 14 sums) and without (per row)
NOTE_COLUMNS = {"col_2201_2208": ("A", "PA"), "col_2201_2212": ("A", "B"), "col_2301_2308": ("C", "PC")}
NOTE_COLUMNS_NO_ACCRUALS = (("col_2201_2208", ("A",)), ("col_2201_2212", ("A", "B")), ("col_2301_2308", ("C",)))


def lin(*parts) -> dict[str, int]:
    """The linear combination Σ coef × terms of (coef, terms) pairs, zero coefficients left out."""
    out: dict[str, int] = {}
    for coef, d in parts:
        for k, c in d.items():
            out[k] = out.get(k, 0) + coef * c
    return {k: c for k, c in out.items() if c}


class Terms:
    """The model's variables by what they are (income-statement lines, note parts, contribution rows), and the
    constraint that a combination of them rounds to a printed figure."""

    def __init__(self, m: Model) -> None:
        self.m = m
        self.p = m.problem

    def income(self, units, lines, buckets) -> dict[str, int]:
        """The income-statement lines ``lines`` of ``units`` in ``buckets`` (a line made of parts: its parts)."""
        out = {}
        for u in units:
            for ln in lines:
                for b in buckets:
                    k = f"is|{u}|{ln}|{b}"
                    if k in self.p.values:
                        out[k] = 1
                    for part in self.m.parts.get(k, ()):
                        out[part] = 1
        return out

    def parts(self, prefix, name, buckets) -> dict[str, int]:
        """One note row (``rv``: note 1) or cost kind (``ck``: note 2) of every unit."""
        return {
            f"{prefix}|{u}|{name}|{b}": 1
            for u in T.UNITS
            for b in buckets
            if f"{prefix}|{u}|{name}|{b}" in self.p.values
        }

    def contributions(self, units, buckets, rows=None) -> dict[str, int]:
        return {
            f"co|{u}|{r}|{b}": 1
            for u in units
            for r in self.m.contrib_rows[u]
            for b in buckets
            if (rows is None or r in rows) and f"co|{u}|{r}|{b}" in self.p.values
        }

    def result(self, units, buckets) -> dict[str, int]:
        """Periodens resultat: every income-statement line and the contributions."""
        return lin((1, self.income(units, LINES, buckets)), (1, self.contributions(units, buckets)))

    def add(self, name, terms, target, sign=-1) -> None:
        """``terms`` × ``sign`` (report sign: revenue positive, hence -1 by default) must round to ``target``."""
        self.p.add(name, [(k, sign * c) for k, c in terms.items()], target)


# ---------------------------------------------------------------------------------------- income statements


def unit_statements(t: Terms) -> None:
    """Per unit (2.1.2–2.1.11)."""
    us = T.unit_statement()
    for u in T.UNITS:
        for col, bks in PERIODS.items():
            s = us[u]
            for label, lines in GROUPS.items():
                t.add(f"unit {u} {label} {col}", t.income([u], lines, bks), s[label][col])
            nk = t.income([u], GROUPS["Verksamhetens intäkter"] + GROUPS["Verksamhetens kostnader"] + ("depr",), bks)
            t.add(f"unit {u} NK {col}", nk, s["Verksamhetens nettokostnader"][col])
            t.add(f"unit {u} contrib {col}", t.contributions([u], bks), s["contrib"][col])
            t.add(f"unit {u} result {col}", t.result([u], bks), s["Periodens resultat"][col])


def total_statement(t: Terms) -> None:
    """The total (2.1.1), internal items eliminated."""
    tot = T.total_statement()
    U = T.UNITS
    for col, bks in PERIODS.items():
        for label, lines in EXTERNAL.items():
            t.add(f"total {label} {col}", t.income(U, lines, bks), tot[label][col])
        nk = t.income(U, ("rev_ext", "cost_ext", "depr"), bks)
        t.add(f"total NK {col}", nk, tot["Verksamhetens nettokostnader"][col])
        res = t.result(U, bks)
        t.add(f"total result {col}", res, tot["Periodens resultat"][col])
        t.add(f"total result before extraordinary {col}", res, tot["Resultat före extraordinära poster"][col])


def summary_statement(t: Terms) -> None:
    """2.1: contributions within revenue."""
    full = T.summary_statement()
    U = T.UNITS
    for col, bks in SUMMARY_COLUMNS.items():
        rev = lin((1, t.income(U, ("rev_ext",), bks)), (1, t.contributions(U, bks)))
        t.add(f"2.1 revenue {col}", rev, full["Verksamhetens intäkter"][col])
        t.add(f"2.1 costs {col}", t.income(U, ("cost_ext",), bks), full["Verksamhetens kostnader"][col])
        t.add(f"2.1 depr {col}", t.income(U, ("depr",), bks), full["Avskrivningar/nedskrivningar"][col])
        t.add(
            f"2.1 NK {col}",
            lin((1, rev), (1, t.income(U, ("cost_ext", "depr"), bks))),
            full["Verksamhetens nettokostnader"][col],
        )
        t.add(f"2.1 fin inc {col}", t.income(U, ("fin_inc",), bks), full["Finansiella intäkter"][col])
        t.add(f"2.1 fin cost {col}", t.income(U, ("fin_e20", "fin_oth"), bks), full["Finansiella kostnader"][col])
        t.add(f"2.1 result {col}", t.result(U, bks), full["Periodens resultat"][col])


# ---------------------------------------------------------------------------------------- notes


def income_notes(t: Terms) -> None:
    """Internal items ("Övrigt") and notes 1, 2, 13, 14."""
    notes = T.notes()
    U = T.UNITS
    internal = ("Övrigt", "Interna poster som exkluderats från verksamhetens intäkter och kostnader.")
    for col, bks in NOTE_COLUMNS_NO_ACCRUALS:
        t.add(f"internal items {col}", t.income(U, ("rev_int",), bks), notes[internal][col])
    for col, bks in NOTE_COLUMNS.items():
        t.add(f"note 1 Summa {col}", t.income(U, ("rev_ext",), bks), notes[("1", "Summa")][col])
        for row in NOTE1_ROWS:
            t.add(f"note 1 {row} {col}", t.parts("rv", row, bks), notes[("1", row)][col])
        for kind, row in COST_KINDS.items():
            t.add(f"note 2 {row} {col}", t.parts("ck", kind, bks), notes[("2", row)][col], sign=1)
        t.add(f"note 2 Summa {col}", t.income(U, ("cost_ext",), bks), notes[("2", "Summa")][col], sign=1)
        t.add(
            f"note 13 {col}",
            t.income(U, ("fin_inc",), bks),
            notes[("13", "Ränteintäkter kortfristiga fordringar")][col],
        )
        t.add(f"note 14 Index E20 {col}", t.income(U, ("fin_e20",), bks), notes[("14", "Index E20")][col], sign=1)
        fin_costs = t.income(U, ("fin_e20", "fin_oth"), bks)
        t.add(f"note 14 Summa {col}", fin_costs, notes[("14", "Summa")][col], sign=1)
    for col, bks in NOTE_COLUMNS_NO_ACCRUALS:
        t.add(f"note 14 Övrigt {col}", t.income(U, ("fin_oth",), bks), notes[("14", "Övrigt")][col], sign=1)


def contribution_notes(t: Terms) -> None:
    """Notes 3–12, the members' contributions: per row, buckets A / A+B / C."""
    notes = T.notes()
    for u in T.UNITS:
        n = T.NOTE_OF_UNIT[u]
        for label in t.m.contrib_rows[u]:
            if label.startswith("Överskott") and u in OVERSKOTT_UNITS:
                continue
            for col, bks in NOTE_COLUMNS_NO_ACCRUALS:
                t.add(f"note {n} {label} {col}", t.contributions([u], bks, [label]), notes[(str(n), label)][col])
        for col, bks in NOTE_COLUMNS_NO_ACCRUALS:
            t.add(f"note {n} Summa {col}", t.contributions([u], bks), notes[(str(n), "Summa")][col])
        if u in OVERSKOTT_UNITS:
            a, bb, c = OVERSKOTT_UNITS[u]
            t.add(f"note {n} Överskott 2021 full year", t.contributions([u], ("A", "B"), ["Överskott 2021"]), a)
            t.add(f"note {n} Överskott 2022 full year", t.contributions([u], ("A", "B"), ["Överskott 2022"]), bb)
            t.add(f"note {n} Överskott 2022 2023", t.contributions([u], ("C",), ["Överskott 2022"]), c)


# ---------------------------------------------------------------------------------------- balance sheet


def balance_terms(t: Terms) -> dict[str, dict[str, dict[str, int]]]:
    """The balance sheet's parts at each balance date (d0–d3) as combinations of variables: what → date → terms.
    The claim on the internal bank (``bank``) is what balances the sheet."""
    U = T.UNITS

    def depr(b):
        return t.income(U, ("depr",), (b,))

    def e20(b):
        return t.income(U, ("fin_e20",), (b,))

    machine = {
        "d0": lin((1, {"open|1220": 1, "fix|1229": 1})),
        "d1": lin((1, {"open|1220": 1, "fix|1229": 1, "inv|22a": 1}), (-1, depr("PA"))),
        "d2": lin((1, {"open|1220": 1, "fix|1229": 1, "inv|22a": 1, "inv|22b": 1}), (-1, depr("B"))),
    }
    machine["d3"] = lin((1, machine["d2"]), (1, {"inv|23k": 1, "inv|23n": 1}), (-1, depr("PC")))
    prov = {
        "d0": {"open|2290": 1},
        "d1": lin((1, {"open|2290": 1}), (-1, e20("PA"))),
        "d2": lin((1, {"open|2290": 1, "pay|e20": 1}), (-1, e20("B"))),
    }
    prov["d3"] = lin((1, prov["d2"]), (-1, e20("PC")))
    # the year's result to date (contributions have no accrual bucket: PA and PC add none)
    result = {"d0": {}, "d1": t.result(U, ("A", "PA")), "d2": t.result(U, ("A", "B")), "d3": t.result(U, ("C", "PC"))}
    opening_equity = {"open|2010": 1, "fix|2099": 1}
    equity = {
        "d0": dict(opening_equity),
        "d1": lin((1, opening_equity), (1, result["d1"])),
        "d2": lin((1, opening_equity), (1, result["d2"])),
    }
    equity["d3"] = lin((1, equity["d2"]), (1, result["d3"]))
    parts = {
        "machine": machine,
        "prov": prov,
        "result": result,
        "equity": equity,
        "rec": {d: {f"bal|{a}|{d}": 1 for a in REC_ACCOUNTS} for d in DATES},
        "stl": {d: {f"bal|{a}|{d}": 1 for a in ST_ACCOUNTS} for d in DATES},
        "lt": {d: {f"fix|2350|{d}": 1} for d in DATES},
        "cash": {d: {f"fix|1910|{d}": 1} for d in DATES},
    }
    other_fixed = {"fix|1350": 1, "fix|1410": 1}
    parts["bank"] = {
        d: lin(
            (-1, machine[d]),
            (-1, other_fixed),
            (-1, parts["rec"][d]),
            (-1, parts["cash"][d]),
            (-1, parts["lt"][d]),
            (-1, parts["stl"][d]),
            (-1, prov[d]),
            (-1, equity[d]),
        )
        for d in DATES
    }
    return parts


def balance_sheet(t: Terms, bal: dict) -> None:
    """2.2 at 2022-08-31, 2022-12-31 and 2023-08-31, and notes 17 and 22."""
    bs = T.balance_sheet()
    notes = T.notes()
    machine, rec, bank, cash, lt, stl = (bal[k] for k in ("machine", "rec", "bank", "cash", "lt", "stl"))
    other_fixed = {"fix|1350": 1, "fix|1410": 1}
    for d in ("d1", "d2", "d3"):
        c = COLS[d]
        t.add(
            f"BS Anläggningstillgångar {d}",
            lin((1, machine[d]), (1, {"fix|1350": 1})),
            bs["Anläggningstillgångar"][c],
            1,
        )
        t.add(f"BS Maskiner {d}", machine[d], bs["Maskiner och inventarier"][c], 1)
        t.add(
            f"BS Omsättningstillgångar {d}",
            lin((1, {"fix|1410": 1}), (1, rec[d]), (1, bank[d]), (1, cash[d])),
            bs["Omsättningstillgångar"][c],
            1,
        )
        t.add(f"BS Kortfristiga fordringar {d}", rec[d], bs["Kortfristiga fordringar"][c], 1)
        t.add(f"BS Fordringar hos Borås Stad {d}", bank[d], bs["Fordringar hos Borås Stad"][c], 1)
        total = lin((1, machine[d]), (1, other_fixed), (1, rec[d]), (1, bank[d]), (1, cash[d]))
        t.add(f"BS Summa tillgångar {d}", total, bs["Summa tillgångar"][c], 1)
        _claims(t, bal, d, bs)
        for a, label in REC_ACCOUNTS.items():
            t.add(f"note 17 {label} {d}", {f"bal|{a}|{d}": 1}, notes[("17", label)][NCOLS[d]], 1)
        for a, label in ST_ACCOUNTS.items():
            t.add(f"note 22 {label} {d}", {f"bal|{a}|{d}": 1}, notes[("22", label)][NCOLS[d]])


def _claims(t: Terms, bal: dict, d: str, bs: dict) -> None:
    """The claims side of the balance sheet at ``d``: equity, provisions, debts."""
    c = COLS[d]
    equity, result, prov, lt, stl = (bal[k] for k in ("equity", "result", "prov", "lt", "stl"))
    t.add(f"BS Eget kapital {d}", equity[d], bs["Eget kapital"][c])
    t.add(f"BS Därav årets resultat {d}", result[d], bs["Därav årets resultat"][c])
    t.add(f"BS Avsättningar {d}", prov[d], bs["Avsättningar"][c])
    t.add(f"BS Skulder {d}", lin((1, lt[d]), (1, stl[d])), bs["Skulder"][c])
    t.add(f"BS Kortfristiga skulder {d}", stl[d], bs["Kortfristiga skulder"][c])
    claims = lin((1, equity[d]), (1, prov[d]), (1, lt[d]), (1, stl[d]))
    t.add(f"BS Summa EK avsättningar skulder {d}", claims, bs["Summa eget kapital, avsättningar och skulder"][c])


def fixed_assets_and_equity(t: Terms, bal: dict) -> None:
    """Note 15 (machines), the investment table, note 19 (opening equity) and the E20 payment."""
    notes = T.notes()
    t.add("note 15 IB 2022", bal["machine"]["d0"], notes[("15", "Ingående balans")]["col_2201_2208"], 1)
    t.add("note 15 inv 2208", {"inv|22a": 1}, 553, 1)
    t.add("note 15 inv 2212", {"inv|22a": 1, "inv|22b": 1}, 848, 1)
    t.add("note 15 inv 2308", {"inv|23k": 1, "inv|23n": 1}, 618, 1)
    t.add("investments kontor 2023", {"inv|23k": 1}, 31, 1)
    t.add("investments Navet 2023", {"inv|23n": 1}, 587, 1)
    t.add("note 19 ingående EK 2022", bal["equity"]["d0"], notes[("19", "Ingående eget kapital")]["col_2201_2208"])
    t.add("E20 betalt 2022", {"pay|e20": 1}, 2244, 1)


# ---------------------------------------------------------------------------------------- cash flow

CASH_FLOW_SPANS = {
    "col_2201_2208": ("d0", "d1", ("A", "PA"), {"inv|22a": 1}),
    "col_2201_2212": ("d0", "d2", ("A", "B"), {"inv|22a": 1, "inv|22b": 1}),
    "col_2301_2308": ("d2", "d3", ("C", "PC"), {"inv|23k": 1, "inv|23n": 1}),
}


def cash_flow(t: Terms, bal: dict) -> None:
    """2.4, and the opening receivables including the internal bank (README: 93 650 from both 2022 columns)."""
    cf = T.cash_flow()
    result, prov, rec, bank, stl, lt, cash = (bal[k] for k in ("result", "prov", "rec", "bank", "stl", "lt", "cash"))
    for col, (d_from, d_to, bks, inv) in CASH_FLOW_SPANS.items():
        res = result[d_to] if d_from == "d0" else result["d3"]
        dep = t.income(T.UNITS, ("depr",), bks)
        dprov = lin((-1, prov[d_to]), (1, prov[d_from]))  # report sign: increase of provisions
        medel = lin((-1, res), (1, dep), (1, dprov))
        drec = lin((-1, rec[d_to]), (-1, bank[d_to]), (1, rec[d_from]), (1, bank[d_from]))
        dst = lin((-1, stl[d_to]), (1, stl[d_from]))
        t.add(f"CF depr {col}", dep, cf["Justering för av- och nedskrivningar"][col], 1)
        t.add(f"CF provisions {col}", dprov, cf["Justering för gjorda avsättningar"][col], 1)
        t.add(f"CF medel {col}", medel, cf["Medel från verksamheten före förändring av rörelsekapital"][col], 1)
        if col != "col_2301_2308":  # published 2023 working-capital lines do not tie to 2.2 (README 472/473)
            t.add(f"CF fordringar {col}", drec, cf["Ökning kortfristiga fordringar"][col], 1)
            t.add(f"CF skulder {col}", dst, cf["Ökning kortfristiga skulder"][col], 1)
        t.add(
            f"CF löpande {col}",
            lin((1, medel), (1, drec), (1, dst)),
            cf["Kassaflöde från den löpande verksamheten"][col],
            1,
        )
        t.add(f"CF investeringar {col}", inv, cf["Investering i materiella anläggningstillgångar"][col], -1)
        t.add(f"CF årets kassaflöde {col}", lin((1, cash[d_to]), (-1, cash[d_from])), cf["Årets kassaflöde"][col], 1)
        t.add(f"CF likvida medel början {col}", cash[d_from], cf["Likvida medel vid årets början"][col], 1)
        t.add(
            f"CF finansiering {col}",
            lin((-1, lt[d_to]), (1, lt[d_from])),
            cf["Minskning av långfristig skuld"][col],
            1,
        )
    t.add("opening receivables incl. internal bank", lin((1, rec["d0"]), (1, bank["d0"])), 93650, 1)
