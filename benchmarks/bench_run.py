"""Benchmark: the whole nightly job (`rakenskaper run`, extract → publish) on a synthetic Kommun-Bas ledger.

    python benchmarks/bench_run.py [--vouchers 1000000] [--years 1] [--work DIR] [--reuse] [--no-hledger]

The ledger is written by ``bench_sie_load.generate`` (CP437 SIE4 with #KSUMMA, 4 postings a voucher, units on
dimension 1 and counterparts on dimension 8, #IB/#UB/#RES that tie, no entity profile, no payroll, no internal
bank): ``--years`` fiscal years of ``--vouchers / --years`` vouchers each, chained (each year opens on the last
one's closing balances). Every measurement runs in a child process under ``/usr/bin/time -v`` (whole-process
wall and peak RSS, children included via the maximum over the process tree that time reports):

* ``run (first)``:  ``rakenskaper run`` into a fresh warehouse folder;
* ``run (again)``:  the same sources again (the nightly case: nothing new, same files);
* ``transform``:    ``dbt build`` alone on a copy of the published warehouse (raw already loaded);
* ``drill-down``:   one cell's postings from the published warehouse, read-only (median of 5 queries);
* row counts:       every table of the published warehouse against the number of postings — no model may
                    hold postings × report periods.

Where hledger is installed, its ``bs``/``is``/``cf`` on the same ledger (journal written from the same vouchers)
are timed in the same run and printed as a ratio. Per-step timings come from the run log
(``step … done in``). Other work on the machine slows every wall figure: the load average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_sie_load  # noqa: E402  (the ledger generator, beside this file)

VENV_BIN = Path(sys.executable).parent
STEP_LINE = re.compile(r"step (\w+) done in ([0-9.]+) s")


def generate_sources(sources: Path, vouchers: int, years: int) -> int:
    """The ledger folder of a synthetic entity; returns the number of postings written."""
    ledger = sources / "ledger"
    shutil.rmtree(sources, ignore_errors=True)
    ledger.mkdir(parents=True)
    per_year = vouchers // years
    first = 2026 - years
    opening = None
    for index in range(years):
        year = first + index
        opening = bench_sie_load.generate(
            ledger / f"bench_{year}.se", per_year, seed=20250101 + index, year=year, opening=opening
        )
    return per_year * years * bench_sie_load.POSTINGS_PER_VOUCHER


def timed(command: list[str], env: dict[str, str], log_path: Path) -> dict:
    """Run ``command`` under /usr/bin/time -v; wall, peak RSS and the step timings of its log."""
    t0 = time.perf_counter()
    completed = subprocess.run(
        ["/usr/bin/time", "-v", *command],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    wall = time.perf_counter() - t0
    log_path.write_text(completed.stdout, encoding="utf-8")
    rss_kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stdout)
    steps = {name: float(seconds) for name, seconds in STEP_LINE.findall(completed.stdout)}
    return {
        "ok": completed.returncode == 0,
        "wall_s": wall,
        "peak_rss_mb": int(rss_kb.group(1)) / 1024 if rss_kb else None,
        "steps": steps,
        "log": str(log_path),
        "load1": os.getloadavg()[0],
    }


TRANSFORM_ONLY = """
import sys, time
from pathlib import Path
from rakenskaper import pipeline, publish
settings = pipeline.Settings.from_env(sources=sys.argv[1], warehouse=sys.argv[2])
publish.start_build(settings.warehouse_path, settings.build_path)
t0 = time.perf_counter()
pipeline.transform(settings)
print(f"step transform done in {time.perf_counter() - t0:.3f} s")
"""


def drilldown_seconds(warehouse: Path) -> dict:
    """One auditor's question: the postings behind one income-statement cell, five times; median wall."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cell = con.execute("""
            select report_period, line_code, unit_code, utfall_amount from marts.rpt_income_statement_by_unit
            where utfall_amount <> 0 order by report_period desc, abs(utfall_amount) desc limit 1
        """).fetchone()
        if cell is None:
            return {"drilldown_s": None}
        period, line, unit, cell_amount = cell
        seconds = []
        rows = total = None
        for _ in range(5):
            t0 = time.perf_counter()
            try:
                rows, total = con.execute(
                    """
                select count(*), sum(cell_amount)
                from marts.drilldown_income_statement('income_statement_by_unit', ?, 'utfall', ?, ?)
                """,
                    [line, period, unit],
                ).fetchone()
            except duckdb.Error as error:
                return {"drilldown_s": None, "drilldown_error": str(error).splitlines()[0]}
            seconds.append(time.perf_counter() - t0)
        return {
            "drilldown_s": statistics.median(seconds),
            "drilldown_cell": f"{period} {line} unit {unit}",
            "drilldown_postings": rows,
            "drilldown_sum": str(total),
            "cell_amount": str(cell_amount),
        }
    finally:
        con.close()


def row_counts(warehouse: Path) -> dict:
    """The largest table of the warehouse against the postings: postings × periods would show as ≫ 1."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        postings = con.execute("select count(*) from raw.sie_postings").fetchone()[0]
        tables = con.execute("""
            select schema_name || '.' || table_name, estimated_size from duckdb_tables()
            where schema_name not in ('raw')
        """).fetchall()
        counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0] for name, _ in tables}
    finally:
        con.close()
    largest = sorted(counts.items(), key=lambda item: -item[1])[:5]
    return {
        "postings": postings,
        "largest": largest,
        "tables": counts,
        "max_ratio": (largest[0][1] / postings) if postings and largest else None,
    }


def write_journal(journal: Path, vouchers: int, years: int) -> None:
    """The same vouchers as generate_sources, in hledger's journal format (opening balances included)."""
    per_year = vouchers // years
    first = 2026 - years

    def kind(account: str) -> str:  # Kommun-Bas classes as hledger account types
        return {"1": "A", "3": "R"}.get(
            account[0], "E" if account.startswith("20") else "L" if account[0] == "2" else "X"
        )

    accounts = [a for a, _ in bench_sie_load.BALANCE_ACCOUNTS + bench_sie_load.COSTS + bench_sie_load.REVENUES]
    with journal.open("w", encoding="utf-8") as out:
        for account in accounts:
            out.write(f"account {account}  ; type: {kind(account)}\n")
        out.write(f"\n{first}-01-01 opening balances\n")
        for account, ore in bench_sie_load.OPENING.items():
            out.write(f"    {account}  {bench_sie_load._amount(ore)} SEK\n")
        out.write("\n")
        for index in range(years):
            year = first + index
            for number, day, text, rows in bench_sie_load._vouchers(per_year, 20250101 + index, year):
                out.write(f"{day.isoformat()} A{number} {text}\n")
                for account, _, ore in rows:
                    out.write(f"    {account}  {bench_sie_load._amount(ore)} SEK\n")
                out.write("\n")


def hledger_seconds(work: Path, vouchers: int, years: int) -> dict | None:
    """hledger bs/is/cf (monthly columns) on the same vouchers, when hledger is installed
    (apt-get install hledger); the journal is written before the clock starts."""
    hledger = shutil.which("hledger")
    if not hledger:
        return None
    journal = work / "bench.journal"
    write_journal(journal, vouchers, years)
    seconds = {}
    for command in ("bs", "is", "cf"):
        t0 = time.perf_counter()
        subprocess.run([hledger, "-f", str(journal), command, "-M"], stdout=subprocess.DEVNULL, check=True)
        seconds[command] = time.perf_counter() - t0
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vouchers", type=int, default=1_000_000)
    ap.add_argument("--years", type=int, default=1)
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temp dir)")
    ap.add_argument("--reuse", action="store_true", help="reuse the sources already in --work")
    ap.add_argument("--no-hledger", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument(
        "--first-only",
        action="store_true",
        help="only the first run, drill-down and row counts (the test suite's smoke run)",
    )
    args = ap.parse_args(argv)

    work = (args.work or Path(tempfile.mkdtemp(prefix="bench_run_"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    sources = work / "sources"
    warehouse = work / "warehouse" / "rakenskaper.duckdb"
    t0 = time.perf_counter()
    if not (args.reuse and (sources / "ledger").is_dir()):
        generate_sources(sources, args.vouchers, args.years)
    generated_s = time.perf_counter() - t0
    shutil.rmtree(warehouse.parent, ignore_errors=True)

    env = dict(os.environ)
    env.setdefault("RAKENSKAPER_PSEUDONYM_KEY", "benchmark-key-not-a-secret")
    env["RAKENSKAPER_LOG_LEVEL"] = "INFO"
    rakenskaper = str(VENV_BIN / "rakenskaper")
    command = [rakenskaper, "run", "--sources", str(sources), "--warehouse", str(warehouse)]
    first = timed(command, env, work / "run_first.log")
    more = first["ok"] and not args.first_only
    again = timed(command, env, work / "run_again.log") if more else None
    transform = (
        timed([sys.executable, "-c", TRANSFORM_ONLY, str(sources), str(warehouse)], env, work / "transform.log")
        if more
        else None
    )
    drill = drilldown_seconds(warehouse) if first["ok"] else {}
    counts = row_counts(warehouse) if first["ok"] else {}
    hledger = None if args.no_hledger or args.first_only else hledger_seconds(work, args.vouchers, args.years)

    def steps(result):
        return ", ".join(f"{k} {v:.1f}" for k, v in result["steps"].items() if k != "total") if result else "-"

    rows = [
        (
            "ledger",
            f"{args.vouchers:,} vouchers over {args.years} fiscal year(s), ≈{counts.get('postings', 0):,} postings",
        ),
        ("generate (not measured)", f"{generated_s:.1f} s"),
        (
            "run (first): wall / peak RSS",
            f"{first['wall_s']:.1f} s / {first['peak_rss_mb']:.0f} MB"
            + ("" if first["ok"] else f"  FAILED, see {first['log']}"),
        ),
        ("  steps (s)", steps(first)),
    ]
    if again:
        rows += [
            ("run (again): wall / peak RSS", f"{again['wall_s']:.1f} s / {again['peak_rss_mb']:.0f} MB"),
            ("  steps (s)", steps(again)),
        ]
    if transform:
        rows += [
            (
                "transform alone: wall / peak RSS",
                f"{transform['steps'].get('transform', float('nan')):.1f} s (process {transform['wall_s']:.1f} s)"
                f" / {transform['peak_rss_mb']:.0f} MB",
            )
        ]
    if drill.get("drilldown_s") is not None:
        rows += [
            (
                "drill-down, one cell (median of 5)",
                f"{drill['drilldown_s'] * 1000:.0f} ms: "
                f"{drill['drilldown_postings']:,} postings of {drill['drilldown_cell']}",
            )
        ]
    if counts:
        name, count = counts["largest"][0]
        rows += [("largest table / postings", f"{name} {count:,} rows = {counts['max_ratio']:.2f} × postings")]
    if hledger:
        total = sum(hledger.values())
        rows += [
            (
                "hledger bs+is+cf -M",
                f"{total:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in hledger.items())});"
                f" run (again) / hledger = {again['wall_s'] / total:.2f}"
                if again
                else "",
            )
        ]
    else:
        rows += [("hledger", "not installed (apt-get install hledger) or --no-hledger")]
    rows += [("load average (1 min)", f"{os.getloadavg()[0]:.2f}")]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "first": first,
                    "again": again,
                    "transform": transform,
                    "drilldown": drill,
                    "counts": counts,
                    "hledger": hledger,
                },
                indent=2,
                default=str,
            )
        )
    return 0 if first["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
