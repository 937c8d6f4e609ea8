"""Benchmark: parse + validate + load a synthetic SIE4 file into a fresh DuckDB file.

    python benchmarks/bench_sie_load.py [--vouchers 1000000] [--file PATH [--reuse]] [--keep]

The file is generated first (deterministic, CP437, CRLF, 4 postings per voucher, object lists with
dimensions 1 and 8, Swedish texts, #IB/#UB/#RES that tie, #KSUMMA). Two measurements follow, each in a
fresh child process so that its peak RSS (ru_maxrss) is its own: the whole ``load_ledger`` call (what the
nightly run does: parse, validate, write the raw tables, commit) and the ``check-sie`` pass (parse and
validate, no rows kept). One-time start-up (imports, numba's compiled cache) is reported apart.
Other work on the machine slows the wall figures: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

UNITS = ["100", "110", "120", "200", "210", "300", "310", "400", "500", "510"]
COUNTERPARTS = [
    ("1", "Borås"),
    ("2", "Alingsås"),
    ("3", "Bollebygd"),
    ("4", "Herrljunga"),
    ("5", "Mark"),
    ("6", "Svenljunga"),
    ("7", "Tranemo"),
    ("8", "Ulricehamn"),
    ("9", "Vårgårda"),
    ("10", "Varberg"),
]
COSTS = [
    ("5010", "Lokalhyra"),
    ("5410", "Förbrukningsinventarier"),
    ("6110", "Kontorsmateriel"),
    ("6540", "IT-tjänster"),
    ("7010", "Löner tjänstemän"),
    ("4010", "Inköp material och varor"),
]
REVENUES = [("3010", "Förbundsbidrag"), ("3040", "Försäljning tjänster")]
BALANCE_ACCOUNTS = [
    ("1510", "Kundfordringar"),
    ("1930", "Företagskonto"),
    ("2440", "Leverantörsskulder"),
    ("2611", "Utgående moms"),
    ("2641", "Ingående moms"),
    ("2091", "Balanserat resultat"),
]
TEXTS = [
    "Leverantörsfaktura Borås Energi och Miljö",
    "Kundfaktura medlemsavgift",
    "Hyra lokal Åsboholm",
    "Inköp förbrukningsmaterial Ölands",
    "Periodisering löner",
]
YEAR_START = date(2025, 1, 1)


def _amount(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    ore = abs(ore)
    return f"{sign}{ore // 100}.{ore % 100:02d}"


POSTINGS_PER_VOUCHER = 4


def _vouchers(n: int, seed: int, year: int = YEAR_START.year):
    """Yield (number, date, text, [(account, objects or '', amount_ore)]) deterministically."""
    rng = random.Random(seed)
    start = date(year, 1, 1)
    for number in range(1, n + 1):
        day = start + timedelta(days=rng.randrange(365))
        unit = rng.choice(UNITS)
        code, _ = rng.choice(COUNTERPARTS)
        net = rng.randrange(100, 5_000_000)
        vat = net // 4
        # 4 postings a voucher, as a municipal ledger has on average: the amount split over two units and accounts
        first = net * rng.randrange(1, 10) // 10
        other_unit = rng.choice(UNITS)
        if rng.random() < 0.5:
            (account, _), (account_2, _) = rng.choice(COSTS), rng.choice(COSTS)
            rows = [
                (account, f'{{1 "{unit}" 8 "{code}"}}', first),
                (account_2, f'{{1 "{other_unit}" 8 "{code}"}}', net - first),
                ("2641", "", vat),
                ("2440", "", -(net + vat)),
            ]
        else:
            (account, _), (account_2, _) = rng.choice(REVENUES), rng.choice(REVENUES)
            rows = [
                ("1510", f'{{8 "{code}"}}', net + vat),
                (account, f'{{1 "{unit}" 8 "{code}"}}', -first),
                (account_2, f'{{1 "{other_unit}" 8 "{code}"}}', -(net - first)),
                ("2611", "", -vat),
            ]
        yield number, day, rng.choice(TEXTS), rows


OPENING = {
    "1510": 1_250_000_00,
    "1930": 8_000_000_00,
    "2440": -900_000_00,
    "2611": -120_000_00,
    "2641": 80_000_00,
    "2091": -8_310_000_00,
}


def generate(
    path: Path, vouchers: int, seed: int = 20250101, year: int = YEAR_START.year, opening: dict[str, int] | None = None
) -> dict[str, int]:
    """Write one fiscal year (calendar ``year``) as SIE4; returns the next year's opening balances (the
    closing balances with the year's result carried to 2091), so that years can be chained."""
    moved: dict[str, int] = {}
    for _, _, _, rows in _vouchers(vouchers, seed, year):
        for account, _, ore in rows:
            moved[account] = moved.get(account, 0) + ore
    opening = dict(opening or OPENING)
    crc = 0
    lines: list[str] = []
    out = open(path, "w", encoding="cp437", newline="\r\n")  # noqa: SIM115 (written by rec() below, closed at the end)

    def rec(text: str, fields: list[str]) -> None:
        nonlocal crc
        crc = zlib.crc32("".join(fields).encode("cp437"), crc)
        lines.append(text)
        if len(lines) >= 50_000:
            out.write("\n".join(lines) + "\n")
            lines.clear()

    out.write("#FLAGGA 0\n#KSUMMA\n")
    rec('#PROGRAM "Räkenskaper bench" 1.0', ["#PROGRAM", "Räkenskaper bench", "1.0"])
    rec("#FORMAT PC8", ["#FORMAT", "PC8"])
    rec(f"#GEN {year + 1}0115", ["#GEN", f"{year + 1}0115"])
    rec("#SIETYP 4", ["#SIETYP", "4"])
    rec('#FNAMN "Sjuhärads kommunalförbund"', ["#FNAMN", "Sjuhärads kommunalförbund"])
    rec("#ORGNR 222000-1230", ["#ORGNR", "222000-1230"])
    rec(f"#RAR 0 {year}0101 {year}1231", ["#RAR", "0", f"{year}0101", f"{year}1231"])
    rec(f"#RAR -1 {year - 1}0101 {year - 1}1231", ["#RAR", "-1", f"{year - 1}0101", f"{year - 1}1231"])
    rec("#KPTYP KOMMUN-BAS", ["#KPTYP", "KOMMUN-BAS"])
    rec('#DIM 1 "Verksamhet"', ["#DIM", "1", "Verksamhet"])
    rec('#DIM 8 "Kund"', ["#DIM", "8", "Kund"])
    for unit in UNITS:
        rec(f'#OBJEKT 1 {unit} "Enhet {unit} Älvsborg"', ["#OBJEKT", "1", unit, f"Enhet {unit} Älvsborg"])
    for code, name in COUNTERPARTS:
        rec(f'#OBJEKT 8 {code} "{name}"', ["#OBJEKT", "8", code, name])
    for account, name in BALANCE_ACCOUNTS + COSTS + REVENUES:
        rec(f'#KONTO {account} "{name}"', ["#KONTO", account, name])
    for account, _ in BALANCE_ACCOUNTS:
        ib = opening[account]
        rec(f"#IB 0 {account} {_amount(ib)}", ["#IB", "0", account, _amount(ib)])
        ub = ib + moved.get(account, 0)
        rec(f"#UB 0 {account} {_amount(ub)}", ["#UB", "0", account, _amount(ub)])
    for account, _ in COSTS + REVENUES:
        res = moved.get(account, 0)
        rec(f"#RES 0 {account} {_amount(res)}", ["#RES", "0", account, _amount(res)])
    for number, day, text, rows in _vouchers(vouchers, seed, year):
        d = day.strftime("%Y%m%d")
        rec(f'#VER A {number} {d} "{text}" {d}', ["#VER", "A", str(number), d, text, d])
        lines.append("{")
        for account, objects, ore in rows:
            amount = _amount(ore)
            elements = objects.replace("{", "").replace("}", "").replace('"', "").split()
            rec(f"   #TRANS {account} {objects or '{}'} {amount}", ["#TRANS", account, *elements, amount])
        lines.append("}")
    out.write("\n".join(lines) + "\n")
    out.write(f"#KSUMMA {crc}\n")
    out.close()
    closing = {account: opening.get(account, 0) + moved.get(account, 0) for account, _ in BALANCE_ACCOUNTS}
    closing["2091"] += sum(moved.get(account, 0) for account, _ in COSTS + REVENUES)
    return closing


def _warm_up() -> float:
    """One-time costs (imports, loading the compiled tokeniser from numba's cache) are not throughput:
    measured on a tiny file before the clock starts."""
    from rakenskaper.sie import read_sie

    t0 = time.perf_counter()
    warm = Path(tempfile.mkdtemp(prefix="bench_warm_")) / "warm.se"
    warm.write_bytes(
        b'#FLAGGA 0\r\n#RAR 0 20250101 20251231\r\n#KONTO 1930 "Bank"\r\n'
        b'#VER A 1 20250101 ""\r\n{\r\n#TRANS 1930 {} 0.00\r\n}\r\n'
    )
    read_sie(warm)
    return time.perf_counter() - t0


def _cpu(a, b) -> float:
    return (b.ru_utime - a.ru_utime) + (b.ru_stime - a.ru_stime)


def measure_load(sie_path: Path, db_path: Path) -> dict:
    """Child process: the whole ``load_ledger`` call (parse, validate, write raw, commit) on a folder
    holding only this file, into a fresh DuckDB file. Peak RSS is this process's own."""
    import duckdb

    from rakenskaper.sources.ledger import load_ledger

    startup = _warm_up()
    ledger = Path(tempfile.mkdtemp(prefix="bench_ledger_"))
    (ledger / sie_path.name).symlink_to(sie_path.resolve())
    con = duckdb.connect(str(db_path))
    u0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    report = load_ledger(con, ledger)
    wall = time.perf_counter() - t0
    u1 = resource.getrusage(resource.RUSAGE_SELF)
    postings = con.execute("SELECT count(*) FROM raw.sie_postings").fetchone()[0]
    vouchers = con.execute("SELECT count(*) FROM raw.sie_vouchers").fetchone()[0]
    con.close()
    return {
        "startup_s": startup,
        "wall_s": wall,
        "load_cpu_s": _cpu(u0, u1),
        "load1": os.getloadavg()[0],
        "postings": postings,
        "vouchers": vouchers,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "status": [f.status for f in report.files],
        "db_mb": db_path.stat().st_size / 1e6,
    }


def measure_check(sie_path: Path) -> dict:
    """Child process: parse + validate only, what ``check-sie`` does (no rows kept)."""
    from rakenskaper.sie import read_sie

    _warm_up()
    u0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    sie = read_sie(sie_path, keep_postings=False)
    wall = time.perf_counter() - t0
    u1 = resource.getrusage(resource.RUSAGE_SELF)
    assert sie.ok and sie.ksumma_status == "verified", [str(v) for v in sie.errors]
    return {
        "parse_wall_s": wall,
        "parse_cpu_s": _cpu(u0, u1),
        "parse_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vouchers", type=int, default=1_000_000)
    ap.add_argument("--file", type=Path, default=None, help="where to write the SIE file (default: temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated file and database")
    ap.add_argument("--reuse", action="store_true", help="use --file as it is if it exists (skip generating)")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        result = measure_load(args.measure, args.db) if args.db else measure_check(args.measure)
        print(json.dumps(result))
        return 0

    work = Path(tempfile.mkdtemp(prefix="bench_sie_"))
    sie_path = args.file or work / f"bench_{args.vouchers}.se"
    t0 = time.perf_counter()
    if not (args.reuse and sie_path.exists()):
        generate(sie_path, args.vouchers)
    gen_s = time.perf_counter() - t0
    db_path = work / "bench.duckdb"
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    r = {}
    for extra in (["--db", str(db_path)], []):  # each measurement in a fresh process of its own
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(sie_path), *extra], env=env, capture_output=True, text=True
        )
        if child.returncode != 0:
            print(child.stdout, child.stderr, file=sys.stderr)
            return 1
        r.update(json.loads(child.stdout.strip().splitlines()[-1]))
    size_mb = sie_path.stat().st_size / 1e6
    rows = [
        ("vouchers", f"{r['vouchers']:,}"),
        ("postings (#TRANS)", f"{r['postings']:,}"),
        ("SIE file size", f"{size_mb:,.1f} MB"),
        ("generate (not measured)", f"{gen_s:.1f} s"),
        ("startup (imports, JIT cache)", f"{r['startup_s']:.2f} s"),
        (
            "parse+validate (check-sie) wall",
            f"{r['parse_wall_s']:.2f} s  "
            f"({r['postings'] / r['parse_wall_s']:,.0f} postings/s, "
            f"{r['parse_cpu_s']:.1f} CPU s, "
            f"peak RSS {r['parse_peak_rss_mb']:,.0f} MB)",
        ),
        ("parse+validate+load wall", f"{r['wall_s']:.2f} s  ({r['load_cpu_s']:.1f} CPU s)"),
        ("postings / s (load)", f"{r['postings'] / r['wall_s']:,.0f}"),
        ("postings / CPU s (load)", f"{r['postings'] / r['load_cpu_s']:,.0f}"),
        ("machine load average", f"{r['load1']:.1f} (2 cores; other work slows the wall figures)"),
        ("MB / s", f"{size_mb / r['wall_s']:,.1f}"),
        ("peak RSS (load process)", f"{r['peak_rss_mb']:,.0f} MB"),
        ("DuckDB file", f"{r['db_mb']:,.1f} MB"),
        ("load status", ", ".join(r["status"])),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    if not args.keep:
        for p in (db_path, sie_path if args.file is None else None):
            if p is not None and p.exists():
                p.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
