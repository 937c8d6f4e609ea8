"""Choose amounts in öre so that every printed tkr figure rounds to its published value.

Variables are integers (öre) in ledger sign. A constraint is a linear combination of variables
(coefficients ±1) whose value in tkr, rounded half away from zero, must equal a target. The search is a
deterministic min-conflicts walk: start from the designed values plus a seeded offset, then repeatedly
move one variable of the first violated constraint into its window, choosing the variable whose move
breaks the fewest other constraints.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

TKR = 100_000  # öre per tkr


def round_tkr(ore: int) -> int:
    """Round half away from zero, öre → tkr."""
    q = (abs(ore) + TKR // 2) // TKR
    return q if ore >= 0 else -q


@dataclass
class Constraint:
    name: str
    terms: list[tuple[str, int]]
    target: int

    def value(self, values: dict[str, int]) -> int:
        return sum(c * values[k] for k, c in self.terms)

    def ok(self, values: dict[str, int]) -> bool:
        return round_tkr(self.value(values)) == self.target


@dataclass
class Problem:
    values: dict[str, int] = field(default_factory=dict)
    fixed: set[str] = field(default_factory=set)
    constraints: list[Constraint] = field(default_factory=list)

    def var(self, key: str, ore: int, fixed: bool = False) -> str:
        if key in self.values:
            raise KeyError(f"variable {key} defined twice")
        self.values[key] = int(ore)
        if fixed:
            self.fixed.add(key)
        return key

    def add(self, name: str, terms, target: int) -> None:
        terms = [(k, c) for k, c in terms if c]
        for k, _ in terms:
            if k not in self.values:
                raise KeyError(f"{name}: unknown variable {k}")
        self.constraints.append(Constraint(name, list(terms), int(target)))

    def violated(self) -> list[Constraint]:
        return [c for c in self.constraints if not c.ok(self.values)]

    def solve(self, seed: int, max_steps: int = 200_000) -> list[Constraint]:
        rng = random.Random(seed)
        by_var: dict[str, list[tuple[int, int]]] = {}
        for i, c in enumerate(self.constraints):
            for k, coef in c.terms:
                by_var.setdefault(k, []).append((i, coef))
        sums = [c.value(self.values) for c in self.constraints]
        ok = [round_tkr(s) == c.target for s, c in zip(sums, self.constraints)]
        step = 0
        start = 0
        n = len(self.constraints)
        while step < max_steps:
            bad = next((j for j in (range(start, n)) if not ok[j]), None)
            if bad is None:
                bad = next((j for j in range(0, start) if not ok[j]), None)
            if bad is None:
                return []
            start = (bad + 1) % n
            c = self.constraints[bad]
            lo = c.target * TKR - TKR // 2 + (1 if c.target <= 0 else 0)
            hi = c.target * TKR + TKR // 2 - (1 if c.target >= 0 else 0)
            # aim somewhere inside the window, away from its edges
            width = hi - lo
            margin = width // 10 + rng.randrange(max(1, width // 4))
            goal = min(max(sums[bad], lo + margin), hi - margin)
            delta = goal - sums[bad]
            best = None
            for k, coef in c.terms:
                if k in self.fixed:
                    continue
                change = delta * coef
                broken = 0
                for j, coefj in by_var[k]:
                    if j == bad:
                        continue
                    cj = self.constraints[j]
                    new = sums[j] + coefj * change
                    now_ok = round_tkr(new) == cj.target
                    if ok[j] and not now_ok:
                        broken += 1
                    elif not ok[j] and now_ok:
                        broken -= 1
                score = (broken, rng.random())
                if best is None or score < best[0]:
                    best = (score, k, change)
            if best is None:
                raise ValueError(f"constraint {c.name} has only fixed variables and is violated")
            _, k, change = best
            self.values[k] += change
            for j, coefj in by_var[k]:
                cj = self.constraints[j]
                sums[j] += coefj * change
                ok[j] = round_tkr(sums[j]) == cj.target
            step += 1
        return self.violated()
