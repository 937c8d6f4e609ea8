"""The SIE content rules, each an SQL aggregate over one file's tables (``tables.build_tables``) and the
totals the scan gathered.

Rule codes (severity error unless noted):
MALFORMED_RECORD, BAD_AMOUNT, AMOUNT_PRECISION (more than 2 non-zero decimals), BAD_DATE, BAD_QUANTITY,
BAD_OBJECT_LIST, DUPLICATE_DIMENSION, UNKNOWN_YEAR_INDEX, UNBALANCED_VOUCHER, BAD_ACCOUNT, UNDECLARED_ACCOUNT,
MISSING_SERIES, LEDGER_DOES_NOT_TIE, DATE_OUTSIDE_FISCAL_YEARS, DUPLICATE_RECORD (warning), UNKNOWN_RECORD (warning);
the block grammar, header, encoding and #KSUMMA rules are raised in ``reader.py``.
"""

from __future__ import annotations

import os
import re

from rakenskaper.sie import fields as F
from rakenskaper.sie.model import ERROR, SieFile, Violation, rule_violation

MAX_PER_RULE = 200
ACCOUNT_DIGITS = (4, 6)  # an account number's length in the Kommun-Bas / BAS chart (sub-accounts up to 6)
ACCOUNT_DIGITS_ENV = "RAKENSKAPER_ACCOUNT_DIGITS"  # e.g. "4-8" for a chart with longer sub-accounts


def account_digits() -> tuple[int, int]:
    """How many digits an account number may have: RAKENSKAPER_ACCOUNT_DIGITS ("MIN-MAX") or ACCOUNT_DIGITS."""
    text = os.environ.get(ACCOUNT_DIGITS_ENV, "").strip()
    if not text:
        return ACCOUNT_DIGITS
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
    if not match or not 1 <= int(match.group(1)) <= int(match.group(2)) <= 20:
        raise ValueError(f"{ACCOUNT_DIGITS_ENV}={text!r}: write MIN-MAX digits, e.g. 4-6")
    return int(match.group(1)), int(match.group(2))


def _year_case(sie: SieFile, col: str) -> str:
    """SQL: the year index whose #RAR range holds ``col`` (NULL if none)."""
    if not sie.fiscal_years:
        return "NULL::INTEGER"
    whens = " ".join(
        f"WHEN {col} BETWEEN DATE '{y.start_date}' AND DATE '{y.end_date}' THEN {y.year_index}"
        for y in sie.fiscal_years
    )
    return f"CASE {whens} END"


_MESSAGES = {
    "MALFORMED_RECORD": "record does not have the SIE4 shape: {detail}",
    "BAD_AMOUNT": "amount {detail!r} is not a number with a decimal point",
    "AMOUNT_PRECISION": "amount {detail} has more than 2 decimals (öre); not rounded",
    "BAD_DATE": "date {detail!r} is not a valid YYYYMMDD date",
    "BAD_QUANTITY": "quantity {detail!r} is not a number with at most 4 decimals",
    "BAD_OBJECT_LIST": "object list {detail} is not pairs of dimension number and object code",
    "DUPLICATE_DIMENSION": "object list {detail} names the same dimension twice",
    "UNKNOWN_YEAR_INDEX": "year index {detail!r} has no #RAR record",
    "BAD_PERIOD": "period {detail!r} is not YYYYMM",
    "MISSING_SERIES": "#VER has no series: {detail!r} stands where the series should be and the date where the "
    'number should be (write "" for an empty series: #VER "" {detail} YYYYMMDD …)',
}


def _series_left_out(voucher: str | None) -> bool:
    """The voucher was read as "<number> <YYYYMMDD>": a #VER written without its series."""
    parts = (voucher or "").split(" ")
    return len(parts) == 2 and F.is_date(parts[1])


def check(con, sie: SieFile, t: dict[str, str], problems: str) -> list[Violation]:
    """Every content rule's violations (at most MAX_PER_RULE each). ``t``: the file's tables by name
    (``tables.build_tables``); ``problems``: the row-level problems found while the chunks were inserted."""
    out: list[Violation] = []
    name = sie.name or sie.path.name

    def add(rows, rule=None, severity=ERROR):
        for row in rows:
            line, record_type, voucher, rule_, detail_or_msg = row
            rule_ = rule or rule_
            if rule_ == "BAD_DATE" and record_type == "VER" and _series_left_out(voucher):
                # "#VER 1 20240115 …": the number was read as the series, the date as the number, the text
                # as the date; say what is missing rather than that a text is not a date
                rule_, detail_or_msg = "MISSING_SERIES", voucher.split(" ", 1)[0]
            message = _MESSAGES[rule_].format(detail=detail_or_msg) if rule_ in _MESSAGES else detail_or_msg
            out.append(rule_violation(name, line, record_type, voucher, rule_, message, severity))

    lim = MAX_PER_RULE
    # Row-level problems found while building the tables
    for table in ("balances", "period_balances"):
        add(
            con.execute(f"""SELECT line_no, record_type, NULL, problem, detail FROM {t[table]}
                            WHERE problem IS NOT NULL ORDER BY line_no LIMIT {lim}""").fetchall()
        )
    add(
        con.execute(f"""SELECT pr.line_no, pr.record_type, v.series || ' ' || v.voucher_number, pr.problem, pr.detail
                        FROM (SELECT * FROM {problems} ORDER BY line_no LIMIT {lim}) pr
                        LEFT JOIN {t["vouchers"]} v ON v.voucher_id = pr.voucher_id ORDER BY pr.line_no""").fetchall()
    )

    # Every voucher balances to the öre
    add(
        con.execute(f"""
        SELECT v.line_no, 'VER', v.series || ' ' || v.voucher_number, NULL,
               'voucher ' || v.series || ' ' || v.voucher_number || ' (' || v.voucher_date
               || ') does not balance: its #TRANS rows sum to ' || s.total
        FROM {t["unbalanced"]} s JOIN {t["vouchers"]} v USING (voucher_id)
        ORDER BY v.line_no LIMIT {lim}""").fetchall(),
        "UNBALANCED_VOUCHER",
    )

    shortest, longest = account_digits()
    # Every declared account is a number of ACCOUNT_DIGITS digits: Kommun-Bas and BAS number their accounts with
    # four digits, sub-accounts add one or two ("11AF" or an eight-digit number is not an account of the chart)
    add(
        con.execute(f"""
        SELECT line_no, 'KONTO', NULL, NULL,
               'account number ''' || account || ''' is not a number of {shortest}–{longest} digits'
        FROM {t["accounts"]}
        WHERE NOT regexp_full_match(account, '[0-9]{{{shortest},{longest}}}')
        ORDER BY line_no LIMIT {lim}""").fetchall(),
        "BAD_ACCOUNT",
    )

    # Every account used is declared by #KONTO
    add(
        con.execute(f"""
        WITH used AS (
            SELECT account, first_line AS line_no, 'TRANS' AS record_type, postings AS n FROM {t["totals"]}
            UNION ALL SELECT account, line_no, record_type, 1 FROM {t["balances"]}
                      WHERE record_type IN ('IB', 'UB', 'RES')
            UNION ALL SELECT account, line_no, record_type, 1 FROM {t["period_balances"]}
            UNION ALL SELECT account, line_no, 'SRU', 1 FROM {t["sru_accounts"]})
        SELECT min(line_no), arg_min(record_type, line_no), NULL, NULL,
               'account ' || account || ' is used ' || sum(n) || ' time(s) but not declared by #KONTO'
        FROM used WHERE account IS NOT NULL AND account NOT IN (SELECT account FROM {t["accounts"]})
        GROUP BY account ORDER BY 1 LIMIT {lim}""").fetchall(),
        "UNDECLARED_ACCOUNT",
    )

    # Voucher and transaction dates fall in a fiscal year of the file
    if sie.fiscal_years:
        add(
            con.execute(f"""
            SELECT line_no, 'VER', series || ' ' || voucher_number, NULL,
                   'voucher date ' || voucher_date || ' is outside every #RAR fiscal year of the file'
            FROM {t["vouchers"]} WHERE voucher_date IS NOT NULL AND {_year_case(sie, "voucher_date")} IS NULL
            ORDER BY line_no LIMIT {lim}""").fetchall(),
            "DATE_OUTSIDE_FISCAL_YEARS",
        )
        # one violation per date (its first posting; how many there are)
        add(
            con.execute(f"""
            WITH outside AS (
                SELECT transaction_date, sum(postings) AS n, min(first_line) AS line_no,
                       arg_min(first_voucher_id, first_line) AS voucher_id
                FROM {t["totals"]} WHERE transaction_date IS NOT NULL
                     AND {_year_case(sie, "transaction_date")} IS NULL GROUP BY ALL)
            SELECT o.line_no, 'TRANS', v.series || ' ' || v.voucher_number, NULL,
                   'transaction date ' || o.transaction_date || ' is outside every #RAR fiscal year of the file'
                   || CASE WHEN o.n > 1 THEN ' (' || o.n || ' postings, the first here)' ELSE '' END
            FROM outside o LEFT JOIN {t["vouchers"]} v USING (voucher_id)
            ORDER BY o.line_no LIMIT {lim}""").fetchall(),
            "DATE_OUTSIDE_FISCAL_YEARS",
        )
        out.extend(_tie_out(con, sie, t, name))

    return out


def _tie_out(con, sie: SieFile, t: dict[str, str], name: str) -> list[Violation]:
    """For each year with vouchers and year 0: IB + Σ#TRANS = UB (balance accounts), Σ#TRANS = RES (result
    accounts)."""
    if sie.header.get("sie_type") not in (None, "4"):
        return []  # a type 1–3 file has balances and no vouchers by design; NOT_SIE4 says why it is refused
    has_ub, has_res = con.execute(
        f"SELECT count(*) FILTER (record_type = 'UB') > 0, count(*) FILTER (record_type = 'RES') > 0 "
        f"FROM {t['balances']}"
    ).fetchone()
    if not (has_ub or has_res):
        return []
    rows = con.execute(f"""
        WITH trans AS (
            SELECT {_year_case(sie, "voucher_date")} AS year_index, account,
                   sum(amount) AS moved, min(first_line) AS first_line
            FROM {t["totals"]} GROUP BY ALL),
        -- every year with vouchers, and the file's own year even without any: an export whose #UB differs
        -- from #IB with no voucher to explain it does not tie
        years AS (SELECT DISTINCT year_index FROM trans WHERE year_index IS NOT NULL UNION SELECT 0),
        bal AS (
            SELECT year_index, account,
                   sum(amount) FILTER (record_type = 'IB') AS ib, sum(amount) FILTER (record_type = 'UB') AS ub,
                   sum(amount) FILTER (record_type = 'RES') AS res,
                   min(line_no) FILTER (record_type = 'UB') AS ub_line,
                   min(line_no) FILTER (record_type = 'RES') AS res_line,
                   min(line_no) AS any_line
            FROM {t["balances"]} WHERE record_type IN ('IB', 'UB', 'RES') AND year_index IN (SELECT * FROM years)
            GROUP BY ALL),
        acct AS (
            SELECT coalesce(b.year_index, tr.year_index) AS year_index, coalesce(b.account, tr.account) AS account,
                   coalesce(b.ib, 0) AS ib, coalesce(b.ub, 0) AS ub, coalesce(b.res, 0) AS res,
                   coalesce(tr.moved, 0) AS moved, b.ub_line, b.res_line, coalesce(b.any_line, tr.first_line) AS line
            FROM bal b FULL JOIN (SELECT * FROM trans WHERE year_index IS NOT NULL) tr
                 ON b.year_index = tr.year_index AND b.account = tr.account),
        typed AS (
            SELECT acct.*, CASE WHEN a.account_type IN ('T', 'S') THEN true
                                WHEN a.account_type IN ('K', 'I') THEN false
                                ELSE left(acct.account, 1) IN ('1', '2') END AS is_balance
            FROM acct LEFT JOIN {t["accounts"]} a USING (account))
        SELECT coalesce(ub_line, line), 'UB', year_index, account, ib, moved, ub, NULL FROM typed
        WHERE {"true" if has_ub else "false"} AND is_balance AND ib + moved <> ub
        UNION ALL
        SELECT coalesce(res_line, line), 'RES', year_index, account, NULL, moved, NULL, res FROM typed
        WHERE {"true" if has_res else "false"} AND NOT is_balance AND moved <> res
        ORDER BY 1 LIMIT {MAX_PER_RULE}""").fetchall()
    out = []
    for line, kind, year, account, ib, moved, ub, res in rows:
        if kind == "UB":
            msg = f"account {account}, year {year}: IB {ib} + sum of #TRANS {moved} = {ib + moved}, but #UB is {ub}"
        else:
            msg = f"account {account}, year {year}: sum of #TRANS {moved}, but #RES is {res}"
        out.append(rule_violation(name, line, kind, None, "LEDGER_DOES_NOT_TIE", msg))
    return out
