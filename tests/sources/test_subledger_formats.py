"""The strict reader's format rules for payroll and the internal-bank statement, and folder-level rules."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from rakenskaper.sources.violations import SourceRejected
from rakenskaper.subledgers import extract_folder, load_subledgers
from rakenskaper.subledgers.formats import FORMATS_PATH, PAYROLL, FormatsFileError, load_formats
from rakenskaper.subledgers.reader import parse_decimal, valid_personnummer

BANK_HEADER = (
    "statement_date;account_no;opening_balance;deposits;withdrawals;interest_credited;closing_balance;"
    "interest_rate_pct;accrued_interest_not_credited"
)
PAYROLL_HEADER = (
    "pay_period;payment_date;personnummer;employee_name;unit;pay_item;pay_item_name;account;quantity;amount"
)
KEY = "k" * 32


def put(tmp_path, folder, name, lines):
    path = tmp_path / "sources" / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def extract(tmp_path, folder):
    return extract_folder(
        tmp_path / "sources", folder, tmp_path / "landing", quarantine_dir=tmp_path / "q", pseudonym_key=KEY
    )


def rejected(tmp_path, folder) -> str:
    with pytest.raises(SourceRejected) as excinfo:
        extract(tmp_path, folder)
    return str(excinfo.value)


def test_decimal_comma_and_point_are_exact():
    assert parse_decimal("-1234,56") == Decimal("-1234.56")
    assert parse_decimal("0.1") == Decimal("0.10")
    assert parse_decimal("12,3456", "quantity") == Decimal("12.3456")


def test_personnummer_needs_a_real_date_and_check_digit():
    assert valid_personnummer("19561009-9938")
    assert not valid_personnummer("19561009-9939")  # check digit
    assert not valid_personnummer("19561309-9938")  # month 13
    assert not valid_personnummer("195610099938")  # no dash
    assert valid_personnummer("19561069-9935")  # samordningsnummer: day + 60


def test_a_statement_must_hold_its_own_arithmetic_and_be_at_a_month_end(tmp_path):
    put(
        tmp_path,
        "internal_bank",
        "internal_bank_2023-08.csv",
        [BANK_HEADER, "2023-08-31;IB-1;1000.00;50.00;20.00;0.00;1031.00;1.50;0.00"],
    )
    put(
        tmp_path,
        "internal_bank",
        "internal_bank_2023-07.csv",
        [BANK_HEADER, "2023-07-30;IB-1;1000.00;0;0;0;1000.00;1.50;0.00"],
    )
    message = rejected(tmp_path, "internal_bank")
    assert (
        "internal_bank_2023-08.csv line 2: opening_balance + deposits - withdrawals + interest_credited = "
        "1030.00, but closing_balance is 1031.00" in message
    )
    assert "internal_bank_2023-07.csv line 2: statement_date 2023-07-30 is not the last day of its month" in message


def test_a_good_statement_loads_and_a_corrected_one_replaces_its_month(tmp_path):
    put(
        tmp_path,
        "internal_bank",
        "internal_bank_2023-08.csv",
        [BANK_HEADER, "2023-08-31;IB-1;1000,00;50,00;20,00;0,00;1030,00;1,5;12,34"],
    )
    con = duckdb.connect()
    extract(tmp_path, "internal_bank")
    load_subledgers(con, tmp_path / "landing")
    put(
        tmp_path,
        "internal_bank",
        "internal_bank_2023-08.csv",
        [BANK_HEADER, "2023-08-31;IB-1;1000,00;60,00;20,00;0,00;1040,00;1,5;12,34"],
    )
    extract(tmp_path, "internal_bank")
    report = load_subledgers(con, tmp_path / "landing")
    assert report["files"][0]["status"] == "replaced"
    assert con.execute(
        "select closing_balance, interest_rate_pct, accrued_interest_not_credited from raw.internal_bank_statements"
    ).fetchall() == [(Decimal("1040.00"), Decimal("1.5000"), Decimal("12.34"))]


def test_two_files_for_the_same_period_are_both_rejected(tmp_path):
    row = "2023-08-31;IB-1;1000.00;0;0;0;1000.00;1.5;0"
    put(tmp_path, "internal_bank", "internal_bank_2023-08.csv", [BANK_HEADER, row])
    put(tmp_path, "internal_bank", "internal_bank_aug.csv", [BANK_HEADER, row])
    message = rejected(tmp_path, "internal_bank")
    assert "internal_bank_2023-08.csv file: statement_date 2023-08-31 is also in internal_bank_aug.csv" in message
    assert "internal_bank_aug.csv file: statement_date 2023-08-31 is also in internal_bank_2023-08.csv" in message


def test_payroll_rows_must_be_of_the_file_s_pay_period_and_paid_no_earlier(tmp_path):
    put(
        tmp_path,
        "payroll",
        "payroll_2023-08.csv",
        [
            PAYROLL_HEADER,
            "2023-07;2023-08-25;19561009-9938;Anna Andersson;100;1100;Månadslön;5010;1;100",
            "2023-08;2023-07-25;19561009-9938;Anna Andersson;100;1100;Månadslön;5010;1;100",
            "2023-08;2023-08-25;19561009-9938;Anna Andersson;100;1100;Månadslön;50 10;1;100",
        ],
    )
    message = rejected(tmp_path, "payroll")
    assert (
        "payroll_2023-08.csv line 2 column pay_period: pay_period 2023-07 differs from the file name's 2023-08"
        in message
    )
    assert "payroll_2023-08.csv line 3: payment_date 2023-07-25 lies before pay_period 2023-08" in message
    assert "payroll_2023-08.csv line 4 column account: a code may not contain spaces" in message
    assert "Anna" not in message


def test_a_header_with_an_extra_column_is_rejected_so_no_unexpected_personal_data_slips_in(tmp_path):
    put(tmp_path, "payroll", "payroll_2023-08.csv", [PAYROLL_HEADER + ";address", ""])
    message = rejected(tmp_path, "payroll")
    assert "payroll_2023-08.csv line 1: header: unknown column(s): address" in message


def test_the_formats_file_declares_the_five_formats():
    formats = load_formats(FORMATS_PATH)
    assert [fmt.name for fmt in formats] == [
        "forecast",
        "investments",
        "payroll",
        "internal_bank",
        "provision_schedule",
    ]
    assert PAYROLL.personal and PAYROLL.period == "pay_period"
    assert PAYROLL.matches("payroll_2023-08.csv")["period"] == "2023-08"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[[formats]\n", "not valid TOML"),
        ("[other]\nx = 1\n", "[[formats]] tables"),
        ('[[formats]]\nname = "a"\n', "missing keys ['columns', 'file_name', 'folder', 'period', 'table']"),
        (
            '[[formats]]\nname = "a"\nfolder = "a"\nfile_name = "a"\ntable = "a"\nperiod = "x"\ncolour = 1\n'
            'columns = [{ name = "x", kind = "code" }]\n',
            "unknown keys ['colour']",
        ),
        (
            '[[formats]]\nname = "a"\nfolder = "a"\nfile_name = "a"\ntable = "a"\nperiod = "x"\n'
            'columns = [{ name = "x", kind = "money_ish" }]\n',
            "column 1: unknown kind 'money_ish'",
        ),
        (
            '[[formats]]\nname = "a"\nfolder = "a"\nfile_name = "a"\ntable = "a"\nperiod = "y"\n'
            'columns = [{ name = "x", kind = "code" }]\n',
            "period/unique name columns it does not have: ['y']",
        ),
        (
            '[[formats]]\nname = "a"\nfolder = "a"\nfile_name = "a(\\\\d"\ntable = "a"\nperiod = "x"\n'
            'columns = [{ name = "x", kind = "code" }]\n',
            "file_name is not a valid regex",
        ),
    ],
)
def test_a_malformed_formats_file_is_refused_with_what_is_wrong(tmp_path, text, says):
    path = tmp_path / "formats.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatsFileError) as excinfo:
        load_formats(path)
    assert says in str(excinfo.value)
    assert str(excinfo.value).startswith("formats.toml")
