"""meta.publish_log(+_sources): every published run leaves one row, with its checks and the source files it
holds, inside the file it published; history carries over (also into a rebuild); a failed run leaves the
published file, log and all, as it was.

Whole runs are the slow part: the first run is the session's demo_run, read only; this module adds one
more (the second night), the failed night stops in extract and the rebuild is checked at prepare_build."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
from datetime import UTC, date, datetime, timedelta, timezone

import duckdb
import pytest

from rakenskaper import __version__, cli, paths, pipeline
from rakenskaper.publish_log import PublishRecord, checks_passed, loaded_since, write_publish_row

DEMO_LEDGER = {"brsk_2022.se": date(2023, 2, 14), "brsk_2023.se": date(2023, 9, 12)}  # file → its #GEN


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cursor = con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def _log(warehouse):
    return _rows(warehouse, "select * from meta.publish_log order by finished_at")


def _sources(warehouse, run_id):
    return {
        r["source_file_name"]: r
        for r in _rows(warehouse, "select * from meta.publish_log_sources where run_id = ?", [run_id])
    }


def _copy_warehouse(settings, folder):
    """The published warehouse folder as it is (releases, the restricted payroll file, the links)."""
    shutil.copytree(settings.warehouse_dir, folder, symlinks=True, ignore=shutil.ignore_patterns("build", "quarantine"))
    return folder / settings.warehouse_path.name


@pytest.fixture(scope="module")
def first_run(demo_run):
    settings, outcome = demo_run
    return settings, outcome, _log(settings.warehouse_path)


@pytest.fixture(scope="module")
def second_night(demo_run, tmp_path_factory):
    """The demo published once more, through the CLI, on a copy of the first night's warehouse."""
    settings, _ = demo_run
    warehouse = _copy_warehouse(settings, tmp_path_factory.mktemp("second") / "warehouse")
    assert cli.main(["run", "--demo", "--warehouse", str(warehouse)]) == 0
    return warehouse


def test_the_first_run_is_in_the_file_it_published_with_its_checks(first_run):
    settings, outcome, log = first_run
    assert len(log) == 1
    row = log[0]
    assert re.fullmatch(r"cli-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", row["run_id"]) and row["trigger"] == "cli"
    assert row["started_at"] < row["finished_at"] <= datetime.now(UTC)
    gate = outcome["gate"]
    assert row["checks"] == gate["checks"] and "vouchers_balance" in row["checks"]
    assert row["warnings"] == gate["warnings"]
    assert row["checks_passed"] == len(gate["checks"]) - len(gate["warnings"]) > 0
    assert row["closed_through"] == date(2023, 8, 31)
    assert row["rakenskaper_version"] == __version__ and row["rebuild"] is False
    assert row["release_version"] == settings.warehouse_path.resolve().parent.name  # the release it is in


def test_the_first_run_lists_the_demo_source_files_with_sha256_and_gen(first_run):
    settings, _, log = first_run
    sources = _sources(settings.warehouse_path, log[0]["run_id"])
    demo = paths.demo_sources_dir()
    for name, generated_on in DEMO_LEDGER.items():
        assert sources[name]["source_kind"] == "ledger"
        assert sources[name]["source_file_sha256"] == _sha256(demo / "ledger" / name)
        assert sources[name]["generated_on"] == generated_on
    kinds = {r["source_kind"] for r in sources.values()}
    assert kinds == {"ledger", "payroll", "internal_bank", "forecast", "contracts", "entity"}
    payroll = demo / "payroll" / "payroll_2023-08.csv"
    assert sources[payroll.name]["source_file_sha256"] == _sha256(payroll)
    assert sources["entity.toml"]["source_kind"] == "entity"
    assert all(r["generated_on"] is None for r in sources.values() if r["source_kind"] != "ledger")
    assert all(r["loaded_this_run"] for r in sources.values()), "the first night loads every file"


def test_a_second_run_appends_its_row_and_keeps_the_first(first_run, second_night):
    _, _, first_log = first_run
    log = _log(second_night)
    assert len(log) == 2
    assert log[0] == first_log[0], "last night's row, as it was"
    assert log[1]["run_id"] != log[0]["run_id"] and log[1]["finished_at"] > log[0]["finished_at"]
    assert second_night.resolve().parent.name == log[1]["release_version"]
    # both nights' source lists are kept; tonight loaded again only what is loaded every night (the profile)
    assert _sources(second_night, log[0]["run_id"]) == _sources(first_run[0].warehouse_path, log[0]["run_id"])
    tonight = _sources(second_night, log[1]["run_id"])
    assert {name for name, r in tonight.items() if r["loaded_this_run"]} == {
        name for name, r in tonight.items() if r["source_kind"] == "entity"
    }
    assert tonight["brsk_2023.se"]["generated_on"] == DEMO_LEDGER["brsk_2023.se"]


def test_a_failed_run_leaves_the_published_file_and_its_log_as_they_were(
    second_night, tmp_path, unbalanced_demo_sources
):
    warehouse = _copy_warehouse(pipeline.Settings.from_env(warehouse=second_night, demo=True), tmp_path / "warehouse")
    before, log_before = _sha256(warehouse.resolve()), _log(warehouse)
    releases = sorted(p.name for p in (warehouse.parent / "releases").iterdir())

    assert pipeline.main(sources=unbalanced_demo_sources, warehouse=warehouse) == 1

    assert _sha256(warehouse.resolve()) == before
    assert _log(warehouse) == log_before
    assert sorted(p.name for p in (warehouse.parent / "releases").iterdir()) == releases


def test_a_rebuild_starts_from_the_published_history(second_night):
    """--rebuild starts the build empty (every source read again) but with the published file's publish log,
    so the rebuild's row is appended to the history rather than starting one."""
    settings = dataclasses.replace(pipeline.Settings.from_env(warehouse=second_night, demo=True), rebuild=True)
    build = pipeline.prepare_build(settings)
    tables = _rows(build, "select schema_name, table_name from duckdb_tables() order by all")
    assert {(t["schema_name"], t["table_name"]) for t in tables} == {
        ("meta", "publish_log"),
        ("meta", "publish_log_sources"),
    }
    assert _rows(build, "select run_id from meta.publish_log order by finished_at") == [
        {"run_id": r["run_id"]} for r in _log(second_night)
    ]


# --- the record itself, without a run -----------------------------------------------------------------------


def test_a_caller_without_a_record_gets_a_row_with_what_is_known(tmp_path):
    build = tmp_path / "b.duckdb"
    con = duckdb.connect(str(build))
    con.execute("create schema raw")
    con.execute(
        "create table raw.entity_files as select 'entity.toml' as source_file_name, 'ab' as "
        "source_file_sha256, now()::timestamp as loaded_at, 'settings' as file_kind, 1 as row_count"
    )
    con.close()
    written = write_publish_row(build, None)
    (row,) = _log(build)
    assert row["run_id"] == written["run_id"] and row["run_id"].startswith("unrecorded-")
    assert row["trigger"] is None and row["started_at"] is None
    assert row["checks"] is None and row["checks_passed"] is None and row["closed_through"] is None
    assert row["finished_at"] is not None
    (source,) = _sources(build, row["run_id"]).values()
    assert (source["source_kind"], source["loaded_this_run"]) == ("entity", None)  # no start, no history


def test_an_airflow_record_takes_its_start_time_as_airflow_gives_it():
    started = datetime(2026, 12, 5, 1, 0, 3, tzinfo=timezone(timedelta(hours=1)))

    class Pendulumish(datetime):  # Airflow's dag_run.start_date is a datetime subclass
        pass

    for given in (started, started.isoformat(), Pendulumish.fromisoformat(started.isoformat())):
        record = PublishRecord(
            run_id="scheduled__2026-12-05T01:00:00+00:00",
            trigger="airflow",
            started_at=given,
            gate={"passed": True, "checks": ["a", "b", "c"], "warnings": ["c: off by 1 kr"]},
        )
        assert type(record.started_at) is datetime and record.started_at == started
        assert record.started_at.tzinfo == UTC
    assert checks_passed(record.gate) == 2
    assert checks_passed(None) is None
    with pytest.raises(ValueError):
        PublishRecord(run_id="", trigger="airflow")


def test_loaded_this_run_compares_in_local_time():
    since = datetime(2026, 12, 5, 1, 0, tzinfo=UTC)
    local = since.astimezone().replace(tzinfo=None)
    assert loaded_since(local + timedelta(seconds=1), since) is True
    assert loaded_since(local - timedelta(seconds=1), since) is False
    assert loaded_since(local, None) is None
