"""The SIE4 writer (rakenskaper.sie.writer): what it writes, field by field (quoting, object lists, amounts,
#KSUMMA), and whole files read back by the reader (fields, object lists, quotes, Swedish letters, the checksum
verified)."""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from rakenskaper.sie import read_sie
from rakenskaper.sie.ksumma import ksumma
from rakenskaper.sie.writer import Quoted, SieWriter, amount, format_field, format_record, quote

# --- fields and records -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "elements"),
    [
        ("1930", "1930", ["1930"]),
        ("-12.50", "-12.50", ["-12.50"]),
        ("två ord", '"två ord"', ["två ord"]),  # a space: quoted
        ("", '""', [""]),  # empty: quoted
        ('a"b', '"a\\"b"', ['a"b']),  # a quote: quoted, escaped
        ("{x}", '"{x}"', ["{x}"]),  # braces: quoted
        (Quoted("Bank"), '"Bank"', ["Bank"]),  # Quoted: always quoted
        ([("1", "100"), ("8", "Borås")], '{1 "100" 8 "Borås"}', ["1", "100", "8", "Borås"]),
        ([], "{}", []),
        ({"8": "7", "1": "100", "10": "x"}, '{1 "100" 8 "7" 10 "x"}', ["1", "100", "8", "7", "10", "x"]),
        ('säger "hej"', '"säger \\"hej\\""', ['säger "hej"']),
        ([("1", "100"), ("8", "1490")], '{1 "100" 8 "1490"}', ["1", "100", "8", "1490"]),
        # a dict is written in dimension order, numerically
        ({"10": "x", "2": "y"}, '{2 "y" 10 "x"}', ["2", "y", "10", "x"]),
    ],
)
def test_format_field(field, text, elements):
    assert format_field(field) == (text, elements)


def test_format_record_joins_fields_and_flattens_object_lists():
    line, flat = format_record("#TRANS", ["1930", [("1", "100")], "-5.00", Quoted("")])
    assert line == '#TRANS 1930 {1 "100"} -5.00 ""'
    assert flat == ["#TRANS", "1930", "1", "100", "-5.00", ""]
    assert format_record("TRANS", ["1930", {}, "-12.50"]) == ("TRANS 1930 {} -12.50", ["TRANS", "1930", "-12.50"])


@pytest.mark.parametrize(
    ("text", "match"),
    [("a\\b", "backslash"), ("rad ett\nrad två", "line break"), ("rad 1\nrad 2", "line break"), ("cr\r", "line break")],
)
def test_quote_refuses_what_sie_cannot_carry(text, match):
    with pytest.raises(ValueError, match=match):
        quote(text)


@pytest.mark.parametrize(
    ("ore", "text"),
    [(0, "0.00"), (5, "0.05"), (-5, "-0.05"), (123450, "1234.50"), (123456, "1234.56"), (-100, "-1.00")],
)
def test_amounts_are_written_from_ore_with_two_decimals(ore, text):
    assert amount(ore) == text


def test_lines_put_the_header_before_the_opening_ksumma_and_the_crc_last():
    w = SieWriter()
    w.head("#FLAGGA", "0")
    w.record("#FORMAT", "PC8")
    w.raw("{", [])
    w.record("#TRANS", "1930", [], "1.00")
    w.raw("}", [])
    crc = zlib.crc32(b"#TRANS19301.00", zlib.crc32(b"#FORMATPC8"))
    assert w.lines() == ["#FLAGGA 0", "#KSUMMA", "#FORMAT PC8", "{", "#TRANS 1930 {} 1.00", "}", f"#KSUMMA {crc}"]
    assert w.text() == "\r\n".join(w.lines()) + "\r\n"
    plain = SieWriter(with_ksumma=False)
    plain.head("#FLAGGA", "0")
    plain.record("#FORMAT", "PC8")
    assert plain.lines() == ["#FLAGGA 0", "#FORMAT PC8"]


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


def test_bytes_are_cp437_and_a_character_outside_it_is_an_error():
    w = SieWriter(with_ksumma=False)
    w.record("#FNAMN", Quoted("Sjuhärads"))
    assert w.to_bytes() == '#FNAMN "Sjuhärads"\r\n'.encode("cp437")
    assert b"\x84" in w.to_bytes()  # ä in CP437
    w.record("#FNAMN", Quoted("€"))
    with pytest.raises(UnicodeEncodeError):
        w.to_bytes()


# --- round trip through the reader ----------------------------------------------------------------------------


def written(records, with_ksumma: bool = True) -> SieWriter:
    """A writer holding #FLAGGA 0 and then `records`: a tag with its fields, or a voucher's lone brace."""
    w = SieWriter(with_ksumma=with_ksumma)
    w.head("#FLAGGA", "0")
    for tag, *fields in records:
        if tag in ("{", "}"):
            w.raw(tag, [])
        else:
            w.record(tag, *fields)
    return w


def identification(program: tuple, generated: tuple, company: str, year: int) -> list[tuple]:
    """The records that name a SIE4 file (of organisation 222000-1230): the program, the format, when and by whom
    it was made, the type, the company, and the fiscal year `year`."""
    return [
        ("#PROGRAM", *program),
        ("#FORMAT", "PC8"),
        ("#GEN", *generated),
        ("#SIETYP", "4"),
        ("#FNAMN", Quoted(company)),
        ("#ORGNR", "222000-1230"),
        ("#RAR", "0", f"{year}0101", f"{year}1231"),
    ]


LEDGER = [
    *identification(
        (Quoted("Räkenskaper test"), "1.0"), ("20260115", Quoted("test")), 'Sjuhärads "kommunalförbund"', 2025
    ),
    ("#KONTO", "1930", Quoted("Företagskonto")),
    ("#KONTO", "3010", Quoted("Förbundsbidrag")),
    ("#DIM", "1", Quoted("Verksamhet")),
    ("#DIM", "8", Quoted("Motpart")),
    ("#OBJEKT", "1", Quoted("100"), Quoted("Kansli Åsboholm")),
    ("#OBJEKT", "8", Quoted("7"), Quoted("Ölands kommun")),
    ("#IB", "0", "1930", amount(100_000)),
    ("#UB", "0", "1930", amount(100_000 + 12_345)),
    ("#RES", "0", "3010", amount(-12_345)),
    ("#VER", "A", "1", "20250115", Quoted('Faktura "Ölands" nr 7'), "20250116"),
    ("{",),
    ("#TRANS", "1930", [], amount(12_345)),
    ("#TRANS", "3010", {"8": "7", "1": "100"}, amount(-12_345), "20250114", Quoted("Bidrag Q1")),
    ("}",),
]


def ledger(with_ksumma: bool = True) -> SieWriter:
    return written(LEDGER, with_ksumma)


def read(path: Path):
    con = duckdb.connect()
    return con, read_sie(path, con)


def test_a_written_file_reads_back_with_a_verified_checksum(tmp_path):
    path = tmp_path / "ledger.se"
    ledger().write(path)
    con, sie = read(path)
    assert sie.errors == [], [str(v) for v in sie.errors]
    assert sie.warnings == [], [str(v) for v in sie.warnings]
    assert sie.encoding == "cp437"
    assert sie.ksumma_status == "verified"
    assert sie.header["company_name"] == 'Sjuhärads "kommunalförbund"'
    assert sie.header["orgnr"] == "222000-1230"
    assert sie.header["generated_on"] == dt.date(2026, 1, 15)
    assert sie.fiscal_year_start == dt.date(2025, 1, 1)
    counts = {k: sie.counts[k] for k in ("vouchers", "postings", "audit_rows", "accounts", "balances", "objects")}
    assert counts == {"vouchers": 1, "postings": 2, "audit_rows": 0, "accounts": 2, "balances": 3, "objects": 2}
    t = sie.tables
    voucher = con.execute(
        f"SELECT series, voucher_number, voucher_date, voucher_text, registered_on FROM {t['vouchers']}"
    ).fetchall()
    assert voucher == [("A", "1", dt.date(2025, 1, 15), 'Faktura "Ölands" nr 7', dt.date(2025, 1, 16))]
    postings = con.execute(
        f"SELECT account, objects, amount, transaction_date, posting_text FROM {t['postings']} ORDER BY row_no"
    ).fetchall()
    assert postings == [
        ("1930", {}, Decimal("123.45"), None, None),
        ("3010", {"1": "100", "8": "7"}, Decimal("-123.45"), dt.date(2025, 1, 14), "Bidrag Q1"),
    ]


def test_a_written_file_without_ksumma_reads_back_as_absent(tmp_path):
    path = tmp_path / "ledger.se"
    ledger(with_ksumma=False).write(path)
    _, sie = read(path)
    assert sie.errors == [] and sie.ksumma_status == "absent"
    assert sie.counts["postings"] == 2


def test_a_byte_changed_after_writing_breaks_the_checksum(tmp_path):
    path = tmp_path / "ledger.se"
    data = ledger().to_bytes()
    assert data.count(b"Bidrag Q1") == 1
    path.write_bytes(data.replace(b"Bidrag Q1", b"Bidrag Q2"))
    _, sie = read(path)
    assert sie.ksumma_status == "mismatch"
    assert sie.errors != []


def test_what_the_writer_writes_the_reader_reads_with_the_checksum_verified(tmp_path):
    writer = written(
        [
            *identification((Quoted("Test"), "1"), ("20250301",), "Förbundet Öst", 2024),
            ("#KONTO", "1930", Quoted("Bank")),
            ("#KONTO", "3010", Quoted("Försäljning")),
            ("#DIM", "1", Quoted("Enhet")),
            ("#OBJEKT", "1", "100", Quoted("Kansli")),
            ("#IB", "0", "1930", amount(0)),
            ("#UB", "0", "1930", amount(12550)),
            ("#RES", "0", "3010", amount(-12550)),
            ("#VER", "A", "1", "20240315", Quoted('Faktura "7"')),
            ("{",),
            ("#TRANS", "1930", {}, amount(12550)),
            ("#TRANS", "3010", [("1", "100")], amount(-12550)),
            ("}",),
        ]
    )
    path = tmp_path / "fy2024.se"
    writer.write(path)
    con, sie = read(path)
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
