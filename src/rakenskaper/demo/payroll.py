"""Payroll subledger: per employee and pay item, every month 2022-01 … 2023-08, tied to the ledger's S journals.

The ledger decides the personnel cost per unit and month (ledger.py); this module itemises it per (fictitious)
employee and pay item, and the S journal of a unit and month is the sum of its payroll rows by account. The
liability accounts' balances follow from the payroll rows and fixed settlement rules
(liability_settlements.py and the demo README), solved so that they hit the published note-22 balances at
2022-08-31, 2022-12-31, 2023-08-31. The staff are staff.py's.

Row sign is ledger sign: debit positive (costs, 5xxx), credit negative (liabilities 27xx/29xx, net pay on 1681).
The rows of one employee and pay period sum to zero.
"""

from __future__ import annotations

import random
from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.calendar import workday_on_or_before
from rakenskaper.demo.model import split_ore
from rakenskaper.demo.staff import Employee, hire

SEED = 20230831 + 11
PERIODS = [(2022, m) for m in range(1, 13)] + [(2023, m) for m in range(1, 9)]
ANCHORS = {(2022, 8): "d1", (2022, 12): "d2", (2023, 8): "d3"}
LIAB = ("2710", "2730", "2740", "2920", "2940")
# pay item code → (name, cost account, liability account)
ITEMS = {
    "1100": ("Månadslön", "5010", None),
    "1300": ("Tillägg och avdrag (OB, övertid, tjänstledighet)", "5010", None),
    "1400": ("Semesterlön och semestertillägg", "5010", None),
    "1510": ("Sjuklön dag 2–14", "5010", None),
    "1520": ("Sjukavdrag inkl. karensavdrag", "5010", None),
    "4100": ("Arbetsgivaravgift", "5410", "2730"),
    "4190": ("Arbetsgivaravgift, avstämning mot AGI", "5410", "2730"),
    "4300": ("Pensionsavgift individuell del (AKAP-KL)", "5510", "2940"),
    "4310": ("Särskild löneskatt på individuell del", "5590", "2940"),
    "4390": ("Individuell del inkl. löneskatt, avstämning mot KPA", "5510", "2940"),
    "4400": ("Särskild löneskatt på pensionskostnader", "5590", "2740"),
    "4490": ("Särskild löneskatt, avstämning pensionsskuldberäkning", "5590", "2740"),
    "4500": ("Förändring semesterlöneskuld inkl. PO", "5090", "2920"),
    "9100": ("Preliminär skatt", None, "2710"),
    "9900": ("Nettolön, utbetald via internbanken", None, "1681"),
}
GROSS_ITEMS = ("1100", "1300", "1400", "1510", "1520")
AGA_FULL, AGA_OLD = 0.3142, 0.1021  # 2022–2023; born 1957 or earlier: only ålderspensionsavgift
SLF = 0.2426
SLF_OTHER = 0.036  # särskild löneskatt on pension costs outside payroll, as a share of gross pay
IBB = {2022: 71_000_00, 2023: 74_300_00}


def payment_date(y: int, m: int) -> date:
    return workday_on_or_before(date(y, m, 23 if m == 12 else 25))


class Payroll:
    def __init__(
        self, cost: dict[tuple[str, int, int], int], anchors: dict[tuple[str, str], int], ib: dict[str, int]
    ) -> None:
        """cost: (unit, y, m) → personnel cost öre; anchors: (account, d1|d2|d3) → ledger balance (credit < 0)."""
        self.cost = cost
        self.anchors = anchors
        self.ib = ib
        self.employees: list[Employee] = hire(cost, len(PERIODS), random.Random(SEED))
        self.rows: dict[tuple[int, int], list[tuple[Employee, str, str, float, int]]] = {}

    def active(self, u: str, p: tuple[int, int]) -> list[Employee]:
        return [e for e in self.employees if e.unit == u and e.active(p)]

    # ------------------------------------------------------------------ schedules
    def vacation_changes(self) -> dict[tuple[int, int], int]:
        """Total change of semesterlöneskuld per month (credit < 0), hitting the anchors exactly."""
        out = {}
        stretches = [("d0", "d1", PERIODS[0:8]), ("d1", "d2", PERIODS[8:12]), ("d2", "d3", PERIODS[12:20])]
        for a, b, ps in stretches:
            start = self.ib["2920"] if a == "d0" else self.anchors[("2920", a)]
            delta = self.anchors[("2920", b)] - start
            if len(ps) == 8:  # accrues Jan–Jun, taken in July and August
                acc = -14_000_000
                out.update({p: acc for p in ps[:6]})
                rest = delta - 6 * acc
                out[ps[6]] = round(rest * 0.6)
                out[ps[7]] = rest - round(rest * 0.6)
            else:
                per = round(delta / 4)
                out.update({p: per for p in ps[:3]})
                out[ps[3]] = delta - 3 * per
        return out

    # ------------------------------------------------------------------ one employee, one month
    def items(self, e: Employee, p: tuple[int, int], extra_gross: int, vac: int) -> dict[str, tuple[float, int]]:
        y, m = p
        rng = random.Random(f"{SEED}|{e.pnr}|{y}-{m}")
        sal = round(e.salary * e.rate * (1.032 if p >= (2023, 4) else 1.0) * (1.025 if p >= (2022, 4) else 1.0))
        it: dict[str, tuple[float, int]] = {"1100": (e.rate, sal)}
        if rng.random() < 0.12:
            days = rng.randint(2, 6)
            daily = sal * 12 // 365
            it["1510"] = (days - 1, round(0.8 * daily * (days - 1)))
            it["1520"] = (days, -daily * days)
        if extra_gross:
            it["1400" if m in (6, 7, 8) and extra_gross > 0 else "1300"] = (0.0, extra_gross)
        gross = sum(v for k, (_, v) in it.items() if k in GROSS_ITEMS)
        aga = AGA_OLD if e.born.year <= 1957 else AGA_FULL
        it["4100"] = (0.0, round(gross * aga))
        cap = IBB[y] * 75 // 120
        pind = round(0.045 * min(gross, cap) + 0.30 * max(0, gross - cap))
        it["4300"] = (0.0, pind)
        it["4310"] = (0.0, round(pind * SLF))
        it["4400"] = (0.0, round(gross * SLF_OTHER))
        if vac:
            it["4500"] = (0.0, vac)
        return it

    def build(self) -> None:
        vac = self.vacation_changes()
        prev_aga = None
        ytd = {"2740": 0, "2940": 0}
        for p in PERIODS:
            y, m = p
            if m == 1:
                ytd = {"2740": 0, "2940": 0}
            adj_tot = {"4190": 0, "4390": 0, "4490": 0}
            # fixed-point: the anchor-month adjustments depend on the gross, which absorbs them
            for _ in range(40):
                month = self.month(p, vac[p], adj_tot)
                if p not in ANCHORS:
                    break
                d = ANCHORS[p]
                tot = self.totals(month)
                new = {
                    "4190": -(self.anchors[("2730", d)] + prev_aga) - (tot["4100"]),
                    "4390": -self.anchors[("2940", d)] - ytd["2940"] - tot["4300"] - tot["4310"],
                    "4490": -self.anchors[("2740", d)] - ytd["2740"] - tot["4400"],
                }
                if new == adj_tot:
                    break
                if all(abs(new[k] - adj_tot[k]) <= 500 for k in new) and _ > 5:
                    self.fix_residual(month, {k: new[k] - adj_tot[k] for k in new})
                    break
                adj_tot = new
            else:
                raise RuntimeError(f"payroll adjustments do not converge in {p}")
            if p in ANCHORS:  # preliminary tax: scaled so that the month's tax is the published liability
                self.scale_tax(month, -self.anchors[("2710", ANCHORS[p])])
            tot = self.totals(month)
            prev_aga = tot.get("4100", 0) + tot.get("4190", 0)
            ytd["2940"] += tot.get("4300", 0) + tot.get("4310", 0) + tot.get("4390", 0)
            ytd["2740"] += tot.get("4400", 0) + tot.get("4490", 0)
            self.rows[p] = month

    @staticmethod
    def totals(month) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, code, acc, _, x in month:
            if acc == ITEMS[code][1]:
                out[code] = out.get(code, 0) + x
        return out

    def month(self, p, vac_total: int, adj_tot: dict[str, int]):
        y, m = p
        units = {u: self.cost[(u, y, m)] for u in T.UNITS if (u, y, m) in self.cost}
        vac_u = split_ore(-vac_total, units) if vac_total else {u: 0 for u in units}
        adj_u = {k: split_ore(v, units) if v else {u: 0 for u in units} for k, v in adj_tot.items()}
        rows = []
        for u, cost in units.items():
            staff = self.active(u, p)
            vac_e = split_ore(vac_u[u], {e.pnr: e.salary * e.rate for e in staff}) if vac_u[u] else {}
            fixed = {
                k: (split_ore(adj_u[k][u], {e.pnr: e.salary * e.rate for e in staff}) if adj_u[k][u] else {})
                for k in adj_u
            }
            # extra gross per unit so that the unit's cost is exact: iterate on the (nearly linear) cost
            extra = 0
            for _ in range(30):
                extras = split_ore(extra, {e.pnr: e.salary * e.rate for e in staff}) if extra else {}
                its = {e.pnr: self.items(e, p, extras.get(e.pnr, 0), vac_e.get(e.pnr, 0)) for e in staff}
                for k in fixed:
                    for e in staff:
                        if fixed[k].get(e.pnr):
                            its[e.pnr][k] = (0.0, fixed[k][e.pnr])
                total = sum(v for it in its.values() for k, (_, v) in it.items() if ITEMS[k][1])
                diff = cost - total
                if diff == 0:
                    break
                extra += round(diff / 1.40) if abs(diff) > 200 else diff
            if diff:  # öre rounding left: the first employee's extra gross (no on-costs recomputed)
                e0 = staff[0]
                code = next((c for c in ("1300", "1400") if c in its[e0.pnr]), "1300")
                q, v = its[e0.pnr].get(code, (0.0, 0))
                its[e0.pnr][code] = (q, v + diff)
            for e in staff:
                it = its[e.pnr]
                gross = sum(v for k, (_, v) in it.items() if k in GROSS_ITEMS)
                rate = 0.26 if gross < 25_000_00 else 0.29 if gross < 35_000_00 else 0.31 if gross < 45_000_00 else 0.34
                tax = round(gross * rate)
                for code, (q, v) in it.items():
                    name, cacc, lacc = ITEMS[code]
                    rows.append((e, code, cacc, q, v))
                    if lacc:
                        rows.append((e, code, lacc, 0.0, -v))
                rows.append((e, "9100", "2710", 0.0, -tax))
                rows.append((e, "9900", "1681", 0.0, -(gross - tax)))
        return rows

    @staticmethod
    def fix_residual(month, resid: dict[str, int]) -> None:
        """Öre left by the fixed-point: onto the first row of each adjustment item, against that employee's
        extra gross pay (net pay follows; on-costs are not recomputed for these öre)."""
        for code, r in resid.items():
            if not r:
                continue
            i = next(i for i, row in enumerate(month) if row[1] == code)
            e = month[i][0]
            for j, row in enumerate(month):
                if row[0] is e and row[1] == code:
                    month[j] = (e, code, row[2], row[3], row[4] + (r if row[2][0] == "5" else -r))
            j = next(j for j, row in enumerate(month) if row[0] is e and row[1] in ("1300", "1400"))
            month[j] = (e, month[j][1], month[j][2], month[j][3], month[j][4] - r)
            j = next(j for j, row in enumerate(month) if row[0] is e and row[1] == "9900")
            month[j] = (e, "9900", "1681", 0.0, month[j][4] + r)

    def scale_tax(self, month, target: int) -> None:
        idx = [i for i, r in enumerate(month) if r[1] == "9100"]
        cur = -sum(month[i][4] for i in idx)
        new = split_ore(target, {str(i): -month[i][4] for i in idx})
        by_emp = {}
        for i in idx:
            e = month[i][0]
            by_emp[e.pnr] = (-new[str(i)]) - month[i][4]  # change of the tax row (credit more = negative)
            month[i] = (e, "9100", "2710", 0.0, -new[str(i)])
        for i, r in enumerate(month):
            if r[1] == "9900":
                month[i] = (r[0], r[1], r[2], r[3], r[4] - by_emp[r[0].pnr])
        assert cur  # noqa: S101

    # ------------------------------------------------------------------ outputs
    def ledger_sums(self, p) -> dict[tuple[str, str], int]:
        """(unit, account) → amount for the month's S journals (liabilities under unit '' in the ledger)."""
        out: dict[tuple[str, str], int] = {}
        for e, _, acc, _, x in self.rows[p]:
            k = (e.unit if acc[0] == "5" else "", acc)
            out[k] = out.get(k, 0) + x
        return out

    def render(self, p) -> bytes:
        y, m = p
        pay = payment_date(y, m).isoformat()
        lines = [
            "pay_period;payment_date;personnummer;employee_name;unit;pay_item;pay_item_name;account;quantity;amount"
        ]
        for e, code, acc, q, x in sorted(self.rows[p], key=lambda r: (r[0].unit, r[0].pnr, r[1], r[2])):
            lines.append(f"{y}-{m:02d};{pay};{e.pnr};{e.name};{e.unit};{code};{ITEMS[code][0]};{acc};{q:.2f};{sek(x)}")
        return ("\n".join(lines) + "\n").encode("utf-8")


def sek(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"
