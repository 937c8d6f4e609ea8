"""The build/publish mechanics: a build starts from the published file, and only a rename publishes."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from rakenskaper import duckdb_files, publish
from tests.support import duckdb_with


def _make_db(path, value):
    con = duckdb.connect(str(path))
    con.execute("create table t as select ? as v", [value])
    con.close()


def _value(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select v from t").fetchone()[0]
    finally:
        con.close()


def test_first_build_starts_empty(tmp_path):
    build = publish.start_build(tmp_path / "wh.duckdb", tmp_path / "build" / "b.duckdb")
    con = duckdb.connect(str(build), read_only=True)
    assert con.execute("select count(*) from information_schema.tables").fetchone()[0] == 0
    con.close()


def test_build_starts_from_a_copy_of_the_published_file(tmp_path):
    published = tmp_path / "wh.duckdb"
    _make_db(published, "last night")
    build = publish.start_build(published, tmp_path / "build" / "b.duckdb")
    assert _value(build) == "last night"
    con = duckdb.connect(str(build))
    con.execute("update t set v = 'tonight'")
    con.close()
    assert _value(published) == "last night", "writing the build must not touch the published file"


def test_a_stale_build_from_a_failed_run_is_discarded(tmp_path):
    build = tmp_path / "build" / "b.duckdb"
    build.parent.mkdir()
    _make_db(build, "half-built")
    publish.start_build(tmp_path / "wh.duckdb", build)
    con = duckdb.connect(str(build), read_only=True)
    assert con.execute("select count(*) from information_schema.tables").fetchone()[0] == 0
    con.close()


def test_publish_replaces_the_file_and_leaves_no_build_behind(tmp_path):
    published, build = tmp_path / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    _make_db(published, "last night")
    publish.start_build(published, build)
    con = duckdb.connect(str(build))
    con.execute("update t set v = 'tonight'")
    con.close()
    publish.publish(build, published)
    assert _value(published) == "tonight"
    assert not build.exists()
    assert not duckdb_files.wal_path(published).exists()


def test_a_reader_holding_the_old_file_keeps_reading_it(tmp_path):
    published, build = tmp_path / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    _make_db(published, "last night")
    reader = duckdb.connect(str(published), read_only=True)
    publish.start_build(published, build)
    con = duckdb.connect(str(build))
    con.execute("update t set v = 'tonight'")
    con.close()
    publish.publish(build, published)
    assert reader.execute("select v from t").fetchone()[0] == "last night"
    reader.close()
    assert _value(published) == "tonight"


def test_publishing_nothing_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        publish.publish(tmp_path / "missing.duckdb", tmp_path / "wh.duckdb")


def test_a_build_keeps_the_raw_sources_and_drops_what_dbt_rebuilds(tmp_path):
    published = duckdb_with(
        tmp_path / "wh.duckdb",
        "create schema raw; create table raw.sie_files as select 1 as id",
        "create schema marts; create table marts.rpt_gone as select 1 as id",
        "create schema config; create table config.report_lines as select 1 as old_column",
    )
    build = publish.start_build(published, tmp_path / "build" / "b.duckdb")
    con = duckdb.connect(str(build), read_only=True)
    tables = {
        tuple(row) for row in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }
    con.close()
    assert tables == {("raw", "sie_files")}


def test_a_release_is_readable_by_owner_and_group_only(tmp_path, monkeypatch):
    import stat

    published, build = tmp_path / "wh" / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    build.parent.mkdir()
    _make_db(build, "tonight")
    publish.publish(build, published)
    release = published.resolve().parent
    assert stat.S_IMODE(published.resolve().stat().st_mode) == 0o640
    assert stat.S_IMODE(release.stat().st_mode) == 0o750
    monkeypatch.setenv("RAKENSKAPER_FILE_MODE", "0600")  # a stricter site
    _make_db(build, "the next night")
    publish.publish(build, published)
    assert stat.S_IMODE(published.resolve().stat().st_mode) == 0o600
    assert stat.S_IMODE(published.resolve().parent.stat().st_mode) == 0o700
    assert _value(published) == "the next night"


def _tables(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            tuple(row)
            for row in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
        }
    finally:
        con.close()


def _published_with_history(path):
    con = duckdb.connect(str(path))
    con.execute("create schema raw; create table raw.sie_files as select 1 as id")
    con.execute("create schema marts; create table marts.rpt_gone as select 1 as id")
    con.execute("create schema meta; create table meta.publish_log as select 'last night' as run_id")
    con.close()


def test_a_build_keeps_the_publish_history(tmp_path):
    published = tmp_path / "wh.duckdb"
    _published_with_history(published)
    build = publish.start_build(published, tmp_path / "build" / "b.duckdb")
    assert _tables(build) == {("raw", "sie_files"), ("meta", "publish_log")}


def test_a_rebuild_starts_empty_but_for_the_publish_history(tmp_path):
    published = tmp_path / "wh.duckdb"
    _published_with_history(published)
    build = publish.start_build(published, tmp_path / "build" / "b.duckdb", empty=True)
    assert _tables(build) == {("meta", "publish_log")}
    con = duckdb.connect(str(build), read_only=True)
    assert con.execute("select run_id from meta.publish_log").fetchall() == [("last night",)]
    con.close()


def test_the_publish_record_is_the_last_write_and_survives_the_personal_data_split(tmp_path):
    """The record is written after the per-employee rows are moved out and the file compacted, and it is in
    the published file; the payroll rows are not."""
    published, build = tmp_path / "wh" / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    build.parent.mkdir()
    con = duckdb.connect(str(build))
    con.execute("create schema raw; create table raw.payroll_lines as select 'e1' as employee_key, 100 as amount")
    con.execute("create schema meta; create table meta.publish_log as select 'last night' as run_id")
    con.close()
    seen = []

    def record_publish(build_file, release):
        seen.append(("raw", "payroll_lines") in _tables(build_file))
        con = duckdb.connect(str(build_file))
        con.execute("insert into meta.publish_log values (?)", [f"tonight {release.name}"])
        con.close()

    publish.publish(build, published, record_publish=record_publish)
    assert seen == [False]
    assert ("raw", "payroll_lines") not in _tables(published)
    con = duckdb.connect(str(published), read_only=True)
    runs = [r[0] for r in con.execute("select run_id from meta.publish_log order by run_id").fetchall()]
    con.close()
    assert runs == ["last night", f"tonight {published.resolve().parent.name}"]
    assert not duckdb_files.wal_path(published.resolve()).exists()


def _storage_number(path):
    """The storage version number in a DuckDB file's header (DuckDB 1.2 writes 65, 2.0 writes 69 or more)."""
    import struct

    header = path.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    return struct.unpack("<Q", header[12:20])[0]


def test_the_published_file_is_written_for_duckdb_1_2_readers_even_after_the_publish_record(tmp_path):
    """The build is made by DuckDB 2.x (its own format); publish rewrites it in the format of
    READER_STORAGE_VERSION, and the publish record written into it afterwards keeps that format."""
    published, build = tmp_path / "wh" / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    build.parent.mkdir()
    _make_db(build, "tonight")
    assert _storage_number(build) > 65

    def record_publish(build_file, release):
        con = duckdb.connect(str(build_file))
        con.execute("create table night as select ? as release", [release.name])
        con.close()

    publish.publish(build, published, record_publish=record_publish)
    assert duckdb_files.READER_STORAGE_VERSION == "v1.2.0"
    assert _storage_number(published.resolve()) == 65
    assert _value(published) == "tonight"
    # the next night starts from a copy of this file and is rewritten again at its publish
    build = publish.start_build(published, build)
    publish.publish(build, published)
    assert _storage_number(published.resolve()) == 65


def test_the_storage_version_can_be_raised_once_every_reader_has_a_newer_duckdb(tmp_path, monkeypatch):
    monkeypatch.setenv(duckdb_files.STORAGE_VERSION_ENV, "v1.4.0")
    published, build = tmp_path / "wh" / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    build.parent.mkdir()
    _make_db(build, "tonight")
    publish.publish(build, published)
    assert _storage_number(published.resolve()) == 67  # DuckDB 1.4's storage version


@pytest.mark.parametrize(
    "setting, chosen", [(None, "v1.2.0"), ("", "v1.2.0"), (" v1.3.0 ", "v1.3.0"), ("latest", "latest")]
)
def test_the_storage_version_setting(setting, chosen):
    environ = {} if setting is None else {duckdb_files.STORAGE_VERSION_ENV: setting}
    assert duckdb_files.storage_version(environ) == chosen


@pytest.mark.parametrize("setting", ["1.2", "v1.2.0') ; drop table x; --", "newest"])
def test_a_storage_version_that_is_not_a_version_is_refused(setting):
    with pytest.raises(ValueError, match=duckdb_files.STORAGE_VERSION_ENV):
        duckdb_files.storage_version({duckdb_files.STORAGE_VERSION_ENV: setting})


def test_the_rewrite_at_publish_keeps_what_bi_tools_read(tmp_path):
    """Every night's build is rewritten (compact): views, table macros, dbt contracts' constraints and column
    comments must come through it, as they were."""
    db = tmp_path / "b.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.execute(
        "create table marts.rpt_lines(line_code varchar primary key, amount decimal(18,2) not null, checks varchar[])"
    )
    con.execute("comment on column marts.rpt_lines.amount is 'SEK med öre'")
    con.execute("insert into marts.rpt_lines values ('claims', 125560.25, ['ties'])")
    con.execute("create view marts.rpt_claims as select amount from marts.rpt_lines where line_code = 'claims'")
    con.execute("create macro marts.lines_of(code) as table select * from marts.rpt_lines where line_code = code")
    con.close()
    duckdb_files.compact(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert _storage_number(db) == 65
        assert con.execute("select amount from marts.rpt_claims").fetchall() == [(Decimal("125560.25"),)]
        assert con.execute("select checks from marts.lines_of('claims')").fetchall() == [(["ties"],)]
        assert set(
            con.execute("select constraint_type from duckdb_constraints() where table_name = 'rpt_lines'").fetchall()
        ) == {("NOT NULL",), ("PRIMARY KEY",)}
        assert (
            con.execute(
                "select comment from duckdb_columns() where column_name = 'amount' and table_name = 'rpt_lines'"
            ).fetchone()[0]
            == "SEK med öre"
        )
    finally:
        con.close()


def test_a_build_is_created_in_the_readers_format_and_not_rewritten_again(tmp_path):
    published, build = tmp_path / "wh" / "wh.duckdb", tmp_path / "build" / "b.duckdb"
    publish.start_build(published, build)  # the first night: an empty file
    assert _storage_number(build) == 65 and not duckdb_files.needs_rewrite(build)
    con = duckdb.connect(str(build))
    con.execute("create table night as select 'first' as release")
    con.close()
    assert _storage_number(build) == 65, "DuckDB keeps writing a file in the format it has"
    inode = build.stat().st_ino
    publish.publish(build, published)
    # no per-employee rows and already in the readers' format: moved into the release as it was, not copied
    assert published.resolve().stat().st_ino == inode
    assert _storage_number(published.resolve()) == 65
