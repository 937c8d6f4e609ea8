"""Budget 2023 (#PBUDGET, year 0 of the 2023 file) by unit × account × month.

Per unit: the member contribution of 2.1.1's budget column; revenue as the unit's forecast revenue
(2.1.2–2.1.11 prognos; VU lowered by 176 tkr so the sum is 2.1.1's budget 97 549); depreciation 75 (ADM) and
680 (Navet); financial income 1 500 (FK); costs so that every unit budgets a zero result. No internal
accounts are budgeted. Annual amounts are whole kronor; each month is 1/12 (December takes the öre rest),
so Jan–Aug is 8/12 of the year as in 2.5.
"""

from __future__ import annotations

from rakenskaper.demo import targets as T
from rakenskaper.demo.chart import CONTRIB_ACCOUNT, OTHER_COST, PAY, REV_PROFILE
from rakenskaper.demo.model import PERSONNEL_SHARE, split_ore

REVENUE = {
    "100": 110,
    "110": 10094,
    "200": 22971,
    "300": 33264,
    "400": 250,
    "500": 0,
    "600": 710,
    "700": 600,
    "800": 15224,
    "900": 14326,
}
DEPRECIATION = {"110": 75, "800": 680}
FIN_INC = {"100": 1500}


def annual() -> dict[tuple[str, str], int]:
    """(unit, account) → annual budget in öre, ledger sign."""
    tot = T.total_statement()
    labels = {r["contribution_line"]: T.UNIT_CODES[r["code"]] for r in T.read("units.csv")}
    contrib = {labels[k]: v["budget_2023"] for k, v in tot.items() if k in labels}
    out: dict[tuple[str, str], int] = {}
    for u in T.UNITS:
        rev, con, dep, fin = REVENUE[u], contrib[u], DEPRECIATION.get(u, 0), FIN_INC.get(u, 0)
        cost = rev + con + fin - dep  # tkr, so that the unit's result is zero
        if rev:
            for acc, x in split_ore(rev * 1000, {a: w for a, w, _ in REV_PROFILE[u]}).items():
                out[(u, acc)] = out.get((u, acc), 0) - x * 100
        out[(u, CONTRIB_ACCOUNT[u])] = -con * 100_000
        if dep:
            out[(u, "7910")] = dep * 100_000
        if fin:
            out[(u, "8442")] = -fin * 100_000
        pers = round(cost * 1000 * PERSONNEL_SHARE[u] / 100)
        for acc, x in split_ore(pers, dict(PAY)).items():
            out[(u, acc)] = out.get((u, acc), 0) + x * 100
        for acc, x in split_ore(cost * 1000 - pers, {a: w for a, w, _ in OTHER_COST[u]}).items():
            out[(u, acc)] = out.get((u, acc), 0) + x * 100
    return {k: v for k, v in sorted(out.items()) if v}


def budget_rows() -> list[tuple[str, str, str, int]]:
    """(period YYYYMM, account, unit, öre) sorted by unit, account, period."""
    rows = []
    for (u, acc), total in annual().items():
        month = int(total / 12)  # truncates toward zero
        for mo in range(1, 13):
            x = month if mo < 12 else total - 11 * month
            rows.append((f"2023{mo:02d}", acc, u, x))
    return rows
