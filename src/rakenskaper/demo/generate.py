"""``rakenskaper-demo generate``: write the deterministic demo sources (two SIE4 files).

The amounts are solved first (model.py) so that every figure of the published interim report that a
consistent ledger can carry rounds to the published tkr value; then the vouchers are built (ledger.py),
checked against the published figures (selfcheck.py) and written as SIE4 (sie_out.py).
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

from rakenskaper import paths
from rakenskaper.demo import budget as budget_mod
from rakenskaper.demo import contracts, forecast, internal_bank, ledger, model, payroll, selfcheck, sie_out
from rakenskaper.demo.recompute import Checker

BUNDLED = paths.demo_sources_dir()  # the checkout's demo/sources
FILES = {2022: "ledger/brsk_2022.se", 2023: "ledger/brsk_2023.se"}
FORECAST = "forecast/forecast_2023-08-31.csv"
INVESTMENTS = "forecast/investments_2023-08-31.csv"


def build() -> tuple[dict[int, bytes], Checker]:
    files, chk, _ = build_all()
    return files, chk


def build_all():
    """(SIE files by year, self-check, other source files by relative path)."""
    m, left = model.solve()
    if left:
        raise RuntimeError("amounts could not be solved: " + "; ".join(c.name for c in left[:10]))
    ib22, vouchers, pay = ledger.build_ledger_and_payroll(m)
    chk = selfcheck.check_published(ib22, vouchers)
    v22 = [v for v in vouchers if v.date.year == 2022]
    v23 = [v for v in vouchers if v.date.year == 2023]
    moves22 = sie_out.sums(v22)
    ub22 = {a: ib22.get(a, 0) + moves22.get(a, 0) for a in sorted(set(ib22) | {a for a in moves22 if a[0] in "12"})}
    res22 = {a: x for a, x in sorted(moves22.items()) if a[0] not in "12"}
    bud = budget_mod.budget_rows()
    selfcheck.check_budget(chk, bud)
    files = {
        2022: sie_out.render(2022, date(2023, 2, 14), ib22, v22, {"ub": ib22}),
        2023: sie_out.render(2023, date(2023, 9, 12), ub22, v23, {"ib": ib22, "ub": ub22, "res": res22}, bud),
    }
    fc = forecast.forecast_amounts()
    for problem in forecast.problems(fc):
        chk.failures.append(f"forecast: {problem}")
    other = {FORECAST: forecast.render_forecast(fc), INVESTMENTS: forecast.render_investments()}
    for y, mo in payroll.PERIODS:
        other[f"payroll/payroll_{y}-{mo:02d}.csv"] = pay.render((y, mo))
    other.update(internal_bank.files(ib22, vouchers))
    for problem in contracts.problems(ib22):
        chk.failures.append(f"contracts: {problem}")
    other[contracts.FILE] = contracts.render()
    chk.failures += subledger_checks(ib22, vouchers, pay)
    return files, chk, dict(sorted(other.items()))


def subledger_checks(ib22, vouchers, pay) -> list[str]:
    """Payroll = S journals per month × unit × account; internal-bank closing = 1681 at every month end."""
    out = []
    s_sums: dict[tuple, int] = {}
    for vo in vouchers:
        if vo.series == "S":
            for acc, objs, x in vo.rows:
                unit = dict(objs).get("1", "") if acc[0] == "5" else ""
                k = (vo.date.year, vo.date.month, unit, acc)
                s_sums[k] = s_sums.get(k, 0) + x
    p_sums: dict[tuple, int] = {}
    for (y, mo), rows in pay.rows.items():
        for e, _, acc, _, x in rows:
            k = (y, mo, e.unit if acc[0] == "5" else "", acc)
            p_sums[k] = p_sums.get(k, 0) + x
    for k in sorted(set(s_sums) | set(p_sums)):
        if s_sums.get(k, 0) != p_sums.get(k, 0):
            out.append(f"payroll {k}: ledger {s_sums.get(k, 0)} payroll {p_sums.get(k, 0)}")
    bal = ib22.get("1681", 0)
    by_month: dict[tuple[int, int], int] = {}
    for vo in vouchers:
        for acc, _, x in vo.rows:
            if acc == "1681":
                by_month[(vo.date.year, vo.date.month)] = by_month.get((vo.date.year, vo.date.month), 0) + x
    for s in internal_bank.statements(ib22, vouchers):
        bal += by_month.get((s["y"], s["m"]), 0)
        if s["closing"] != bal:
            out.append(f"internal bank {s['statement_date']}: statement {s['closing']} ledger {bal}")
    return out


def main(out: Path | None = None) -> int:
    out = Path(out) if out is not None else BUNDLED
    files, chk, other = build_all()
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
    for name, data in other.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {len(other)} forecast, payroll, internal-bank and contract files under {out}")
    if out.resolve() != BUNDLED.resolve():
        # the entity profile is written by hand (it is configuration, not generated): a copy makes the folder
        # a complete demo source folder
        shutil.copyfile(BUNDLED / "entity.toml", out / "entity.toml")
        shutil.copytree(BUNDLED / "entity", out / "entity", dirs_exist_ok=True)
    print(f"self-check: {chk.count} published figures compared, {len(chk.allowed)} allowed deviations")
    return 0
