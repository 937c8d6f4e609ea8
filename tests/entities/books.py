"""What the fixture entities' generators share: the fiscal year, a voucher, a two-row transfer, the books as
data (``Books``) and a fictitious personnummer."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

YEAR = 2024
MONTHS = range(1, 7)


@dataclass
class Voucher:
    series: str
    day: date
    text: str
    rows: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)  # account, unit, cp, öre

    def add(self, account: str, ore: int, unit: str | None = None, counterpart: str | None = None) -> None:
        self.rows.append((account, unit, counterpart, ore))


def transfer(series: str, day: date, text: str, debit: str, credit: str, ore: int, unit: str | None = None) -> Voucher:
    """A two-row voucher: `ore` onto `debit`, the same off `credit`. The unit (dim 1), if any, goes on the row
    whose account is in the income statement (Kommun-Bas classes 3–8), as the units' books are kept; a voucher
    between two such accounts names each row's unit itself (Voucher.add)."""
    on_result = [account[0] in "345678" for account in (debit, credit)]
    if unit is not None and on_result.count(True) != 1:
        raise ValueError(f"transfer {debit} → {credit}: which row carries unit {unit} is not clear")
    vo = Voucher(series, day, text)
    vo.add(debit, ore, unit if on_result[0] else None)
    vo.add(credit, -ore, unit if on_result[1] else None)
    return vo


@dataclass
class Books:
    name: str
    accounts: dict[str, str]
    units: dict[str, str]
    counterparts: dict[str, str]
    opening: dict[str, int]
    vouchers: list[Voucher]
    payroll_rows: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)


def month_end(month: int) -> date:
    return (date(YEAR, month % 12 + 1, 1) if month < 12 else date(YEAR + 1, 1, 1)) - timedelta(days=1)


def luhn_personnummer(rng: random.Random) -> str:
    """A syntactically valid personnummer (Luhn check digit) for a fictitious person."""
    birth = date(1960, 1, 1) + timedelta(days=rng.randint(0, 14000))
    serial = f"{rng.randint(0, 999):03d}"
    digits = birth.strftime("%y%m%d") + serial
    total = 0
    for i, ch in enumerate(digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    check = (10 - total % 10) % 10
    return f"{birth.strftime('%Y%m%d')}-{serial}{check}"
