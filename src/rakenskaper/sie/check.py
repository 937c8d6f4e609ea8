"""``rakenskaper check-sie FILE…``: validate SIE4 files and print what they hold."""

from __future__ import annotations

import sys
from pathlib import Path

from rakenskaper.sie.reader import read_sie


def describe(sie) -> list[str]:
    h = sie.header
    years = ", ".join(f"{y.year_index}: {y.start_date}–{y.end_date}" for y in sie.fiscal_years) or "none"
    c = sie.counts
    program = " ".join(x for x in (h.get("program"), h.get("program_version")) if x) or "?"
    lines = [
        f"== {sie.path}",
        f"program:      {program} (#GEN {h.get('generated_on') or '?'})",
        f"company:      {h.get('company_name') or '?'}, orgnr {h.get('orgnr') or '?'}",
        f"fiscal years: {years}",
        f"counts:       {c.get('accounts', 0)} accounts, {c.get('objects', 0)} objects, "
        f"{c.get('vouchers', 0)} vouchers, {c.get('postings', 0)} postings (#TRANS)"
        f" + {c.get('audit_rows', 0)} #RTRANS/#BTRANS, {c.get('balances', 0)} balances, "
        f"{c.get('period_balances', 0)} period balances, {c.get('other_records', 0)} other records",
        f"KSUMMA:       {sie.ksumma_status}",
        f"encoding:     {sie.encoding}" + (f" (warning: {sie.encoding_warning})" if sie.encoding_warning else ""),
    ]
    errors, warnings = len(sie.errors), len(sie.warnings)
    lines.append(f"result:       {'OK' if not errors else 'REJECTED'} ({errors} error(s), {warnings} warning(s))")
    for v in sorted(sie.violations, key=lambda v: (v.line_no or 0, v.rule)):
        record = f"#{v.record_type}" if v.record_type else "-"
        voucher = v.voucher or "-"
        lines.append(f"  {v.file}:{v.line_no or '-'} {record} {voucher} {v.severity} {v.rule} {v.message}")
    return lines


def main(paths: list[Path]) -> int:
    """Print each file's summary and violations; 1 if any file has an error, 2 if a file is missing."""
    status = 0
    for path in paths:
        path = Path(path)
        if not path.is_file():
            print(f"== {path}\nerror: no such file", file=sys.stderr)
            status = max(status, 2)
            continue
        sie = read_sie(path, display_name=str(path), keep_postings=False)
        print("\n".join(describe(sie)))
        if sie.errors:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main([Path(p) for p in sys.argv[1:]]))
