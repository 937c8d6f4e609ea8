"""The few identification records of an SIE file (#FLAGGA … #RAR), parsed in Python; and why a file is not
SIE text at all (empty, blank, UTF-16)."""

from __future__ import annotations

import re
from pathlib import Path

from rakenskaper.sie import fields as F
from rakenskaper.sie.encoding import EncodingInfo
from rakenskaper.sie.labels import HEADER_LABELS
from rakenskaper.sie.model import ERROR, WARNING, FiscalYear, Violation, rule_violation
from rakenskaper.sie.scan import RECORD

_SIE_RECORD = re.compile(rb"(?m)^[ \t]*#[A-Z]")


def unreadable(path: Path, info: EncodingInfo) -> tuple[str, str] | None:
    """Why a file is not SIE text at all, or None: empty, blank, or UTF-16."""
    if info.size == 0:
        return "EMPTY_FILE", "the file is empty (0 bytes): no SIE records; was the export interrupted?"
    if info.utf16:
        return (
            "NOT_PC8_TEXT",
            "the file is UTF-16 encoded (a byte-order mark or NUL bytes between the characters); "
            "SIE4 files are PC8 (CP437) text: export the file again as SIE4",
        )
    with open(path, "rb") as fh:
        head = fh.read(1 << 16)
    if not head.strip() and info.size <= len(head):
        return "EMPTY_FILE", f"the file holds only blank lines ({info.size} bytes): no SIE records"
    if head.lstrip().startswith(b"<"):
        return (
            "NOT_SIE_TEXT",
            "the file is an HTML or XML document (e.g. a web server's error page saved in "
            "place of the export), not SIE text",
        )
    if not _SIE_RECORD.search(head):
        return "NOT_SIE_TEXT", "no SIE record (a line starting with #FLAGGA, #VER, …) in the file's first 64 KB"
    return None


SIE_TYPES = {"1": "year-end balances only", "2": "balances per period", "3": "balances per object"}
# header records whose fields are kept as they are: label → the header keys of its fields, in order
_FIELDS = {
    "FLAGGA": ("flagga",),
    "PROGRAM": ("program", "program_version"),
    "FNAMN": ("company_name",),
    "ORGNR": ("orgnr",),
    "ADRESS": ("address_contact", "address_street", "address_postal", "address_phone"),
    "KPTYP": ("chart_of_accounts_type",),
    "VALUTA": ("currency",),
}


def parse_header(con, lines_table: str, name: str, suffix: str = ".se"):
    """The few identification records and #RAR, in Python. The file must be an SIE 4E export (the whole
    fiscal year, vouchers and balances): a type 1–3 file or a 4I import file (``.si``) is an error, so it is
    never loaded and never replaces a loaded year."""
    rows = con.execute(
        f"SELECT line_no, text, regexp_extract(text, '^\\s*#(\\S+)', 1) AS label FROM {lines_table} "
        f"WHERE kind = {RECORD} AND label IN {HEADER_LABELS} ORDER BY line_no"
    ).fetchall()
    header: dict[str, object] = {}
    years: list[FiscalYear] = []
    violations: list[Violation] = []

    def bad(line: int, label: str, rule: str, message: str, severity: str = ERROR) -> None:
        violations.append(rule_violation(name, line, label, None, rule, message, severity))

    seen: set[str] = set()
    for line, text, label in rows:
        try:
            f = F.split_record(text)
        except F.FieldSyntaxError as exc:
            bad(line, label, "MALFORMED_RECORD", str(exc))
            continue
        vals = [x if isinstance(x, str) else None for x in f[1:]]
        if label in seen and label not in ("RAR", "KSUMMA"):
            bad(line, label, "DUPLICATE_RECORD", f"#{label} appears more than once; the first one counts", WARNING)
            continue
        seen.add(label)
        try:
            _header_record(label, vals, line, header, years, bad)
        except ValueError as exc:
            bad(line, label, "MALFORMED_RECORD", f"#{label}: {exc}")
    year0 = next((y for y in years if y.year_index == 0), None)
    if suffix == ".si":
        bad(
            None,
            "SIETYP",
            "SIE_4I",
            "named .si: an SIE 4I import file (vouchers for another system, without "  # type: ignore[arg-type]
            "the fiscal year's balances); the warehouse reads 4E exports (.se) of the whole year, so this file is "
            "not loaded and replaces no fiscal year",
        )
    if year0 is not None:
        header["fiscal_year_end"] = year0.end_date
    elif suffix != ".si":  # a 4I file has no fiscal year of its own: SIE_4I says why it is refused
        bad(None, "RAR", "MISSING_RAR0", "no #RAR 0 record: the file's fiscal year is unknown")  # type: ignore[arg-type]
    if "orgnr" not in header:
        bad(None, "ORGNR", "MISSING_ORGNR", "no #ORGNR record", WARNING)  # type: ignore[arg-type]
    years.sort(key=lambda y: -y.year_index)
    return header, years, violations


def _header_record(label: str, vals: list, line: int, header: dict, years: list[FiscalYear], bad) -> None:
    """One identification record into ``header`` (or #RAR into ``years``). Raises ValueError for a field
    that does not parse."""

    def get(i: int) -> str | None:
        return vals[i] if i < len(vals) else None

    if label in _FIELDS:
        header.update((key, get(i)) for i, key in enumerate(_FIELDS[label]))
    elif label == "FORMAT":
        header["file_format"] = get(0)
        if (get(0) or "").upper() != "PC8":
            bad(line, label, "FORMAT_NOT_PC8", f"#FORMAT {get(0)!r}: SIE4 files are PC8 (CP437)", WARNING)
    elif label == "GEN":
        header["generated_on"] = F.parse_date(get(0) or "")
        header["generated_by"] = get(1)
    elif label == "SIETYP":
        header["sie_type"] = get(0)
        if get(0) != "4":
            kind = SIE_TYPES.get(get(0) or "", "not a type this reader knows")
            bad(
                line,
                label,
                "NOT_SIE4",
                f"#SIETYP {get(0)!r}: an SIE type {get(0)} file ({kind}) has no "
                "vouchers; the warehouse reads type 4 exports, so this file is not loaded and replaces "
                "no fiscal year",
            )
    elif label == "RAR":
        index = int(get(0) or "x")
        start, end = F.parse_date(get(1) or ""), F.parse_date(get(2) or "")
        if end < start:
            raise ValueError(f"fiscal year ends {end} before it starts {start}")
        if any(y.year_index == index for y in years):
            bad(line, label, "DUPLICATE_RECORD", f"#RAR {index} appears more than once")
            return
        years.append(FiscalYear(index, start, end, line))
