"""The demo's payroll staff: fictitious employees per unit, with names, personnummer in the documented
fictitious range (birth numbers 980–999), salaries and employment rates, and a leaver and a joiner in the
larger units. payroll.py pays them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from rakenskaper.demo import targets as T
from rakenskaper.demo.design import design_table

_NAMES = design_table("staff_names.csv")
FIRST_M, FIRST_F, SURNAMES = (
    [row["name"] for row in _NAMES if row["list"] == kind] for kind in ("first_male", "first_female", "surname")
)


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


def hire(cost: dict[tuple[str, int, int], int], months: int, rng: random.Random) -> list[Employee]:
    """Each unit's staff, sized and paid after its personnel cost (cost: (unit, y, m) → öre, over `months` pay
    periods)."""
    employees: list[Employee] = []
    used: set[str] = set()
    names: set[str] = set()
    for u in T.UNITS:
        mean = sum(v for (uu, _, _), v in cost.items() if uu == u) / months
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
        employees += staff
    return employees
