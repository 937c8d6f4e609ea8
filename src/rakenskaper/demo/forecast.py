"""The forecast (prognos) 2023 as of 2023-08-31 and the investment budget/forecast (1.8) as source files.

forecast_2023-08-31.csv: one row per unit (dim-1 code) × income-statement line code with a non-zero forecast,
full year 2023, report sign (revenue positive, costs negative), gross (internal items not eliminated, as the
published prognos column). Amounts are whole kronor: the published tkr figure × 1000 plus a small deterministic
offset, chosen so that every unit figure, every derived unit line (nettokostnader, resultat) and every total of
2.1.1 / 2.1 / 2.5 / 1.5 rounds (each on its own, half away from zero) to the published figure. Member
contributions are forecast at exactly the budget (as printed: prognos = budget for every unit).

investments_2023-08-31.csv: the two 2023 projects (dim-6 objects of the ledger) with budget and forecast in SEK.
"""

from __future__ import annotations

import random

from rakenskaper.demo import targets as T
from rakenskaper.demo.solver import TKR, round_tkr

FORECAST_DATE = "2023-08-31"
SEED = 20230831 + 7
LINE_CODES = {
    "Verksamhetens intäkter": "operating_revenue",
    "Verksamhetens kostnader": "operating_costs",
    "Avskrivningar": "depreciation",
    "contrib": "member_contribution",
    "Finansiella intäkter": "financial_income",
    "Finansiella kostnader": "financial_costs",
}
INVESTMENT_PROJECTS = {"Inventarier kontor och möteslokaler": "6101", "Ny utställning Navet science center": "6102"}


def prognos_by_unit() -> dict[str, dict[str, int]]:
    """unit code → line label → prognos tkr (contribution lines as 'contrib')."""
    out: dict[str, dict[str, int]] = {}
    for r in T.read("income_statement_by_unit.csv"):
        label = "contrib" if r["line"].startswith(("Förbundsbidrag", "Medlemsavgifter")) else r["line"]
        out.setdefault(T.UNIT_CODES[r["unit"]], {})[label] = T.num(r["prognos_2023"])
    return out


def forecast_amounts() -> dict[tuple[str, str], int]:
    """(unit, line_code) → öre, report sign; solved by deterministic search so that every check holds."""
    pu = prognos_by_unit()
    rng = random.Random(SEED)
    for _ in range(1000):
        amt: dict[tuple[str, str], int] = {}
        for u in T.UNITS:
            for label, code in LINE_CODES.items():
                tkr = pu[u][label]
                if not tkr:
                    continue
                off = 0 if code in ("member_contribution", "financial_income") else rng.randint(-420, 420) * 100
                amt[(u, code)] = tkr * TKR + off
        if not problems(amt):
            return amt
    raise RuntimeError("no forecast amounts satisfy the published prognos figures")


def problems(amt: dict[tuple[str, str], int]) -> list[str]:
    """Every published prognos figure the forecast must reproduce (empty list = all reproduced)."""
    pu = prognos_by_unit()
    out: list[str] = []

    def chk(name: str, ore: int, tkr: int) -> None:
        if round_tkr(ore) != tkr:
            out.append(f"{name}: {ore / 100:.2f} SEK rounds to {round_tkr(ore)}, published {tkr}")

    def g(u, *codes):
        return sum(amt.get((u, c), 0) for c in codes)

    ops = ("operating_revenue", "operating_costs", "depreciation")
    res = ops + ("member_contribution", "financial_income", "financial_costs")
    for u in T.UNITS:
        for label, code in LINE_CODES.items():
            chk(f"{u} {label}", g(u, code), pu[u][label])
        chk(f"{u} nettokostnader", g(u, *ops), pu[u]["Verksamhetens nettokostnader"])
        chk(f"{u} resultat före extraordinära poster", g(u, *res), pu[u]["Resultat före extraordinära poster"])
        chk(f"{u} periodens resultat", g(u, *res), pu[u]["Periodens resultat"])
    tot = T.total_statement()
    labels = {r["contribution_line"]: T.UNIT_CODES[r["code"]] for r in T.read("units.csv")}

    def s(*codes):
        return sum(g(u, *codes) for u in T.UNITS)

    for label, code in LINE_CODES.items():
        if code != "member_contribution":
            chk(f"2.1.1 {label}", s(code), tot[label]["prognos_2023"])
    for line, u in labels.items():
        chk(f"2.1.1 {line}", g(u, "member_contribution"), tot[line]["prognos_2023"])
    chk("2.1.1 nettokostnader", s(*ops), tot["Verksamhetens nettokostnader"]["prognos_2023"])
    chk("2.1.1 resultat", s(*res), tot["Periodens resultat"]["prognos_2023"])
    summ = T.summary_statement()
    chk(
        "2.1 Verksamhetens intäkter",
        s("operating_revenue", "member_contribution"),
        summ["Verksamhetens intäkter"]["prognos_2023"],
    )
    chk("2.1 Verksamhetens kostnader", s("operating_costs"), summ["Verksamhetens kostnader"]["prognos_2023"])
    chk("2.1 Avskrivningar", s("depreciation"), summ["Avskrivningar/nedskrivningar"]["prognos_2023"])
    chk(
        "2.1 nettokostnader",
        s("operating_revenue", "member_contribution", *ops[1:]),
        summ["Verksamhetens nettokostnader"]["prognos_2023"],
    )
    chk("2.1 Finansiella intäkter", s("financial_income"), summ["Finansiella intäkter"]["prognos_2023"])
    chk("2.1 Finansiella kostnader", s("financial_costs"), summ["Finansiella kostnader"]["prognos_2023"])
    chk("2.1 resultat", s(*res), summ["Periodens resultat"]["prognos_2023"])
    # 2.5: avvikelse prognos = prognos − budget (budget as printed in 2.5, whole tkr)
    op = {r["line"]: r for r in T.read("operating_statement.csv")}
    for line25, codes in (
        ("Verksamhets intäkter", ("operating_revenue",)),
        ("Verksamhetens kostnader", ("operating_costs",)),
        ("Avskrivningar", ("depreciation",)),
        ("Verksamhetens nettokostnader", ops),
        ("Finansiella intäkter", ("financial_income",)),
        ("Finansiella kostnader", ("financial_costs",)),
        ("Periodens resultat", res),
    ):
        chk(
            f"2.5 avvikelse prognos {line25}",
            s(*codes) - T.num(op[line25]["budget_2023"]) * TKR,
            T.num(op[line25]["avvikelse_prognos_2023"]),
        )
    for line, u in labels.items():
        chk(
            f"2.5 avvikelse prognos {line}",
            g(u, "member_contribution") - T.num(op[line]["budget_2023"]) * TKR,
            T.num(op[line]["avvikelse_prognos_2023"]),
        )
    br = {r["line"]: T.num(r["prognos_2023"]) for r in T.read("balance_requirement.csv")}
    chk("1.5 Årets resultat", s(*res), br["Årets resultat enligt resultaträkningen"])
    chk("1.5 Balanskravsresultat", s(*res), br["Balanskravsresultat"])
    return out


def sek(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def render_forecast(amt: dict[tuple[str, str], int]) -> bytes:
    lines = ["forecast_date;fiscal_year;unit;line_code;amount"]
    order = list(LINE_CODES.values())
    for (u, code), x in sorted(amt.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1]))):
        lines.append(f"{FORECAST_DATE};2023;{u};{code};{sek(x)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def investment_rows() -> list[tuple[str, str, int, int]]:
    """(project, project_name, budget öre, forecast öre) from 1.8."""
    from rakenskaper.demo.chart import PROJECTS

    rows = []
    for r in T.read("investments.csv"):
        proj = INVESTMENT_PROJECTS[r["projekt"]]
        rows.append((proj, PROJECTS[proj], T.num(r["budget_2023"]) * TKR, T.num(r["prognos_2023"]) * TKR))
    return rows


def render_investments() -> bytes:
    lines = ["forecast_date;fiscal_year;project;project_name;budget;forecast"]
    for proj, name, bud, fc in investment_rows():
        lines.append(f"{FORECAST_DATE};2023;{proj};{name};{sek(bud)};{sek(fc)}")
    return ("\n".join(lines) + "\n").encode("utf-8")
