"""BI exports on publish: every rpt_/fct_/dim_ mart as Parquet beside the warehouse and the dbt docs site as
static files, both swapped in as a whole (a symlink to a versioned folder, replaced with one rename)."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from rakenskaper import exports


def test_published_parquet_holds_every_mart_with_its_rows(demo_run):
    settings, _ = demo_run
    parquet = settings.warehouse_dir / "parquet"
    assert parquet.is_symlink() and parquet.resolve().parent == (settings.warehouse_dir / "exports").resolve()
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
        query = ("select sum(at_report_date_tkr), sum(amount_at_report_date) from {} "
                 "where report_period = date '2023-08-31'")
        assert (con.execute(query.format("marts.rpt_balance_sheet")).fetchone()
                == con.execute(query.format(f"read_parquet('{parquet / 'marts.rpt_balance_sheet.parquet'}')")).fetchone())
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


@pytest.fixture
def tiny_build(tmp_path):
    build = tmp_path / "build" / "b.duckdb"
    build.parent.mkdir()
    con = duckdb.connect(str(build))
    con.execute("create schema marts")
    con.execute("create table marts.rpt_demo as select 1::decimal(18,2) as amount")
    con.execute("create table marts.int_not_a_mart as select 1 as x")
    con.close()
    return build


def test_parquet_swap_keeps_the_previous_version_and_drops_older_and_orphaned_ones(tiny_build, tmp_path,
                                                                                 monkeypatch):
    monkeypatch.setattr(exports, "write_docs", lambda build, folder, *_, **__: folder.mkdir(parents=True))
    warehouse_dir = tmp_path
    first = exports.activate(exports.prepare(tiny_build, warehouse_dir, tmp_path, tmp_path / "t"))
    assert sorted(p.name for p in (warehouse_dir / "parquet").iterdir()) == ["manifest.json",
                                                                             "marts.rpt_demo.parquet"]
    orphan = exports.prepare(tiny_build, warehouse_dir, tmp_path, tmp_path / "t")  # its publish "failed"
    assert (warehouse_dir / "parquet").resolve() == exports.Path(first["parquet"]).resolve()  # not yet current
    second = exports.activate(exports.prepare(tiny_build, warehouse_dir, tmp_path, tmp_path / "t"))
    third = exports.activate(exports.prepare(tiny_build, warehouse_dir, tmp_path, tmp_path / "t"))
    assert (warehouse_dir / "parquet").resolve() == exports.Path(third["parquet"]).resolve()
    left = sorted(p.name for p in (warehouse_dir / "exports").iterdir())
    assert left == sorted(exports.Path(v[k]).name for v in (second, third) for k in ("parquet", "docs"))
    assert not orphan.folders["parquet"].exists()


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
