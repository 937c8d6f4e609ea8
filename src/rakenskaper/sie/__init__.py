"""SIE4: strict, streaming reader (``read_sie``), validation, #KSUMMA."""

from rakenskaper.sie.model import ERROR, WARNING, FiscalYear, SieFile, Violation

__all__ = ["ERROR", "WARNING", "FiscalYear", "SieFile", "Violation", "read_sie"]


def __getattr__(name: str):
    # The reader compiles (or loads from numba's cache) its tokeniser on import, about 1.5 s: only when a
    # file is actually read, not when a night finds nothing new in the ledger.
    if name == "read_sie":
        from rakenskaper.sie.reader import read_sie

        return read_sie
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
