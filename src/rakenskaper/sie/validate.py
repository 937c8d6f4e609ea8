"""From the file's lines table to the raw-shaped tables, and every content rule as an SQL aggregate.

Rule codes (severity error unless noted):
MALFORMED_RECORD, BAD_AMOUNT, AMOUNT_PRECISION (more than 2 non-zero decimals), BAD_DATE, BAD_QUANTITY,
BAD_OBJECT_LIST, DUPLICATE_DIMENSION, UNKNOWN_YEAR_INDEX, UNBALANCED_VOUCHER, BAD_ACCOUNT, UNDECLARED_ACCOUNT, MISSING_SERIES,
LEDGER_DOES_NOT_TIE, DATE_OUTSIDE_FISCAL_YEARS, DUPLICATE_RECORD (warning), UNKNOWN_RECORD (warning);
the block grammar, header, encoding and #KSUMMA rules are raised in ``reader.py``.
"""

from __future__ import annotations

import os
import re

import duckdb

from rakenskaper.sie import fields as F
from rakenskaper.sie.model import ERROR, SieFile, Violation

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


TOKEN = F.TOKEN
ANY_FIELD = F.ANY_FIELD

_MACROS = rf"""
CREATE OR REPLACE TEMP MACRO sie_line(t) AS trim(t, chr(9) || chr(10) || chr(13) || ' ');
CREATE OR REPLACE TEMP MACRO sie_unesc(t) AS
    CASE WHEN contains(t, '\"') THEN replace(t, '\"', '"') ELSE t END;
CREATE OR REPLACE TEMP MACRO sie_unq(t) AS
    CASE WHEN starts_with(t, '"') THEN replace(t[2:-2], '\"', '"') ELSE t END;
CREATE OR REPLACE TEMP MACRO sie_date_ok(t) AS
    regexp_full_match(t, '\d{{8}}') AND try_strptime(t, '%Y%m%d') IS NOT NULL;
CREATE OR REPLACE TEMP MACRO sie_date(t) AS
    CASE WHEN regexp_full_match(t, '\d{{8}}') THEN try_strptime(t, '%Y%m%d')::DATE END;
CREATE OR REPLACE TEMP MACRO sie_amount_ok(t) AS regexp_full_match(t, '-?\d{{1,16}}(\.\d{{1,2}}0*)?');
CREATE OR REPLACE TEMP MACRO sie_amount_problem(t) AS
    CASE WHEN regexp_full_match(t, '-?\d{{1,16}}\.\d+') THEN 'AMOUNT_PRECISION' ELSE 'BAD_AMOUNT' END;
CREATE OR REPLACE TEMP MACRO sie_qty_ok(t) AS t = '' OR regexp_full_match(t, '-?\d{{1,14}}(\.\d{{1,4}}0*)?');
CREATE OR REPLACE TEMP MACRO sie_elems(obj_text) AS
    list_transform(regexp_extract_all(obj_text, '{TOKEN}'), lambda e: sie_unq(e));
CREATE OR REPLACE TEMP MACRO sie_elems_ok(obj_text) AS
    regexp_full_match(obj_text, '\s*(({TOKEN})\s*)*');
CREATE OR REPLACE TEMP MACRO sie_keys(el) AS list_filter(el, lambda x, i: i % 2 = 1);
CREATE OR REPLACE TEMP MACRO sie_vals(el) AS list_filter(el, lambda x, i: i % 2 = 0);
CREATE OR REPLACE TEMP MACRO sie_objmap(el) AS
    CASE WHEN len(el) = 0 THEN map([]::VARCHAR[], []::VARCHAR[])
         WHEN len(el) % 2 = 1 OR len(list_distinct(sie_keys(el))) < len(el) // 2 THEN NULL
         ELSE map(sie_keys(el), sie_vals(el)) END;
CREATE OR REPLACE TEMP MACRO sie_obj_problem(obj_text, el) AS
    CASE WHEN NOT sie_elems_ok(obj_text) OR len(el) % 2 = 1
              OR list_bool_or(list_transform(sie_keys(el), lambda k: NOT regexp_full_match(k, '\d+')))
              THEN 'BAD_OBJECT_LIST'
         WHEN len(list_distinct(sie_keys(el))) < len(el) // 2 THEN 'DUPLICATE_DIMENSION' END;
"""


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _year_case(sie: SieFile, col: str) -> str:
    """SQL: the year index whose #RAR range holds ``col`` (NULL if none)."""
    if not sie.fiscal_years:
        return "NULL::INTEGER"
    whens = " ".join(
        f"WHEN {col} BETWEEN DATE '{y.start_date}' AND DATE '{y.end_date}' THEN {y.year_index}"
        for y in sie.fiscal_years
    )
    return f"CASE {whens} END"


def _years_values(sie: SieFile) -> str:
    rows = [f"({y.year_index}, DATE '{y.start_date}', DATE '{y.end_date}', {y.line_no})" for y in sie.fiscal_years]
    if not rows:
        return (
            "SELECT NULL::INTEGER AS year_index, NULL::DATE AS start_date, NULL::DATE AS end_date, "
            "NULL::INTEGER AS line_no WHERE false"
        )
    return "SELECT * FROM (VALUES " + ", ".join(rows) + ") AS y(year_index, start_date, end_date, line_no)"


_F = [f"substr(text, f{k}s, f{k}l)" for k in range(8)]


VOUCHER_COLUMNS = (
    "voucher_id BIGINT, series VARCHAR, voucher_number VARCHAR, voucher_date DATE, "
    "voucher_text VARCHAR, registered_on DATE, signature VARCHAR, line_no INTEGER"
)
POSTING_COLUMNS = (
    "voucher_id BIGINT, row_no INTEGER, record_type VARCHAR, account VARCHAR, "
    "objects MAP(VARCHAR, VARCHAR), amount DECIMAL(18,2), transaction_date DATE, "
    "posting_text VARCHAR, quantity DECIMAL(18,4), signature VARCHAR, line_no INTEGER"
)


class TempTables:
    """Where a file's voucher and posting rows go by default: temporary tables of ``con`` (``check-sie``,
    tests). With ``keep_postings=False`` the posting rows are not stored at all: every rule runs on the
    totals gathered while scanning. The loader passes its own destination (the raw tables, inside its
    transaction) with the same three members."""

    def __init__(self, con, prefix: str, *, keep_postings: bool = True):
        self.con = con
        self.vouchers = f"temp.main.{prefix}_vouchers"
        self.postings = f"temp.main.{prefix}_postings" if keep_postings else None
        con.execute(f"CREATE TEMP TABLE {prefix}_vouchers ({VOUCHER_COLUMNS})")
        if self.postings:
            con.execute(f"CREATE TEMP TABLE {prefix}_postings ({POSTING_COLUMNS})")

    def write(self, vouchers, postings, fiscal_year_start) -> None:
        """Insert one chunk's rows (Arrow tables in the raw shape)."""
        for target, rows in ((self.vouchers, vouchers), (self.postings, postings)):
            if target:
                self.con.register("_sie_chunk_rows", rows)
                try:
                    self.con.execute(f"INSERT INTO {target} SELECT * FROM _sie_chunk_rows")
                finally:
                    self.con.unregister("_sie_chunk_rows")

    def finish(self, sie: SieFile) -> None:
        sie.tables["vouchers"] = self.vouchers
        sie.temp_objects.append(("TABLE", self.vouchers))
        if self.postings:
            sie.tables["postings"] = self.postings
            sie.temp_objects.append(("TABLE", self.postings))


class Stage:
    """One file's temporary tables, filled chunk by chunk (``insert``): other records as text (parsed by
    ``build_tables``), row-level problems in a small side table; voucher and posting rows go to ``rows``
    (a ``TempTables`` or the loader's raw tables)."""

    def __init__(self, con, prefix: str, rows=None):
        self.con = con
        self.prefix = prefix
        self.lines = f"temp.main.{prefix}_lines"
        self.problems = f"temp.main.{prefix}_problems"
        con.execute(_MACROS)
        con.execute(f"CREATE TEMP TABLE {prefix}_lines (line_no INTEGER, kind TINYINT, text VARCHAR)")
        con.execute(
            f"CREATE TEMP TABLE {prefix}_problems (line_no INTEGER, record_type VARCHAR, "
            f"voucher_id BIGINT, problem VARCHAR, detail VARCHAR)"
        )
        self.rows = rows if rows is not None else TempTables(con, prefix)
        self._year_start = None

    def fiscal_year_start(self):
        """Start of #RAR 0 among the records read so far (the header precedes the vouchers in SIE4), so
        that the rows written while scanning carry their lineage; ``None`` until it is seen."""
        if self._year_start is None:
            for (text,) in self.con.execute(
                f"SELECT text FROM {self.lines} WHERE regexp_matches(text, '^\\s*#RAR\\s') ORDER BY line_no"
            ).fetchall():
                try:
                    f = F.split_record(text)
                    if len(f) >= 3 and f[1] == "0":
                        self._year_start = F.parse_date(f[2])
                        break
                except (F.FieldSyntaxError, ValueError, TypeError):
                    continue  # reported by the header parser
        return self._year_start

    def insert(self, ver, post, rec, ver_bad, post_bad) -> None:
        """One chunk: its #VER and posting rows in the raw shape, its other records as text, and the
        #VER/posting rows with a problem (``*_bad``: with text and field positions, for the detail)."""
        con, p = self.con, self.prefix
        names = {f"{p}_brec": rec, f"{p}_bverbad": ver_bad, f"{p}_bpostbad": post_bad}
        for name, table in names.items():
            con.register(name, table)
        try:
            if len(rec):
                con.execute(f"INSERT INTO {self.lines} SELECT line_no, 5, sie_line(text) FROM {p}_brec")
            if len(ver) or len(post):
                self.rows.write(ver, post, self.fiscal_year_start())
            if len(ver_bad):
                con.execute(f"""
                    INSERT INTO {self.problems}
                    SELECT line_no, 'VER', voucher_id,
                           CASE WHEN flags & 23 <> 0 OR nf < 4 OR nf > 7 THEN 'MALFORMED_RECORD' ELSE 'BAD_DATE' END,
                           CASE WHEN flags & 23 <> 0 OR nf < 4 OR nf > 7 THEN left(sie_line(text), 80)
                                WHEN st_da <> 0 THEN {_F[3]} ELSE {_F[5]} END
                    FROM (SELECT * FROM {p}_bverbad
                          WHERE flags & 23 <> 0 OR nf < 4 OR nf > 7 OR st_da <> 0 OR st_db = 2)""")
            if len(post_bad):
                con.execute(f"""
                    INSERT INTO {self.problems}
                    WITH u AS (
                        SELECT *, CASE WHEN flags & 23 <> 0 OR nf < 4 OR nf > 8 OR f1l = 0 THEN 'MALFORMED_RECORD'
                                       WHEN st_a = 3 THEN 'AMOUNT_PRECISION'
                                       WHEN st_a <> 0 THEN 'BAD_AMOUNT'
                                       WHEN flags & 128 <> 0 THEN 'DUPLICATE_DIMENSION'
                                       WHEN flags & 64 <> 0 THEN 'BAD_OBJECT_LIST'
                                       WHEN st_da = 2 THEN 'BAD_DATE'
                                       WHEN st_q >= 2 THEN 'BAD_QUANTITY' END AS problem
                        FROM {p}_bpostbad
                        WHERE flags & 215 <> 0 OR nf < 4 OR nf > 8 OR f1l = 0 OR st_a <> 0 OR st_da = 2 OR st_q >= 2)
                    SELECT line_no, substr(text, f0s + 1, f0l - 1), voucher_id, problem,
                           CASE WHEN problem = 'MALFORMED_RECORD' THEN left(sie_line(text), 80)
                                WHEN problem IN ('BAD_AMOUNT', 'AMOUNT_PRECISION') THEN {_F[3]}
                                WHEN problem IN ('BAD_OBJECT_LIST', 'DUPLICATE_DIMENSION')
                                     THEN regexp_extract(text, '\\{{[^{{}}]*\\}}')
                                WHEN problem = 'BAD_DATE' THEN {_F[4]}
                                WHEN problem = 'BAD_QUANTITY' THEN {_F[6]} END
                    FROM u""")
        finally:
            for name in names:
                try:
                    con.unregister(name)
                except duckdb.Error:  # an earlier statement failed; its error is the one to see
                    pass

    def finish(self, sie: SieFile, unbalanced, account_totals) -> None:
        """``unbalanced`` (voucher_id, total) and ``account_totals`` (#TRANS per account × voucher date ×
        transaction date) come from the scan; the rules below use them instead of the posting rows."""
        p = self.prefix
        for name, table in ((f"{p}_unbalanced", unbalanced), (f"{p}_account_totals", account_totals)):
            self.con.register(f"{name}_arrow", table)
            self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
            self.con.unregister(f"{name}_arrow")
        self.rows.finish(sie)
        build_tables(self.con, sie, self)


def build_tables(con, sie: SieFile, stage: Stage) -> None:
    lines, prefix = stage.lines, stage.prefix
    t = {
        name: f"temp.main.{prefix}_{name}"
        for name in (
            "fiscal_years",
            "accounts",
            "dimensions",
            "objects",
            "balances",
            "period_balances",
            "other_records",
        )
    }
    con.execute(f"CREATE TEMP TABLE {prefix}_fiscal_years AS {_years_values(sie)}")
    rec = f"temp.main.{prefix}_rec"

    con.execute(f"""
        CREATE TEMP TABLE {prefix}_rec AS
        SELECT line_no, regexp_extract(text, '^\\s*#(\\S+)', 1) AS label,
               regexp_extract_all(text, '{ANY_FIELD}') AS toks,
               regexp_replace(text, '{ANY_FIELD}|\\s+', '', 'g') AS leftover,
               trim(regexp_replace(text, '^\\s*#\\S+', '')) AS rest
        FROM {lines} WHERE kind = 5""")

    con.execute(f"""
        CREATE TEMP TABLE {prefix}_other_records AS
        SELECT label AS record_type, rest AS record_text, line_no FROM {rec}
        WHERE label NOT IN {_labels()} ORDER BY line_no""")

    con.execute(f"""
        CREATE TEMP TABLE {prefix}_accounts AS
        WITH konto AS (
            SELECT sie_unq(toks[2]) AS account, sie_unq(toks[3]) AS account_name, line_no
            FROM {rec} WHERE label = 'KONTO' AND len(toks) >= 2
            QUALIFY row_number() OVER (PARTITION BY account ORDER BY line_no) = 1),
        ktyp AS (SELECT sie_unq(toks[2]) AS account, arg_min(upper(sie_unq(toks[3])), line_no) AS account_type
                 FROM {rec} WHERE label = 'KTYP' GROUP BY ALL),
        sru AS (SELECT sie_unq(toks[2]) AS account, arg_min(sie_unq(toks[3]), line_no) AS sru_code
                FROM {rec} WHERE label = 'SRU' GROUP BY ALL)
        SELECT konto.account, konto.account_name,
               CASE WHEN ktyp.account_type IN ('T', 'S', 'K', 'I') THEN ktyp.account_type END AS account_type,
               sru.sru_code, konto.line_no
        FROM konto LEFT JOIN ktyp USING (account) LEFT JOIN sru USING (account) ORDER BY konto.line_no""")

    con.execute(f"""
        CREATE TEMP TABLE {prefix}_dimensions AS
        SELECT TRY_CAST(sie_unq(toks[2]) AS INTEGER) AS dimension_no, sie_unq(toks[3]) AS dimension_name,
               CASE WHEN label = 'UNDERDIM' THEN TRY_CAST(sie_unq(toks[4]) AS INTEGER) END AS parent_dimension_no,
               line_no
        FROM {rec} WHERE label IN ('DIM', 'UNDERDIM') ORDER BY line_no""")

    con.execute(f"""
        CREATE TEMP TABLE {prefix}_objects AS
        SELECT TRY_CAST(sie_unq(toks[2]) AS INTEGER) AS dimension_no, sie_unq(toks[3]) AS object_code,
               sie_unq(toks[4]) AS object_name, line_no
        FROM {rec} WHERE label = 'OBJEKT' ORDER BY line_no""")

    # #IB/#UB/#RES: year account amount [qty]; #OIB/#OUB: year account {dim obj} amount [qty]
    con.execute(f"""
        CREATE TEMP TABLE {prefix}_balances AS
        WITH b AS (
            SELECT line_no, label, toks, leftover, label IN ('OIB', 'OUB') AS has_obj,
                   sie_unq(toks[2]) AS yr, sie_unq(toks[3]) AS account,
                   CASE WHEN label IN ('OIB', 'OUB') THEN toks[4] END AS obj_tok,
                   coalesce(sie_unq(toks[CASE WHEN label IN ('OIB', 'OUB') THEN 5 ELSE 4 END]), '') AS amt,
                   coalesce(sie_unq(toks[CASE WHEN label IN ('OIB', 'OUB') THEN 6 ELSE 5 END]), '') AS qty
            FROM {rec} WHERE label IN ('IB', 'UB', 'RES', 'OIB', 'OUB')),
        o AS (SELECT *, CASE WHEN obj_tok LIKE '{{%}}' THEN obj_tok[2:-2] END AS obj_inner,
                     sie_elems(coalesce(obj_inner, '')) AS el FROM b)
        SELECT label AS record_type, TRY_CAST(yr AS INTEGER) AS year_index, y.start_date AS year_start,
               y.end_date AS year_end, account,
               TRY_CAST(el[1] AS INTEGER) AS dimension_no, el[2] AS object_code,
               TRY_CAST(amt AS DECIMAL(18,2)) AS amount, TRY_CAST(nullif(qty, '') AS DECIMAL(18,4)) AS quantity,
               o.line_no,
               CASE WHEN leftover <> '' OR account IS NULL OR len(toks) > (CASE WHEN has_obj THEN 6 ELSE 5 END)
                         THEN 'MALFORMED_RECORD'
                    WHEN y.year_index IS NULL THEN 'UNKNOWN_YEAR_INDEX'
                    WHEN has_obj AND (obj_inner IS NULL OR len(el) <> 2 OR NOT sie_elems_ok(obj_inner))
                         THEN 'BAD_OBJECT_LIST'
                    WHEN NOT sie_amount_ok(amt) THEN sie_amount_problem(amt)
                    WHEN NOT sie_qty_ok(qty) THEN 'BAD_QUANTITY' END AS problem,
               CASE WHEN problem = 'UNKNOWN_YEAR_INDEX' THEN yr WHEN problem = 'BAD_QUANTITY' THEN qty
                    WHEN problem = 'BAD_OBJECT_LIST' THEN obj_tok WHEN problem IS NOT NULL THEN amt END AS detail
        FROM o LEFT JOIN {t["fiscal_years"]} y ON y.year_index = TRY_CAST(o.yr AS INTEGER)
        ORDER BY o.line_no""")

    # #PSALDO/#PBUDGET: year period account {objects} amount [qty]. Exporters that keep no objects write the
    # record without its object list ("#PBUDGET 0 202301 3010 -1000.00"); that is read as an empty list.
    con.execute(f"""
        CREATE TEMP TABLE {prefix}_period_balances AS
        WITH b AS (
            SELECT line_no, label, toks, leftover, sie_unq(toks[2]) AS yr, sie_unq(toks[3]) AS period,
                   sie_unq(toks[4]) AS account, starts_with(coalesce(toks[5], ''), '{{') AS has_obj,
                   CASE WHEN has_obj THEN toks[5] END AS obj_tok,
                   coalesce(sie_unq(toks[CASE WHEN has_obj THEN 6 ELSE 5 END]), '') AS amt,
                   coalesce(sie_unq(toks[CASE WHEN has_obj THEN 7 ELSE 6 END]), '') AS qty
            FROM {rec} WHERE label IN ('PSALDO', 'PBUDGET')),
        o AS (SELECT *, CASE WHEN NOT has_obj THEN '' WHEN obj_tok LIKE '{{%}}' THEN obj_tok[2:-2] END AS obj_inner,
                     sie_elems(coalesce(obj_inner, '')) AS el FROM b)
        SELECT label AS record_type, TRY_CAST(yr AS INTEGER) AS year_index, y.start_date AS year_start,
               y.end_date AS year_end, period,
               CASE WHEN regexp_full_match(period, '\\d{{4}}(0[1-9]|1[0-2])')
                    THEN make_date(period[1:4]::INTEGER, period[5:6]::INTEGER, 1) END AS period_start,
               account, sie_objmap(el) AS objects,
               TRY_CAST(amt AS DECIMAL(18,2)) AS amount, TRY_CAST(nullif(qty, '') AS DECIMAL(18,4)) AS quantity,
               o.line_no,
               CASE WHEN leftover <> '' OR account IS NULL OR len(toks) > (CASE WHEN has_obj THEN 7 ELSE 6 END)
                         OR obj_inner IS NULL
                         THEN 'MALFORMED_RECORD'
                    WHEN y.year_index IS NULL THEN 'UNKNOWN_YEAR_INDEX'
                    WHEN period_start IS NULL THEN 'BAD_PERIOD'
                    WHEN sie_obj_problem(obj_inner, el) IS NOT NULL THEN sie_obj_problem(obj_inner, el)
                    WHEN NOT sie_amount_ok(amt) THEN sie_amount_problem(amt)
                    WHEN NOT sie_qty_ok(qty) THEN 'BAD_QUANTITY' END AS problem,
               CASE WHEN problem = 'UNKNOWN_YEAR_INDEX' THEN yr WHEN problem = 'BAD_PERIOD' THEN period
                    WHEN problem = 'BAD_QUANTITY' THEN qty WHEN problem IN ('BAD_OBJECT_LIST', 'DUPLICATE_DIMENSION')
                    THEN obj_tok WHEN problem IS NOT NULL THEN amt END AS detail
        FROM o LEFT JOIN {t["fiscal_years"]} y ON y.year_index = TRY_CAST(o.yr AS INTEGER)
        ORDER BY o.line_no""")

    # the accounts #SRU names: they must be declared like every other account the file uses
    con.execute(
        f"CREATE TEMP TABLE {prefix}_sru_accounts AS "
        f"SELECT sie_unq(toks[2]) AS account, line_no FROM {rec} WHERE label = 'SRU'"
    )

    con.execute(f"DROP TABLE {rec}")
    con.execute(f"DROP TABLE {lines}")

    sie.tables.update(t)
    sie.temp_objects.extend(
        [("TABLE", name) for name in t.values()]
        + [
            ("TABLE", stage.problems),
            ("TABLE", f"temp.main.{prefix}_unbalanced"),
            ("TABLE", f"temp.main.{prefix}_account_totals"),
            ("TABLE", f"temp.main.{prefix}_sru_accounts"),
        ]
    )
    sie.counts.update(_counts(con, t))
    q = dict(
        t,
        vouchers=stage.rows.vouchers,
        unbalanced=f"temp.main.{prefix}_unbalanced",
        totals=f"temp.main.{prefix}_account_totals",
        sru_accounts=f"temp.main.{prefix}_sru_accounts",
    )
    sie.violations.extend(_violations(con, sie, q, stage.problems))


def _labels() -> str:
    from rakenskaper.sie.reader import KNOWN_LABELS

    return "(" + ", ".join(_sql_str(x) for x in KNOWN_LABELS) + ")"


def _counts(con, t: dict[str, str]) -> dict[str, int]:
    row = con.execute(f"""SELECT
        (SELECT count(*) FROM {t["accounts"]}), (SELECT count(*) FROM {t["dimensions"]}),
        (SELECT count(*) FROM {t["objects"]}), (SELECT count(*) FROM {t["balances"]}), (SELECT count(*) FROM {t["period_balances"]}),
        (SELECT count(*) FROM {t["other_records"]})""").fetchone()
    keys = ["accounts", "dimensions", "objects", "balances", "period_balances", "other_records"]
    return dict(zip(keys, row, strict=True))


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


def _violations(con, sie: SieFile, t: dict[str, str], problems: str) -> list[Violation]:
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
            out.append(Violation(name, line, record_type, voucher, rule_, message, severity))

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
        out.append(Violation(name, line, kind, None, "LEDGER_DOES_NOT_TIE", msg))
    return out
