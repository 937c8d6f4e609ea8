"""Budget 2023 (#PBUDGET) by unit × account × month. Placeholder until the fidelity pass."""

from __future__ import annotations


def budget_rows() -> list[tuple[str, str, str, int]]:
    return []
