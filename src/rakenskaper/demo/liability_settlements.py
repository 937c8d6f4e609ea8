"""How the demo pays its payroll liabilities: the settlement vouchers (B series, against 1681) of the
liability accounts, from the payroll rows and fixed rules (SETTLEMENT), the opening balances included."""

from __future__ import annotations

from datetime import date

from rakenskaper.demo.calendar import MONTHS, workday_on_or_after
from rakenskaper.demo.payroll import LIAB, PERIODS

# settlement rules: account → how the payroll rows of a pay period are paid (B series, against 1681)
SETTLEMENT = {
    "2710": "paid on the 12th of the month after the pay period (skattedeklaration)",
    "2730": "paid on the 12th of the second month after the pay period",
    "2740": "a calendar year's rows paid on 12 May of the following year",
    "2940": "a calendar year's rows paid on 12 March of the following year (KPA)",
    "2920": "never paid: the rows are the liability's changes",
}
# the monthly skattedeklaration: account, months after the pay period it is paid in, what it pays
MONTHLY_DECLARATIONS = (("2710", 1, "preliminär skatt"), ("2730", 2, "arbetsgivaravgifter"))


def settlements(rows: dict, ib: dict[str, int]) -> list[tuple[date, str, int, str]]:
    """Settlements (date, account, debit amount, text) by the rules in SETTLEMENT, of the payroll rows (pay
    period → rows, as Payroll.rows) and of the opening balances ``ib``."""
    out = []
    acc_sum = {a: {p: 0 for p in PERIODS} for a in LIAB}
    for p, month in rows.items():
        for _, _, acc, _, x in month:
            if acc in acc_sum:
                acc_sum[acc][p] += x
    # IB 2021-12-31: tax (December 2021) in January; AGA (Nov + Dec 2021) in January and February
    out.append((date(2022, 1, 12), "2710", -ib["2710"], "Skattedeklaration december 2021: preliminär skatt"))
    nov = round(ib["2730"] * 0.48)
    out.append((date(2022, 1, 12), "2730", -nov, "Skattedeklaration november 2021: arbetsgivaravgifter"))
    out.append((date(2022, 2, 14), "2730", -(ib["2730"] - nov), "Skattedeklaration december 2021: arbetsgivaravgifter"))
    out.append((date(2022, 3, 14), "2940", -ib["2940"], "Inbetalning individuell del 2021 inkl. löneskatt, KPA"))
    out.append((date(2022, 5, 12), "2740", -ib["2740"], "Särskild löneskatt 2021, inbetalning"))
    for y, m in PERIODS:
        for account, months_after, what in MONTHLY_DECLARATIONS:
            due = months_later((y, m), months_after)
            if due in acc_sum[account]:
                text = f"Skattedeklaration {MONTHS[m - 1]} {y}: {what}"
                out.append((nth_due(*due), account, -acc_sum[account][(y, m)], text))
    y22 = {a: sum(v for (y, _), v in acc_sum[a].items() if y == 2022) for a in ("2740", "2940")}
    out.append((date(2023, 3, 13), "2940", -y22["2940"], "Inbetalning individuell del 2022 inkl. löneskatt, KPA"))
    out.append((date(2023, 5, 12), "2740", -y22["2740"], "Särskild löneskatt 2022, inbetalning"))
    return out


def months_later(period: tuple[int, int], months: int) -> tuple[int, int]:
    index = period[0] * 12 + period[1] - 1 + months
    return index // 12, index % 12 + 1


def nth_due(y: int, m: int) -> date:
    return workday_on_or_after(date(y, m, 12))
