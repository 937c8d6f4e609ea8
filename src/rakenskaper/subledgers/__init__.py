"""The sources besides the ledger: forecast, investment forecast, payroll, the internal-bank statement and
the contract years of a scheduled provision.

One strict reader for our delimited files (``reader``), their formats as data (``formats``),
pseudonymisation of payroll at extract (``pseudonym``), extract of a source folder into the landing area
(``extract``) and the raw tables with lineage and replace-by-period semantics (``load``). Each folder is an
entry of the source registry (``rakenskaper.sources``).

The names below are imported from their modules when first used, so that importing one module of the
package (``formats``, say) does not import the others.
"""

from importlib import import_module

_WHERE = {
    "FOLDERS": "formats",
    "FORMATS": "formats",
    "SourceFormat": "formats",
    "MissingPseudonymKey": "pseudonym",
    "employee_key": "pseudonym",
    "resolve_key": "pseudonym",
    "extract_folder": "extract",
    "ensure_subledger_schema": "load",
    "load_subledgers": "load",
    "read_source_file": "reader",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(f"rakenskaper.subledgers.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
