"""The E20 co-financing agreement's history as a source file (note 20): contracts/provision_schedule.csv.

One row per contract year before the first loaded fiscal year (2014–2021): the amount at the 2013 price
level, the index adjustment and the payment, each the published tkr figure × 1000 (SEK, whole kronor). The
remaining debt they leave must be the provision's opening balance in the ledger (2290's #IB at 2022-01-01)
to the tkr as printed; the öre below the tkr are not in the printed schedule (the reference's check 430:
the printed rows of the whole schedule add up to one tkr less than the printed remaining debt).
"""

from __future__ import annotations

from rakenskaper.demo import targets as T
from rakenskaper.demo.forecast import sek
from rakenskaper.demo.solver import TKR, round_tkr

FILE = "contracts/provision_schedule.csv"
FIRST_LOADED_YEAR = 2022
PROVISION_ACCOUNT = "2290"


def agreement_rows() -> list[tuple[int, int, int, int]]:
    """(year, amount at 2013 prices, index adjustment, paid) in öre, for the years before the loaded books."""
    out = []
    for r in T.read("note20_e20_schedule.csv"):
        if r["year"].isdigit() and int(r["year"]) < FIRST_LOADED_YEAR:
            out.append(
                (int(r["year"]), T.num(r["prisniva_2013"]) * TKR, T.num(r["index"]) * TKR, T.num(r["betalt"]) * TKR)
            )
    return out


def problems(ib22: dict[str, int]) -> list[str]:
    """The agreement years' remaining debt against the provision's #IB (report sign), to the tkr."""
    rows = agreement_rows()
    remaining = sum(amount + index - paid for _, amount, index, paid in rows)
    provision = -ib22.get(PROVISION_ACCOUNT, 0)
    if round_tkr(remaining) != round_tkr(provision):
        return [
            f"E20 agreement years leave {sek(remaining)} SEK, the {PROVISION_ACCOUNT} #IB "
            f"{FIRST_LOADED_YEAR}-01-01 is {sek(provision)} SEK (tkr {round_tkr(remaining)} vs {round_tkr(provision)})"
        ]
    return []


def render() -> bytes:
    lines = ["year;amount_2013_prices;index_adjustment;paid"]
    for year, amount, index, paid in agreement_rows():
        lines.append(f"{year};{sek(amount)};{sek(index)};{sek(paid)}")
    return ("\n".join(lines) + "\n").encode("utf-8")
