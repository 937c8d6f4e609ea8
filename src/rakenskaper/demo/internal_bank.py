"""Monthly statements of the federation's account in Borås Stad's internal bank, derived from the ledger.

Definitions (the contract the subledger reconciliation is built against), per month 2022-01 … 2023-08:

- ``opening_balance`` = the previous statement's ``closing_balance``; for January 2022 the ledger's #IB of 1681.
- Every #TRANS on account 1681 dated in the month is one bank transaction. Those in a voucher that also posts
  to 8442 (Ränteintäkter internbanken, series B: the quarterly interest credit) are ``interest_credited``;
  of the others, debits (positive ledger amounts) are summed into ``deposits`` and credits into
  ``withdrawals`` (shown as a positive number).
- ``closing_balance`` = opening + deposits − withdrawals + interest_credited = the ledger balance of 1681 at
  the month end (to the öre).
- ``accrued_interest_not_credited`` = interest earned but not yet credited that the federation has booked:
  the running balance of the 8442 postings in the period-end accrual series P dated on or before the
  statement date, sign flipped (the accrual at 2022-08-31, reversed 2022-09-01; the accrual at 2023-08-31).
  The bank reports it at the federation's reporting dates; it is 0 at every other month end, and 0 at
  2022-12-31 because the bank credited the full quarter on 2022-12-30. Hence, for any period,
  financial income on 8442 (note 13) = Σ interest_credited + (accrued at the end − accrued at the start).
- ``interest_rate_pct`` is informational (not reconciled): the annual rate implied by the interest of the
  interest period the month belongs to (between two credits, or up to the accrual), on the average
  month-end balance, two decimals.
"""

from __future__ import annotations

from rakenskaper.demo.calendar import month_end

ACCOUNT_NO = "IB-4711-0058"
MONTHS = [(2022, m) for m in range(1, 13)] + [(2023, m) for m in range(1, 9)]
# interest periods (months) ending with a credit or an accrual
INTEREST_PERIODS = [
    [(2022, m) for m in range(1, 7)],
    [(2022, 7), (2022, 8), (2022, 9)],
    [(2022, 10), (2022, 11), (2022, 12)],
    [(2023, 1), (2023, 2), (2023, 3)],
    [(2023, 4), (2023, 5), (2023, 6)],
    [(2023, 7), (2023, 8)],
]


def statements(ib22: dict[str, int], vouchers) -> list[dict]:
    """One dict per month, amounts in öre (withdrawals positive)."""
    out = []
    bal = ib22.get("1681", 0)
    acc_int = 0
    by_month: dict[tuple[int, int], list] = {}
    accr: dict[tuple[int, int], int] = {}
    for vo in vouchers:
        k = (vo.date.year, vo.date.month)
        accs = {a for a, _, _ in vo.rows}
        if vo.series == "P":
            accr[k] = accr.get(k, 0) - sum(x for a, _, x in vo.rows if a == "8442")
        for a, _, x in vo.rows:
            if a == "1681":
                by_month.setdefault(k, []).append((x, "8442" in accs and vo.series == "B"))
    for y, m in MONTHS:
        dep = wd = intr = 0
        for x, is_int in by_month.get((y, m), []):
            if is_int:
                intr += x
            elif x > 0:
                dep += x
            else:
                wd -= x
        acc_int += accr.get((y, m), 0)
        close = bal + dep - wd + intr
        out.append(
            {
                "y": y,
                "m": m,
                "statement_date": month_end(y, m).isoformat(),
                "opening": bal,
                "deposits": dep,
                "withdrawals": wd,
                "interest": intr,
                "closing": close,
                "accrued": acc_int,
            }
        )
        bal = close
    # implied rate per interest period
    st = {(s["y"], s["m"]): s for s in out}
    for per in INTEREST_PERIODS:
        interest = (
            sum(st[k]["interest"] for k in per) + st[per[-1]]["accrued"] - (st[per[0]]["accrued"] - accr.get(per[0], 0))
        )
        avg = sum(st[k]["closing"] for k in per) / len(per)
        rate = round(interest / avg * 12 / len(per) * 100, 2) if avg else 0.0
        for k in per:
            st[k]["rate"] = rate
    return out


def sek(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def render(s: dict) -> bytes:
    head = (
        "statement_date;account_no;opening_balance;deposits;withdrawals;interest_credited;closing_balance;"
        "interest_rate_pct;accrued_interest_not_credited"
    )
    row = ";".join(
        [
            s["statement_date"],
            ACCOUNT_NO,
            sek(s["opening"]),
            sek(s["deposits"]),
            sek(s["withdrawals"]),
            sek(s["interest"]),
            sek(s["closing"]),
            f"{s['rate']:.2f}",
            sek(s["accrued"]),
        ]
    )
    return (head + "\n" + row + "\n").encode("utf-8")


def files(ib22: dict[str, int], vouchers) -> dict[str, bytes]:
    return {f"internal_bank/internal_bank_{s['y']}-{s['m']:02d}.csv": render(s) for s in statements(ib22, vouchers)}
