"""The SIE content rules and the raw-shaped tables, for callers of the former module: see ``rules`` and
``tables``."""

from rakenskaper.sie.rules import ACCOUNT_DIGITS, ACCOUNT_DIGITS_ENV, MAX_PER_RULE, account_digits
from rakenskaper.sie.tables import POSTING_COLUMNS, VOUCHER_COLUMNS, Stage, TempTables, build_tables

__all__ = [
    "ACCOUNT_DIGITS",
    "ACCOUNT_DIGITS_ENV",
    "MAX_PER_RULE",
    "POSTING_COLUMNS",
    "VOUCHER_COLUMNS",
    "Stage",
    "TempTables",
    "account_digits",
    "build_tables",
]
