"""Payroll subledger: per employee and pay item, every month 2022-01 … 2023-08, tied to the ledger's S journals.

The ledger decides the personnel cost per unit and month (ledger.py); this module itemises it per (fictitious)
employee and pay item, and the S journal of a unit and month is the sum of its payroll rows by account. The
liability accounts' balances follow from the payroll rows and fixed settlement rules (see SETTLEMENT and the
demo README), solved so that they hit the published note-22 balances at 2022-08-31, 2022-12-31, 2023-08-31.

Row sign is ledger sign: debit positive (costs, 5xxx), credit negative (liabilities 27xx/29xx, net pay on 1681).
The rows of one employee and pay period sum to zero.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.calendar import MONTHS, workday_on_or_before
from rakenskaper.demo.model import split_ore

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

# settlement rules: account → how the payroll rows of a pay period are paid (B series, against 1681)
SETTLEMENT = {
    "2710": "paid on the 12th of the month after the pay period (skattedeklaration)",
    "2730": "paid on the 12th of the second month after the pay period",
    "2740": "a calendar year's rows paid on 12 May of the following year",
    "2940": "a calendar year's rows paid on 12 March of the following year (KPA)",
    "2920": "never paid: the rows are the liability's changes",
}

FIRST_M = [
    "Anders",
    "Johan",
    "Per",
    "Lars",
    "Mikael",
    "Erik",
    "Karl",
    "Peter",
    "Fredrik",
    "Daniel",
    "Magnus",
    "Jonas",
    "Mats",
    "Henrik",
    "Björn",
    "Stefan",
    "Oskar",
    "Gustav",
    "Emil",
    "Viktor",
    "Måns",
    "Åke",
    "Göran",
]
FIRST_F = [
    "Anna",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kristina",
    "Emma",
    "Johanna",
    "Elin",
    "Malin",
    "Linnéa",
    "Ingrid",
    "Sofia",
    "Hanna",
    "Camilla",
    "Åsa",
    "Eva",
    "Helena",
    "Ida",
    "Frida",
    "Märta",
    "Jenny",
    "Lotta",
]
SURNAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindström",
    "Bergström",
    "Sjöberg",
    "Åberg",
    "Ström",
    "Hägg",
    "Öberg",
    "Lundqvist",
    "Holmgren",
    "Ekström",
    "Wallin",
    "Fransson",
    "Björk",
    "Sandberg",
    "Forsberg",
    "Hedlund",
    "Nyström",
    "Dahlgren",
    "Lund",
    "Söderberg",
    "Engström",
]


def luhn_digit(nine: str) -> int:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def personnummer(birth: date, birth_no: int) -> str:
    """YYYYMMDD-NNNN with the Luhn check digit over YYMMDDNNN. Demo numbers use birth numbers 980–999."""
    assert 980 <= birth_no <= 999
    nine = birth.strftime("%y%m%d") + f"{birth_no:03d}"
    return f"{birth:%Y%m%d}-{birth_no:03d}{luhn_digit(nine)}"


@dataclass
class Employee:
    pnr: str
    name: str
    unit: str
    born: date
    salary: int  # öre per month at full time, 2022
    rate: float  # employment rate
    start: tuple[int, int]
    end: tuple[int, int]

    def active(self, p: tuple[int, int]) -> bool:
        return self.start <= p <= self.end


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
        self.rng = random.Random(SEED)
        self.employees: list[Employee] = []
        self.rows: dict[tuple[int, int], list[tuple[Employee, str, str, float, int]]] = {}
        self.hire()

    # ------------------------------------------------------------------ staff
    def hire(self) -> None:
        rng = self.rng
        used: set[str] = set()
        names: set[str] = set()
        for u in T.UNITS:
            mean = sum(v for (uu, _, _), v in self.cost.items() if uu == u) / len(PERIODS)
            n = max(1, round(mean / 1.406 / 44_000_00))
            staff = []
            for _ in range(n + (1 if n >= 4 else 0)):  # one extra = a leaver and a joiner in larger units
                female = rng.random() < 0.62
                while True:
                    first = rng.choice(FIRST_F if female else FIRST_M)
                    name = f"{first} {rng.choice(SURNAMES)}"
                    if name not in names:
                        break
                names.add(name)
                while True:
                    born = date(rng.randint(1956, 1998), rng.randint(1, 12), rng.randint(1, 28))
                    bn = rng.choice([x for x in range(980, 1000) if x % 2 == (0 if female else 1)])
                    pnr = personnummer(born, bn)
                    if pnr not in used:
                        break
                used.add(pnr)
                rate = 1.0 if rng.random() < 0.8 else rng.choice([0.5, 0.75, 0.8])
                staff.append(Employee(pnr, name, u, born, rng.randint(34, 62) * 1000_00, rate, (2022, 1), (2023, 8)))
            if n >= 4:  # the last one joins when the second-to-last leaves
                leave = (2022, rng.randint(3, 11))
                staff[-2].end = leave
                staff[-1].start = (leave[0], leave[1] + 1)
            # salaries scaled so that monthly pay is about 95 % of the unit's gross pay (supplements the rest)
            mass = sum(e.salary * e.rate for e in staff[:n])
            f = 0.95 * mean / 1.406 / 1.05 / mass
            for e in staff:
                e.salary = round(e.salary * f / 10000) * 10000
            self.employees += staff

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

    def payments(self) -> list[tuple[date, str, int, str]]:
        """Settlements (date, account, debit amount, text) from the rules in SETTLEMENT, including the IB."""
        out = []
        acc_sum = {a: {p: 0 for p in PERIODS} for a in LIAB}
        for p, rows in self.rows.items():
            for _, _, acc, _, x in rows:
                if acc in acc_sum:
                    acc_sum[acc][p] += x
        ib = self.ib
        # IB 2021-12-31: tax (December 2021) in January; AGA (Nov + Dec 2021) in January and February
        out.append((date(2022, 1, 12), "2710", -ib["2710"], "Skattedeklaration december 2021: preliminär skatt"))
        nov = round(ib["2730"] * 0.48)
        out.append((date(2022, 1, 12), "2730", -nov, "Skattedeklaration november 2021: arbetsgivaravgifter"))
        out.append(
            (date(2022, 2, 14), "2730", -(ib["2730"] - nov), "Skattedeklaration december 2021: arbetsgivaravgifter")
        )
        out.append((date(2022, 3, 14), "2940", -ib["2940"], "Inbetalning individuell del 2021 inkl. löneskatt, KPA"))
        out.append((date(2022, 5, 12), "2740", -ib["2740"], "Särskild löneskatt 2021, inbetalning"))
        for y, m in PERIODS:
            ny, nm = (y + (m == 12), m % 12 + 1)
            if (ny, nm) in acc_sum["2710"]:
                out.append(
                    (
                        nth_due(ny, nm),
                        "2710",
                        -acc_sum["2710"][(y, m)],
                        f"Skattedeklaration {MONTHS[m - 1]} {y}: preliminär skatt",
                    )
                )
            n2y, n2m = (ny + (nm == 12), nm % 12 + 1)
            if (n2y, n2m) in acc_sum["2730"]:
                out.append(
                    (
                        nth_due(n2y, n2m),
                        "2730",
                        -acc_sum["2730"][(y, m)],
                        f"Skattedeklaration {MONTHS[m - 1]} {y}: arbetsgivaravgifter",
                    )
                )
        y22 = {a: sum(v for (y, _), v in acc_sum[a].items() if y == 2022) for a in ("2740", "2940")}
        out.append((date(2023, 3, 13), "2940", -y22["2940"], "Inbetalning individuell del 2022 inkl. löneskatt, KPA"))
        out.append((date(2023, 5, 12), "2740", -y22["2740"], "Särskild löneskatt 2022, inbetalning"))
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


def nth_due(y: int, m: int) -> date:
    from rakenskaper.demo.calendar import workday_on_or_after

    return workday_on_or_after(date(y, m, 12))


def sek(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"
