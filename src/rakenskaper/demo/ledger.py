"""Turn the solved amounts (model.py) into vouchers for 2022 and 2023 (Jan–Aug): the operating vouchers
(ledger_operations.py), then the period- and year-end ones and the settlements (ledger_periodend.py), then
numbered per fiscal year and series."""

from __future__ import annotations

from rakenskaper.demo import ledger_operations as ops
from rakenskaper.demo import ledger_periodend as ends
from rakenskaper.demo.model import Model
from rakenskaper.demo.voucher import Builder, Voucher


def build_ledger(m: Model) -> tuple[dict[str, int], list[Voucher]]:
    ib, vouchers, _ = build_ledger_and_payroll(m)
    return ib, vouchers


def build_ledger_and_payroll(m: Model):
    """(opening balance 2022, vouchers, payroll.Payroll whose rows make the S journals). The builders run in this
    order: they share one seeded random source (voucher.Builder)."""
    b = Builder(m)
    ops.contributions(b)
    ops.operations(b)
    ops.payroll_journals(b)
    ops.internal(b)
    ends.accruals(b)
    ends.other(b)
    ib = ends.opening(b)
    ends.settlements(b, ib)
    ends.closing(b)
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
