"""The benchmark script itself still runs (its figures are measured by hand, not asserted here)."""

from __future__ import annotations

from tests.support import run_benchmark


def test_bench_sie_load_runs_on_a_small_file(tmp_path):
    out = run_benchmark("bench_sie_load.py", "--vouchers", "2000", "--file", str(tmp_path / "small.se"), timeout=600)
    assert out.returncode == 0, out.stderr
    lines = dict(line.split("  ", 1) for line in out.stdout.splitlines() if "  " in line)
    assert lines["vouchers"].strip() == "2,000"
    assert lines["postings (#TRANS)"].strip() == "8,000"  # 4 postings a voucher
    assert lines["load status"].strip() == "loaded"
    assert "MB" in lines["peak RSS (load process)"]
