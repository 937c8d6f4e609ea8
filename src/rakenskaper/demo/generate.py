"""``rakenskaper demo generate``: write the deterministic demo sources (two SIE4 files).

The amounts are solved first (model.py) so that every figure of the published interim report that a
consistent ledger can carry rounds to the published tkr value; then the vouchers are built (ledger.py),
checked against the published figures (selfcheck.py) and written as SIE4 (sie_out.py).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from rakenskaper.demo import budget as budget_mod
from rakenskaper.demo import ledger, model, selfcheck, sie_out

BUNDLED = Path(__file__).parent / "sources"
FILES = {2022: "ledger/brsk_2022.se", 2023: "ledger/brsk_2023.se"}


def build() -> tuple[dict[int, bytes], selfcheck.Checker]:
    m, left = model.solve()
    if left:
        raise RuntimeError("amounts could not be solved: " + "; ".join(c.name for c in left[:10]))
    ib22, vouchers = ledger.build_ledger(m)
    chk = selfcheck.Checker(ib22, vouchers)
    chk.run()
    v22 = [v for v in vouchers if v.date.year == 2022]
    v23 = [v for v in vouchers if v.date.year == 2023]
    moves22 = sie_out.sums(v22)
    ub22 = {a: ib22.get(a, 0) + moves22.get(a, 0) for a in sorted(set(ib22) | {a for a in moves22 if a[0] in "12"})}
    res22 = {a: x for a, x in sorted(moves22.items()) if a[0] not in "12"}
    bud = budget_mod.budget_rows()
    chk.check_budget(bud)
    files = {
        2022: sie_out.render(2022, date(2023, 2, 14), ib22, v22, {"ub": ib22}),
        2023: sie_out.render(2023, date(2023, 9, 12), ub22, v23, {"ib": ib22, "ub": ub22, "res": res22}, bud),
    }
    return files, chk


def main(out: Path | None = None) -> int:
    out = Path(out) if out is not None else BUNDLED
    files, chk = build()
    for line in chk.allowed:
        print(f"allowed deviation: {line}", file=sys.stderr)
    if chk.failures:
        for line in chk.failures:
            print(f"SELF-CHECK FAILED: {line}", file=sys.stderr)
        print(f"{len(chk.failures)} of {chk.count} published figures not reproduced; nothing written", file=sys.stderr)
        return 1
    for year, data in files.items():
        path = out / FILES[year]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({len(data)} bytes)")
    print(f"self-check: {chk.count} published figures compared, {len(chk.allowed)} allowed deviations")
    return 0
