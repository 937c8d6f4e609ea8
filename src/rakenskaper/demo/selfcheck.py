"""Recompute the published figures from the generated vouchers (with the seeds' account mapping) and
compare them with the targets in the checkout's ``demo/published/``: the statements (check_statements.py) and
the notes (check_notes.py), each figure by recompute.Checker; the generator writes nothing if one fails."""

from __future__ import annotations

from rakenskaper.demo import check_notes, check_statements
from rakenskaper.demo.recompute import Checker

# the budget is checked once the generator has made its #PBUDGET rows (budget.py)
check_budget = check_statements.budget


def check_published(ib22: dict[str, int], vouchers) -> Checker:
    """Every published figure of the statements and notes, recomputed from the vouchers and compared."""
    chk = Checker(ib22, vouchers)
    check_statements.income_statement(chk)
    check_statements.balance_sheet(chk)
    check_notes.contribution_notes(chk)
    check_notes.account_notes(chk)
    check_notes.operating_notes(chk)
    return chk
