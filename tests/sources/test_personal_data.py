"""Personal data never reaches the warehouse: personnummer and names from the payroll files appear in no
table and no column of the published warehouse (nor in any text file beside it); the keyed hash that
replaces them is stable across runs and differs with another key."""

from __future__ import annotations

import csv
import re
import stat
from pathlib import Path

import duckdb
import pytest

from rakenskaper import paths
from rakenskaper.subledgers import MissingPseudonymKey, employee_key, extract_folder, load_subledgers, resolve_key
from rakenskaper.subledgers.pseudonym import DEMO_KEY, ENV_VAR

# a personnummer standing alone (not inside a longer run of letters and digits, e.g. a sha256)
PERSONNUMMER_SQL = r"(^|[^0-9A-Za-z])(19|20)\d{6}[-+]?\d{4}($|[^0-9A-Za-z])"
PAYROLL_HEADER = (
    "pay_period;payment_date;personnummer;employee_name;unit;pay_item;pay_item_name;account;quantity;amount"
)


def demo_people() -> tuple[set[str], set[str]]:
    numbers, names = set(), set()
    for path in sorted((paths.demo_sources_dir() / "payroll").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                numbers.add(row["personnummer"])
                names.add(row["employee_name"])
    return numbers, names


def test_no_personnummer_and_no_name_in_any_table_or_column_of_the_published_warehouse(demo_run):
    settings, _ = demo_run
    numbers, names = demo_people()
    assert len(numbers) >= 10 and len(names) >= 10, "the demo's payroll files should be there"
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    con.execute("create temp table people(needle varchar)")
    con.executemany(
        "insert into people values (?)", [[n] for n in numbers | names] + [[re.sub(r"\D", "", n)] for n in numbers]
    )
    columns = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_catalog = current_database() and table_schema <> 'temp'"
    ).fetchall()
    assert len(columns) > 100
    found = []
    for schema, table, column in columns:
        value = f'cast("{schema}"."{table}"."{column}" as varchar)'
        hits = con.execute(
            f"select count(*) filter (where regexp_matches({value}, '{PERSONNUMMER_SQL}')), "
            f'(select count(*) from "{schema}"."{table}" join people on contains({value}, people.needle)) '
            f'from "{schema}"."{table}"'
        ).fetchone()
        if hits[0] or hits[1]:
            found.append((schema, table, column, hits))
    con.close()
    assert found == []
    # and the payroll did arrive, under its pseudonym — in the release's restricted file, not in the warehouse
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    assert con.execute("select count(*) from duckdb_tables() where table_name = 'payroll_lines'").fetchone()[0] == 0
    assert con.execute("select count(*) from duckdb_columns() where column_name = 'employee_key'").fetchone()[0] == 0
    assert con.execute("select max(headcount) from marts.fct_payroll").fetchone()[0] >= 3
    con.close()
    restricted = settings.warehouse_path.resolve().parent / "restricted.duckdb"
    assert stat.S_IMODE(restricted.stat().st_mode) == 0o600
    con = duckdb.connect(str(restricted), read_only=True)
    keys = con.execute(
        "select count(distinct employee_key), min(length(employee_key)) from raw.payroll_lines"
    ).fetchone()
    con.close()
    assert keys[0] == len(numbers) and keys[1] == 32


def test_no_personnummer_in_any_text_file_beside_the_warehouse(demo_run):
    settings, _ = demo_run
    numbers, names = demo_people()
    for path in settings.warehouse_dir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".txt", ".csv", ".log", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not any(n in text or n.replace("-", "") in text for n in numbers), path
            assert not any(n in text for n in names), path


def test_employee_key_is_a_keyed_hash_stable_across_runs_and_different_with_another_key():
    key_a, key_b = "a" * 32, "b" * 32
    assert employee_key("19561009-9938", key_a) == employee_key("19561009-9938", key_a)
    assert employee_key("19561009-9938", key_a) == employee_key("195610099938", key_a)
    assert employee_key("19561009-9938", key_a) != employee_key("19561009-9938", key_b)
    assert employee_key("19561009-9938", key_a) != employee_key("19561009-9946", key_a)
    assert re.fullmatch(r"[0-9a-f]{32}", employee_key("19561009-9938", key_a))


def _payroll_sources(tmp_path: Path) -> Path:
    sources = tmp_path / "sources"
    (sources / "payroll").mkdir(parents=True)
    (sources / "payroll" / "payroll_2023-08.csv").write_text(
        PAYROLL_HEADER + "\n2023-08;2023-08-25;19561009-9938;Fredrik Nilsson;100;1100;Månadslön;5010;1,00;44382,50\n"
        "2023-08;2023-08-25;19561009-9938;Fredrik Nilsson;100;9100;Preliminär skatt;2710;0;-13000\n",
        encoding="utf-8",
    )
    return sources


def _keys_after_load(tmp_path: Path, sources: Path, key: str, run: str) -> list[str]:
    extract_folder(sources, "payroll", tmp_path / run / "landing", pseudonym_key=key)
    con = duckdb.connect()
    load_subledgers(con, tmp_path / run / "landing")
    return [k for (k,) in con.execute("select employee_key from raw.payroll_lines order by line_no").fetchall()]


def test_the_loaded_employee_key_is_stable_across_runs_and_changes_with_the_key(tmp_path):
    sources = _payroll_sources(tmp_path)
    first = _keys_after_load(tmp_path, sources, "k" * 20, "run1")
    second = _keys_after_load(tmp_path, sources, "k" * 20, "run2")
    other = _keys_after_load(tmp_path, sources, "x" * 20, "run3")
    assert first == second == [employee_key("19561009-9938", "k" * 20)] * 2
    assert set(other).isdisjoint(first)
    landed = b"".join(p.read_bytes() for p in (tmp_path / "run1" / "landing").rglob("*") if p.is_file())
    assert b"19561009" not in landed and b"Nilsson" not in landed


def test_payroll_without_a_key_is_refused_outside_the_demo(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    sources = _payroll_sources(tmp_path)
    with pytest.raises(MissingPseudonymKey, match=ENV_VAR):
        extract_folder(sources, "payroll", tmp_path / "landing")
    assert resolve_key(paths.demo_sources_dir()) == DEMO_KEY
    monkeypatch.setenv(ENV_VAR, "too-short")
    with pytest.raises(MissingPseudonymKey, match="too short"):
        resolve_key(sources)
    monkeypatch.setenv(ENV_VAR, "s" * 40)
    assert resolve_key(sources) == "s" * 40
    assert resolve_key(sources, "p" * 40) == "p" * 40  # the DAG's Airflow Variable wins


def test_a_bad_payroll_row_is_rejected_without_quoting_personal_data_or_copying_the_file(tmp_path):
    sources = _payroll_sources(tmp_path)
    path = sources / "payroll" / "payroll_2023-08.csv"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("19561009-9938;Fredrik", "19561009-9939;Fredrik", 1)
        .replace("44382,50", "44382,505"),
        encoding="utf-8",
    )
    from rakenskaper.sources.violations import SourceRejected

    with pytest.raises(SourceRejected) as excinfo:
        extract_folder(sources, "payroll", tmp_path / "landing", quarantine_dir=tmp_path / "q", pseudonym_key="k" * 20)
    message = str(excinfo.value)
    assert "payroll_2023-08.csv line 2 column personnummer: not a valid personnummer" in message
    assert "payroll_2023-08.csv line 2 column amount" in message
    assert "19561009" not in message and "Nilsson" not in message
    assert not (tmp_path / "q" / "payroll_2023-08.csv").exists()
    reason = (tmp_path / "q" / "payroll_2023-08.csv.reason.txt").read_text(encoding="utf-8")
    assert "sha256:" in reason and "personal data" in reason and "19561009" not in reason


def _bad_payroll_files(payroll: Path) -> tuple[set[str], set[str]]:
    """Three payroll files a careless export makes, written over copies of the demo's: one without its header
    row, one with personnummer and amount swapped, one with the name in the payment-date column. Returns the
    personnummer and names they hold."""
    numbers, names = set(), set()
    originals = sorted(payroll.glob("payroll_*.csv"))[-3:]
    for index, path in enumerate(originals):
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [line.split(";") for line in lines[1:]]
        for row in rows:
            numbers.add(row[2])
            names.add(row[3])
        if index == 0:  # no header row: the first data row stands where the header should
            out = rows
        elif index == 1:  # personnummer and amount swapped
            out = [lines[0].split(";")] + [r[:2] + [r[9]] + r[3:9] + [r[2]] for r in rows]
        else:  # the name in payment_date
            out = [lines[0].split(";")] + [[r[0], r[3], r[2], r[1]] + r[4:] for r in rows]
        path.write_text("\n".join(";".join(r) for r in out) + "\n", encoding="utf-8")
    return numbers, names


def test_rejected_payroll_files_never_echo_a_personnummer_or_a_name(tmp_path):
    """Header-less and mislabelled payroll files are rejected with file, line and reason — and no message, log,
    reason file or other file of the run quotes a personnummer or a name from them."""
    import shutil
    import subprocess
    import sys

    sources = tmp_path / "sources"
    shutil.copytree(paths.demo_sources_dir(), sources)
    numbers, names = _bad_payroll_files(sources / "payroll")
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"
    run = subprocess.run(
        [sys.executable, "-m", "rakenskaper.cli", "run", "--sources", str(sources), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = run.stdout + run.stderr

    assert run.returncode != 0
    assert "payroll" in output and "line" in output
    assert "cell(s) that are not column names" in output  # the header-less file, told without its cells
    assert "not a number" in output  # the swapped amount column, told without its value
    assert not warehouse.exists()
    texts = {"output": output}
    for path in (tmp_path / "warehouse").rglob("*"):
        if path.is_file() and path.suffix not in (".duckdb", ".parquet", ".wal"):
            texts[str(path)] = path.read_text(encoding="utf-8", errors="replace")
    assert any(name.endswith(".reason.txt") for name in texts)
    for where, text in texts.items():
        assert not [n for n in numbers if re.search(re.escape(n[:8]) + "[-+]?" + re.escape(n[-4:]), text)], where
        assert not [n for n in names if n in text], where


def test_no_published_payroll_row_shows_fewer_than_three_employees_and_merging_keeps_the_money(demo_run):
    """fct_payroll (and its Parquet copy) merges small pay-item groups instead of showing one person's pay; where
    nothing had to be withheld, its rows still add up to the payroll per month and account."""
    settings, _ = demo_run
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        small_before = _small_groups(settings.warehouse_path.resolve().parent / "restricted.duckdb")
        levels = dict(con.execute("select group_level, count(*) from marts.fct_payroll group by 1").fetchall())
        below = con.execute(
            "select count(*) from marts.fct_payroll where headcount < 3 or (amount is not null and not is_published)"
        ).fetchone()[0]
        differences = con.execute("""
            with published as (
                select month_end, account, sum(amount) as amount, bool_and(is_published) as complete
                from marts.fct_payroll group by all
            ),
            full_amounts as (
                select month_end, account, sum(amount) as amount
                from intermediate.int_payroll_aggregated_to_month group by all
            )
            select count(*) filter (where published.complete and published.amount <> full_amounts.amount),
                   count(*) filter (where published.complete)
            from full_amounts inner join published using (month_end, account)
        """).fetchone()
        parquet = settings.warehouse_dir / "parquet" / "marts.fct_payroll.parquet"
        parquet_below = con.execute(f"select count(*) from read_parquet('{parquet}') where headcount < 3").fetchone()[0]
    finally:
        con.close()
    assert small_before > 100  # the demo has single-person pay items to protect
    assert levels.get("pay_item", 0) > 0 and sum(levels.values()) - levels["pay_item"] > 0
    assert below == 0 and parquet_below == 0
    assert differences[0] == 0 and differences[1] > 0


def _small_groups(restricted: Path) -> int:
    """How many month × unit × pay item × account groups of the payroll have fewer than 3 employees."""
    con = duckdb.connect(str(restricted), read_only=True)
    try:
        return con.execute("""select count(*) from (
            select left(pay_period, 7), unit, pay_item, account from raw.payroll_lines
            group by all having count(distinct employee_key) < 3)""").fetchone()[0]
    finally:
        con.close()


def test_the_published_payroll_aggregates_show_no_pay_item_of_a_unit_and_month(demo_run):
    """The reconciliation's aggregate is published (intermediate schema): per unit and account, without the pay
    item or a headcount, so it never shows one person's pay item."""
    settings, _ = demo_run
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        columns = {
            c
            for (c,) in con.execute(
                "select column_name from duckdb_columns() where table_name = 'int_payroll_aggregated_to_month'"
            ).fetchall()
        }
    finally:
        con.close()
    assert {"month_end", "unit_code", "account", "amount"} <= columns
    assert not columns & {"pay_item", "headcount", "employee_key"}
