"""What tests share that is not a fixture: where things are, and small mutations of the demo sources."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

# the demo's 2023 ledger: the file the failure tests mutate
DEMO_LEDGER_2023 = "brsk_2023.se"


def published_reference_dir() -> Path:
    """The published report's tables (tkr, as printed), kept with the demo generator as its targets."""
    return REPO / "demo" / "published"


def unbalance_first_voucher(data: bytes) -> bytes:
    """The first #TRANS of the ledger one krona off: its voucher no longer balances."""
    import re

    match = re.search(rb"(?m)^(\s*#TRANS \S+ \{[^}]*\} )(-?\d+\.\d\d)", data)
    changed = f"{float(match.group(2)) + 1:.2f}".encode()
    return data[: match.start(2)] + changed + data[match.end(2) :]
