"""Which files of a sources folder are read: hidden files are not sources, links out of the folder are refused,
and a warehouse folder whose name holds a quote still publishes (its paths reach SQL quoted)."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from rakenskaper import paths, pipeline
from rakenskaper.sources.files import SourceOutsideFolder, find_source_files
from rakenskaper.subledgers.extract import source_files as subledger_files


def test_hidden_files_are_not_sources_and_links_out_are_refused(tmp_path):
    sources = tmp_path / "sources"
    ledger = sources / "ledger"
    ledger.mkdir(parents=True)
    (ledger / "fy2024.se").write_bytes(b"#FLAGGA 0\n")
    (ledger / "FY2023.SI").write_bytes(b"#FLAGGA 0\n")
    (ledger / "._fy2024.se").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    (ledger / ".fy2024.se.swp").write_bytes(b"editor")
    (ledger / "notes.txt").write_text("not an export")
    inside = sources / "archive"
    inside.mkdir()
    (inside / "fy2022.se").write_bytes(b"#FLAGGA 0\n")
    (ledger / "fy2022.se").symlink_to(inside / "fy2022.se")  # a link within the sources folder is fine
    assert [p.name for p in find_source_files(ledger, ("*.se", "*.si"))] == ["FY2023.SI", "fy2022.se", "fy2024.se"]

    outside = tmp_path / "elsewhere.se"
    outside.write_bytes(b"#FLAGGA 0\n")
    (ledger / "fy2021.se").symlink_to(outside)
    with pytest.raises(SourceOutsideFolder, match="fy2021.se is a link to .*outside the sources folder"):
        find_source_files(ledger, ("*.se", "*.si"))

    payroll = sources / "payroll"
    payroll.mkdir()
    (payroll / "payroll_2024-01.csv").write_text("x")
    (payroll / "._payroll_2024-01.csv").write_bytes(b"\x00\x05")
    (payroll / "payroll_2024-02.csv").symlink_to(tmp_path / "elsewhere.se")
    with pytest.raises(SourceOutsideFolder):
        subledger_files(payroll)


def test_a_night_with_hidden_files_and_a_quote_in_the_warehouse_path_publishes(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir(), sources)
    (sources / "ledger" / "._export.se").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (sources / "payroll" / ".~lock.payroll_2023-08.csv#").write_text("lock")
    warehouse = tmp_path / "ekonomi's lager" / "rakenskaper.duckdb"

    outcome = pipeline.run(pipeline.Settings.from_env(sources=sources, warehouse=warehouse))

    assert outcome["gate"]["passed"]
    assert warehouse.is_file()
    loaded = {entry["file"] for entry in outcome["load"]["files"]}
    assert loaded and not any(name.startswith(".") for name in loaded)
    parquet = warehouse.parent / "parquet" / "marts.rpt_income_statement.parquet"
    con = duckdb.connect()
    try:
        (rows,) = con.execute("select count(*) from read_parquet(?)", [str(parquet)]).fetchone()
    finally:
        con.close()
    assert rows > 0
