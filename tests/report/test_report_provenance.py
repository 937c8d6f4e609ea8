"""The report pack says what it is built on — the "Underlag" line from the warehouse's publish log — in every
format and on stdout; it says when the warehouse is stale, and that the provenance is unknown when the
warehouse has no publish log (published by an older version)."""

from __future__ import annotations

import csv
import re
import shutil
from datetime import UTC, date, datetime, timedelta

import duckdb
import openpyxl
import pytest

from rakenskaper import cli
from rakenskaper.report.csv_pack import PROVENANCE_FILE
from rakenskaper.report.provenance import STALE_AFTER, Provenance, age_text, provenance_line
from rakenskaper.report.xlsx import PROVENANCE_ROW

PUBLISHED = datetime(2023, 9, 13, 0, 14, tzinfo=UTC)  # 02:14 in Stockholm (summer time)
DEMO = Provenance("cli-x", PUBLISHED, date(2023, 8, 31), date(2023, 9, 12))
FRESH = "Underlag: SIE-export 2023-09-12 (bokföring t.o.m. 2023-08-31), publicerad 2023-09-13 02:14"
# what the demo warehouse says, up to its (today's) publish time
DEMO_LINE = "Underlag: SIE-export 2023-09-12 (bokföring t.o.m. 2023-08-31), publicerad "


def test_a_fresh_warehouse():
    line = provenance_line(DEMO, now=PUBLISHED + timedelta(hours=10))
    assert (line.text, line.warning) == (FRESH, False)


def test_a_stale_warehouse_says_how_stale():
    assert provenance_line(DEMO, now=PUBLISHED + STALE_AFTER).warning is False  # at the limit: not yet
    late = provenance_line(DEMO, now=PUBLISHED + timedelta(hours=40))
    assert late.warning and late.text == f"{FRESH} – lagret är 40 timmar gammalt"
    assert provenance_line(DEMO, now=PUBLISHED + timedelta(days=3, hours=5)).text.endswith("– lagret är 3 dygn gammalt")
    assert [age_text(timedelta(hours=h)) for h in (37, 47, 48, 73)] == ["37 timmar", "47 timmar", "2 dygn", "3 dygn"]


def test_no_publish_log_or_missing_parts_say_unknown():
    unknown = provenance_line(None)
    assert unknown.warning and unknown.text.startswith("Underlag: okänt")
    partial = provenance_line(Provenance("x", PUBLISHED, None, None), now=PUBLISHED)
    assert partial.text == "Underlag: SIE-export okänt (bokföring t.o.m. okänt), publicerad 2023-09-13 02:14"


def _report(warehouse, fmt, out, capsys):
    assert (
        cli.main(["report", "--period", "2023-08", "--format", fmt, "--out", str(out), "--warehouse", str(warehouse)])
        == 0
    )
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def demo_warehouse(demo_run):
    return demo_run[0].warehouse_path


def test_report_prints_the_line_and_html_shows_it_under_the_title(demo_warehouse, tmp_path, capsys):
    stdout = _report(demo_warehouse, "html", tmp_path, capsys)
    assert stdout[0].startswith(DEMO_LINE)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", stdout[0].removeprefix(DEMO_LINE))
    page = (tmp_path / "rakenskaper_2023-08.html").read_text(encoding="utf-8")
    assert f'</h1>\n<p class="provenance" id="provenance">{stdout[0]}</p>' in page


def test_xlsx_shows_the_line_under_every_title_and_as_its_description(demo_warehouse, tmp_path, capsys):
    line = _report(demo_warehouse, "xlsx", tmp_path, capsys)[0]
    book = openpyxl.load_workbook(tmp_path / "rakenskaper_2023-08.xlsx")
    assert {sheet.cell(PROVENANCE_ROW, 1).value for sheet in book.worksheets} == {line}
    assert book.properties.description == line
    book.close()


def test_csv_pack_has_the_line_beside_the_tables_not_in_them(demo_warehouse, tmp_path, capsys):
    stdout = _report(demo_warehouse, "csv", tmp_path, capsys)
    assert (tmp_path / PROVENANCE_FILE).read_text(encoding="utf-8") == stdout[0] + "\n"
    assert str(tmp_path / PROVENANCE_FILE) in stdout
    for table in tmp_path.glob("*.csv"):
        with table.open(encoding="utf-8", newline="") as handle:
            assert not any("Underlag" in cell for row in csv.reader(handle) for cell in row)


def _altered_copy(demo_warehouse, tmp_path, sql):
    copy = tmp_path / "warehouse" / "rakenskaper.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(demo_warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute(sql)
    con.close()
    return copy


def test_a_stale_warehouse_says_so_in_the_report(demo_warehouse, tmp_path, capsys):
    stale = _altered_copy(
        demo_warehouse, tmp_path, "update meta.publish_log set finished_at = now() - interval 3 days - interval 2 hours"
    )
    line = _report(stale, "html", tmp_path / "out", capsys)[0]
    assert line.startswith(DEMO_LINE) and line.endswith(" – lagret är 3 dygn gammalt")
    page = (tmp_path / "out" / "rakenskaper_2023-08.html").read_text(encoding="utf-8")
    assert f'<p class="provenance warning" id="provenance">{line}</p>' in page


def test_a_warehouse_without_a_publish_log_still_reports_and_says_the_provenance_is_unknown(
    demo_warehouse, tmp_path, capsys
):
    older = _altered_copy(demo_warehouse, tmp_path, "drop schema meta cascade")
    stdout = _report(older, "csv", tmp_path / "out", capsys)
    assert stdout[0].startswith("Underlag: okänt")
    assert (tmp_path / "out" / PROVENANCE_FILE).read_text(encoding="utf-8").startswith("Underlag: okänt")
    assert (tmp_path / "out" / "balance_sheet.csv").exists()
