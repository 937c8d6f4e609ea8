"""BI exports on publish: every rpt_/fct_/dim_ mart as Parquet beside the warehouse and the dbt docs site as
static files, published in one release with the warehouse file (one symlink switched by one rename)."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from rakenskaper import exports, publish


def test_published_parquet_holds_every_mart_with_its_rows(demo_run):
    settings, _ = demo_run
    parquet = settings.warehouse_dir / "parquet"
    # the Parquet files and the warehouse file readers open are one release
    assert parquet.is_symlink() and parquet.resolve().parent == settings.warehouse_path.resolve().parent
    assert parquet.resolve().parent.parent == (settings.warehouse_dir / "releases").resolve()
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        marts = exports.mart_tables(con)
        assert {"rpt_income_statement", "rpt_balance_sheet", "fct_general_ledger", "dim_accounts"} <= set(marts)
        manifest = json.loads((parquet / "manifest.json").read_text(encoding="utf-8"))
        assert set(manifest["tables"]) == {f"marts.{m}" for m in marts}
        for mart in marts:
            path = parquet / f"marts.{mart}.parquet"
            published = con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
            assert con.execute("select count(*) from read_parquet(?)", [str(path)]).fetchone()[0] == published
        # the figures survive the trip (decimals stay exact)
        query = (
            "select sum(at_report_date_tkr), sum(amount_at_report_date) from {} where report_period = date '2023-08-31'"
        )
        assert (
            con.execute(query.format("marts.rpt_balance_sheet")).fetchone()
            == con.execute(query.format(f"read_parquet('{parquet / 'marts.rpt_balance_sheet.parquet'}')")).fetchone()
        )
    finally:
        con.close()


def test_published_docs_site_is_static_and_documents_the_marts(demo_run):
    settings, _ = demo_run
    docs = settings.warehouse_dir / "docs"
    assert docs.is_symlink()
    page = (docs / "index.html").read_text(encoding="utf-8")
    assert "model.rakenskaper.rpt_balance_sheet" in page  # manifest (lineage) and catalog are embedded
    assert "at_report_date_tkr" in page
    assert not re.search(r"<script[^>]+src=[\"']https?://", page)  # nothing fetched from the internet
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    assert "model.rakenskaper.rpt_income_statement" in catalog["nodes"]


def _tiny_build(tmp_path, value):
    build = tmp_path / "build" / "b.duckdb"
    build.parent.mkdir(exist_ok=True)
    build.unlink(missing_ok=True)  # a build that was never published
    con = duckdb.connect(str(build))
    con.execute("create schema marts")
    con.execute("create table marts.rpt_demo as select ?::decimal(18,2) as amount", [value])
    con.execute("create table marts.int_not_a_mart as select 1 as x")
    con.close()
    return build


def _amount(path) -> int:
    con = duckdb.connect()
    try:
        source = f"read_parquet('{path}')" if str(path).endswith(".parquet") else None
        if source is None:
            con.close()
            con = duckdb.connect(str(path), read_only=True)
            source = "marts.rpt_demo"
        return int(con.execute(f"select amount from {source}").fetchone()[0])
    finally:
        con.close()


def test_a_release_publishes_warehouse_and_exports_together_and_keeps_the_previous_one(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "write_docs", lambda build, folder, *_, **__: folder.mkdir(parents=True))
    warehouse_dir = tmp_path / "warehouse"
    published = warehouse_dir / "rakenskaper.duckdb"
    parquet = warehouse_dir / "parquet" / "marts.rpt_demo.parquet"

    def night(value):
        build = _tiny_build(tmp_path, value)
        prepared = exports.prepare(build, warehouse_dir, tmp_path, tmp_path / "t")
        publish.publish(build, published, prepared.release)
        return prepared

    first = night(1)
    assert published.resolve().parent == first.release.resolve() == parquet.resolve().parent.parent
    assert (_amount(published), _amount(parquet)) == (1, 1)
    assert sorted(p.name for p in parquet.parent.iterdir()) == ["manifest.json", "marts.rpt_demo.parquet"]
    orphan = exports.prepare(_tiny_build(tmp_path, 9), warehouse_dir, tmp_path, tmp_path / "t")  # publish "failed"
    assert (_amount(published), _amount(parquet)) == (1, 1)  # nothing points at it
    second, third = night(2), night(3)
    assert (_amount(published), _amount(parquet)) == (3, 3)
    releases = sorted(p.name for p in (warehouse_dir / "releases").iterdir())
    assert releases == [second.release.name, third.release.name]  # current and previous; orphan and first gone
    assert not orphan.release.exists()


def test_a_crash_before_the_switch_leaves_last_night_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "write_docs", lambda build, folder, *_, **__: folder.mkdir(parents=True))
    warehouse_dir = tmp_path / "warehouse"
    published = warehouse_dir / "rakenskaper.duckdb"
    parquet = warehouse_dir / "parquet" / "marts.rpt_demo.parquet"
    build = _tiny_build(tmp_path, 1)
    publish.publish(build, published, exports.prepare(build, warehouse_dir, tmp_path, tmp_path / "t").release)

    original = publish._point

    def crash_at_the_switch(link, target):
        if link.name == publish.CURRENT:
            raise OSError("killed")
        return original(link, target)

    monkeypatch.setattr(publish, "_point", crash_at_the_switch)
    build = _tiny_build(tmp_path, 2)
    with pytest.raises(OSError):
        publish.publish(build, published, exports.prepare(build, warehouse_dir, tmp_path, tmp_path / "t").release)
    assert (_amount(published), _amount(parquet)) == (1, 1)  # the warehouse and its Parquet: both last night's
    monkeypatch.setattr(publish, "_point", original)
    build = _tiny_build(tmp_path, 3)
    publish.publish(build, published, exports.prepare(build, warehouse_dir, tmp_path, tmp_path / "t").release)
    assert (_amount(published), _amount(parquet)) == (3, 3)
    assert len(list((warehouse_dir / "releases").iterdir())) == 2  # the crashed night's release is cleared


def test_a_long_lived_reader_keeps_its_night_and_a_new_connection_gets_tonight(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "write_docs", lambda build, folder, *_, **__: folder.mkdir(parents=True))
    warehouse_dir = tmp_path / "warehouse"
    published = warehouse_dir / "rakenskaper.duckdb"
    for value in (1, 2):
        build = _tiny_build(tmp_path, value)
        if value == 2:
            reader = duckdb.connect(str(published), read_only=True)  # e.g. a notebook or a BI server
        publish.publish(build, published, exports.prepare(build, warehouse_dir, tmp_path, tmp_path / "t").release)
    try:
        assert reader.execute("select amount from marts.rpt_demo").fetchone()[0] == 1
        fresh = duckdb.connect(str(published), read_only=True)  # same process, same path: tonight's release
        assert fresh.execute("select amount from marts.rpt_demo").fetchone()[0] == 2
        fresh.close()
    finally:
        reader.close()


def test_no_marts_is_an_export_failure(tmp_path):
    build = tmp_path / "empty.duckdb"
    duckdb.connect(str(build)).close()
    with pytest.raises(exports.ExportFailed):
        exports.write_parquet(build, tmp_path / "out")


def test_docs_generated_with_the_build_are_reused_only_for_that_build(tmp_path):
    """The CLI's transform generates the docs site in the same dbt process as the build; the export copies
    it only when the marker names the build whose run_results.json is in the target folder."""
    import json

    from rakenskaper.dbt_child import DOCS_MARKER, build_invocation

    (tmp_path / "static_index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "run_results.json").write_text(json.dumps({"metadata": {"invocation_id": "build-1"}}), encoding="utf-8")
    assert not exports._docs_belong_to_build(tmp_path, DOCS_MARKER, build_invocation)  # no marker
    (tmp_path / DOCS_MARKER).write_text(json.dumps({"build_invocation_id": "build-1"}), encoding="utf-8")
    assert exports._docs_belong_to_build(tmp_path, DOCS_MARKER, build_invocation)
    # a later build (e.g. the DAG's) wrote new results: the docs are stale
    (tmp_path / "run_results.json").write_text(json.dumps({"metadata": {"invocation_id": "build-2"}}), encoding="utf-8")
    assert not exports._docs_belong_to_build(tmp_path, DOCS_MARKER, build_invocation)
