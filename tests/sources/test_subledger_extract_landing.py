"""The delimited sources' landing writer (rakenskaper.subledgers.extract): what extract lands is the typed
rows of the landing contract (the raw table's own columns, file name, sha256, line), pseudonymised, with a
manifest; load reads only that."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from rakenskaper.sources.raw_schema import DELIMITED_TABLES
from rakenskaper.subledgers import extract_folder, load_subledgers
from rakenskaper.subledgers.formats import FORECAST, PAYROLL
from rakenskaper.subledgers.pseudonym import employee_key

FORECAST_HEADER = "forecast_date;fiscal_year;unit;line_code;amount"
PAYROLL_HEADER = (
    "pay_period;payment_date;personnummer;employee_name;unit;pay_item;pay_item_name;account;quantity;amount"
)
KEY = "k" * 20


def put(sources: Path, folder: str, name: str, text: str) -> Path:
    path = sources / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_lands_as_typed_rows_of_the_landing_contract_with_a_manifest(tmp_path):
    sources, landing = tmp_path / "sources", tmp_path / "landing"
    path = put(
        sources,
        "forecast",
        "forecast_2023-08-31.csv",
        f"{FORECAST_HEADER}\n2023-08-31;2023;100;operating_costs;-1234,50\n2023-08-31;2023;200;revenue;99.5\n",
    )
    summary = extract_folder(sources, "forecast", landing)

    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    entry = {
        "file": "forecast_2023-08-31.csv",
        "format": "forecast",
        "sha256": sha,
        "periods": ["2023-08-31"],
        "rows": 2,
        "landed": "forecast_2023-08-31.parquet",
    }
    assert summary == {"folder": "forecast", "present": True, "files": [entry]}
    assert json.loads((landing / "forecast" / "manifest.json").read_text(encoding="utf-8")) == [entry]
    landed = pq.read_table(landing / "forecast" / "forecast_2023-08-31.parquet")
    own = [name for name, _ in DELIMITED_TABLES[FORECAST.table].own]
    assert landed.column_names == [*own, "source_file_name", "source_file_sha256", "line_no"]
    assert landed.column_names == [name for name, _ in DELIMITED_TABLES[FORECAST.table].landing]
    assert landed.schema.field("amount").type == pa.decimal128(18, 2)
    assert landed.schema.field("forecast_date").type == pa.date32()
    assert landed.to_pylist() == [
        {
            "forecast_date": date(2023, 8, 31),
            "fiscal_year": 2023,
            "unit": "100",
            "line_code": "operating_costs",
            "amount": Decimal("-1234.50"),
            "source_file_name": "forecast_2023-08-31.csv",
            "source_file_sha256": sha,
            "line_no": 2,
        },
        {
            "forecast_date": date(2023, 8, 31),
            "fiscal_year": 2023,
            "unit": "200",
            "line_code": "revenue",
            "amount": Decimal("99.50"),
            "source_file_name": "forecast_2023-08-31.csv",
            "source_file_sha256": sha,
            "line_no": 3,
        },
    ]

    # load reads the landing, not the source folder: the file may change or go after extract
    path.unlink()
    con = duckdb.connect()
    load_subledgers(con, landing, folders=["forecast"])
    assert con.execute("SELECT unit, amount, line_no FROM raw.forecast_lines ORDER BY line_no").fetchall() == [
        ("100", Decimal("-1234.50"), 2),
        ("200", Decimal("99.50"), 3),
    ]


def test_payroll_lands_pseudonymised_and_nothing_personal_reaches_the_landing(tmp_path):
    sources, landing = tmp_path / "sources", tmp_path / "landing"
    put(
        sources,
        "payroll",
        "payroll_2023-08.csv",
        f"{PAYROLL_HEADER}\n2023-08;2023-08-25;19561009-9938;Fredrik Nilsson;100;1100;Månadslön;5010;1,00;44382,50\n",
    )
    extract_folder(sources, "payroll", landing, pseudonym_key=KEY)
    landed = pq.read_table(landing / "payroll" / "payroll_2023-08.parquet")
    assert "personnummer" not in landed.column_names and "employee_name" not in landed.column_names
    assert landed.column_names[: len(PAYROLL.stored_columns)] == [name for name, _ in PAYROLL.stored_columns]
    [row] = landed.to_pylist()
    assert row["employee_key"] == employee_key("19561009-9938", KEY) != "19561009-9938"
    everything = b"".join(p.read_bytes() for p in (landing / "payroll").iterdir())
    assert b"19561009" not in everything and b"Nilsson" not in everything


def test_extract_lands_afresh_and_an_absent_folder_lands_nothing(tmp_path):
    sources, landing = tmp_path / "sources", tmp_path / "landing"
    put(sources, "forecast", "forecast_2023-08-31.csv", f"{FORECAST_HEADER}\n2023-08-31;2023;100;x;1\n")
    extract_folder(sources, "forecast", landing)
    (sources / "forecast" / "forecast_2023-08-31.csv").unlink()
    put(sources, "forecast", "forecast_2023-09-30.csv", f"{FORECAST_HEADER}\n2023-09-30;2023;100;x;2\n")
    extract_folder(sources, "forecast", landing)
    assert sorted(p.name for p in (landing / "forecast").iterdir()) == ["forecast_2023-09-30.parquet", "manifest.json"]

    summary = extract_folder(sources, "contracts", landing)
    assert summary == {"folder": "contracts", "present": False, "files": []}
    assert json.loads((landing / "contracts" / "manifest.json").read_text(encoding="utf-8")) == []
