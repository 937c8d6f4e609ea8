"""Nothing particular to one entity is in the product: the first customer's names live only in the demo
(the generator in src/rakenskaper/demo/, its data in the repository's demo/: the entity profile under
demo/sources/), never in seeds/, the dbt project or the package's code."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIRST_CUSTOMER = re.compile(
    r"boråsregionen|borås|boras|\be20\b|_e20|e20_|\bvgr\b|\bdrum\b|navet|sjuhärad|närvård|"
    r"förbundskansli|mediapoolen|gryning vård",
    re.IGNORECASE,
)
SCANNED = (
    "seeds",
    "dbt_project/models",
    "dbt_project/tests",
    "dbt_project/macros",
    "dbt_project/dbt_project.yml",
    "src/rakenskaper",
)
KNOWN: set[str] = set()  # no exception: the report pack's unit codes and published file names are the demo's


def product_files() -> list[Path]:
    files = []
    for entry in SCANNED:
        root = REPO / entry
        candidates = [root] if root.is_file() else root.rglob("*")
        for path in candidates:
            relative = path.relative_to(REPO).as_posix()
            if (
                path.is_file()
                and "__pycache__" not in relative
                and not relative.startswith("src/rakenskaper/demo/")
                and path.suffix in (".py", ".sql", ".yml", ".csv", ".toml", ".md", ".json")
                and relative not in KNOWN
            ):
                files.append(path)
    return files


def test_the_scan_covers_the_product():
    names = {p.relative_to(REPO).as_posix() for p in product_files()}
    assert {
        "seeds/note_rows.csv",
        "seeds/report_lines.csv",
        "dbt_project/models/marts/rpt_notes.sql",
        "src/rakenskaper/entity.py",
        "src/rakenskaper/entity_values.py",
        "src/rakenskaper/sources/entity.py",
        "src/rakenskaper/subledgers/formats.py",
    } <= names
    assert not any(n.startswith("src/rakenskaper/demo/") for n in names)
    assert FIRST_CUSTOMER.search("Fordringar hos Borås Stad") and FIRST_CUSTOMER.search("rpt_note20_e20_schedule")


def test_no_first_customer_name_in_seeds_sql_or_code():
    hits = []
    for path in product_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FIRST_CUSTOMER.search(line):
                hits.append(f"{path.relative_to(REPO)}:{number}: {line.strip()[:100]}")
    assert hits == []
