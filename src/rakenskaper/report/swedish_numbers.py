"""Amounts as the html pack prints them, the Swedish way: no-break spaces between thousands, a true minus
sign, a decimal comma."""

from __future__ import annotations

MINUS = "\u2212"
THIN_SPACE = "\u00a0"  # no-break space: Swedish thousands separator that never wraps


def swedish_number(value: object) -> str:
    """1234567 → '1 234 567', -5 → '−5' (no-break spaces, a true minus sign)."""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        text = f"{abs(value):,}".replace(",", THIN_SPACE)
        return f"{MINUS}{text}" if value < 0 else text
    return "" if value is None else str(value)


def kronor(value) -> str:
    """SEK with öre, Swedish style: 1 234,50."""
    text = f"{abs(float(value or 0)):,.2f}".replace(",", THIN_SPACE).replace(".", ",")
    return f"{MINUS}{text}" if (value or 0) < 0 else text
