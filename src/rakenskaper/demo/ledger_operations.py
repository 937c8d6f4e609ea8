"""The year's operating vouchers: members' contributions (K, A), revenue (K, A), supplier invoices (L), the
payroll journals and payments (S, B) and internal invoices (I)."""

from __future__ import annotations

from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.calendar import MONTHS, last_workday, nth_workday
from rakenskaper.demo.chart import (
    ACCOUNTS,
    CONTRIB_ACCOUNT,
    COST_ACCOUNT,
    COUNTERPARTS,
    GRANT_TEXT,
    MATERIAL_COST,
    OTHER_REVENUE,
    ROW_COUNTERPART,
    UNIT_SHORT,
    VAT_ON,
)
from rakenskaper.demo.model import NOTE1_ROWS, PERSONNEL_TOTAL, split_ore
from rakenskaper.demo.voucher import Builder, U, months_of


def contributions(bld: Builder) -> None:
    m = bld.m
    for u in T.UNITS:
        acc = CONTRIB_ACCOUNT[u]
        kind = "Förbundsbidrag" if acc == "3610" else "Medlemsavgift"
        for row in m.contrib_rows[u]:
            for bucket in ("A", "B", "C"):
                amt = bld.v(f"co|{u}|{row}|{bucket}")
                if not amt:
                    continue
                if row in T.MUNICIPALITIES or row.startswith("Fakturerat"):
                    cp = T.MUNICIPALITIES.get(row, "VGR")
                    who = row if row in T.MUNICIPALITIES else row.removeprefix("Fakturerat ")
                    ms = months_of(bucket)
                    for (y, mo), part in zip(ms, bld.monthly(amt, ms, 0.0)):
                        vo = bld.new(
                            "K",
                            nth_workday(y, mo, 3),
                            f"{kind} {UNIT_SHORT[u]} {MONTHS[mo - 1]} {y}, {who} kommun"
                            if row in T.MUNICIPALITIES
                            else f"{kind} {UNIT_SHORT[u]} {MONTHS[mo - 1]} {y}, {who}",
                        )
                        vo.add("1510", -part, (("8", cp),))
                        vo.add(acc, part, U(u, ("8", cp)))
                elif row.startswith("Beslutade"):
                    vo = bld.new("A", last_workday(2022, 12), f"{row}, {UNIT_SHORT[u]}: förs till skuld")
                    vo.add(acc, amt, U(u))
                    vo.add("2970", -amt)
                elif row.startswith("Överskott"):
                    d = {"A": date(2022, 3, 31), "B": last_workday(2022, 12), "C": date(2023, 2, 28)}[bucket]
                    text = {
                        "A": f"{row}, {UNIT_SHORT[u]}: återförs från skuld",
                        "B": f"{row}, {UNIT_SHORT[u]}: förs till skuld för återbetalning/nyttjande",
                        "C": f"{row}, {UNIT_SHORT[u]}: nyttjas 2023",
                    }[bucket]
                    vo = bld.new("A", d, text)
                    vo.add(acc, amt, U(u))
                    vo.add("2970", -amt)
                else:
                    raise ValueError(row)


def personnel_totals(bld: Builder) -> None:
    """Personnel cost per unit and bucket (model.cost_kinds: PERSONNEL_SHARE of the unit's costs, scaled per
    bucket so that the total is note 2 "Personalkostnader", accounts 5xxx; series P touches no 5xxx account)."""
    bld.pers = {}
    for bucket, target in PERSONNEL_TOTAL.items():
        for u in T.UNITS:
            if bld.m.has(f"ck|{u}|pers|{bucket}"):
                bld.pers[(u, bucket)] = bld.v(f"ck|{u}|pers|{bucket}")
        if sum(x for (_, b), x in bld.pers.items() if b == bucket) != target:
            raise ValueError(f"personnel cost {bucket} is not note 2 Personalkostnader")


def operations(bld: Builder) -> None:
    """Each unit's revenue and costs, bucket by bucket (the personnel cost is itemised later: payroll_journals)."""
    personnel_totals(bld)
    bld.pay_cost = {}
    for u in T.UNITS:
        for bucket in ("A", "B", "C"):
            ms = months_of(bucket)
            revenue_of_bucket(bld, u, bucket, ms)
            if bld.m.has(f"is|{u}|cost_ext|{bucket}"):
                costs_of_bucket(bld, u, bucket, ms)


def revenue_of_bucket(bld: Builder, u: str, bucket: str, ms) -> None:
    """The unit's revenue of the bucket, note 1 row by row, spread over its months."""
    for row, acc in NOTE1_ROWS.items():
        rev = bld.v(f"rv|{u}|{row}|{bucket}")
        if not rev:
            continue
        if acc is None:  # Övriga intäkter
            prof = OTHER_REVENUE.get(u, [("3410", 1)])
            for a, x in split_ore(rev, dict(prof)).items():
                for (y, mo), part in zip(ms, bld.monthly(x, ms)):
                    revenue(bld, u, a, None, y, mo, part)
            continue
        cp = ROW_COUNTERPART.get(row)
        cp = cp.get(u) if isinstance(cp, dict) else cp
        if rev > 0:  # a repayment or correction (debit): one voucher at the end of the bucket
            revenue_correction(bld, u, acc, cp, row, *ms[-1], rev)
        else:
            for (y, mo), part in zip(ms, bld.monthly(rev, ms)):
                revenue(bld, u, acc, cp, y, mo, part)


def costs_of_bucket(bld: Builder, u: str, bucket: str, ms) -> None:
    """The unit's costs of the bucket: the personnel cost per month (for payroll_journals), then the supplier
    invoices of grants, audit and material, spread over its months."""
    pers = bld.pers[(u, bucket)]
    for (y, mo), part in zip(ms, bld.monthly(pers, ms, 0.04)):
        bld.pay_cost[(u, y, mo)] = part
    for kind, (acc, cp) in COST_ACCOUNT.items():
        x = bld.v(f"ck|{u}|{kind}|{bucket}")
        if x:
            for (y, mo), part in zip(ms, bld.monthly(x, ms, 0.3)):
                supplier(bld, u, acc, cp, y, mo, part)
    material = bld.v(f"ck|{u}|material|{bucket}")
    other = split_ore(material, {a: w for a, w, _ in MATERIAL_COST[u]})
    for acc, _, cp in MATERIAL_COST[u]:
        for (y, mo), part in zip(ms, bld.monthly(other[acc], ms, 0.3)):
            supplier(bld, u, acc, cp, y, mo, part)


def revenue(bld: Builder, u, acc, cp, y, mo, amt) -> None:
    objs = U(u, ("8", cp)) if cp else U(u)
    if acc in GRANT_TEXT:
        what = GRANT_TEXT[acc]
        vo = bld.new("A", last_workday(y, mo), f"Upplösning förskott {what} {UNIT_SHORT[u]} {MONTHS[mo - 1]}")
        vo.add(acc, amt, objs)
        vo.add("2990", -amt)
    elif acc == "3530":
        vo = bld.new(
            "A",
            last_workday(y, mo),
            f"Nollning av projektkostnader mot tidigare utbetalade medel, {UNIT_SHORT[u]} {MONTHS[mo - 1]}",
        )
        vo.add(acc, amt, objs)
        vo.add("2990", -amt)
    elif acc == "3110":
        vat = round(-amt * 0.06)
        vo = bld.new("K", last_workday(y, mo), f"Entréavgifter Navet {MONTHS[mo - 1]} {y}, kassarapport")
        vo.add(acc, amt, objs)
        vo.add("2610", -vat)
        vo.add("1910", vat - amt)
    else:
        vat = round(-amt * 0.25)
        vo = bld.new("K", nth_workday(y, mo, 12), f"Faktura tjänster {UNIT_SHORT[u]} {MONTHS[mo - 1]} {y}")
        vo.add(acc, amt, objs)
        vo.add("2610", -vat)
        vo.add("1510", vat - amt)


def revenue_correction(bld: Builder, u, acc, cp, row, y, mo, amt) -> None:
    """A debit on a grant account at the end of a period: unused grant repaid, or a project's earlier
    zeroing reversed (the funds go back to the prepaid grants, 2990)."""
    objs = U(u, ("8", cp)) if cp else U(u)
    text = (
        f"Återföring nollning av projektkostnader {y}, {UNIT_SHORT[u]}"
        if acc == "3530"
        else f"Återbetalning ej förbrukat {GRANT_TEXT[acc]} {y}, {UNIT_SHORT[u]}"
    )
    vo = bld.new("A", last_workday(y, mo), text)
    vo.add(acc, amt, objs)
    vo.add("2990", -amt)


def supplier(bld: Builder, u, acc, cp, y, mo, amt) -> None:
    objs = U(u, ("8", cp)) if cp else U(u)
    d = nth_workday(y, mo, 5 + bld.rng.randrange(12))
    name = ACCOUNTS[acc].lower()
    vo = bld.new("L", d, f"Leverantörsfaktura {name}, {UNIT_SHORT[u]}" + (f", {COUNTERPARTS[cp]}" if cp else ""))
    vo.add(acc, amt, objs)
    vat = round(amt * 0.25) if acc in VAT_ON else 0
    vo.add("1640", vat)
    vo.add("2440", -(amt + vat))


def payroll_journals(bld: Builder) -> None:
    """Itemise the personnel cost per employee (payroll.py); the S journals are the payroll rows by account.

    Two passes: the first finds the vacation-liability changes and the period-end adjustments per unit and
    month; the second re-splits each unit's bucket total so that those months carry them on top of an even
    base (so gross pay stays even)."""
    from rakenskaper.demo import payroll as P
    from rakenskaper.demo.liability_settlements import settlements

    anchors = {(a, d): bld.v(f"bal|{a}|{d}") for a in P.LIAB for d in ("d1", "d2", "d3")}
    ib = {a: bld.v(f"bal|{a}|d0") for a in P.LIAB}
    pr = P.Payroll(bld.pay_cost, anchors, ib)
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
            keys = [(u, y, mo) for y, mo in ms if (u, y, mo) in bld.pay_cost]
            if not keys:
                continue
            base = sum(bld.pay_cost[k] for k in keys) - sum(extra.get(k, 0) for k in keys)
            for k, part in split_ore(base, {str(i): bld.pay_cost[k] for i, k in enumerate(keys)}).items():
                kk = keys[int(k)]
                cost2[kk] = part + extra.get(kk, 0)
    pr = P.Payroll(cost2, anchors, ib)
    pr.build()
    bld.payroll_subledger = pr
    for p in P.PERIODS:
        sums = pr.ledger_sums(p)
        y, mo = p
        d = P.payment_date(y, mo)
        for u in T.UNITS:
            rows = [(acc, x) for (uu, acc), x in sorted(sums.items()) if uu == u]
            if not rows:
                continue
            vo = bld.new("S", d, f"Lönejournal {MONTHS[mo - 1]} {y}, {UNIT_SHORT[u]}")
            for acc, x in rows:
                vo.add(acc, x, U(u))
            # the unit's share of the liability and net-pay rows, without unit object (balance accounts)
            for acc in ("2710", "2730", "2740", "2920", "2940", "1681"):
                x = sum(r[4] for r in pr.rows[p] if r[0].unit == u and r[2] == acc)
                vo.add(acc, x)
    for d, acc, amt, text in settlements(pr.rows, pr.ib):
        vo = bld.new("B", d, text)
        vo.add(acc, amt)
        vo.add("1681", -amt)


def internal(bld: Builder) -> None:
    for bucket in ("A", "B", "C"):
        ms = months_of(bucket)
        for seller, buyer, amt in bld.m.pairs[bucket]:
            what = "administrativa tjänster" if seller == "110" else "HR-tjänster"
            for (y, mo), part in zip(ms, bld.monthly(amt, ms, 0.02)):
                vo = bld.new(
                    "I", last_workday(y, mo), f"Internfakturering {what} {MONTHS[mo - 1]} {y}, {UNIT_SHORT[buyer]}"
                )
                vo.add("6590", part, U(buyer))
                vo.add("3590", -part, U(seller))
