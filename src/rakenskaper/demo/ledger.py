"""Turn the solved amounts (model.py) into vouchers for 2022 and 2023 (Jan–Aug)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.calendar import MONTHS, last_workday, nth_workday
from rakenskaper.demo.model import (
    NOTE1_ROWS,
    PERSONNEL_TOTAL,
    REC_ACCOUNTS,
    SEED,
    ST_ACCOUNTS,
    Model,
    split_ore,
)

Objects = tuple[tuple[str, str], ...]


@dataclass
class Voucher:
    series: str
    date: date
    text: str
    rows: list[tuple[str, Objects, int]] = field(default_factory=list)
    number: int = 0

    def add(self, account: str, amount: int, objects: Objects = ()) -> None:
        if amount:
            self.rows.append((account, objects, int(amount)))


def U(u: str, *extra: tuple[str, str]) -> Objects:
    return (("1", u),) + tuple(extra)


ACCOUNTS = {
    "1220": "Inventarier",
    "1229": "Ackumulerade avskrivningar inventarier",
    "1350": "Aktier och andelar",
    "1410": "Varulager",
    "1510": "Kundfordringar",
    "1640": "Momsfordran",
    "1681": "Fordran Borås Stad, internbanken",
    "1710": "Förutbetalda kostnader och upplupna intäkter",
    "1910": "Kassa",
    "2010": "Eget kapital",
    "2050": "Resultatutjämningsreserv",
    "2099": "Årets resultat",
    "2290": "Avsättning bidrag till statlig infrastruktur (E20)",
    "2350": "Investeringsbidrag Navet",
    "2440": "Leverantörsskulder",
    "2610": "Utgående moms",
    "2710": "Personalens skatter",
    "2730": "Lagstadgade arbetsgivaravgifter",
    "2740": "Särskild löneskatt och övriga löneskatter",
    "2920": "Semesterlöneskuld",
    "2940": "Upplupna pensionskostnader individuell del",
    "2970": "Beslutade ej avslutade projekt",
    "2990": "Övriga upplupna kostnader och förutbetalda intäkter",
    "3110": "Entréavgifter",
    "3410": "Försäljning av tjänster",
    "3490": "Statsbidrag",
    "3511": "Bidrag VGR, Regionala utvecklingsnämnden: Navet",
    "3512": "Bidrag VGR, Regionala utvecklingsnämnden: delregionala utvecklingsmedel (DRUM)",
    "3513": "Bidrag VGR, Kulturnämnden: delregionala utvecklingsmedel (DRUM)",
    "3514": "Bidrag VGR, Miljönämnden: delregionala utvecklingsmedel (DRUM)",
    "3515": "Bidrag VGR, Miljönämnden: Fossilfri Boråsregion",
    "3516": "Bidrag VGR, Närvårdssamverkan",
    "3520": "EU-bidrag",
    "3530": "Nollning av projektkostnader mot tidigare utbetalade medel",
    "3590": "Interna intäkter",
    "4010": "Material och varor",
    "4610": "Lämnade bidrag till projekt och verksamheter",
    "5010": "Löner",
    "5090": "Förändring semesterlöneskuld",
    "5410": "Arbetsgivaravgifter",
    "5510": "Pensionskostnader",
    "5590": "Särskild löneskatt",
    "6110": "Lokalhyror",
    "6410": "Konsulttjänster",
    "6450": "Revisionstjänster",
    "6550": "IT-tjänster",
    "6590": "Interna kostnader",
    "6910": "Resor och konferenser",
    "7910": "Avskrivningar inventarier",
    "3610": "Förbundsbidrag från medlemskommunerna",
    "3611": "Medlemsavgifter från medlemskommunerna",
    "8442": "Ränteintäkter internbanken",
    "8540": "Räntekostnader och bankavgifter",
    "8590": "Indexuppräkning bidrag till statlig infrastruktur (E20)",
    "8999": "Årets resultat",
}

COUNTERPARTS = {v: k for k, v in T.MUNICIPALITIES.items()} | {
    "VGR": "Västra Götalandsregionen",
    "SKOLV": "Skolverket",
    "SOCST": "Socialstyrelsen",
    "TVV": "Tillväxtverket",
    "TRV": "Trafikverket",
    "LEV01": "Atea Sverige AB",
    "LEV02": "Borås Stad Lokalförsörjning",
    "LEV03": "PwC Sverige AB",
    "LEV04": "Kinnarps AB",
    "LEV05": "Tengbom Utställningsproduktion AB",
}
PROJECTS = {
    "6021": "Navet utställningsmoduler 2022",
    "6022": "Kontorsinventarier 2022",
    "6101": "Inventarier kontor och möteslokaler",
    "6102": "Ny utställning Navet science center",
}
UNIT_SHORT = {
    "100": "Förbundskansli",
    "110": "Administration",
    "200": "Regional utveckling",
    "300": "Välfärdsutveckling",
    "400": "BRB",
    "500": "DSO",
    "600": "MC",
    "700": "VO-college",
    "800": "Navet",
    "900": "NVS",
}
CONTRIB_ACCOUNT = {u: ("3610" if u in ("100", "110", "200", "300") else "3611") for u in T.UNITS}

# revenue per unit in the budget (budget.py): account, weight, counterpart
REV_PROFILE = {
    "100": [("3410", 1, None)],
    "110": [("3410", 1, None)],
    "200": [
        ("3512", 45, "VGR"),
        ("3513", 12, "VGR"),
        ("3514", 9, "VGR"),
        ("3490", 14, "TVV"),
        ("3530", 10, None),
        ("3410", 10, None),
    ],
    "300": [("3490", 60, "SOCST"), ("3410", 40, None)],
    "400": [("3410", 1, None)],
    "500": [("3410", 1, None)],
    "600": [("3410", 1, None)],
    "700": [("3410", 1, None)],
    "800": [("3110", 40, None), ("3511", 20, "VGR"), ("3490", 25, "SKOLV"), ("3410", 15, None)],
    "900": [("3516", 60, "VGR"), ("3530", 15, None), ("3410", 25, None)],
}
# note 1 row → counterpart (dim 8) per unit; the account is model.NOTE1_ROWS
ROW_COUNTERPART = {
    "Statsbidrag": {"200": "TVV", "300": "SOCST", "800": "SKOLV"},
    "RUN NAVET": "VGR",
    "RUN DRUM": "VGR",
    "KN DRUM": "VGR",
    "MN DRUM": "VGR",
    "MN Fossilfri Boråsregion": "VGR",
    "VGR Närvårdssamverkan": "VGR",
}
GRANT_TEXT = {
    "3490": "statsbidrag",
    "3511": "bidrag RUN Navet",
    "3512": "RUN DRUM",
    "3513": "KN DRUM",
    "3514": "MN DRUM",
    "3515": "MN Fossilfri Boråsregion",
    "3516": "bidrag VGR Närvårdssamverkan",
    "3520": "EU-bidrag",
}
# "Övriga intäkter" per unit: account, weight (sales of services; Navet's entrance fees)
OTHER_REVENUE = {"800": [("3110", 75), ("3410", 25)]}
OTHER_COST = {  # non-personnel cost split in the budget; the ledger books 46xx and 6450 from note 2 (model)
    "100": [("6450", 10, "LEV03"), ("6410", 40, "LEV03"), ("6110", 30, "LEV02"), ("6910", 20, None)],
    "110": [("6550", 60, "LEV01"), ("6110", 25, "LEV02"), ("4010", 15, None)],
    "200": [("4610", 80, None), ("6410", 15, None), ("6910", 5, None)],
    "300": [("6410", 60, None), ("6910", 40, None)],
    "400": [("6410", 70, None), ("6910", 30, None)],
    "500": [("6550", 60, "LEV01"), ("6910", 40, None)],
    "600": [("6410", 70, None), ("6110", 30, "LEV02")],
    "700": [("4610", 50, None), ("6910", 50, None)],
    "800": [("6110", 40, "LEV02"), ("4010", 35, None), ("6410", 25, "LEV05")],
    "900": [("4610", 40, None), ("6410", 40, None), ("6910", 20, None)],
}
# "Material och tjänster" (note 2) per unit: OTHER_COST without grants (46xx) and audit (6450)
MATERIAL_COST = {
    u: [(a, w, cp) for a, w, cp in rows if not a.startswith(("46", "6450"))] for u, rows in OTHER_COST.items()
}
COST_ACCOUNT = {"bidrag": ("4610", None), "revision": ("6450", "LEV03")}
VAT_ON = {"6410", "6550", "4010", "6910"}
PAYROLL_LIABILITIES = ("2710", "2730", "2740", "2920", "2940")
PAY = [("5010", 10000), ("5410", 3142), ("5510", 450), ("5590", 109), ("5090", 200)]


def months_of(bucket: str) -> list[tuple[int, int]]:
    return {
        "A": [(2022, m) for m in range(1, 9)],
        "B": [(2022, m) for m in range(9, 13)],
        "C": [(2023, m) for m in range(1, 9)],
    }[bucket]


class Builder:
    def __init__(self, m: Model) -> None:
        self.m = m
        self.rng = random.Random(SEED + 1)
        self.vouchers: list[Voucher] = []

    def v(self, key: str) -> int:
        return self.m.v(key)

    def new(self, series: str, d: date, text: str) -> Voucher:
        vo = Voucher(series, d, text)
        self.vouchers.append(vo)
        return vo

    def monthly(self, total: int, months, jitter: float = 0.08) -> list[int]:
        w = {str(i): 1 + self.rng.uniform(-jitter, jitter) for i in range(len(months))}
        parts = split_ore(total, w)
        return [parts[str(i)] for i in range(len(months))]

    # ------------------------------------------------------------------ contributions (K, A)
    def contributions(self) -> None:
        m = self.m
        for u in T.UNITS:
            acc = CONTRIB_ACCOUNT[u]
            kind = "Förbundsbidrag" if acc == "3610" else "Medlemsavgift"
            for row in m.contrib_rows[u]:
                for bucket in ("A", "B", "C"):
                    amt = self.v(f"co|{u}|{row}|{bucket}")
                    if not amt:
                        continue
                    if row in T.MUNICIPALITIES or row.startswith("Fakturerat"):
                        cp = T.MUNICIPALITIES.get(row, "VGR")
                        who = row if row in T.MUNICIPALITIES else row.removeprefix("Fakturerat ")
                        ms = months_of(bucket)
                        for (y, mo), part in zip(ms, self.monthly(amt, ms, 0.0)):
                            vo = self.new(
                                "K",
                                nth_workday(y, mo, 3),
                                f"{kind} {UNIT_SHORT[u]} {MONTHS[mo - 1]} {y}, {who} kommun"
                                if row in T.MUNICIPALITIES
                                else f"{kind} {UNIT_SHORT[u]} {MONTHS[mo - 1]} {y}, {who}",
                            )
                            vo.add("1510", -part, (("8", cp),))
                            vo.add(acc, part, U(u, ("8", cp)))
                    elif row.startswith("Beslutade"):
                        vo = self.new("A", last_workday(2022, 12), f"{row}, {UNIT_SHORT[u]}: förs till skuld")
                        vo.add(acc, amt, U(u))
                        vo.add("2970", -amt)
                    elif row.startswith("Överskott"):
                        d = {"A": date(2022, 3, 31), "B": last_workday(2022, 12), "C": date(2023, 2, 28)}[bucket]
                        text = {
                            "A": f"{row}, {UNIT_SHORT[u]}: återförs från skuld",
                            "B": f"{row}, {UNIT_SHORT[u]}: förs till skuld för återbetalning/nyttjande",
                            "C": f"{row}, {UNIT_SHORT[u]}: nyttjas 2023",
                        }[bucket]
                        vo = self.new("A", d, text)
                        vo.add(acc, amt, U(u))
                        vo.add("2970", -amt)
                    else:
                        raise ValueError(row)

    # ------------------------------------------------------------------ operating revenue and costs
    def personnel_totals(self) -> None:
        """Personnel cost per unit and bucket (model.cost_kinds: PERSONNEL_SHARE of the unit's costs, scaled per
        bucket so that the total is note 2 "Personalkostnader", accounts 5xxx; series P touches no 5xxx account)."""
        self.pers: dict[tuple[str, str], int] = {}
        for bucket, target in PERSONNEL_TOTAL.items():
            for u in T.UNITS:
                if self.m.has(f"ck|{u}|pers|{bucket}"):
                    self.pers[(u, bucket)] = self.v(f"ck|{u}|pers|{bucket}")
            if sum(x for (_, b), x in self.pers.items() if b == bucket) != target:
                raise ValueError(f"personnel cost {bucket} is not note 2 Personalkostnader")

    def payroll_journals(self) -> None:
        """Itemise the personnel cost per employee (payroll.py); the S journals are the payroll rows by account.

        Two passes: the first finds the vacation-liability changes and the period-end adjustments per unit and
        month; the second re-splits each unit's bucket total so that those months carry them on top of an even
        base (so gross pay stays even)."""
        from rakenskaper.demo import payroll as P

        anchors = {(a, d): self.v(f"bal|{a}|{d}") for a in P.LIAB for d in ("d1", "d2", "d3")}
        ib = {a: self.v(f"bal|{a}|d0") for a in P.LIAB}
        pr = P.Payroll(self.pay_cost, anchors, ib)
        pr.build()
        extra = {}
        for p, rows in pr.rows.items():
            for e, code, acc, _, x in rows:
                if code in ("4500", "4190", "4390", "4490") and acc[0] == "5":
                    extra[(e.unit, *p)] = extra.get((e.unit, *p), 0) + x
        cost2 = {}
        for u in T.UNITS:
            for bucket in ("A", "B", "C"):
                ms = months_of(bucket)
                keys = [(u, y, mo) for y, mo in ms if (u, y, mo) in self.pay_cost]
                if not keys:
                    continue
                base = sum(self.pay_cost[k] for k in keys) - sum(extra.get(k, 0) for k in keys)
                for k, part in split_ore(base, {str(i): self.pay_cost[k] for i, k in enumerate(keys)}).items():
                    kk = keys[int(k)]
                    cost2[kk] = part + extra.get(kk, 0)
        pr = P.Payroll(cost2, anchors, ib)
        pr.build()
        self.payroll_subledger = pr
        for p in P.PERIODS:
            sums = pr.ledger_sums(p)
            y, mo = p
            d = P.payment_date(y, mo)
            for u in T.UNITS:
                rows = [(acc, x) for (uu, acc), x in sorted(sums.items()) if uu == u]
                if not rows:
                    continue
                vo = self.new("S", d, f"Lönejournal {MONTHS[mo - 1]} {y}, {UNIT_SHORT[u]}")
                for acc, x in rows:
                    vo.add(acc, x, U(u))
                # the unit's share of the liability and net-pay rows, without unit object (balance accounts)
                for acc in ("2710", "2730", "2740", "2920", "2940", "1681"):
                    x = sum(r[4] for r in pr.rows[p] if r[0].unit == u and r[2] == acc)
                    vo.add(acc, x)
        for d, acc, amt, text in pr.payments():
            vo = self.new("B", d, text)
            vo.add(acc, amt)
            vo.add("1681", -amt)

    def operations(self) -> None:
        self.personnel_totals()
        self.pay_cost: dict[tuple[str, int, int], int] = {}
        for u in T.UNITS:
            for bucket in ("A", "B", "C"):
                ms = months_of(bucket)
                for row, acc in NOTE1_ROWS.items():
                    rev = self.v(f"rv|{u}|{row}|{bucket}")
                    if not rev:
                        continue
                    if acc is None:  # Övriga intäkter
                        prof = OTHER_REVENUE.get(u, [("3410", 1)])
                        for a, x in split_ore(rev, dict(prof)).items():
                            for (y, mo), part in zip(ms, self.monthly(x, ms)):
                                self.revenue(u, a, None, y, mo, part)
                        continue
                    cp = ROW_COUNTERPART.get(row)
                    cp = cp.get(u) if isinstance(cp, dict) else cp
                    if rev > 0:  # a repayment or correction (debit): one voucher at the end of the bucket
                        self.revenue_correction(u, acc, cp, row, *ms[-1], rev)
                    else:
                        for (y, mo), part in zip(ms, self.monthly(rev, ms)):
                            self.revenue(u, acc, cp, y, mo, part)
                if self.m.has(f"is|{u}|cost_ext|{bucket}"):
                    pers = self.pers[(u, bucket)]
                    for (y, mo), part in zip(ms, self.monthly(pers, ms, 0.04)):
                        self.pay_cost[(u, y, mo)] = part
                    for kind, (acc, cp) in COST_ACCOUNT.items():
                        x = self.v(f"ck|{u}|{kind}|{bucket}")
                        if x:
                            for (y, mo), part in zip(ms, self.monthly(x, ms, 0.3)):
                                self.supplier(u, acc, cp, y, mo, part)
                    material = self.v(f"ck|{u}|material|{bucket}")
                    other = split_ore(material, {a: w for a, w, _ in MATERIAL_COST[u]})
                    for acc, _, cp in MATERIAL_COST[u]:
                        for (y, mo), part in zip(ms, self.monthly(other[acc], ms, 0.3)):
                            self.supplier(u, acc, cp, y, mo, part)

    def revenue(self, u, acc, cp, y, mo, amt) -> None:
        objs = U(u, ("8", cp)) if cp else U(u)
        if acc in GRANT_TEXT:
            what = GRANT_TEXT[acc]
            vo = self.new("A", last_workday(y, mo), f"Upplösning förskott {what} {UNIT_SHORT[u]} {MONTHS[mo - 1]}")
            vo.add(acc, amt, objs)
            vo.add("2990", -amt)
        elif acc == "3530":
            vo = self.new(
                "A",
                last_workday(y, mo),
                f"Nollning av projektkostnader mot tidigare utbetalade medel, {UNIT_SHORT[u]} {MONTHS[mo - 1]}",
            )
            vo.add(acc, amt, objs)
            vo.add("2990", -amt)
        elif acc == "3110":
            vat = round(-amt * 0.06)
            vo = self.new("K", last_workday(y, mo), f"Entréavgifter Navet {MONTHS[mo - 1]} {y}, kassarapport")
            vo.add(acc, amt, objs)
            vo.add("2610", -vat)
            vo.add("1910", vat - amt)
        else:
            vat = round(-amt * 0.25)
            vo = self.new("K", nth_workday(y, mo, 12), f"Faktura tjänster {UNIT_SHORT[u]} {MONTHS[mo - 1]} {y}")
            vo.add(acc, amt, objs)
            vo.add("2610", -vat)
            vo.add("1510", vat - amt)

    def revenue_correction(self, u, acc, cp, row, y, mo, amt) -> None:
        """A debit on a grant account at the end of a period: unused grant repaid, or a project's earlier
        zeroing reversed (the funds go back to the prepaid grants, 2990)."""
        objs = U(u, ("8", cp)) if cp else U(u)
        text = (
            f"Återföring nollning av projektkostnader {y}, {UNIT_SHORT[u]}"
            if acc == "3530"
            else f"Återbetalning ej förbrukat {GRANT_TEXT[acc]} {y}, {UNIT_SHORT[u]}"
        )
        vo = self.new("A", last_workday(y, mo), text)
        vo.add(acc, amt, objs)
        vo.add("2990", -amt)

    def payroll(self, u, y, mo, amt) -> None:
        parts = split_ore(amt, {a: w for a, w in PAY})
        vo = self.new(
            "S",
            nth_workday(y, mo, 17) if mo != 12 else nth_workday(y, mo, 15),
            f"Lönejournal {MONTHS[mo - 1]} {y}, {UNIT_SHORT[u]}",
        )
        for a, _ in PAY:
            vo.add(a, parts[a], U(u))
        gross = parts["5010"]
        tax = round(gross * 0.31)
        vo.add("2710", -tax)
        vo.add("1681", -(gross - tax))
        vo.add("2730", -parts["5410"])
        vo.add("2940", -parts["5510"])
        vo.add("2740", -parts["5590"])
        vo.add("2920", -parts["5090"])

    def supplier(self, u, acc, cp, y, mo, amt) -> None:
        objs = U(u, ("8", cp)) if cp else U(u)
        d = nth_workday(y, mo, 5 + self.rng.randrange(12))
        name = ACCOUNTS[acc].lower()
        vo = self.new("L", d, f"Leverantörsfaktura {name}, {UNIT_SHORT[u]}" + (f", {COUNTERPARTS[cp]}" if cp else ""))
        vo.add(acc, amt, objs)
        vat = round(amt * 0.25) if acc in VAT_ON else 0
        vo.add("1640", vat)
        vo.add("2440", -(amt + vat))

    # ------------------------------------------------------------------ internal invoices (I)
    def internal(self) -> None:
        for bucket in ("A", "B", "C"):
            ms = months_of(bucket)
            for seller, buyer, amt in self.m.pairs[bucket]:
                what = "administrativa tjänster" if seller == "110" else "HR-tjänster"
                for (y, mo), part in zip(ms, self.monthly(amt, ms, 0.02)):
                    vo = self.new(
                        "I", last_workday(y, mo), f"Internfakturering {what} {MONTHS[mo - 1]} {y}, {UNIT_SHORT[buyer]}"
                    )
                    vo.add("6590", part, U(buyer))
                    vo.add("3590", -part, U(seller))

    # ------------------------------------------------------------------ period-end accruals (P)
    def accruals(self) -> None:
        m = self.m
        for bucket, d, rev_d, label in (
            ("PA", date(2022, 8, 31), date(2022, 9, 1), "augusti 2022"),
            ("PC", date(2023, 8, 31), None, "augusti 2023"),
        ):
            made: list[Voucher] = []
            # costs
            vo = self.new("P", d, f"Periodisering kostnader {label}")
            for u in T.UNITS:
                a = self.v(f"is|{u}|cost_ext|{bucket}")
                if a:
                    vo.add("6410" if a > 0 else "6110", a, U(u))
            acc_pos = sum(r[2] for r in vo.rows if r[2] > 0)
            acc_neg = sum(r[2] for r in vo.rows if r[2] < 0)
            vo.add("2990", -acc_pos)
            vo.add("1710", -acc_neg)
            made.append(vo)
            rows = [
                (u, row, self.v(f"rv|{u}|{row}|{bucket}"))
                for u in T.UNITS
                for row in NOTE1_ROWS
                if self.v(f"rv|{u}|{row}|{bucket}")
            ]
            if rows:
                vo = self.new("P", d, f"Upplupna intäkter, bidrag {label}")
                for u, row, a in rows:
                    cp = ROW_COUNTERPART.get(row)
                    cp = cp.get(u) if isinstance(cp, dict) else cp
                    vo.add(NOTE1_ROWS[row] or "3410", a, U(u, ("8", cp)) if cp else U(u))
                vo.add("1710", -sum(a for _, _, a in rows))
                made.append(vo)
            for line, acc, counter, text in (
                ("depr", "7910", "1229", f"Avskrivningar inventarier {label}"),
                ("fin_inc", "8442", "1710", f"Upplupen ränta internbanken {label}"),
                ("fin_e20", "8590", "2290", f"Indexreglering E20 {label}"),
            ):
                rows = [(u, self.v(f"is|{u}|{line}|{bucket}")) for u in T.UNITS if self.v(f"is|{u}|{line}|{bucket}")]
                if rows:
                    vo = self.new("P", d, text)
                    for u, a in rows:
                        vo.add(acc, a, U(u))
                    vo.add(counter, -sum(a for _, a in rows))
                    made.append(vo)
            if rev_d:
                for vo in made:
                    r = self.new("P", rev_d, f"Återföring: {vo.text}")
                    for acc, objs, a in vo.rows:
                        r.add(acc, -a, objs)
        # year-end 2022 accruals: net zero per unit and line, reversed 2023-01-02
        for u, a in (("200", 250_000_00), ("800", 180_000_00), ("900", 95_000_00)):
            vo = self.new(
                "P",
                date(2022, 12, 31),
                f"Bokslutsperiodisering 2022, {UNIT_SHORT[u]}: upplupna och förutbetalda kostnader",
            )
            vo.add("6410", a, U(u))
            vo.add("2990", -a)
            vo.add("1710", a)
            vo.add("6110", -a, U(u))
            r = self.new("P", date(2023, 1, 2), f"Återföring: {vo.text}")
            for acc, objs, x in vo.rows:
                r.add(acc, -x, objs)

    # ------------------------------------------------------------------ year-end items, financial items, investments
    def other(self) -> None:
        def rows_of(line, bucket):
            return [(u, self.v(f"is|{u}|{line}|{bucket}")) for u in T.UNITS if self.v(f"is|{u}|{line}|{bucket}")]

        d = last_workday(2022, 12)
        vo = self.new("A", d, "Avskrivningar inventarier 2022")
        for u, a in rows_of("depr", "B"):
            vo.add("7910", a, U(u))
        vo.add("1229", -sum(a for _, a in rows_of("depr", "B")))
        vo = self.new("A", d, "Indexuppräkning bidrag E20 2022 enligt Trafikverket")
        for u, a in rows_of("fin_e20", "B"):
            vo.add("8590", a, U(u))
        vo.add("2290", -sum(a for _, a in rows_of("fin_e20", "B")))
        pay = self.v("pay|e20")
        vo = self.new("B", date(2022, 10, 28), "Utbetalning bidrag till statlig infrastruktur E20, Trafikverket")
        vo.add("2290", pay)
        vo.add("1681", -pay)
        # interest from the internal bank, quarterly
        for bucket, quarters in (
            ("A", [(date(2022, 6, 30), 1)]),
            ("B", [(date(2022, 9, 30), 4), (date(2022, 12, 30), 6)]),
            ("C", [(date(2023, 3, 31), 45), (date(2023, 6, 30), 55)]),
        ):
            for u, a in rows_of("fin_inc", bucket):
                parts = split_ore(a, {str(i): w for i, (_, w) in enumerate(quarters)})
                for i, (qd, _) in enumerate(quarters):
                    q = (qd.month - 1) // 3 + 1
                    vo = self.new("B", qd, f"Ränta internbanken kvartal {q} {qd.year}")
                    vo.add("8442", parts[str(i)], U(u))
                    vo.add("1681", -parts[str(i)])
        for bucket in ("A", "B", "C"):
            for u, a in rows_of("fin_oth", bucket):
                ms = months_of(bucket)
                n = max(1, min(len(ms), abs(a) // 150_000))
                picks = ms[-n:]
                for (y, mo), part in zip(picks, self.monthly(a, picks)):
                    text = {
                        "100": "Bankavgifter",
                        "400": "Dröjsmålsränta leverantörsfaktura",
                        "800": "Kortavgifter kassasystem Navet",
                    }[u]
                    vo = self.new("B", last_workday(y, mo), f"{text} {MONTHS[mo - 1]} {y}")
                    vo.add("8540", part, U(u))
                    vo.add("1681", -part)
        # investments (L), by project
        for key, plan in (
            ("inv|22a", [("800", "6021", "LEV05", 70, (3, 5)), ("100", "6022", "LEV04", 30, (4,))]),
            ("inv|22b", [("800", "6021", "LEV05", 100, (10, 11))]),
            ("inv|23k", [("100", "6101", "LEV04", 100, (5,))]),
            ("inv|23n", [("800", "6102", "LEV05", 100, (2, 4, 6, 8))]),
        ):
            total = self.v(key)
            split = split_ore(total, {str(i): w for i, (*_, w, _m) in enumerate(plan)})
            y = 2022 if key.startswith("inv|22") else 2023
            for i, (u, proj, cp, _, mons) in enumerate(plan):
                for mo, part in zip(mons, self.monthly(split[str(i)], list(mons), 0.2)):
                    vo = self.new("L", nth_workday(y, mo, 8), f"Investering {PROJECTS[proj]}, {COUNTERPARTS[cp]}")
                    vat = round(part * 0.25)
                    vo.add("1220", part, U(u, ("6", proj)))
                    vo.add("1640", vat)
                    vo.add("2440", -(part + vat))
        # long-term liability (investeringsbidrag Navet)
        for d, key in ((date(2022, 6, 30), ("d0", "d1")), (date(2022, 12, 30), ("d1", "d2"))):
            a = self.v(f"fix|2350|{key[1]}") - self.v(f"fix|2350|{key[0]}")
            vo = self.new("B", d, "Återbetalning investeringsbidrag Navet")
            vo.add("2350", a)
            vo.add("1681", -a)
        # disposition of the 2021 result
        r21 = self.v("fix|2099")
        vo = self.new("A", date(2022, 4, 28), "Disposition av årets resultat 2021 enligt direktionens beslut")
        vo.add("2099", -r21)
        vo.add("2010", r21)

    # ------------------------------------------------------------------ opening balance and settlements
    def opening(self) -> dict[str, int]:
        ib = {
            "1220": self.v("open|1220"),
            "1229": self.v("fix|1229"),
            "1350": self.v("fix|1350"),
            "1410": self.v("fix|1410"),
            "1910": self.v("fix|1910|d0"),
            "2010": self.v("open|2010"),
            "2099": self.v("fix|2099"),
            "2290": self.v("open|2290"),
            "2350": self.v("fix|2350|d0"),
        }
        for a in list(REC_ACCOUNTS) + list(ST_ACCOUNTS):
            ib[a] = self.v(f"bal|{a}|d0")
        ib["1681"] = -sum(ib.values())
        return dict(sorted(ib.items()))

    def settlements(self, ib: dict[str, int]) -> None:
        # the payroll liabilities are settled by rule in payroll_journals (payroll.SETTLEMENT)
        free = list(REC_ACCOUNTS) + [a for a in ST_ACCOUNTS if a not in PAYROLL_LIABILITIES] + ["1910"]
        anchors = {}
        for a in free:
            key = (lambda d: f"fix|1910|{d}") if a == "1910" else (lambda d, a=a: f"bal|{a}|{d}")
            anchors[a] = {0: self.v(key("d0")), 8: self.v(key("d1")), 12: self.v(key("d2")), 20: self.v(key("d3"))}
        months = [(2022, mo) for mo in range(1, 13)] + [(2023, mo) for mo in range(1, 9)]
        texts = {
            "1510": ("Inbetalningar kundfordringar", "Kreditering kundfordringar"),
            "1640": ("Återsökt ingående moms", "Momsfordran, justering"),
            "1710": ("Reglering interimsfordringar", "Förutbetalda kostnader betalda"),
            "2440": ("Betalning leverantörsskulder", "Leverantörskrediteringar"),
            "2610": ("Momsredovisning utgående moms", "Momsredovisning utgående moms"),
            "2710": ("Skattedeklaration, preliminär skatt", "Skattekonto, preliminär skatt"),
            "2730": ("Skattedeklaration, arbetsgivaravgifter", "Skattekonto, arbetsgivaravgifter"),
            "2740": ("Särskild löneskatt och avgifter, betalning", "Löneskatter, justering"),
            "2920": ("Utbetald semesterlön och semesterersättning", "Semesterlöneskuld, justering"),
            "2940": ("Pensionspremie individuell del, KPA", "Pensionsskuld individuell del, justering"),
            "2970": ("Utbetalning beslutade projektmedel", "Projektmedel, inbetalning"),
            "2990": ("Återbetalning och reglering av förskott", "Inbetalning förskott bidrag VGR och staten"),
            "1910": ("Insättning dagskassa Navet till internbanken", "Växelkassa Navet"),
        }
        by_acc: dict[str, list[tuple[date, int]]] = {a: [] for a in free}
        for vo in self.vouchers:
            for acc, _, x in vo.rows:
                if acc in by_acc:
                    by_acc[acc].append((vo.date, x))
        for a in free:
            bal = ib[a]
            postings = sorted(by_acc[a])
            i = 0
            for idx, (y, mo) in enumerate(months, start=1):
                from rakenskaper.demo.calendar import month_end

                end = month_end(y, mo)
                while i < len(postings) and postings[i][0] <= end:
                    bal += postings[i][1]
                    i += 1
                if idx in anchors[a]:
                    target = anchors[a][idx]
                else:
                    lo = max(k for k in anchors[a] if k < idx)
                    hi = min(k for k in anchors[a] if k > idx)
                    f = (idx - lo) / (hi - lo)
                    base = anchors[a][lo] + (anchors[a][hi] - anchors[a][lo]) * f
                    target = round(base * (1 + self.rng.uniform(-0.06, 0.06)) / 100) * 100
                diff = target - bal
                if diff:
                    is_asset = a < "2"
                    down = (diff < 0) if is_asset else (diff > 0)
                    text = texts[a][0 if down else 1]
                    vo = self.new("B", last_workday(y, mo), f"{text} {MONTHS[mo - 1]} {y}")
                    vo.add(a, diff)
                    vo.add("1681", -diff)
                    bal += diff

    def closing(self) -> None:
        res = 0
        for vo in self.vouchers:
            if vo.date.year == 2022:
                res += sum(x for acc, _, x in vo.rows if acc[0] in "34567" or (acc[0] == "8" and acc[:2] != "89"))
        vo = self.new("Y", date(2022, 12, 31), "Bokslut 2022: årets resultat")
        vo.add("8999", -res)
        vo.add("2099", res)
        r22 = res
        vo = self.new("A", date(2023, 4, 27), "Disposition av årets resultat 2022 enligt direktionens beslut")
        vo.add("2099", -r22)
        vo.add("2010", r22)


def build_ledger(m: Model) -> tuple[dict[str, int], list[Voucher]]:
    ib, vouchers, _ = build_ledger_and_payroll(m)
    return ib, vouchers


def build_ledger_and_payroll(m: Model):
    """(opening balance 2022, vouchers, payroll.Payroll whose rows make the S journals)."""
    b = Builder(m)
    b.contributions()
    b.operations()
    b.payroll_journals()
    b.internal()
    b.accruals()
    b.other()
    ib = b.opening()
    b.settlements(ib)
    b.closing()
    for vo in b.vouchers:
        if sum(x for _, _, x in vo.rows) != 0:
            raise ValueError(f"voucher does not balance: {vo.text}")
    # number per fiscal year and series, in date order
    b.vouchers.sort(key=lambda vo: (vo.date, "ABIKLPSY".index(vo.series)))
    counters: dict[tuple[int, str], int] = {}
    for vo in b.vouchers:
        k = (vo.date.year, vo.series)
        counters[k] = counters.get(k, 0) + 1
        vo.number = counters[k]
    return ib, b.vouchers, b.payroll_subledger
