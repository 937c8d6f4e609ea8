"""The sources besides the ledger: forecast, investment forecast, payroll, the internal-bank statement and
the contract years of a scheduled provision.

One strict reader for our delimited files (``reader``), their formats as data (``formats``),
pseudonymisation of payroll at extract (``pseudonym``), extract of a source folder into the landing area
(``extract``) and the raw tables with lineage and replace-by-period semantics (``load``).
"""

from rakenskaper.subledgers.extract import SubledgerFileRejected, extract_folder
from rakenskaper.subledgers.formats import FOLDERS, FORMATS, SourceFormat
from rakenskaper.subledgers.load import ensure_subledger_schema, load_subledgers
from rakenskaper.subledgers.pseudonym import MissingPseudonymKey, employee_key, resolve_key
from rakenskaper.subledgers.reader import Violation, read_source_file

__all__ = [
    "FOLDERS",
    "FORMATS",
    "MissingPseudonymKey",
    "SourceFormat",
    "SubledgerFileRejected",
    "Violation",
    "employee_key",
    "ensure_subledger_schema",
    "extract_folder",
    "load_subledgers",
    "read_source_file",
    "resolve_key",
]
