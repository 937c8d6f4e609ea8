"""The self-check of the demo's notes: notes 1 and 2 (operating revenue and costs by row), 3–12 (the
units' contributions), 13–15 (interest, financial costs, investments and depreciation), 17 and 22 (receivables
and short-term liabilities), recomputed from the vouchers (recompute.Checker) and compared with the published
figures."""

from __future__ import annotations

from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.recompute import Checker


def contribution_notes(chk: Checker) -> None:
    """Notes 3–12: each unit's contributions, per municipality (dim 8) or named row."""
    spans = {
        "col_2201_2208": (date(2022, 1, 1), date(2022, 8, 31)),
        "col_2201_2212": (date(2022, 1, 1), date(2022, 12, 31)),
        "col_2301_2308": (date(2023, 1, 1), date(2023, 8, 31)),
    }
    muni_by_code = {v: k for k, v in T.MUNICIPALITIES.items()}
    for u in T.UNITS:
        n = T.NOTE_OF_UNIT[u]
        rows = T.note_rows(n)
        for col, (s, e) in spans.items():
            got: dict[str, int] = {}
            total = 0
            for vo in chk.vouchers:
                if not (s <= vo.date <= e):
                    continue
                for acc, objs, x in vo.rows:
                    o = dict(objs)
                    if chk.line(acc) != "member_contribution" or o.get("1") != u:
                        continue
                    cp = o.get("8")
                    if cp in muni_by_code:
                        key = muni_by_code[cp]
                    elif cp == "VGR":
                        key = next(lbl for lbl, _ in rows if lbl.startswith("Fakturerat"))
                    else:
                        key = vo.text.split(",")[0]
                    got[key] = got.get(key, 0) - x
                    total -= x
            for label, cols in rows:
                if label == "Summa":
                    chk.cmp((f"note {n}", "Summa", col), total, cols[col])
                else:
                    chk.cmp((f"note {n}", label, col), got.get(label, 0), cols[col])


def account_notes(chk: Checker) -> None:
    """Notes 13, 14, 15 (investments, depreciation), 17 and 22 from the accounts that carry them."""
    from rakenskaper.demo.model import REC_ACCOUNTS, ST_ACCOUNTS

    notes = T.notes()
    dates = {
        "col_2201_2208": date(2022, 8, 31),
        "col_2201_2212": date(2022, 12, 31),
        "col_2301_2308": date(2023, 8, 31),
    }
    spans = {
        "col_2201_2208": (date(2022, 1, 1), True),
        "col_2201_2212": (date(2022, 1, 1), True),
        "col_2301_2308": (date(2023, 1, 1), True),
    }
    for col, at in dates.items():
        bal = chk.balance(at)
        for acc, label in REC_ACCOUNTS.items():
            chk.cmp(("note 17", label, col), bal.get(acc, 0), notes[("17", label)][col])
        for acc, label in ST_ACCOUNTS.items():
            chk.cmp(("note 22", label, col), -bal.get(acc, 0), notes[("22", label)][col])
        start, _ = spans[col]
        acc_sum: dict[str, int] = {}
        for vo in chk.vouchers:
            if start <= vo.date <= at:
                for acc, _, x in vo.rows:
                    acc_sum[acc] = acc_sum.get(acc, 0) + x
        chk.cmp(
            ("note 13", "Ränteintäkter", col),
            -acc_sum.get("8442", 0),
            notes[("13", "Ränteintäkter kortfristiga fordringar")][col],
        )
        chk.cmp(("note 14", "Index E20", col), acc_sum.get("8590", 0), notes[("14", "Index E20")][col])
        chk.cmp(("note 14", "Summa", col), acc_sum.get("8590", 0) + acc_sum.get("8540", 0), notes[("14", "Summa")][col])
        chk.cmp(
            ("note 15", "Investeringar", col),
            sum(x for vo in chk.vouchers if start <= vo.date <= at for acc, _, x in vo.rows if acc == "1220"),
            notes[("15", "Investeringar")][col],
        )
        chk.cmp(("note 15", "Avskrivningar", col), -acc_sum.get("7910", 0), notes[("15", "Avskrivningar")][col])


def operating_notes(chk: Checker) -> None:
    """Notes 1 and 2, every row: external revenue / costs (accrued, internal accounts excluded) by the
    row → account mapping of model.NOTE1_ROWS / NOTE2_ROWS (the demo README's table)."""
    from rakenskaper.demo.model import NOTE1_ROWS, NOTE2_ROWS

    row_of_account = {acc: row for row, acc in NOTE1_ROWS.items() if acc}
    other1 = next(row for row, acc in NOTE1_ROWS.items() if acc is None)
    other2 = next(row for row, pre in NOTE2_ROWS.items() if pre is None)

    def cost_row(acc: str) -> str:
        best = max(
            (p for row, pres in NOTE2_ROWS.items() if pres for p in pres if acc.startswith(p)),
            key=len,
            default=None,
        )
        return next(row for row, pres in NOTE2_ROWS.items() if pres and best in pres) if best else other2

    spans = {
        "col_2201_2208": (date(2022, 1, 1), date(2022, 8, 31)),
        "col_2201_2212": (date(2022, 1, 1), date(2022, 12, 31)),
        "col_2301_2308": (date(2023, 1, 1), date(2023, 8, 31)),
    }
    for col, (start, end) in spans.items():
        got: dict[tuple[str, str], int] = {}
        for vo in chk.vouchers:
            if not start <= vo.date <= end:
                continue
            for acc, _, x in vo.rows:
                if acc in chk.internal:
                    continue
                ln = chk.line(acc)
                if ln == "operating_revenue":
                    k = ("1", row_of_account.get(acc, other1))
                    got[k] = got.get(k, 0) - x
                elif ln == "operating_costs":
                    k = ("2", cost_row(acc))  # note 2 prints costs positive
                    got[k] = got.get(k, 0) + x
        for n in ("1", "2"):
            total = sum(x for (nn, _), x in got.items() if nn == n)
            for label, cols in T.note_rows(int(n)):
                v = total if label == "Summa" else got.pop((n, label), 0)
                chk.cmp((f"note {n}", label, col), v, cols[col])
        if got:
            chk.failures.append(f"notes 1/2 {col}: rows not in the report: {sorted(got)}")
