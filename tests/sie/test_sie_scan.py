"""The SIE tokeniser (rakenskaper.sie.scan and its numba kernels) on hand-written byte strings: fields,
flags, kinds, numbers, object lists, #KSUMMA bytes, chunking and the reuse of its scratch arrays."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from rakenskaper.sie import scan_kernel as kernel
from rakenskaper.sie.scan import (
    BLANK,
    CLOSE,
    GARBAGE,
    MAX_FIELDS,
    OPEN,
    POST,
    RECORD,
    ST_ABSENT,
    ST_BAD,
    ST_OK,
    ST_PRECISION,
    VER,
    ChunkScan,
    Scratch,
    date_array,
    decimal_array,
    iter_chunks,
    scan_chunk,
)
from rakenskaper.sie.scan_numbers import parse_date, parse_decimal


def scan(text: str, encoding: str = "cp437", scratch: Scratch | None = None) -> ChunkScan:
    return scan_chunk(text.encode(encoding), encoding, scratch)


def fields(c: ChunkScan, line: int) -> list[str]:
    """Every recorded field of one line, decoded and unescaped."""
    rows = np.array([line])
    return [c.field(rows, k)[0].as_py() for k in range(min(int(c.n_fields[line]), MAX_FIELDS))]


def days(y: int, m: int, d: int) -> int:
    return (date(y, m, d) - date(1970, 1, 1)).days


def objects(c: ChunkScan, line: int) -> list[tuple[str, str]]:
    return c.objects_of(np.array([line]))[0].as_py()


# --- lines, kinds and fields ------------------------------------------------------------------------------


def test_a_voucher_block_with_crlf():
    c = scan('#VER A 12 20250115 "Hyra lokal" 20250116\r\n{\r\n   #TRANS 5010 {} 1250.00\r\n}\r\n')
    assert c.n_lines == 4
    assert list(c.kind) == [VER, OPEN, POST, CLOSE]
    assert list(c.flags) == [0, 0, 0, 0]
    assert list(c.n_fields) == [6, 1, 4, 1]
    assert fields(c, 0) == ["#VER", "A", "12", "20250115", "Hyra lokal", "20250116"]
    assert fields(c, 2) == ["#TRANS", "5010", "{}", "1250.00"]
    assert (c.date_a[0], c.st_da[0]) == (days(2025, 1, 15), ST_OK)
    assert (c.date_b[0], c.st_db[0]) == (days(2025, 1, 16), ST_OK)
    assert (c.num_a[2], c.st_a[2]) == (125000, ST_OK)
    assert c.st_da[2] == ST_ABSENT and c.st_q[2] == ST_ABSENT
    # the CR is not part of the last field, but the decoded line keeps its line end
    assert c.line(0) == '#VER A 12 20250115 "Hyra lokal" 20250116\r\n'
    assert list(c.line_start) == [0, 42, 45, 72]


def test_lf_and_crlf_lines_give_the_same_fields():
    lf = scan('#TRANS 1930 {1 "100"} -5.5 20250101\n')
    crlf = scan('#TRANS 1930 {1 "100"} -5.5 20250101\r\n')
    assert fields(lf, 0) == fields(crlf, 0) == ["#TRANS", "1930", '{1 "100"}', "-5.5", "20250101"]
    assert lf.num_a[0] == crlf.num_a[0] == -550
    assert lf.b_end[0].tolist() == crlf.b_end[0].tolist()


def test_blank_garbage_braces_and_records():
    c = scan('\n  \t \r\nhello world\n{ \t\n }\n#KONTO 1930 "Bank"\n#UNKNOWNLABEL x\n')
    assert list(c.kind) == [BLANK, BLANK, GARBAGE, OPEN, CLOSE, RECORD, RECORD]
    assert list(c.n_fields) == [0, 0, 2, 1, 1, 3, 2]
    assert c.flags[3] == 0  # an unterminated "{" is a block start, not a bad object list


def test_a_brace_with_more_on_its_line_is_not_a_block():
    c = scan("{ #TRANS 1930 {} 1.00\n} x\n")
    assert c.kind[0] != OPEN and c.kind[1] != CLOSE
    assert c.kind[0] == GARBAGE and c.flags[0] & kernel.F_BAD_BRACES
    assert c.kind[1] == GARBAGE


def test_quotes_and_escapes():
    c = scan('#VER A 1 20250101 "Faktura \\"Ölands\\" nr 7" 20250101\n')
    assert c.flags[0] == 0
    assert fields(c, 0)[4] == 'Faktura "Ölands" nr 7'
    # without unescaping the raw text (minus the quotes) is returned
    assert c.field(np.array([0]), 4, unescape=False)[0].as_py() == 'Faktura \\"Ölands\\" nr 7'
    # an empty quoted field is a field
    e = scan('#VER A 1 20250101 "" 20250102\n')
    assert e.n_fields[0] == 6 and fields(e, 0)[4] == "" and e.st_db[0] == ST_OK


@pytest.mark.parametrize(
    "line",
    [
        '#VER A 1 20250101 "no end\n',  # unterminated
        '#VER A 1 20250101 "a"b 20250101\n',  # closing quote not followed by a separator
        '#VER A 1 20250101 te"xt\n',  # a quote inside a bare field
        '#TRANS 1930 {1 "100"x} 1.00\n',  # an object's quote not followed by a separator or "}"
        '#TRANS 1930 {1 1"00} 1.00\n',  # a quote inside a bare object element
    ],
)
def test_bad_quotes_are_flagged(line):
    assert scan(line).flags[0] & kernel.F_BAD_QUOTES


def test_too_many_fields():
    c = scan("#TRANS 1930 {} 1.00 20250101 text 1 sign extra1 extra2\n")
    assert c.n_fields[0] == 10
    assert c.flags[0] & kernel.F_MANY_FIELDS
    assert fields(c, 0)[-1] == "sign"  # the first MAX_FIELDS fields are kept
    assert not scan("#TRANS 1930 {} 1.00 20250101 text 1 sign\n").flags[0] & kernel.F_MANY_FIELDS


def test_field_offsets_are_characters_of_the_decoded_line():
    text = '#VER A 1 20250101 "Åsboholm" 20250102\n'
    for encoding in ("cp437", "utf-8"):
        c = scan(text, encoding)
        start, length = c.char_positions(np.array([0]))
        assert text[start[0, 4] - 1 : start[0, 4] - 1 + length[0, 4]] == "Åsboholm"
        assert text[start[0, 5] - 1 : start[0, 5] - 1 + length[0, 5]] == "20250102"
        assert start[0, 6] == 0 and length[0, 6] == 0  # absent


def test_empty_is_null():
    c = scan('#VER A 1 20250101 ""\n#VER A 2 20250101 "x"\n#VER A 3 20250101\n')
    rows = np.arange(3)
    assert c.field(rows, 4, empty_is_null=True).to_pylist() == [None, "x", None]
    assert c.field(rows, 4).to_pylist() == ["", "x", ""]
    assert c.field(rows[[0, 2]], 4, empty_is_null=True).null_count == 2


def test_field_skip_leaves_out_leading_bytes():
    c = scan("#TRANS 1930 {} 1.00\n")
    assert c.field(np.array([0]), 0, skip=1)[0].as_py() == "TRANS"


def test_lines_decodes_cp437_and_latin1():
    text = '#FNAMN "Sjuhärads kommunalförbund"\n'
    assert scan(text, "cp437").lines(np.array([0])).to_pylist() == [text]
    assert scan(text, "latin-1").lines(np.array([0])).to_pylist() == [text]
    assert scan(text, "utf-8").lines(np.array([0])).to_pylist() == [text]


# --- postings, object lists ----------------------------------------------------------------------------------


def test_a_full_posting():
    c = scan('#TRANS 3010 {1 "100" 8 "Borås"} -1234.50 20250105 "Kundfaktura" 2.5 "sign"\n')
    assert c.kind[0] == POST and c.flags[0] == 0
    assert objects(c, 0) == [("1", "100"), ("8", "Borås")]
    assert (c.num_a[0], c.st_a[0]) == (-123450, ST_OK)
    assert (c.date_a[0], c.st_da[0]) == (days(2025, 1, 5), ST_OK)
    assert (c.num_q[0], c.st_q[0]) == (25000, ST_OK)
    assert fields(c, 0)[5:] == ["Kundfaktura", "2.5", "sign"]
    assert c.record_types(np.array([0])).to_pylist() == ["TRANS"]


def test_rtrans_and_btrans():
    c = scan("#RTRANS 1930 {} 1.00\n#BTRANS 1930 {} 1.00\n#TRANS 1930 {} 1.00\n")
    assert list(c.kind) == [POST, POST, POST]
    assert c.flags[0] & kernel.F_RTRANS and not c.flags[0] & kernel.F_BTRANS
    assert c.flags[1] & kernel.F_BTRANS and not c.flags[1] & kernel.F_RTRANS
    assert c.record_types(np.arange(3)).to_pylist() == ["RTRANS", "BTRANS", "TRANS"]


def test_a_posting_without_an_object_list():
    c = scan("#TRANS 1930 100.00 20250101\n")
    assert c.kind[0] == POST and c.flags[0] & kernel.F_NO_OBJECT_LIST
    # the fields keep their places: field 3 (the amount's place) holds the date, field 4 is absent
    assert fields(c, 0) == ["#TRANS", "1930", "100.00", "20250101"]
    assert c.st_da[0] == ST_ABSENT


def test_object_list_elements_bare_and_quoted():
    c = scan('#TRANS 1930 { 1 100  8 "Kund \\"A\\"" } 1.00\n')
    assert c.flags[0] == 0
    assert objects(c, 0) == [("1", "100"), ("8", 'Kund "A"')]


@pytest.mark.parametrize(
    ("objects_text", "flag"),
    [
        ('{1 "100" 8}', kernel.F_BAD_OBJECT),  # odd number of elements
        ('{x "100"}', kernel.F_BAD_OBJECT),  # a dimension that is not a number
        ('{"" "100"}', kernel.F_BAD_OBJECT),  # an empty dimension
        ('{1 "100" 1 "200"}', kernel.F_DUP_DIM),  # a dimension twice
        ('{1 "100" {8 "1"}}', kernel.F_BAD_BRACES),  # nested
        ('{1 "100"', kernel.F_BAD_BRACES),  # unterminated
        ('{1 "100"}x', kernel.F_BAD_BRACES),  # not followed by a separator
        ('{1 "a" 2 "b" 3 "c" 4 "d"}', kernel.F_MANY_ELEMS),  # more elements than kept per line
    ],
)
def test_bad_object_lists(objects_text, flag):
    c = scan(f'#TRANS 1930 {objects_text} 1.00\n#TRANS 1930 {{6 "P1"}} 2.00\n')
    assert c.flags[0] & flag
    if flag in (kernel.F_BAD_OBJECT, kernel.F_DUP_DIM):
        assert objects(c, 0) == []  # taken back: nothing of it is kept
    # the next line's list is unaffected by what was taken back
    assert objects(c, 1) == [("6", "P1")]
    assert c.num_a[1] == 200


def test_only_the_first_object_list_is_recorded():
    c = scan('#TRANS 1930 {1 "100"} {8 "9"} 1.00\n')
    assert objects(c, 0) == [("1", "100")]
    assert c.n_fields[0] == 5


def test_equal_object_lists_share_a_dictionary_entry():
    c = scan(
        '#TRANS 1 {1 "100" 8 "7"} 1.00\n'
        '#TRANS 2 {1 "100"} 1.00\n'
        '#TRANS 3 {1 "100" 8 "7"} 1.00\n'
        "#TRANS 4 {} 1.00\n"
        '#TRANS 5 {8 "7" 1 "100"} 1.00\n'  # another order is another list
        "#TRANS 6 {} 1.00\n"
    )
    idx = c.objects_index
    assert idx[0] == idx[2] and idx[3] == idx[5]
    assert len({int(idx[i]) for i in (0, 1, 3, 4)}) == 4
    assert len(c.objects) == 4
    assert objects(c, 4) == [("8", "7"), ("1", "100")]
    assert objects(c, 3) == []


# --- numbers and dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", (0, ST_OK)),
        ("12", (1200, ST_OK)),
        ("-12.5", (-1250, ST_OK)),
        ("1.000", (100, ST_OK)),  # trailing zeros beyond two decimals are exact
        ("1.005", (0, ST_PRECISION)),
        ("1.", (0, ST_BAD)),
        (".5", (0, ST_BAD)),
        ("1,50", (0, ST_BAD)),
        ("--1", (0, ST_BAD)),
        ("1e3", (0, ST_BAD)),
        ("9999999999999999.99", (999999999999999999, ST_OK)),  # 16 integer digits
        ("10000000000000000", (0, ST_BAD)),  # 17
    ],
)
def test_amounts(text, expected):
    c = scan(f"#TRANS 1930 {{}} {text}\n")
    assert (int(c.num_a[0]), int(c.st_a[0])) == expected
    b = np.frombuffer(text.encode(), np.uint8)
    assert parse_decimal(b, 0, b.size, 2, 16) == expected


def test_quantities_have_four_decimals():
    c = scan('#TRANS 1930 {} 1.00 20250101 "" 0.1234\n#TRANS 1930 {} 1.00 20250101 "" 0.12345\n')
    assert (c.num_q[0], c.st_q[0]) == (1234, ST_OK)
    assert c.st_q[1] == ST_PRECISION


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19700101", 0),
        ("20240229", days(2024, 2, 29)),
        ("20000229", days(2000, 2, 29)),
        ("20250230", None),
        ("19000229", None),
        ("20251301", None),
        ("20250100", None),
        ("20250431", None),
        ("2025011", None),
        ("2025-01-01", None),
        ("00000101", None),
    ],
)
def test_dates(text, expected):
    b = np.frombuffer(text.encode(), np.uint8)
    value, status = parse_date(b, 0, b.size)
    assert (value, status) == ((expected, ST_OK) if expected is not None else (0, ST_BAD))
    c = scan(f"#VER A 1 {text}\n")
    assert c.st_da[0] == (ST_OK if expected is not None else ST_BAD)


def test_an_empty_number_is_absent():
    b = np.frombuffer(b"", np.uint8)
    assert parse_decimal(b, 0, 0, 2, 16) == (0, ST_ABSENT)
    assert parse_date(b, 0, 0) == (0, ST_ABSENT)
    c = scan('#TRANS 1930 {} ""\n')
    assert c.st_a[0] == ST_ABSENT


def test_arrow_conversions():
    values = np.array([125000, -1, 0], np.int64)
    arr = decimal_array(values, np.array([True, True, False]), 2)
    assert [str(v) if v is not None else None for v in arr.to_pylist()] == ["1250.00", "-0.01", None]
    d = date_array(np.array([0, days(2025, 1, 5)], np.int32), np.array([True, False]))
    assert d.to_pylist() == [date(1970, 1, 1), None]
    assert date_array(np.array([1], np.int32), np.array([True])).to_pylist() == [date(1970, 1, 2)]


# --- #KSUMMA bytes ------------------------------------------------------------------------------------------


def test_checksum_bytes_leave_out_separators_quotes_and_braces():
    c = scan('#KSUMMA\n#TRANS 1930 {1 "1\\"0"} -1.00 20250101 "Två ord"\n#KSUMMA 123\n')
    assert c.flags[0] & kernel.F_KSUMMA and c.flags[2] & kernel.F_KSUMMA
    assert list(c.ksumma_lines) == [0, 2]
    assert c.checksum_bytes(1, 2) == '#TRANS193011"0-1.0020250101Två ord'.encode("cp437")
    assert c.checksum_bytes(0, 1) == b"#KSUMMA"
    assert c.checksum_bytes(2, 2) == b""


# --- chunks and scratch reuse ------------------------------------------------------------------------------


def test_iter_chunks_keeps_whole_lines_and_ends_a_last_line(tmp_path):
    lines = [f"#TRANS {i} {{}} {i}.00" for i in range(200)]
    path = tmp_path / "x.se"
    path.write_bytes(("\r\n".join(lines)).encode())  # no line end after the last line
    chunks = list(iter_chunks(path, size=97, first=13))
    assert len(chunks) > 10
    assert all(c.endswith(b"\n") for c in chunks)
    assert b"".join(chunks) == ("\r\n".join(lines) + "\n").encode()
    # chunk by chunk (one scratch) the tokeniser sees the same lines as in one piece
    w = Scratch()
    amounts = []
    for chunk in chunks:
        c = scan_chunk(chunk, "cp437", w)
        assert set(c.kind.tolist()) == {POST}
        amounts.extend(c.num_a[: c.n_lines].tolist())
    assert amounts == [i * 100 for i in range(200)]


def test_iter_chunks_of_a_file_with_one_long_line(tmp_path):
    path = tmp_path / "x.se"
    path.write_bytes(b"#PROGRAM " + b"x" * 1000)
    assert list(iter_chunks(path, size=64)) == [b"#PROGRAM " + b"x" * 1000 + b"\n"]
    path.write_bytes(b"")
    assert list(iter_chunks(path, size=64)) == []


def test_a_reused_scratch_is_cleared_per_line():
    w = Scratch()
    big = scan('#VER A 1 20250101 "t" 20250102\n#TRANS 1930 {1 "2"} 1.00 20250101 "t" 1 s\n' * 50, scratch=w)
    assert big.n_lines == 100
    c = scan("#VER A 1\n#TRANS 1930\n", scratch=w)
    assert c.n_lines == 2
    assert c.st_da[0] == ST_ABSENT and c.st_db[0] == ST_ABSENT
    assert c.st_a[1] == ST_ABSENT and c.st_da[1] == ST_ABSENT and c.st_q[1] == ST_ABSENT
    assert c.b_start[1].tolist()[2:] == [0] * (MAX_FIELDS - 2) and c.b_end[1].tolist()[2:] == [0] * (MAX_FIELDS - 2)
    assert objects(c, 1) == []
    assert c.checksum_bytes(0, 2) == b"#VERA1#TRANS1930"
