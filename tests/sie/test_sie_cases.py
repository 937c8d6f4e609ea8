"""SIE cases a reader meets in real exports (after the cases of the public SIE test libraries; our own files):
records without an optional object list, a block's brace with trailing blanks, account numbers that are not
numbers of the chart."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from rakenskaper.sie import read_sie

HEADER = """#FLAGGA 0
#PROGRAM "Test" 1.0
#FORMAT PC8
#GEN 20250301
#SIETYP 4
#FNAMN "Testkommun"
#ORGNR 212000-0001
#RAR 0 20250101 20251231
#KONTO 1930 "Bank"
#KONTO 3010 "Försäljning"
#DIM 1 "Verksamhet"
#OBJEKT 1 100 "Kansli"
"""
VOUCHER = """#VER A 1 20250115 "Försäljning"
{
#TRANS 1930 {} 1000.00
#TRANS 3010 {1 "100"} -1000.00
}
"""


def write(tmp_path: Path, text: str, name: str = "case.se") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("cp437"))
    return path


def test_period_balances_without_an_object_list_are_read_as_having_none(tmp_path):
    body = (
        HEADER
        + VOUCHER
        + """#PBUDGET 0 202501 3010 -12000.00
#PSALDO 0 202501 3010 -1000.00 2
#PSALDO 0 202501 3010 {1 "100"} -1000.00
"""
    )
    con = duckdb.connect()
    sie = read_sie(write(tmp_path, body), con)
    assert sie.errors == []
    rows = con.execute(
        f"select record_type, account, cardinality(objects), amount, quantity "
        f"from {sie.tables['period_balances']} order by line_no"
    ).fetchall()
    assert [(r[0], r[1], r[2], str(r[3]), None if r[4] is None else str(r[4])) for r in rows] == [
        ("PBUDGET", "3010", 0, "-12000.00", None),
        ("PSALDO", "3010", 0, "-1000.00", "2.0000"),
        ("PSALDO", "3010", 1, "-1000.00", None),
    ]
    # a record that is still malformed without its object list is named as such
    broken = read_sie(write(tmp_path, HEADER + VOUCHER + "#PBUDGET 0 202501 3010 -12000.00 1 2\n", "b.se"))
    assert [v.rule for v in broken.errors] == ["MALFORMED_RECORD"]


def test_a_block_brace_with_trailing_blanks_opens_the_block(tmp_path):
    body = HEADER + VOUCHER.replace("{\n", "{ \t \n")
    sie = read_sie(write(tmp_path, body))
    assert sie.errors == []
    assert sie.counts["vouchers"] == 1 and sie.counts["postings"] == 2


def test_account_numbers_that_are_not_numbers_of_the_chart_are_rejected(tmp_path):
    body = HEADER + '#KONTO 11AF "Bokstäver"\n#KONTO 11100111 "Åtta siffror"\n#KONTO 19301 "Underkonto"\n' + VOUCHER
    sie = read_sie(write(tmp_path, body))
    bad = [v for v in sie.errors if v.rule == "BAD_ACCOUNT"]
    assert [(v.line_no, v.record_type) for v in bad] == [(13, "KONTO"), (14, "KONTO")]
    assert "'11AF' is not a number of 4–6 digits" in bad[0].message
    assert [v.rule for v in sie.errors] == ["BAD_ACCOUNT", "BAD_ACCOUNT"]  # the sub-account 19301 is fine


def test_a_type_1_file_is_refused_so_it_never_replaces_a_year(tmp_path):
    body = HEADER.replace("#SIETYP 4", "#SIETYP 1") + "#UB 0 1930 5000.00\n"
    sie = read_sie(write(tmp_path, body))
    (refusal,) = [v for v in sie.errors if v.rule == "NOT_SIE4"]
    assert refusal.line_no == 5
    assert "type 1 file (year-end balances only)" in refusal.message
    assert "replaces no fiscal year" in refusal.message


def test_a_4i_import_file_is_refused_with_its_own_reason(tmp_path):
    body = HEADER.replace("#RAR 0 20250101 20251231\n", "") + VOUCHER
    sie = read_sie(write(tmp_path, body, "import.SI"))
    assert [v.rule for v in sie.errors] == ["SIE_4I"]  # not "no #RAR 0 record"
    assert "4I import file" in sie.errors[0].message and "replaces no fiscal year" in sie.errors[0].message
    # the same vouchers named .se are an export without its fiscal year
    assert "MISSING_RAR0" in [v.rule for v in read_sie(write(tmp_path, body, "export.se")).errors]


def test_an_empty_and_a_blank_file_say_they_are_empty(tmp_path):
    empty = tmp_path / "empty.se"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.se"
    blank.write_bytes(b"\r\n  \r\n")
    for path, expected in ((empty, "the file is empty (0 bytes)"), (blank, "only blank lines")):
        sie = read_sie(path)
        assert [v.rule for v in sie.errors] == ["EMPTY_FILE"], path
        assert expected in sie.errors[0].message


def test_a_utf16_file_is_one_clear_error_not_a_line_per_nul(tmp_path):
    text = HEADER + VOUCHER
    for encoding in ("utf-16", "utf-16-le"):  # with and without a byte-order mark
        path = tmp_path / f"{encoding}.se"
        path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
        sie = read_sie(path)
        assert [v.rule for v in sie.errors] == ["NOT_PC8_TEXT"], encoding
        assert "UTF-16" in sie.errors[0].message and "\x00" not in sie.errors[0].message


def test_the_encoding_warning_reaches_the_run_log(tmp_path, caplog):
    import logging

    from rakenskaper import pipeline

    ledger = tmp_path / "sources" / "ledger"
    ledger.mkdir(parents=True)
    text = HEADER + "#UB 0 1930 1000.00\n#RES 0 3010 -1000.00\n" + VOUCHER
    (ledger / "utf8.se").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    settings = pipeline.Settings.from_env(
        sources=tmp_path / "sources", warehouse=tmp_path / "warehouse" / "rakenskaper.duckdb"
    )
    with caplog.at_level(logging.WARNING, logger="rakenskaper"):
        pipeline.extract_ledger(settings)
    assert any(r.levelno == logging.WARNING and "UTF-8, not CP437" in r.getMessage() for r in caplog.records)


def test_an_sru_code_for_an_undeclared_account_is_named(tmp_path):
    body = HEADER + "#SRU 1930 7281\n#SRU 1931 7281\n" + VOUCHER
    sie = read_sie(write(tmp_path, body))
    (undeclared,) = [v for v in sie.errors if v.rule == "UNDECLARED_ACCOUNT"]
    assert (undeclared.line_no, undeclared.record_type) == (14, "SRU")
    assert "account 1931" in undeclared.message


def test_the_account_length_the_chart_allows_is_configurable(tmp_path, monkeypatch):
    body = HEADER + '#KONTO 19301111 "Åtta siffror"\n' + VOUCHER
    assert [v.rule for v in read_sie(write(tmp_path, body)).errors] == ["BAD_ACCOUNT"]
    monkeypatch.setenv("RAKENSKAPER_ACCOUNT_DIGITS", "4-8")  # a chart with longer sub-accounts
    assert read_sie(write(tmp_path, body, "long.se")).errors == []
    monkeypatch.setenv("RAKENSKAPER_ACCOUNT_DIGITS", "fyra")
    with pytest.raises(ValueError, match="RAKENSKAPER_ACCOUNT_DIGITS='fyra': write MIN-MAX"):
        read_sie(write(tmp_path, body, "bad.se"))
