"""The SIE4 reader: real exports parse and tie out; every broken rule is named with file, line and rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from rakenskaper.sie import read_sie
from rakenskaper.sie.fields import ksumma_fields, split_record
from rakenskaper.sie.ksumma import ksumma

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sie"
GOOD_SAMPLES = ["transaktioner_ovnbolag.se", "MAMUT_SIE4_EXPORT.SE", "BL0001_typ4.SE"]

HEADER = """#FLAGGA 0
#PROGRAM "Test" 1.0
#FORMAT PC8
#GEN 20250301
#SIETYP 4
#FNAMN "Sjuhärads kommunalförbund"
#ORGNR 222000-1230
#RAR 0 20250101 20251231
#RAR -1 20240101 20241231
#KONTO 1930 "Bank"
#KONTO 2440 "Leverantörsskulder"
#KONTO 5010 "Lokalhyra"
#DIM 1 "Verksamhet"
#DIM 8 "Kund"
#OBJEKT 1 100 "Kansli"
"""


def write(tmp_path: Path, text: str, name: str = "test.se", encoding: str = "cp437", newline: str = "\r\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def with_ksumma(body_lines: list[str], wrong: bool = False) -> str:
    """A file with an opening #KSUMMA after #FLAGGA and a closing one, computed with ksumma()."""
    crc = ksumma(ksumma_fields(line) for line in body_lines if line.strip() not in ("", "{", "}"))
    if wrong:
        crc ^= 1
    return "#FLAGGA 0\n#KSUMMA\n" + "\n".join(body_lines) + f"\n#KSUMMA {crc}\n"


def rules(sie) -> list[str]:
    return [v.rule for v in sie.violations]


def errors(sie) -> list[str]:
    return [v.rule for v in sie.errors]


@pytest.mark.parametrize("name", GOOD_SAMPLES)
def test_real_exports_parse_and_tie_to_their_own_ub_and_res(name):
    con = duckdb.connect()
    sie = read_sie(FIXTURES / name, con)
    assert sie.errors == [], [str(v) for v in sie.errors]
    assert sie.counts["vouchers"] > 50 and sie.counts["postings"] > 400
    assert sie.fiscal_year_start is not None
    # the tie-out, independently: IB + Σ TRANS = UB for every balance account of year 0
    t = sie.tables
    bad = con.execute(f"""
        WITH tr AS (SELECT account, sum(amount) AS moved FROM {t["postings"]} p JOIN {t["vouchers"]} v
                    USING (voucher_id) WHERE record_type = 'TRANS' AND v.voucher_date >= DATE '{sie.fiscal_year_start}'
                    GROUP BY account),
             b AS (SELECT account, sum(amount) FILTER (record_type = 'IB') AS ib,
                          sum(amount) FILTER (record_type = 'UB') AS ub FROM {t["balances"]}
                   WHERE year_index = 0 GROUP BY account)
        SELECT account FROM b FULL JOIN tr USING (account)
        WHERE left(account, 1) IN ('1', '2') AND coalesce(ib, 0) + coalesce(moved, 0) <> coalesce(ub, 0)
    """).fetchall()
    assert bad == []


def test_ovnbolag_details():
    con = duckdb.connect()
    sie = read_sie(FIXTURES / "transaktioner_ovnbolag.se", con)
    assert sie.header["company_name"] == "Övningsbolaget AB (Ekonomi 60)"
    assert sie.encoding == "cp437" and sie.ksumma_status == "absent"
    assert [(y.year_index, str(y.start_date)) for y in sie.fiscal_years] == [(0, "2011-01-01"), (-1, "2010-01-01")]
    row = con.execute(
        f"SELECT series, voucher_number, account, amount, transaction_date FROM {sie.tables['postings']} p "
        f"JOIN {sie.tables['vouchers']} v USING (voucher_id) WHERE p.line_no = 3907"
    ).fetchone()
    assert row == ("B", "1", "1910", Decimal("-128.00"), None)
    kinds = dict(
        con.execute(f"SELECT record_type, count(*) FROM {sie.tables['period_balances']} GROUP BY 1").fetchall()
    )
    assert kinds == {"PSALDO": 705, "PBUDGET": 1248}
    # balance rows carry the real fiscal-year dates of their year index
    years = con.execute(f"SELECT DISTINCT year_index, year_start FROM {sie.tables['balances']} ORDER BY 1").fetchall()
    assert years == [(-1, dt.date(2010, 1, 1)), (0, dt.date(2011, 1, 1))]


def test_bad_balance_is_rejected_naming_voucher_b1_and_its_line():
    sie = read_sie(FIXTURES / "transaktioner_ovnbolag-bad-balance.se")
    unbalanced = [v for v in sie.errors if v.rule == "UNBALANCED_VOUCHER"]
    assert len(unbalanced) == 1
    v = unbalanced[0]
    assert (v.file, v.line_no, v.record_type, v.voucher) == (
        "transaktioner_ovnbolag-bad-balance.se",
        3905,
        "VER",
        "B 1",
    )
    assert "-12771.00" in v.message
    assert "LEDGER_DOES_NOT_TIE" in errors(sie)


def test_bl0001_rtrans_btrans_are_kept_but_do_not_count():
    con = duckdb.connect()
    sie = read_sie(FIXTURES / "BL0001_typ4.SE", con)
    assert sie.errors == []
    audit = con.execute(
        f"SELECT record_type, count(*) FROM {sie.tables['postings']} WHERE record_type <> 'TRANS' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert audit == [("BTRANS", 3), ("RTRANS", 6)]
    assert sie.counts["postings"] == 405 and sie.counts["audit_rows"] == 9
    # { "1" "1"} with a space after the brace and quoted dimension
    objects = con.execute(f"SELECT objects FROM {sie.tables['postings']} WHERE line_no = 625").fetchone()[0]
    assert objects == {"1": "1100", "6": "1118"}
    other = con.execute(f"SELECT record_type FROM {sie.tables['other_records']} ORDER BY line_no").fetchall()
    assert ("FTYP",) in other and ("ENHET",) in other


def test_mamut_tabs_and_quoted_format():
    con = duckdb.connect()
    sie = read_sie(FIXTURES / "MAMUT_SIE4_EXPORT.SE", con)
    assert sie.header["file_format"] == "PC8"
    row = con.execute(
        f"SELECT series, voucher_number, objects, amount, posting_text FROM {sie.tables['postings']} p "
        f"JOIN {sie.tables['vouchers']} v USING (voucher_id) WHERE p.line_no = 1758"
    ).fetchone()
    assert row == (
        "1",
        "1",
        {"8": "30083", "1": "2", "10": "12"},
        Decimal("376313.00"),
        "30083 Svenska Mässan i Göteborg, 12",
    )


VOUCHER = """#VER A 1 20250115 "Hyra januari" 20250116
{
#TRANS 5010 {1 "100"} 1000.00
#TRANS 2440 {} -1000.00
}
"""


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_utf8_and_latin1_files_decode_with_a_warning(tmp_path, encoding):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER, encoding=encoding))
    assert sie.encoding == encoding
    assert sie.header["company_name"] == "Sjuhärads kommunalförbund"
    assert [v.rule for v in sie.warnings] == ["ENCODING_FALLBACK"]
    assert sie.errors == []


def test_cp437_is_the_default_without_warning(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER, newline="\n"))
    assert (sie.encoding, sie.encoding_warning, sie.violations) == ("cp437", None, [])


def test_quoting_escapes_tabs_and_object_lists(tmp_path):
    body = HEADER + (
        '#VER\t"A"  2\t20250120 "Faktura \\"Borås\\" AB"\n{\n'
        '\t#TRANS  5010\t{1 "100" 8 "Borås stad"}  250.50  20250121 "Text med  två mellanslag" 2.5 "sign"\n'
        '#TRANS 2440 { "1" "100"} -200.50\n'
        '#TRANS 1930 {} -50.00 "" ""\n'
        "}\n\n"
    )
    con = duckdb.connect()
    sie = read_sie(write(tmp_path, body), con)
    assert sie.errors == [], [str(v) for v in sie.errors]
    rows = con.execute(
        f"SELECT series, voucher_number, account, objects, amount, transaction_date, posting_text, "
        f"quantity, p.signature FROM {sie.tables['postings']} p "
        f"JOIN {sie.tables['vouchers']} v USING (voucher_id) ORDER BY row_no"
    ).fetchall()
    assert rows == [
        (
            "A",
            "2",
            "5010",
            {"1": "100", "8": "Borås stad"},
            Decimal("250.50"),
            dt.date(2025, 1, 21),
            "Text med  två mellanslag",
            Decimal("2.5000"),
            "sign",
        ),
        ("A", "2", "2440", {"1": "100"}, Decimal("-200.50"), None, None, None, None),
        ("A", "2", "1930", {}, Decimal("-50.00"), None, None, None, None),
    ]
    text = con.execute(f"SELECT voucher_text FROM {sie.tables['vouchers']}").fetchone()[0]
    assert text == 'Faktura "Borås" AB'
    assert split_record('#VER "A" 1 20250101 "a \\"b\\"" {1 "x y" 8 z}') == [
        "#VER",
        "A",
        "1",
        "20250101",
        'a "b"',
        ["1", "x y", "8", "z"],
    ]


def test_ksumma_verified(tmp_path):
    lines = (HEADER.replace("#FLAGGA 0\n", "") + VOUCHER).strip().split("\n")
    sie = read_sie(write(tmp_path, with_ksumma(lines)))
    assert sie.ksumma_status == "verified"
    assert sie.errors == []


def test_ksumma_wrong_is_an_error(tmp_path):
    lines = (HEADER.replace("#FLAGGA 0\n", "") + VOUCHER).strip().split("\n")
    sie = read_sie(write(tmp_path, with_ksumma(lines, wrong=True)))
    assert sie.ksumma_status == "mismatch"
    assert errors(sie) == ["KSUMMA_MISMATCH"]


def test_ksumma_detects_a_changed_amount(tmp_path):
    lines = (HEADER.replace("#FLAGGA 0\n", "") + VOUCHER).strip().split("\n")
    text = with_ksumma(lines).replace("1000.00", "1000.10").replace("-1000.00", "-1000.10")
    sie = read_sie(write(tmp_path, text))
    assert errors(sie) == ["KSUMMA_MISMATCH"]


def test_unknown_records_are_kept_never_fatal(tmp_path):
    con = duckdb.connect()
    sie = read_sie(write(tmp_path, HEADER + '#PROSA "Fritext"\n#NYPOST 1 2 3\n' + VOUCHER), con)
    assert sie.errors == []
    rows = con.execute(
        f"SELECT record_type, record_text FROM {sie.tables['other_records']} ORDER BY line_no"
    ).fetchall()
    assert rows == [("PROSA", '"Fritext"'), ("NYPOST", "1 2 3")]


def test_rtrans_btrans_not_counted_in_balance(tmp_path):
    body = (
        HEADER
        + """#VER A 1 20250115 "Rättad"
{
#TRANS 5010 {} 1000.00
#BTRANS 5010 {} 900.00 20250120 "" "" "Anna"
#RTRANS 2440 {} -1000.00 20250120 "" "" "Anna"
#TRANS 2440 {} -1000.00
}
"""
    )
    sie = read_sie(write(tmp_path, body))
    assert sie.errors == []
    assert sie.counts["postings"] == 2 and sie.counts["audit_rows"] == 2


def test_amount_with_three_decimals_is_rejected_not_rounded(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER.replace("1000.00", "1000.005")))
    assert "AMOUNT_PRECISION" in errors(sie)
    v = next(v for v in sie.errors if v.rule == "AMOUNT_PRECISION")
    assert (v.line_no, v.record_type, v.voucher) == (18, "TRANS", "A 1")
    # trailing zeros are not a third decimal
    assert read_sie(write(tmp_path, HEADER + VOUCHER.replace("1000.00", "1000.000"), "z.se")).errors == []


def test_bad_amount_and_bad_date(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER.replace("-1000.00", "-1000,00").replace("20250115", "20250230")))
    assert {"BAD_AMOUNT", "BAD_DATE"} <= set(errors(sie))  # the NULL amount also unbalances the voucher


def test_trans_outside_ver_is_rejected_with_its_line(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER + "#TRANS 1930 {} 5.00\n"))
    v = next(v for v in sie.errors if v.rule == "TRANS_OUTSIDE_VOUCHER")
    assert v.line_no == 21 and v.record_type == "TRANS"


def test_unclosed_block_is_rejected(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER.replace("}\n", "")))
    assert "UNCLOSED_BLOCK" in errors(sie)


def test_undeclared_account_is_listed(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER.replace("5010", "5011") + "#IB 0 1931 5.00\n"))
    undeclared = [v for v in sie.violations if v.rule == "UNDECLARED_ACCOUNT"]
    assert sorted(v.message.split()[1] for v in undeclared) == ["1931", "5011"]
    assert all(v.severity == "error" for v in undeclared)


def test_duplicate_dimension_in_object_list(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER.replace('{1 "100"}', '{1 "100" 1 "200"}')))
    assert errors(sie) == ["DUPLICATE_DIMENSION"]


def test_missing_rar0_is_an_error(tmp_path):
    sie = read_sie(write(tmp_path, HEADER.replace("#RAR 0 20250101 20251231\n", "") + VOUCHER))
    assert "MISSING_RAR0" in errors(sie)


def test_voucher_date_outside_the_fiscal_years(tmp_path):
    sie = read_sie(write(tmp_path, HEADER + VOUCHER.replace("20250115", "20230115")))
    assert errors(sie) == ["DATE_OUTSIDE_FISCAL_YEARS"]


def test_ledger_must_tie_to_ub(tmp_path):
    body = HEADER + "#IB 0 1930 100.00\n#UB 0 1930 50.00\n" + VOUCHER.replace("2440", "1930")
    sie = read_sie(write(tmp_path, body))
    v = next(v for v in sie.errors if v.rule == "LEDGER_DOES_NOT_TIE")
    assert "1930" in v.message and v.record_type == "UB"


@pytest.mark.parametrize("name", ["BL0001_typ4.SE", "MAMUT_SIE4_EXPORT.SE"])
def test_chunk_boundaries_change_nothing(monkeypatch, name, tmp_path):
    """Vouchers cut across chunks keep their series, row numbers, block checks and checksum."""
    import rakenskaper.sie.reader as reader

    def snapshot(sie, con):
        return {key: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for key, table in sie.tables.items()}

    con = duckdb.connect()
    whole = read_sie(FIXTURES / name, con)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 2039)  # cuts vouchers in the middle, ~20 chunks
    small = read_sie(FIXTURES / name, con)
    assert snapshot(small, con) == snapshot(whole, con)
    assert [str(v) for v in small.violations] == [str(v) for v in whole.violations]

    lines = (HEADER.replace("#FLAGGA 0\n", "") + VOUCHER * 3).strip().split("\n")
    assert read_sie(write(tmp_path, with_ksumma(lines))).ksumma_status == "verified"
    broken = read_sie(write(tmp_path, HEADER + VOUCHER + VOUCHER.replace("}\n", "") + VOUCHER, "b.se"))
    assert [v.rule for v in broken.errors] == ["UNCLOSED_BLOCK"]


def test_utf8_with_byte_order_mark(tmp_path):
    path = tmp_path / "bom.se"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + VOUCHER).encode("utf-8"))
    sie = read_sie(path)
    assert sie.encoding == "utf-8" and sie.errors == []
    assert sie.header["flagga"] == "0"


def test_rules_on_totals_are_the_same_whatever_the_chunks(monkeypatch, tmp_path):
    """The voucher balance, the tie to #UB/#RES, undeclared accounts and dates come from totals gathered
    chunk by chunk: a voucher cut across chunks is judged whole."""
    import rakenskaper.sie.line_scanner as line_scanner
    import rakenskaper.sie.reader as reader

    bad = '#VER A 9 20250120 "Fel"\n{\n#TRANS 5010 {} 100.00\n#TRANS 1930 {} -99.00\n#TRANS 9999 {} 0.50 20260101\n}\n'
    body = HEADER + "#UB 0 1930 7.00\n#RES 0 5010 1.00\n" + VOUCHER * 40 + bad + VOUCHER * 40
    path = write(tmp_path, body)
    whole = read_sie(path)
    monkeypatch.setattr(reader, "CHUNK_SIZE", 97)  # a few lines per chunk
    monkeypatch.setattr(line_scanner, "TOTALS_COMPACT_ROWS", 1)  # the running totals re-summed after every chunk
    small = read_sie(path)
    rules = sorted(v.rule for v in whole.errors)
    # ties broken: 1930 and 2440 (#UB), 5010 and the undeclared 9999 (#RES)
    assert rules == ["DATE_OUTSIDE_FISCAL_YEARS"] + ["LEDGER_DOES_NOT_TIE"] * 4 + [
        "UNBALANCED_VOUCHER",
        "UNDECLARED_ACCOUNT",
    ], [str(v) for v in whole.errors]
    assert [str(v) for v in small.violations] == [str(v) for v in whole.violations]
    unbalanced = next(v for v in whole.errors if v.rule == "UNBALANCED_VOUCHER")
    assert unbalanced.voucher == "A 9" and "1.50" in unbalanced.message
    outside = next(v for v in whole.errors if v.rule == "DATE_OUTSIDE_FISCAL_YEARS")
    assert outside.voucher == "A 9" and "2026-01-01" in outside.message
