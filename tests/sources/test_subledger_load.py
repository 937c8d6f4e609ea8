"""rakenskaper.subledgers: strict delimited files → raw tables with lineage; same file = no-op; a newer
file replaces its period in one transaction; bad files are rejected whole with file, line and reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from rakenskaper.sources.violations import SourceRejected
from rakenskaper.subledgers import (
    FORMATS,
    ensure_subledger_schema,
    extract_folder,
    load_subledgers,
)

FORECAST_HEADER = "forecast_date;fiscal_year;unit;line_code;amount"
INVESTMENTS_HEADER = "forecast_date;fiscal_year;project;project_name;budget;forecast"


def put(sources: Path, folder: str, name: str, lines: list[str], newline: str = "\n") -> Path:
    path = sources / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return path


def extract_and_load(tmp_path: Path, con, folder: str = "forecast") -> dict:
    extract_folder(tmp_path / "sources", folder, tmp_path / "landing", quarantine_dir=tmp_path / "quarantine")
    return load_subledgers(con, tmp_path / "landing")


def test_every_raw_table_exists_with_its_contract_columns_even_without_sources(tmp_path):
    con = duckdb.connect()
    load_subledgers(con, tmp_path / "no-landing")
    tables = {
        r[0]
        for r in con.execute("select table_name from information_schema.tables where table_schema = 'raw'").fetchall()
    }
    assert {
        "forecast_lines",
        "investment_forecasts",
        "payroll_lines",
        "internal_bank_statements",
        "provision_schedule_years",
        "subledger_files",
    } <= tables
    cols = con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'forecast_lines' order by ordinal_position"
    ).fetchall()
    assert cols == [
        ("forecast_date", "DATE"),
        ("fiscal_year", "INTEGER"),
        ("unit", "VARCHAR"),
        ("line_code", "VARCHAR"),
        ("amount", "DECIMAL(18,2)"),
        ("source_file_name", "VARCHAR"),
        ("source_file_sha256", "VARCHAR"),
        ("loaded_at", "TIMESTAMP"),
        ("line_no", "INTEGER"),
    ]
    payroll = [
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where "
            "table_schema = 'raw' and table_name = 'payroll_lines'"
        ).fetchall()
    ]
    assert "employee_key" in payroll and "personnummer" not in payroll and "employee_name" not in payroll
    assert all(con.execute(f"select count(*) from raw.{f.table}").fetchone()[0] == 0 for f in FORMATS)


def test_forecast_loads_exact_amounts_with_lineage_and_the_same_file_again_is_a_noop(tmp_path):
    sources = tmp_path / "sources"
    put(
        sources,
        "forecast",
        "forecast_2023-08-31.csv",
        [
            FORECAST_HEADER,
            "2023-08-31;2023;100;operating_revenue;1234567,89",
            "2023-08-31;2023;100;operating_costs;-0.10",
            "2023-08-31;2023;200;operating_costs;-5",
        ],
        newline="\r\n",
    )
    put(
        sources,
        "forecast",
        "investments_2023-08-31.csv",
        [INVESTMENTS_HEADER, "2023-08-31;2023;9001;Navet, utställning 2023;500000,00;480000,5"],
    )
    con = duckdb.connect()
    report = extract_and_load(tmp_path, con)
    assert [f["status"] for f in report["files"]] == ["loaded", "loaded"]
    rows = con.execute(
        "select unit, line_code, amount, source_file_name, line_no, length(source_file_sha256), "
        "loaded_at is not null from raw.forecast_lines order by line_no"
    ).fetchall()
    assert rows == [
        ("100", "operating_revenue", Decimal("1234567.89"), "forecast_2023-08-31.csv", 2, 64, True),
        ("100", "operating_costs", Decimal("-0.10"), "forecast_2023-08-31.csv", 3, 64, True),
        ("200", "operating_costs", Decimal("-5.00"), "forecast_2023-08-31.csv", 4, 64, True),
    ]
    assert con.execute(
        "select forecast_date, fiscal_year, project, project_name, budget, forecast from raw.investment_forecasts"
    ).fetchall() == [
        (date(2023, 8, 31), 2023, "9001", "Navet, utställning 2023", Decimal("500000.00"), Decimal("480000.50"))
    ]

    again = extract_and_load(tmp_path, con)
    assert [f["status"] for f in again["files"]] == ["skipped-same-sha", "skipped-same-sha"]
    assert con.execute("select count(*) from raw.forecast_lines").fetchone()[0] == 3


def test_a_newer_file_for_the_same_forecast_date_replaces_only_that_date(tmp_path):
    sources = tmp_path / "sources"
    put(sources, "forecast", "forecast_2023-04-30.csv", [FORECAST_HEADER, "2023-04-30;2023;100;operating_costs;-1"])
    put(
        sources,
        "forecast",
        "forecast_2023-08-31.csv",
        [FORECAST_HEADER, "2023-08-31;2023;100;operating_costs;-2", "2023-08-31;2023;200;operating_costs;-3"],
    )
    con = duckdb.connect()
    extract_and_load(tmp_path, con)
    put(sources, "forecast", "forecast_2023-08-31.csv", [FORECAST_HEADER, "2023-08-31;2023;100;operating_costs;-9"])
    report = extract_and_load(tmp_path, con)
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file["forecast_2023-08-31.csv"]["status"] == "replaced"
    assert by_file["forecast_2023-04-30.csv"]["status"] == "skipped-same-sha"
    assert con.execute("select forecast_date, unit, amount from raw.forecast_lines order by 1, 2").fetchall() == [
        (date(2023, 4, 30), "100", Decimal("-1.00")),
        (date(2023, 8, 31), "100", Decimal("-9.00")),
    ]
    assert con.execute("select count(*) from raw.subledger_files where source_format = 'forecast'").fetchone()[0] == 2


@pytest.mark.parametrize(
    "lines, line_no, reason",
    [
        ([FORECAST_HEADER, "2023-08-31;2023;100;operating_costs;-1,234"], 2, "at most 2 allowed"),
        ([FORECAST_HEADER, "2023-08-31;2023;100;operating_costs;1 000,00"], 2, "not a number"),
        ([FORECAST_HEADER, "2023-08-31;2023;100;operating_costs;1e3"], 2, "not a number"),
        ([FORECAST_HEADER, "2023-08-31;2023;100;operating_costs;"], 2, "empty, but required"),
        ([FORECAST_HEADER, "2023-02-30;2023;100;operating_costs;1"], 2, "no such date"),
        ([FORECAST_HEADER, "2023-08-31;23;100;operating_costs;1"], 2, "not a year"),
        ([FORECAST_HEADER, "2023-08-31;2023;100;operating_costs"], 2, "4 fields, the header has 5"),
        ([FORECAST_HEADER, "2023-08-31;2023;100;x;1", "2023-08-31;2023;100;x;2"], 3, "duplicate of line 2"),
        ([FORECAST_HEADER, "2023-07-31;2023;100;operating_costs;1"], 2, "differs from the file name"),
        ([FORECAST_HEADER, "2023-08-31;2023;100;x;1", "", "2023-08-31;2023;200;x;1"], 3, "empty line"),
        (["forecast_date;fiscal_year;unit;amount"], 1, "missing column(s): line_code"),
        (["forecast_date,fiscal_year,unit,line_code,amount"], 1, "`;`-separated"),
        ([FORECAST_HEADER], None, "no data rows"),
    ],
)
def test_a_bad_row_or_file_rejects_the_whole_folder_with_file_line_and_reason(tmp_path, lines, line_no, reason):
    sources = tmp_path / "sources"
    put(sources, "forecast", "forecast_2023-04-30.csv", [FORECAST_HEADER, "2023-04-30;2023;100;operating_costs;-1"])
    put(sources, "forecast", "forecast_2023-08-31.csv", lines)
    with pytest.raises(SourceRejected) as excinfo:
        extract_folder(sources, "forecast", tmp_path / "landing", quarantine_dir=tmp_path / "quarantine")
    message = str(excinfo.value)
    where = f"line {line_no}" if line_no else "file"
    assert f"forecast_2023-08-31.csv {where}" in message and reason in message, message
    assert "forecast_2023-04-30.csv" not in message
    quarantined = tmp_path / "quarantine"
    assert (quarantined / "forecast_2023-08-31.csv").read_bytes() == (
        sources / "forecast" / "forecast_2023-08-31.csv"
    ).read_bytes()
    reason_text = (quarantined / "forecast_2023-08-31.csv.reason.txt").read_text(encoding="utf-8")
    assert reason in reason_text and where in reason_text
    # nothing of the folder was landed, so nothing of it can load
    con = duckdb.connect()
    load_subledgers(con, tmp_path / "landing")
    assert con.execute("select count(*) from raw.forecast_lines").fetchone()[0] == 0


def test_not_utf8_and_unknown_file_names_are_rejected(tmp_path):
    sources = tmp_path / "sources"
    (sources / "forecast").mkdir(parents=True)
    (sources / "forecast" / "forecast_2023-08-31.csv").write_bytes(
        (FORECAST_HEADER + "\n2023-08-31;2023;100;Förbund;1\n").encode("cp1252")
    )
    (sources / "forecast" / "prognos_aug.csv").write_text(FORECAST_HEADER + "\n", encoding="utf-8")
    with pytest.raises(SourceRejected) as excinfo:
        extract_folder(sources, "forecast", tmp_path / "landing", quarantine_dir=tmp_path / "quarantine")
    message = str(excinfo.value)
    assert "forecast_2023-08-31.csv line 2: not UTF-8" in message
    assert "prognos_aug.csv file: file name fits no format of forecast/" in message


def test_a_utf8_bom_is_accepted(tmp_path):
    sources = tmp_path / "sources"
    path = put(sources, "forecast", "forecast_2023-08-31.csv", [FORECAST_HEADER, "2023-08-31;2023;100;x;1"])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    con = duckdb.connect()
    extract_and_load(tmp_path, con)
    assert con.execute("select count(*) from raw.forecast_lines").fetchone()[0] == 1


def test_raw_schema_creation_is_idempotent():
    con = duckdb.connect()
    ensure_subledger_schema(con)
    ensure_subledger_schema(con)
