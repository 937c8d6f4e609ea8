"""The ledger's load (rakenskaper.sources.ledger, landing): raw tables with lineage, same file = no-op, newer
export replaces its year atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from rakenskaper.sources.landing import LEDGER_TABLES, REPLACED, SKIPPED_SAME_SHA, SKIPPED_STALE
from rakenskaper.sources.ledger import ensure_raw_schema, load_ledger, validate_ledger_file
from rakenskaper.sources.violations import SourceRejected

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sie"


def small_sie(gen: str, year: int = 2025, vouchers: int = 2, amount: str = "100.00", orgnr: str = "222000-1230") -> str:
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "Test" 1',
        "#FORMAT PC8",
        f"#GEN {gen}",
        "#SIETYP 4",
        '#FNAMN "Förbundet"',
        f"#ORGNR {orgnr}",
        f"#RAR 0 {year}0101 {year}1231",
        '#KONTO 1930 "Bank"',
        '#KONTO 5010 "Hyra"',
    ]
    for n in range(1, vouchers + 1):
        lines += [
            f'#VER A {n} {year}0115 "Hyra"',
            "{",
            f"#TRANS 5010 {{}} {amount}",
            f"#TRANS 1930 {{}} -{amount}",
            "}",
        ]
    return "\r\n".join(lines) + "\r\n"


def put(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("cp437"))
    return path


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for t in LEDGER_TABLES}


def test_schema_matches_the_contract():
    con = duckdb.connect()
    ensure_raw_schema(con)
    cols = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'raw' "
        "AND table_name = 'sie_postings' ORDER BY ordinal_position"
    ).fetchall()
    assert [c for c, _ in cols] == [
        "voucher_id",
        "row_no",
        "record_type",
        "account",
        "objects",
        "amount",
        "transaction_date",
        "posting_text",
        "quantity",
        "signature",
        "line_no",
        "source_file_name",
        "source_file_sha256",
        "loaded_at",
        "fiscal_year_start",
    ]
    types = dict(cols)
    assert types["amount"] == "DECIMAL(18,2)" and types["quantity"] == "DECIMAL(18,4)"
    assert types["objects"] == "MAP(VARCHAR, VARCHAR)"


def test_real_files_load_with_lineage_and_same_file_twice_is_a_noop(tmp_path):
    ledger = tmp_path / "ledger"
    ledger.mkdir()
    for name in ("transaktioner_ovnbolag.se", "BL0001_typ4.SE", "MAMUT_SIE4_EXPORT.SE"):
        shutil.copy(FIXTURES / name, ledger / name)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    report = load_ledger(con, ledger)
    assert [f.status for f in report.files] == ["loaded"] * 3
    first = counts(con)
    assert first["sie_files"] == 3 and first["sie_postings"] == 671 + 405 + 9 + 458
    lineage = con.execute(
        "SELECT DISTINCT source_file_name, fiscal_year_start FROM raw.sie_postings ORDER BY 1"
    ).fetchall()
    assert [r[0] for r in lineage] == ["BL0001_typ4.SE", "MAMUT_SIE4_EXPORT.SE", "transaktioner_ovnbolag.se"]
    assert (
        con.execute(
            "SELECT count(*) FROM raw.sie_postings WHERE loaded_at IS NULL OR source_file_sha256 IS NULL "
            "OR fiscal_year_start IS NULL"
        ).fetchone()[0]
        == 0
    )

    again = load_ledger(con, ledger)
    assert [f.status for f in again.files] == [SKIPPED_SAME_SHA] * 3
    assert counts(con) == first


def test_newer_export_of_the_same_year_replaces_its_rows(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    put(tmp_path / "a", "y2025.se", small_sie("20250301", vouchers=2))
    put(tmp_path / "a", "y2024.se", small_sie("20250301", year=2024, vouchers=1))
    load_ledger(con, tmp_path / "a")
    before = counts(con)
    assert before["sie_vouchers"] == 3 and before["sie_postings"] == 6

    put(tmp_path / "b", "y2025_v2.se", small_sie("20250401", vouchers=5))
    report = load_ledger(con, tmp_path / "b")
    assert report.files[0].status == REPLACED and report.files[0].replaced_file == "y2025.se"
    after = counts(con)
    assert after["sie_files"] == 2 and after["sie_vouchers"] == 1 + 5 and after["sie_postings"] == 2 + 10
    per_file = dict(con.execute("SELECT source_file_name, count(*) FROM raw.sie_vouchers GROUP BY 1").fetchall())
    assert per_file == {"y2024.se": 1, "y2025_v2.se": 5}

    # an older export of 2025 arriving later is skipped with a warning
    put(tmp_path / "c", "y2025_old.se", small_sie("20250201", vouchers=7))
    stale = load_ledger(con, tmp_path / "c")
    assert stale.files[0].status == SKIPPED_STALE and "newer export" in stale.warnings[0]
    assert counts(con) == after


def test_two_files_for_the_same_year_in_one_folder_newest_gen_wins(tmp_path):
    con = duckdb.connect()
    put(tmp_path, "a.se", small_sie("20250401", vouchers=3))
    put(tmp_path, "b.se", small_sie("20250301", vouchers=1))
    report = load_ledger(con, tmp_path)
    status = {f.path.name: f.status for f in report.files}
    assert status == {"a.se": "loaded", "b.se": SKIPPED_STALE}
    assert con.execute("SELECT count(*) FROM raw.sie_vouchers").fetchone()[0] == 3


def test_replacement_is_one_transaction(tmp_path, monkeypatch):
    import rakenskaper.sources.ledger as load_module

    con = duckdb.connect()
    put(tmp_path / "a", "y.se", small_sie("20250301", vouchers=2))
    load_ledger(con, tmp_path / "a")
    before = counts(con)

    original = load_module._replace_year

    def fail_after_delete(con_, sie, result, loaded_at):
        original(con_, sie, result, loaded_at)
        raise RuntimeError("disk full")

    monkeypatch.setattr(load_module, "_replace_year", fail_after_delete)
    put(tmp_path / "b", "y2.se", small_sie("20250401", vouchers=4))
    with pytest.raises(RuntimeError):
        load_ledger(con, tmp_path / "b")
    assert counts(con) == before


def test_bad_file_is_rejected_loads_nothing_and_is_quarantined(tmp_path):
    ledger = tmp_path / "ledger"
    put(ledger, "good.se", small_sie("20250301", year=2024))
    shutil.copy(FIXTURES / "transaktioner_ovnbolag-bad-balance.se", ledger / "bad.se")
    quarantine = tmp_path / "quarantine"
    con = duckdb.connect()
    with pytest.raises(SourceRejected) as excinfo:
        load_ledger(con, ledger, quarantine_dir=quarantine)
    rejected = excinfo.value
    assert rejected.path.name == "bad.se"
    assert any(v.rule == "UNBALANCED_VOUCHER" and v.line_no == 3905 and v.voucher == "B 1" for v in rejected.violations)
    assert "bad.se" in str(rejected) and "UNBALANCED_VOUCHER" in str(rejected)
    assert all(n == 0 for n in counts(con).values())
    assert (quarantine / "bad.se").read_bytes() == (ledger / "bad.se").read_bytes()
    reason = (quarantine / "bad.se.reason.txt").read_text(encoding="utf-8")
    assert "line 3905 #VER voucher B 1: UNBALANCED_VOUCHER" in reason
    assert not (quarantine / "good.se").exists()


def test_validate_ledger_file(tmp_path):
    summary = validate_ledger_file(FIXTURES / "transaktioner_ovnbolag.se")
    assert summary["orgnr"] == "5555555555" and summary["fiscal_year_start"] == "2011-01-01"
    with pytest.raises(SourceRejected):
        validate_ledger_file(FIXTURES / "transaktioner_ovnbolag-bad-balance.se", quarantine_dir=tmp_path)
    assert (tmp_path / "transaktioner_ovnbolag-bad-balance.se.reason.txt").exists()


def test_rows_committed_in_batches_are_removed_when_a_later_file_is_rejected(tmp_path, monkeypatch):
    """Vouchers and postings are committed in batches while a file is read (memory stays flat); a rejected
    file afterwards still leaves raw exactly as it was."""
    from rakenskaper.sources.ledger_rows import RawRows

    monkeypatch.setattr(RawRows, "COMMIT_ROWS", 1)  # a commit after every chunk
    con = duckdb.connect()
    put(tmp_path / "a", "y.se", small_sie("20250301", year=2024))
    load_ledger(con, tmp_path / "a")
    before = {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in LEDGER_TABLES}
    ledger = tmp_path / "b"
    put(ledger, "a_good.se", small_sie("20250301", year=2025, vouchers=50))
    shutil.copy(FIXTURES / "transaktioner_ovnbolag-bad-balance.se", ledger / "b_bad.se")
    with pytest.raises(SourceRejected):
        load_ledger(con, ledger)
    after = {t: con.execute(f"SELECT * FROM raw.{t} ORDER BY ALL").fetchall() for t in LEDGER_TABLES}
    assert after == before


def test_rows_of_an_unfinished_load_are_removed_by_the_next_load(tmp_path):
    """A load that stopped before registering its file (a crash) leaves rows without a raw.sie_files row:
    the next load deletes them before it starts (staging ignores them in between)."""
    from rakenskaper.sources.ledger_rows import remove_unfinished

    con = duckdb.connect()
    put(tmp_path / "a", "y.se", small_sie("20250301"))
    load_ledger(con, tmp_path / "a")
    con.execute(
        "INSERT INTO raw.sie_postings (voucher_id, account, amount, source_file_sha256) "
        "VALUES (1, '1930', 5.00, 'deadbeef')"
    )
    con.execute("INSERT INTO raw.sie_vouchers (voucher_id, series, source_file_sha256) VALUES (1, 'A', 'deadbeef')")
    assert remove_unfinished(con) == ["deadbeef"]
    assert con.execute("SELECT count(*) FROM raw.sie_postings WHERE source_file_sha256 = 'deadbeef'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM raw.sie_postings").fetchone()[0] == 4  # the loaded file's rows stay
    assert remove_unfinished(con) == []


def test_lineage_year_when_rar_comes_after_the_first_voucher(tmp_path):
    """Rows are written while the file is read, with the #RAR 0 seen so far; a file that declares its
    year only after its vouchers gets the right lineage anyway."""
    text = small_sie("20250301", year=2025).replace("#RAR 0 20250101 20251231\r\n", "")
    put(tmp_path / "a", "late.se", text + "#RAR 0 20250101 20251231\r\n")
    con = duckdb.connect()
    load_ledger(con, tmp_path / "a")
    years = con.execute(
        "SELECT DISTINCT fiscal_year_start::VARCHAR FROM raw.sie_postings "
        "UNION ALL SELECT DISTINCT fiscal_year_start::VARCHAR FROM raw.sie_vouchers"
    ).fetchall()
    assert years == [("2025-01-01",), ("2025-01-01",)]


def _land_and_load(con, folder: Path, landing: Path, loaded: set[str] | None = None):
    """What extract and load do in a run: read each new file once into the landing database, then copy."""
    from rakenskaper.sources.landing import land_ledger, load_landed_ledger

    if landing.exists():
        shutil.rmtree(landing)
    landing.mkdir(parents=True)
    landed = land_ledger(folder, landing, already_loaded=loaded if loaded is not None else set())
    return landed, load_landed_ledger(con, landing)


def test_parse_once_landing_gives_the_same_raw_rows_and_statuses_as_a_direct_load(tmp_path):
    """Extract parses into the landing database, load copies from it: the raw tables are the same as
    load_ledger's, a newer export replaces its year, an older one is skipped, and a file the warehouse
    holds is not read again at all."""
    direct = duckdb.connect(str(tmp_path / "direct.duckdb"))
    landed_con = duckdb.connect(str(tmp_path / "landed.duckdb"))
    put(tmp_path / "a", "y2025.se", small_sie("20250301", vouchers=2))
    put(tmp_path / "a", "y2024.se", small_sie("20250301", year=2024, vouchers=1))
    load_ledger(direct, tmp_path / "a")
    _, first = _land_and_load(landed_con, tmp_path / "a", tmp_path / "landing")
    assert [f.status for f in first.files] == ["loaded", "loaded"]
    columns = {t: ", ".join(name for name, _ in LEDGER_TABLES[t].own) for t in LEDGER_TABLES}
    for table, cols in columns.items():
        assert sorted(
            direct.execute(f"select {cols}, source_file_name from raw.{table}").fetchall(), key=str
        ) == sorted(landed_con.execute(f"select {cols}, source_file_name from raw.{table}").fetchall(), key=str), table

    loaded = {r[0] for r in landed_con.execute("select source_file_sha256 from raw.sie_files").fetchall()}
    landed, again = _land_and_load(landed_con, tmp_path / "a", tmp_path / "landing", loaded)
    assert [f.status for f in landed.files] == [SKIPPED_SAME_SHA] * 2
    # nothing was parsed: the landing database holds no rows
    landing_db = duckdb.connect(str(tmp_path / "landing" / "ledger.duckdb"), read_only=True)
    assert landing_db.execute("select count(*) from raw.sie_postings").fetchone()[0] == 0
    landing_db.close()
    assert [f.status for f in again.files] == [SKIPPED_SAME_SHA] * 2
    before = counts(landed_con)

    put(tmp_path / "b", "y2025_v2.se", small_sie("20250401", vouchers=5))
    _, replaced = _land_and_load(landed_con, tmp_path / "b", tmp_path / "landing")
    assert replaced.files[0].status == REPLACED and replaced.files[0].replaced_file == "y2025.se"
    per_file = dict(landed_con.execute("SELECT source_file_name, count(*) FROM raw.sie_vouchers GROUP BY 1").fetchall())
    assert per_file == {"y2024.se": 1, "y2025_v2.se": 5}
    assert counts(landed_con)["sie_files"] == before["sie_files"]

    put(tmp_path / "c", "y2025_old.se", small_sie("20250201", vouchers=7))
    after = counts(landed_con)
    _, stale = _land_and_load(landed_con, tmp_path / "c", tmp_path / "landing")
    assert stale.files[0].status == SKIPPED_STALE and "newer export" in stale.warnings[0]
    assert counts(landed_con) == after


def test_a_landing_that_does_not_fit_the_build_stops_the_load(tmp_path):
    """A file skipped at extract because the warehouse held it must be in the build; if not, load stops
    (extract must run again) rather than publish without that year."""
    from rakenskaper.sources.landing import LandingOutOfDate

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    put(tmp_path / "a", "y2025.se", small_sie("20250301"))
    from rakenskaper.sie.encoding import detect_encoding

    sha = detect_encoding(tmp_path / "a" / "y2025.se").sha256
    with pytest.raises(LandingOutOfDate, match="run extract again"):
        _land_and_load(con, tmp_path / "a", tmp_path / "landing", {sha})
    assert counts(con)["sie_files"] == 0


def test_a_4i_batch_under_an_export_name_never_replaces_a_year_loaded_with_balances(tmp_path):
    """An import batch (vouchers, no #IB/#UB/#RES) with the same orgnr and year and a newer #GEN would replace the
    whole year with a handful of vouchers: it is rejected, and the loaded year stays."""
    ledger = tmp_path / "ledger"
    full = small_sie("20250301").replace(
        "#KONTO 5010", "#IB 0 1930 1000.00\n#UB 0 1930 800.00\n#RES 0 5010 200.00\n#KONTO 5010".replace("\n", "\r\n")
    )
    put(ledger, "export.se", full)
    con = duckdb.connect()
    load_ledger(con, ledger)
    before = counts(con)
    (ledger / "export.se").unlink()
    put(ledger, "batch.se", small_sie("20250401", vouchers=1))
    with pytest.raises(SourceRejected, match="SIE_4I.*may not replace fiscal year 2025-01-01"):
        load_ledger(con, ledger, quarantine_dir=tmp_path / "q")
    assert counts(con) == before
    assert "4I import batch" in (tmp_path / "q" / "batch.se.reason.txt").read_text(encoding="utf-8")
