"""The warehouse grows with the books, not with the books × the report periods.

The benchmark's own ledger (benchmarks/bench_run.py: a synthetic Kommun-Bas entity with no profile, two
chained fiscal years, 24 month-ends) is built end to end; no stored table of the warehouse may hold more
rows than there are postings — a model that copied each posting per report period or column would hold
many times more (the old drill-down tables: ≈35× on one year). The benchmark's figures themselves are
measured with `make bench`, not asserted here."""

from __future__ import annotations

import json
from decimal import Decimal

from tests.support import run_benchmark


def test_no_table_grows_with_postings_times_periods_and_the_drilldown_ties(tmp_path):
    figures = tmp_path / "figures.json"
    out = run_benchmark(
        "bench_run.py",
        *("--vouchers", "12000", "--years", "2", "--work", str(tmp_path / "bench"), "--first-only"),
        *("--json", str(figures)),
        timeout=900,
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    result = json.loads(figures.read_text(encoding="utf-8"))
    assert result["first"]["ok"]
    assert set(result["first"]["steps"]) >= {"extract", "load", "transform", "gate", "publish"}
    postings = result["counts"]["postings"]
    assert postings == 12000 * 4  # every #TRANS of both years was loaded
    tables = result["counts"]["tables"]
    assert "intermediate.int_postings_joined_to_vouchers" in tables and "marts.rpt_income_statement" in tables
    too_big = {name: rows for name, rows in tables.items() if rows > postings}
    assert too_big == {}
    assert tables["intermediate.int_postings_joined_to_vouchers"] == postings
    # the monthly cell table is far smaller than the postings it sums
    assert tables["intermediate.int_result_postings_aggregated_to_month"] < postings / 4
    drill = result["drilldown"]
    assert drill["drilldown_postings"] > 0
    assert Decimal(drill["drilldown_sum"]) == Decimal(drill["cell_amount"])
