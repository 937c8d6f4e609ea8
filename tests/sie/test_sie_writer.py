"""The SIE4 writer (rakenskaper.sie.writer) on its own: quoting, object lists, amounts, #KSUMMA; and what it
writes the reader reads back whole, with the checksum verified."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from rakenskaper.sie import read_sie
from rakenskaper.sie.ksumma import ksumma
from rakenskaper.sie.writer import Quoted, SieWriter, amount, format_field, format_record, quote


def test_fields_are_written_bare_quoted_or_as_object_lists():
    assert format_field("1930") == ("1930", ["1930"])
    assert format_field("två ord") == ('"två ord"', ["två ord"])
    assert format_field("") == ('""', [""])
    assert format_field(Quoted("Bank")) == ('"Bank"', ["Bank"])
    assert format_field('säger "hej"') == ('"säger \\"hej\\""', ['säger "hej"'])
    assert format_field([("1", "100"), ("8", "1490")]) == ('{1 "100" 8 "1490"}', ["1", "100", "8", "1490"])
    # a dict is written in dimension order, numerically
    assert format_field({"10": "x", "2": "y"})[0] == '{2 "y" 10 "x"}'
    assert format_record("TRANS", ["1930", {}, "-12.50"]) == ("TRANS 1930 {} -12.50", ["TRANS", "1930", "-12.50"])


def test_text_sie_cannot_hold_is_refused():
    with pytest.raises(ValueError, match="backslash"):
        quote("a\\b")
    with pytest.raises(ValueError, match="line break"):
        quote("rad ett\nrad två")


@pytest.mark.parametrize(
    ("ore", "text"), [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123450, "1234.50"), (-100, "-1.00")]
)
def test_amounts_are_written_from_ore_with_two_decimals(ore, text):
    assert amount(ore) == text


def test_the_checksum_covers_the_records_between_the_ksumma_lines():
    writer = SieWriter()
    writer.head("#FLAGGA", "0")
    writer.record("#KONTO", "1930", Quoted("Bank"))
    writer.raw("{", [])
    lines = writer.lines()
    assert lines[0] == "#FLAGGA 0" and lines[1] == "#KSUMMA" and lines[-2] == "{"
    assert lines[-1] == f"#KSUMMA {ksumma([['#KONTO', '1930', 'Bank']])}"
    assert writer.text().endswith("\r\n") and '\r\n#KONTO 1930 "Bank"\r\n' in writer.text()
    assert SieWriter(with_ksumma=False).lines() == []
    writer.record("#FNAMN", Quoted("Smörgås ☃"))  # not in CP437
    with pytest.raises(UnicodeEncodeError):
        writer.to_bytes()


def test_what_the_writer_writes_the_reader_reads_with_the_checksum_verified(tmp_path):
    writer = SieWriter()
    writer.head("#FLAGGA", "0")
    writer.record("#PROGRAM", Quoted("Test"), "1")
    writer.record("#FORMAT", "PC8")
    writer.record("#GEN", "20250301")
    writer.record("#SIETYP", "4")
    writer.record("#FNAMN", Quoted("Förbundet Öst"))
    writer.record("#ORGNR", "222000-1230")
    writer.record("#RAR", "0", "20240101", "20241231")
    writer.record("#KONTO", "1930", Quoted("Bank"))
    writer.record("#KONTO", "3010", Quoted("Försäljning"))
    writer.record("#DIM", "1", Quoted("Enhet"))
    writer.record("#OBJEKT", "1", "100", Quoted("Kansli"))
    writer.record("#IB", "0", "1930", amount(0))
    writer.record("#UB", "0", "1930", amount(12550))
    writer.record("#RES", "0", "3010", amount(-12550))
    writer.record("#VER", "A", "1", "20240315", Quoted('Faktura "7"'))
    writer.raw("{", [])
    writer.record("#TRANS", "1930", {}, amount(12550))
    writer.record("#TRANS", "3010", [("1", "100")], amount(-12550))
    writer.raw("}", [])
    path = tmp_path / "fy2024.se"
    writer.write(path)

    con = duckdb.connect()
    sie = read_sie(path, con)
    assert sie.violations == [] and sie.ksumma_status == "verified"
    assert sie.header["company_name"] == "Förbundet Öst" and sie.orgnr == "222000-1230"
    assert sie.counts["vouchers"] == 1 and sie.counts["postings"] == 2
    assert con.execute(f"SELECT series, voucher_number, voucher_text FROM {sie.tables['vouchers']}").fetchall() == [
        ("A", "1", 'Faktura "7"')
    ]
    postings = con.execute(
        f"SELECT account, map_keys(objects), map_values(objects), amount FROM {sie.tables['postings']} ORDER BY row_no"
    ).fetchall()
    assert postings == [("1930", [], [], Decimal("125.50")), ("3010", ["1"], ["100"], Decimal("-125.50"))]
