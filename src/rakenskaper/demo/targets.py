"""The published figures (copies of the reference CSVs in the checkout's ``demo/published/``) as the
generator's targets."""

from __future__ import annotations

import csv
from functools import cache

from rakenskaper import paths
from rakenskaper.demo.design import design_table

PUBLISHED = paths.demo_published_dir()

# The units, one row each in units.csv (design data): the unit code in the reference, the dim-1 object
# code in the ledger, the unit's name and the note that shows it.
_UNIT_ROWS = design_table("units.csv")
UNIT_CODES = {unit["reference_code"]: unit["object_code"] for unit in _UNIT_ROWS}
UNITS = list(UNIT_CODES.values())
UNIT_NAMES = {unit["object_code"]: unit["name"] for unit in _UNIT_ROWS}
NOTE_OF_UNIT = {unit["object_code"]: int(unit["note_no"]) for unit in _UNIT_ROWS}

MUNICIPALITIES = {
    "Bollebygd": "1443",
    "Borås": "1490",
    "Herrljunga": "1466",
    "Mark": "1463",
    "Svenljunga": "1465",
    "Tranemo": "1452",
    "Ulricehamn": "1491",
    "Varberg": "1383",
    "Vårgårda": "1442",
}


@cache
def read(name: str) -> list[dict[str, str]]:
    with open(PUBLISHED / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(s: str) -> int:
    return int(s) if s not in ("", None) else 0


def unit_statement() -> dict[str, dict[str, dict[str, int]]]:
    """unit code → line label → column → tkr."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for r in read("income_statement_by_unit.csv"):
        u = UNIT_CODES[r["unit"]]
        label = r["line"]
        if label.startswith(("Förbundsbidrag", "Medlemsavgifter")):
            label = "contrib"
        out.setdefault(u, {})[label] = {
            k: num(r[k]) for k in ("periodiserat_2201_2208", "utfall_2301_2308", "periodiserat_2301_2308")
        }
    return out


def total_statement() -> dict[str, dict[str, int]]:
    return {
        r["line"]: {k: num(v) for k, v in r.items() if k not in ("line", "note")}
        for r in read("income_statement_total.csv")
    }


def summary_statement() -> dict[str, dict[str, int]]:
    return {r["line"]: {k: num(v) for k, v in r.items() if k != "line"} for r in read("income_statement_summary.csv")}


def balance_sheet() -> dict[str, dict[str, int]]:
    return {
        r["line"]: {k: num(r[k]) for k in ("at_2022_08_31", "at_2022_12_31", "at_2023_08_31")}
        for r in read("balance_sheet.csv")
    }


def notes() -> dict[tuple[str, str], dict[str, int]]:
    return {
        (r["note_no"], r["row_label"]): {k: num(r[k]) for k in ("col_2201_2208", "col_2201_2212", "col_2301_2308")}
        for r in read("notes.csv")
    }


def note_rows(note_no: int) -> list[tuple[str, dict[str, int]]]:
    return [
        (r["row_label"], {k: num(r[k]) for k in ("col_2201_2208", "col_2201_2212", "col_2301_2308")})
        for r in read("notes.csv")
        if r["note_no"] == str(note_no)
    ]


def cash_flow() -> dict[str, dict[str, int]]:
    out = {}
    for r in read("cash_flow.csv"):
        if r["line"] and r["col_2201_2208"] != "":
            out[r["line"]] = {k: num(r[k]) for k in ("col_2201_2208", "col_2201_2212", "col_2301_2308")}
    return out
