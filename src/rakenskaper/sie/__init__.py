"""SIE4: strict, streaming reader (``read_sie``), validation, #KSUMMA."""

from rakenskaper.sie.model import ERROR, WARNING, FiscalYear, SieFile, Violation
from rakenskaper.sie.reader import read_sie

__all__ = ["ERROR", "WARNING", "FiscalYear", "SieFile", "Violation", "read_sie"]
