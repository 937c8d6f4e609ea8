"""From the file's lines table to the raw-shaped tables (``Stage``, ``build_tables``); voucher and posting rows
go to temporary tables (``TempTables``) or to the loader's raw tables. The content rules run on the result
(``rules.check``)."""

from __future__ import annotations

import contextlib

import duckdb

from rakenskaper.sie import fields as F
from rakenskaper.sie import rules
from rakenskaper.sie.labels import KNOWN_LABELS
from rakenskaper.sie.model import SieFile
from rakenskaper.sources.raw_schema import LEDGER_TABLES

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


def _years_values(sie: SieFile) -> str:
    rows = [f"({y.year_index}, DATE '{y.start_date}', DATE '{y.end_date}', {y.line_no})" for y in sie.fiscal_years]
    if not rows:
        return (
            "SELECT NULL::INTEGER AS year_index, NULL::DATE AS start_date, NULL::DATE AS end_date, "
            "NULL::INTEGER AS line_no WHERE false"
        )
    return "SELECT * FROM (VALUES " + ", ".join(rows) + ") AS y(year_index, start_date, end_date, line_no)"


_F = [f"substr(text, f{k}s, f{k}l)" for k in range(8)]

# the raw tables' own columns (rakenskaper.sources.raw_schema), without lineage
VOUCHER_COLUMNS = LEDGER_TABLES["sie_vouchers"].column_list(LEDGER_TABLES["sie_vouchers"].own)
POSTING_COLUMNS = LEDGER_TABLES["sie_postings"].column_list(LEDGER_TABLES["sie_postings"].own)


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
                with contextlib.suppress(duckdb.Error):  # an earlier statement failed; its error is the one to see
                    con.unregister(name)

    def finish(self, sie: SieFile, unbalanced, account_totals) -> None:
        """``unbalanced`` (voucher_id, total) and ``account_totals`` (#TRANS per account × voucher date ×
        transaction date) come from the scan; the rules below use them instead of the posting rows."""
        p = self.prefix
        for name, table in ((f"{p}_unbalanced", unbalanced), (f"{p}_account_totals", account_totals)):
            self.con.register(f"{name}_arrow", table)
            self.con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
            self.con.unregister(f"{name}_arrow")
        self.rows.finish(sie)
        tables = build_tables(self.con, sie, self)
        sie.violations.extend(rules.check(self.con, sie, tables, self.problems))


def build_tables(con, sie: SieFile, stage: Stage) -> dict[str, str]:
    """The file's raw-shaped tables from its lines (``sie.tables``, ``sie.counts``); returns every table the
    rules read, by name."""
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
    return q


def _labels() -> str:
    return "(" + ", ".join(_sql_str(x) for x in KNOWN_LABELS) + ")"


def _counts(con, t: dict[str, str]) -> dict[str, int]:
    row = con.execute(f"""SELECT
        (SELECT count(*) FROM {t["accounts"]}), (SELECT count(*) FROM {t["dimensions"]}),
        (SELECT count(*) FROM {t["objects"]}), (SELECT count(*) FROM {t["balances"]}),
        (SELECT count(*) FROM {t["period_balances"]}),
        (SELECT count(*) FROM {t["other_records"]})""").fetchone()
    keys = ["accounts", "dimensions", "objects", "balances", "period_balances", "other_records"]
    return dict(zip(keys, row, strict=True))
