"""A voucher, and the builder the ledger's vouchers are made with (ledger.py): the solved model, the seeded
random source the amounts are spread with, and the vouchers in the order they were made."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from rakenskaper.demo.model import SEED, Model, split_ore

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


def months_of(bucket: str) -> list[tuple[int, int]]:
    return {
        "A": [(2022, m) for m in range(1, 9)],
        "B": [(2022, m) for m in range(9, 13)],
        "C": [(2023, m) for m in range(1, 9)],
    }[bucket]


class Builder:
    """The vouchers' common state. The random source is shared and drawn in the order the vouchers are made:
    the order of the builders' calls (ledger.build_ledger_and_payroll) is part of the demo."""

    def __init__(self, m: Model) -> None:
        self.m = m
        self.rng = random.Random(SEED + 1)
        self.vouchers: list[Voucher] = []
        self.pers: dict[tuple[str, str], int] = {}  # personnel cost per (unit, bucket)
        self.pay_cost: dict[tuple[str, int, int], int] = {}  # personnel cost per (unit, year, month)
        self.payroll_subledger = None  # payroll.Payroll whose rows make the S journals

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
