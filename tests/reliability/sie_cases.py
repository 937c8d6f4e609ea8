"""Our own SIE files for the cases the public Sie4j library tests (its file names say what each case is; its
files are GPL-3.0 and are not copied): each case is a change to one small, valid SIE 4E export, with the
outcome the warehouse must give and why. Used by test_sie_corpus.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

BASE = """#FLAGGA 0
#PROGRAM "Räkenskaper test" 1.0
#FORMAT PC8
#GEN 20250301
#SIETYP 4
#ORGNR 212000-0001
#FNAMN "Testkommun"
#RAR 0 20240101 20241231
#RAR -1 20230101 20231231
#TAXAR 2025
#KPTYP KOMMUNBAS
#KONTO 1930 "Bank"
#KONTO 3010 "Försäljning"
#SRU 1930 7281
#DIM 1 "Verksamhet"
#OBJEKT 1 100 "Kansli"
#IB 0 1930 500.00
#UB 0 1930 1500.00
#RES 0 3010 -1000.00
#PSALDO 0 202401 3010 {} -1000.00
#VER A 1 20240115 "Försäljning" 20240116
{
#TRANS 1930 {} 1000.00
#TRANS 3010 {1 "100"} -1000.00
}
"""


def replace(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new)

    return change


@dataclass(frozen=True)
class Case:
    name: str  # after Sie4j's file name where there is one
    change: Callable[[str], str]
    errors: tuple[str, ...]  # the error rules the reader must give (none: the file is accepted)
    why: str
    encoding: str = "cp437"
    suffix: str = ".se"


CASES = [
    Case("valid_4e_export", lambda t: t, (), "the base file: a complete 4E export that ties"),
    Case(
        "erroneous_leap_year",
        replace("20240115", "20230229"),
        ("BAD_DATE", "LEDGER_DOES_NOT_TIE"),
        "2023 has no 29 February (and a voucher without a date explains no #UB)",
    ),
    Case(
        "non_numeric_account_number",
        replace('#KONTO 1930 "Bank"', '#KONTO 19AF "Bank"\n#KONTO 1930 "Bank"'),
        ("BAD_ACCOUNT",),
        "a Kommun-Bas account is a number",
    ),
    Case(
        "8_digit_account_number",
        replace('#KONTO 1930 "Bank"', '#KONTO 19301111 "Bank"\n#KONTO 1930 "Bank"'),
        ("BAD_ACCOUNT",),
        "accounts have 4–6 digits (sub-accounts included)",
    ),
    Case(
        "empty_voucher",
        replace('#TRANS 1930 {} 1000.00\n#TRANS 3010 {1 "100"} -1000.00\n', ""),
        ("LEDGER_DOES_NOT_TIE",),
        "a voucher without rows books nothing, so the file's #UB/#RES no longer tie",
    ),
    Case(
        "missing_voucher_date",
        replace('#VER A 1 20240115 "Försäljning" 20240116', '#VER A 1 "" "Försäljning"'),
        ("BAD_DATE", "LEDGER_DOES_NOT_TIE"),
        "a voucher needs its date",
    ),
    Case(
        "erroneous_voucher_date",
        replace("20240115", "20241315"),
        ("BAD_DATE", "LEDGER_DOES_NOT_TIE"),
        "there is no month 13",
    ),
    Case(
        "iso_voucher_date",
        replace("20240115", "2024-01-15"),
        ("BAD_DATE", "LEDGER_DOES_NOT_TIE"),
        "SIE dates are YYYYMMDD",
    ),
    Case(
        "missing_voucher_series",
        replace("#VER A 1 20240115", "#VER 1 20240115"),
        ("LEDGER_DOES_NOT_TIE", "MISSING_SERIES"),
        "the number stands where the series should be: the date is read as the number",
    ),
    Case(
        "imbalanced_voucher",
        replace("#TRANS 1930 {} 1000.00", "#TRANS 1930 {} 1000.01"),
        ("LEDGER_DOES_NOT_TIE", "UNBALANCED_VOUCHER"),
        "debit ≠ credit by one öre (and the bank no longer ties)",
    ),
    Case(
        "faulty_transaction",
        replace("#TRANS 1930 {} 1000.00", "#TRANS 1930 {} tusen"),
        ("BAD_AMOUNT", "LEDGER_DOES_NOT_TIE", "UNBALANCED_VOUCHER"),
        "an amount must be a number",
    ),
    Case(
        "missing_account_numbers",
        replace('#KONTO 3010 "Försäljning"\n', ""),
        ("UNDECLARED_ACCOUNT",),
        "every account used must be declared by #KONTO",
    ),
    Case(
        "missing_account_balance",
        replace("#UB 0 1930 1500.00\n", ""),
        (),
        "a missing #UB is not a contradiction: the ledger is summed from the vouchers",
    ),
    Case("missing_company_name", replace('#FNAMN "Testkommun"\n', ""), (), "the name is taken from the profile"),
    Case("missing_sru_code", replace("#SRU 1930 7281\n", ""), (), "SRU codes are for tax returns, not used here"),
    Case("unparseable_taxar", replace("#TAXAR 2025", "#TAXAR tjugofemton"), (), "#TAXAR is not used"),
    Case(
        "with_12_digit_cid",
        replace("#ORGNR 212000-0001", "#ORGNR 16212000-0001"),
        (),
        "an organisation number with the century prefix 16 is still the same number",
    ),
    Case(
        "missing_program_version",
        replace('#PROGRAM "Räkenskaper test" 1.0', '#PROGRAM "Räkenskaper test"'),
        (),
        "the version is informative",
    ),
    Case(
        "long_voucher_series_number",
        replace("#VER A 1 ", "#VER LONGSERIES 1234567890 "),
        (),
        "series and numbers are codes of any length",
    ),
    Case(
        "quotes_test",
        replace('"Försäljning" 20240116', '"Försäljning \\"kiosk\\"" 20240116'),
        (),
        "escaped quotes inside a text",
    ),
    Case(
        "psaldo_without_object_list",
        replace("#PSALDO 0 202401 3010 {} -1000.00", "#PSALDO 0 202401 3010 -1000.00"),
        (),
        "exporters that keep no objects leave the empty object list out",
    ),
    Case("block_brace_with_trailing_blanks", replace("{\n#TRANS", "{  \n#TRANS"), (), "blanks after { are blanks"),
    Case("ISO_8859_15", lambda t: t, (), "decoded as Latin-1, with an ENCODING_FALLBACK warning", encoding="latin-1"),
    Case("UTF_8", lambda t: t, (), "decoded as UTF-8, with an ENCODING_FALLBACK warning", encoding="utf-8"),
    Case("UTF_16", lambda t: t, ("NOT_PC8_TEXT",), "not PC8 text at all", encoding="utf-16"),
    Case("empty_file", lambda t: "", ("EMPTY_FILE",), "an interrupted export"),
    Case(
        "truncated_mid_voucher",
        lambda t: t[: t.index("#TRANS 3010")],
        ("LEDGER_DOES_NOT_TIE", "UNBALANCED_VOUCHER", "UNCLOSED_BLOCK"),
        "the transfer stopped inside a voucher",
    ),
    Case("sie_type_1", replace("#SIETYP 4", "#SIETYP 1"), ("NOT_SIE4",), "type 1 never replaces a 4E year"),
    Case("sie_4i_import_file", lambda t: t, ("SIE_4I",), "a .si import file never replaces a 4E year", suffix=".si"),
]
