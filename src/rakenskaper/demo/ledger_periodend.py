"""The vouchers of the period ends and the year end: accruals (P, reversed), depreciation, the E20 index and
payment, interest and fees (B), investments (L), the long-term liability, the dispositions of the year's result
(A, Y); the opening balance, and the settlements that bring each balance account to its solved month-end
balance (B)."""

from __future__ import annotations

from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.calendar import MONTHS, last_workday, month_end, nth_workday
from rakenskaper.demo.chart import COUNTERPARTS, PAYROLL_LIABILITIES, PROJECTS, ROW_COUNTERPART, UNIT_SHORT
from rakenskaper.demo.design import design_table
from rakenskaper.demo.model import NOTE1_ROWS, REC_ACCOUNTS, ST_ACCOUNTS, split_ore
from rakenskaper.demo.voucher import Builder, U, Voucher, months_of


def accruals(bld: Builder) -> None:
    """The period-end accruals (P) at 2022-08-31 (reversed 2022-09-01) and 2023-08-31, and the year-end 2022
    ones (net zero per unit and line, reversed 2023-01-02)."""
    for bucket, d, rev_d, label in (
        ("PA", date(2022, 8, 31), date(2022, 9, 1), "augusti 2022"),
        ("PC", date(2023, 8, 31), None, "augusti 2023"),
    ):
        made: list[Voucher] = []
        # costs
        vo = bld.new("P", d, f"Periodisering kostnader {label}")
        for u in T.UNITS:
            a = bld.v(f"is|{u}|cost_ext|{bucket}")
            if a:
                vo.add("6410" if a > 0 else "6110", a, U(u))
        acc_pos = sum(r[2] for r in vo.rows if r[2] > 0)
        acc_neg = sum(r[2] for r in vo.rows if r[2] < 0)
        vo.add("2990", -acc_pos)
        vo.add("1710", -acc_neg)
        made.append(vo)
        rows = [
            (u, row, bld.v(f"rv|{u}|{row}|{bucket}"))
            for u in T.UNITS
            for row in NOTE1_ROWS
            if bld.v(f"rv|{u}|{row}|{bucket}")
        ]
        if rows:
            vo = bld.new("P", d, f"Upplupna intäkter, bidrag {label}")
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
            rows = [(u, bld.v(f"is|{u}|{line}|{bucket}")) for u in T.UNITS if bld.v(f"is|{u}|{line}|{bucket}")]
            if rows:
                vo = bld.new("P", d, text)
                for u, a in rows:
                    vo.add(acc, a, U(u))
                vo.add(counter, -sum(a for _, a in rows))
                made.append(vo)
        if rev_d:
            for vo in made:
                r = bld.new("P", rev_d, f"Återföring: {vo.text}")
                for acc, objs, a in vo.rows:
                    r.add(acc, -a, objs)
    # year-end 2022 accruals: net zero per unit and line, reversed 2023-01-02
    for u, a in (("200", 250_000_00), ("800", 180_000_00), ("900", 95_000_00)):
        vo = bld.new(
            "P",
            date(2022, 12, 31),
            f"Bokslutsperiodisering 2022, {UNIT_SHORT[u]}: upplupna och förutbetalda kostnader",
        )
        vo.add("6410", a, U(u))
        vo.add("2990", -a)
        vo.add("1710", a)
        vo.add("6110", -a, U(u))
        r = bld.new("P", date(2023, 1, 2), f"Återföring: {vo.text}")
        for acc, objs, x in vo.rows:
            r.add(acc, -x, objs)


def other(bld: Builder) -> None:
    """Year-end items, financial items, investments, the long-term liability and the 2021 result's disposition."""
    year_end_2022(bld)
    internal_bank_interest(bld)
    bank_fees(bld)
    investments(bld)
    long_term_liability(bld)
    disposition_2021(bld)


def rows_of(bld: Builder, line: str, bucket: str) -> list[tuple[str, int]]:
    """(unit, amount) of an income-statement line in a bucket, units without it left out."""
    return [(u, bld.v(f"is|{u}|{line}|{bucket}")) for u in T.UNITS if bld.v(f"is|{u}|{line}|{bucket}")]


def year_end_2022(bld: Builder) -> None:
    """Depreciation and the E20 index for Sep–Dec 2022, and the E20 payment."""
    d = last_workday(2022, 12)
    vo = bld.new("A", d, "Avskrivningar inventarier 2022")
    for u, a in rows_of(bld, "depr", "B"):
        vo.add("7910", a, U(u))
    vo.add("1229", -sum(a for _, a in rows_of(bld, "depr", "B")))
    vo = bld.new("A", d, "Indexuppräkning bidrag E20 2022 enligt Trafikverket")
    for u, a in rows_of(bld, "fin_e20", "B"):
        vo.add("8590", a, U(u))
    vo.add("2290", -sum(a for _, a in rows_of(bld, "fin_e20", "B")))
    pay = bld.v("pay|e20")
    vo = bld.new("B", date(2022, 10, 28), "Utbetalning bidrag till statlig infrastruktur E20, Trafikverket")
    vo.add("2290", pay)
    vo.add("1681", -pay)


def internal_bank_interest(bld: Builder) -> None:
    """Interest from the internal bank, quarterly."""
    for bucket, quarters in (
        ("A", [(date(2022, 6, 30), 1)]),
        ("B", [(date(2022, 9, 30), 4), (date(2022, 12, 30), 6)]),
        ("C", [(date(2023, 3, 31), 45), (date(2023, 6, 30), 55)]),
    ):
        for u, a in rows_of(bld, "fin_inc", bucket):
            parts = split_ore(a, {str(i): w for i, (_, w) in enumerate(quarters)})
            for i, (qd, _) in enumerate(quarters):
                q = (qd.month - 1) // 3 + 1
                vo = bld.new("B", qd, f"Ränta internbanken kvartal {q} {qd.year}")
                vo.add("8442", parts[str(i)], U(u))
                vo.add("1681", -parts[str(i)])


def bank_fees(bld: Builder) -> None:
    """Other financial costs (fees, late-payment interest) in the bucket's last months."""
    for bucket in ("A", "B", "C"):
        for u, a in rows_of(bld, "fin_oth", bucket):
            ms = months_of(bucket)
            n = max(1, min(len(ms), abs(a) // 150_000))
            picks = ms[-n:]
            for (y, mo), part in zip(picks, bld.monthly(a, picks)):
                text = {
                    "100": "Bankavgifter",
                    "400": "Dröjsmålsränta leverantörsfaktura",
                    "800": "Kortavgifter kassasystem Navet",
                }[u]
                vo = bld.new("B", last_workday(y, mo), f"{text} {MONTHS[mo - 1]} {y}")
                vo.add("8540", part, U(u))
                vo.add("1681", -part)


def investments(bld: Builder) -> None:
    """Investments (L), by project."""
    for key, plan in (
        ("inv|22a", [("800", "6021", "LEV05", 70, (3, 5)), ("100", "6022", "LEV04", 30, (4,))]),
        ("inv|22b", [("800", "6021", "LEV05", 100, (10, 11))]),
        ("inv|23k", [("100", "6101", "LEV04", 100, (5,))]),
        ("inv|23n", [("800", "6102", "LEV05", 100, (2, 4, 6, 8))]),
    ):
        total = bld.v(key)
        split = split_ore(total, {str(i): w for i, (*_, w, _m) in enumerate(plan)})
        y = 2022 if key.startswith("inv|22") else 2023
        for i, (u, proj, cp, _, mons) in enumerate(plan):
            for mo, part in zip(mons, bld.monthly(split[str(i)], list(mons), 0.2)):
                vo = bld.new("L", nth_workday(y, mo, 8), f"Investering {PROJECTS[proj]}, {COUNTERPARTS[cp]}")
                vat = round(part * 0.25)
                vo.add("1220", part, U(u, ("6", proj)))
                vo.add("1640", vat)
                vo.add("2440", -(part + vat))


def long_term_liability(bld: Builder) -> None:
    """Repayments of the long-term liability (investeringsbidrag Navet)."""
    for d, key in ((date(2022, 6, 30), ("d0", "d1")), (date(2022, 12, 30), ("d1", "d2"))):
        a = bld.v(f"fix|2350|{key[1]}") - bld.v(f"fix|2350|{key[0]}")
        vo = bld.new("B", d, "Återbetalning investeringsbidrag Navet")
        vo.add("2350", a)
        vo.add("1681", -a)


def disposition_2021(bld: Builder) -> None:
    """The disposition of the 2021 result."""
    r21 = bld.v("fix|2099")
    vo = bld.new("A", date(2022, 4, 28), "Disposition av årets resultat 2021 enligt direktionens beslut")
    vo.add("2099", -r21)
    vo.add("2010", r21)


def opening(bld: Builder) -> dict[str, int]:
    ib = {
        "1220": bld.v("open|1220"),
        "1229": bld.v("fix|1229"),
        "1350": bld.v("fix|1350"),
        "1410": bld.v("fix|1410"),
        "1910": bld.v("fix|1910|d0"),
        "2010": bld.v("open|2010"),
        "2099": bld.v("fix|2099"),
        "2290": bld.v("open|2290"),
        "2350": bld.v("fix|2350|d0"),
    }
    for a in list(REC_ACCOUNTS) + list(ST_ACCOUNTS):
        ib[a] = bld.v(f"bal|{a}|d0")
    ib["1681"] = -sum(ib.values())
    return dict(sorted(ib.items()))


# The monthly settlement vouchers' texts per account (the payroll liabilities are settled in payroll_journals):
# one for a month that brings the balance down (an asset credited, a liability debited), one for a month that
# brings it up.
SETTLEMENT_TEXTS = {row["account"]: row for row in design_table("settlement_texts.csv")}


def settlements(bld: Builder, ib: dict[str, int]) -> None:
    # the payroll liabilities are settled by rule in payroll_journals (liability_settlements.SETTLEMENT)
    free = list(REC_ACCOUNTS) + [a for a in ST_ACCOUNTS if a not in PAYROLL_LIABILITIES] + ["1910"]
    anchors = {}
    for a in free:
        key = (lambda d: f"fix|1910|{d}") if a == "1910" else (lambda d, a=a: f"bal|{a}|{d}")
        anchors[a] = {0: bld.v(key("d0")), 8: bld.v(key("d1")), 12: bld.v(key("d2")), 20: bld.v(key("d3"))}
    months = [(2022, mo) for mo in range(1, 13)] + [(2023, mo) for mo in range(1, 9)]
    by_acc: dict[str, list[tuple[date, int]]] = {a: [] for a in free}
    for vo in bld.vouchers:
        for acc, _, x in vo.rows:
            if acc in by_acc:
                by_acc[acc].append((vo.date, x))
    for a in free:
        bal = ib[a]
        postings = sorted(by_acc[a])
        i = 0
        for idx, (y, mo) in enumerate(months, start=1):
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
                target = round(base * (1 + bld.rng.uniform(-0.06, 0.06)) / 100) * 100
            diff = target - bal
            if diff:
                is_asset = a < "2"
                down = (diff < 0) if is_asset else (diff > 0)
                text = SETTLEMENT_TEXTS[a]["text_down" if down else "text_up"]
                vo = bld.new("B", last_workday(y, mo), f"{text} {MONTHS[mo - 1]} {y}")
                vo.add(a, diff)
                vo.add("1681", -diff)
                bal += diff


def closing(bld: Builder) -> None:
    res = 0
    for vo in bld.vouchers:
        if vo.date.year == 2022:
            res += sum(x for acc, _, x in vo.rows if acc[0] in "34567" or (acc[0] == "8" and acc[:2] != "89"))
    vo = bld.new("Y", date(2022, 12, 31), "Bokslut 2022: årets resultat")
    vo.add("8999", -res)
    vo.add("2099", res)
    r22 = res
    vo = bld.new("A", date(2023, 4, 27), "Disposition av årets resultat 2022 enligt direktionens beslut")
    vo.add("2099", -r22)
    vo.add("2010", r22)
