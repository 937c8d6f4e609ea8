"""The pieces the Airflow DAG is built from, tested without Airflow: alerts and where they go, the 06:00 check,
the run's Params as Settings, and dbt's manifest written only when the project changed."""

from __future__ import annotations

import json
import os
import shutil
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rakenskaper import airflow_support, alerts, dbt_manifest, paths

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# ---- alerts ----------------------------------------------------------------------------------------------


def test_a_failure_alert_names_the_task_and_carries_the_reason() -> None:
    alert = alerts.failure_alert(
        "rakenskaper_nightly",
        "scheduled__2026-12-05",
        ["extract_ledger"],
        "brsk_2023.se line 4711: voucher A 12 does not balance",
    )
    assert alert.kind == "failed" and alert.failed_tasks == ["extract_ledger"]
    assert "nothing was published" in alert.subject
    assert "brsk_2023.se line 4711" in alert.text() and "extract_ledger" in alert.text()


def test_a_long_reason_is_cut_to_a_readable_length() -> None:
    alert = alerts.failure_alert("d", "r", ["t"], "x" * 10_000)
    assert len(alert.reason) == alerts.MAX_REASON_CHARS


def test_an_fs_connection_appends_one_json_line_per_alert(tmp_path: Path) -> None:
    target = tmp_path / "logs" / "alerts.jsonl"
    for task in ("extract_ledger", "gate"):
        where = alerts.deliver(alerts.failure_alert("d", "r", [task], "why"), "fs", None, {"path": str(target)}, "c")
    assert where == str(target)
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [line["failed_tasks"] for line in lines] == [["extract_ledger"], ["gate"]]


def test_an_http_connection_posts_the_alert_as_json() -> None:
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server API
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.handle_request, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/hooks/ekonomi"
    try:
        where = alerts.deliver(alerts.late_alert("d", "r", "06:00"), "http", url, {}, "rakenskaper_alerts")
    finally:
        server.server_close()
    assert where == url
    assert received[0]["kind"] == "late" and "06:00" in received[0]["text"]


@pytest.mark.parametrize(
    ("conn_type", "extra", "needs"),
    [
        ("fs", {}, "extra.path"),
        ("smtp", {}, "extra.to"),
        ("slack", {}, "use smtp, http(s) or fs"),
    ],
)
def test_a_connection_that_cannot_carry_an_alert_says_what_it_lacks(conn_type, extra, needs) -> None:
    with pytest.raises(alerts.AlertNotDelivered, match=needs.replace("(", r"\(").replace(")", r"\)")):
        alerts.deliver(alerts.late_alert("d", "r", "06:00"), conn_type, None, extra, "rakenskaper_alerts")


# ---- the 06:00 check -------------------------------------------------------------------------------------


def _at(day: str, hh_mm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hh_mm}:00").replace(tzinfo=STOCKHOLM)


def test_published_after_tonights_start_is_on_time() -> None:
    deadline = _at("2026-12-05", "06:00")
    assert (
        airflow_support.late_publish_alert("d", "r", _at("2026-12-05", "02:14"), _at("2026-12-05", "02:00"), deadline)
        is None
    )


def test_last_published_yesterday_is_late_and_says_when() -> None:
    deadline = _at("2026-12-05", "06:00")
    alert = airflow_support.late_publish_alert(
        "d", "r", _at("2026-12-04", "02:20"), _at("2026-12-05", "02:00"), deadline
    )
    assert alert is not None and alert.kind == "late"
    assert "2026-12-05 06:00 Europe/Stockholm" in alert.subject
    assert "Last published: 2026-12-04 02:20" in alert.reason


def test_never_published_is_late() -> None:
    alert = airflow_support.late_publish_alert("d", "r", None, _at("2026-12-05", "02:00"), _at("2026-12-05", "06:00"))
    assert alert is not None and "Last published: never" in alert.reason


def _published_at(tmp_path: Path, moment: datetime) -> Path:
    warehouse = tmp_path / "rakenskaper.duckdb"
    warehouse.write_bytes(b"")
    os.utime(warehouse, (moment.timestamp(), moment.timestamp()))
    return warehouse


def test_the_watchdog_reads_when_the_warehouse_was_published(tmp_path: Path) -> None:
    from rakenskaper.pipeline import Settings

    warehouse = _published_at(tmp_path, _at("2026-12-05", "02:31"))
    settings = Settings.from_env(warehouse=warehouse, demo=True)
    message = airflow_support.check_published_by_deadline(_at("2026-12-05", "06:00"), "d", "r", settings)
    assert "after tonight's start 02:00" in message


def test_checked_before_two_the_night_is_the_one_that_began_yesterday(tmp_path: Path) -> None:
    from rakenskaper.pipeline import Settings

    # a manual check at 01:30 must not call yesterday's 02:31 publish late
    warehouse = _published_at(tmp_path, _at("2026-12-04", "02:31"))
    settings = Settings.from_env(warehouse=warehouse, demo=True)
    assert airflow_support.check_published_by_deadline(_at("2026-12-05", "01:30"), "d", "r", settings)


def test_published_at_is_the_time_of_the_link_switch(tmp_path: Path) -> None:
    release = tmp_path / "releases" / "v1"
    release.mkdir(parents=True)
    (release / "rakenskaper.duckdb").write_bytes(b"")
    os.utime(release / "rakenskaper.duckdb", (0, 0))  # an old file behind a new link
    link = tmp_path / "rakenskaper.duckdb"
    link.symlink_to(release / "rakenskaper.duckdb")
    published = airflow_support.published_at(link)
    assert abs(published - datetime.now(UTC)) < timedelta(minutes=5)
    assert airflow_support.published_at(tmp_path / "missing.duckdb") is None


# ---- Params -----------------------------------------------------------------------------------------------


def test_params_become_the_runs_settings(monkeypatch) -> None:
    from rakenskaper import paths

    monkeypatch.setenv("RAKENSKAPER_SOURCES", str(paths.demo_sources_dir()))  # the DAG's sources (docs/airflow.md)
    settings = airflow_support.settings_from_params({"closed_through": "2023-08", "rebuild": True, "dry_run": True})
    assert (settings.closed_through, settings.rebuild, settings.dry_run) == ("2023-08", True, True)
    assert settings.dbt_vars == {"closed_through": "2023-08"}
    default = airflow_support.settings_from_params({"closed_through": None, "rebuild": False, "dry_run": False})
    assert (default.closed_through, default.rebuild, default.dry_run, default.dbt_vars) == (None, False, False, {})


def test_a_bad_month_is_refused_before_any_work() -> None:
    with pytest.raises(ValueError, match="YYYY-MM"):
        airflow_support.settings_from_params({"closed_through": "2023-13"})


# ---- a throwaway one-machine Airflow --------------------------------------------------------------------


def test_the_standalone_environment_is_the_documented_one_and_keeps_the_callers_settings_out(
    monkeypatch, tmp_path: Path
) -> None:
    from rakenskaper import paths

    monkeypatch.setenv("AIRFLOW__CORE__EXECUTOR", "CeleryExecutor")
    monkeypatch.setenv("RAKENSKAPER_DBT_PROJECT", "/elsewhere/dbt_project")
    monkeypatch.setenv("RAKENSKAPER_PSEUDONYM_KEY", "tests-only-pseudonym-key-0123456789")
    env = airflow_support.standalone_environment(tmp_path)
    assert env["AIRFLOW_HOME"] == str(tmp_path / "airflow_home")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] == f"sqlite:///{tmp_path / 'airflow.db'}"
    assert env["AIRFLOW__CORE__DAGS_FOLDER"] == str(paths.repo_root() / "dags")
    assert env["RAKENSKAPER_SOURCES"] == str(paths.demo_sources_dir())
    assert env["RAKENSKAPER_WAREHOUSE"] == str(tmp_path / "warehouse" / "rakenskaper.duckdb")
    assert "AIRFLOW__CORE__EXECUTOR" not in env and "RAKENSKAPER_DBT_PROJECT" not in env
    assert env["RAKENSKAPER_PSEUDONYM_KEY"] == "tests-only-pseudonym-key-0123456789"


# ---- dbt's manifest ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("dbt") / "dbt_project"
    shutil.copytree(
        paths.dbt_project_dir(),
        project,
        symlinks=False,
        ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"),
    )
    return project


def test_the_manifest_is_written_once_and_again_when_the_project_changes(project_copy: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "dbt_manifest" / "manifest.json"
    dbt_manifest.ensure_manifest(manifest, project_copy)
    assert "model.rakenskaper.rpt_balance_sheet" in json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    written = manifest.stat().st_mtime_ns

    dbt_manifest.ensure_manifest(manifest, project_copy)  # unchanged project: no dbt parse
    assert manifest.stat().st_mtime_ns == written

    model = project_copy / "models" / "marts" / "rpt_balance_sheet.sql"
    model.write_text(model.read_text(encoding="utf-8") + "\n-- a comment changes the fingerprint\n", encoding="utf-8")
    dbt_manifest.ensure_manifest(manifest, project_copy)
    assert manifest.stat().st_mtime_ns != written


def test_a_project_that_does_not_parse_is_a_clear_error(project_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(project_copy, broken)
    (broken / "models" / "marts" / "rpt_broken.sql").write_text(
        "select * from {{ ref('no_such_model') }}\n", encoding="utf-8"
    )
    with pytest.raises(dbt_manifest.ManifestFailed, match="no_such_model"):
        dbt_manifest.ensure_manifest(tmp_path / "m" / "manifest.json", broken)
    assert not (tmp_path / "m" / "manifest.json").exists()
