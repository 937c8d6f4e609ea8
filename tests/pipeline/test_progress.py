"""A long run is never silent, and says only as much as asked: dbt's progress every few seconds at INFO,
every dbt line with -v, warnings and the outcome only with -q."""

from __future__ import annotations

import dataclasses
import io
import logging
import os

from rakenskaper import cli, dbt_runner

DBT_OUTPUT = """\
12:00:01  Running with dbt=1.11.16
12:00:03  1 of 3 START sql view model staging.stg_sie__accounts ..... [RUN]
12:00:03  1 of 3 OK created sql view model staging.stg_sie__accounts  [OK in 0.05s]
12:00:04  2 of 3 OK created sql table model marts.rpt_balance_sheet ... [OK in 0.20s]
12:00:05  3 of 3 PASS row_rules_rpt_balance_sheet ....................... [PASS in 0.03s]
12:00:05  Done. PASS=3 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=3
"""


def test_dbt_progress_at_info_and_every_line_at_debug(caplog, monkeypatch) -> None:
    monkeypatch.setattr(dbt_runner, "PROGRESS_EVERY_SECONDS", 0.0)
    with caplog.at_level(logging.DEBUG, logger="rakenskaper.dbt_runner"):
        output = dbt_runner._follow(io.StringIO(DBT_OUTPUT), "build --exclude-resource-type unit_test")
    assert output == DBT_OUTPUT
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert info[0].startswith("dbt build: 1 of 3 nodes done")
    assert info[-1].startswith("dbt build: 3 of 3 nodes done")
    assert len(debug) == len(DBT_OUTPUT.splitlines())


def test_progress_is_a_line_now_and_then_not_one_per_node(caplog) -> None:
    many = "".join(
        f"12:00:0{i % 10}  {i} of 500 OK created sql view model m{i}  [OK in 0.01s]\n" for i in range(1, 501)
    )
    with caplog.at_level(logging.INFO, logger="rakenskaper.dbt_runner"):
        dbt_runner._follow(io.StringIO(many), "build")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == ["dbt build: 500 of 500 nodes done" + lines[-1].split("nodes done")[1]]


def test_verbose_and_quiet_set_the_log_level(monkeypatch) -> None:
    levels: list[str | None] = []
    # check-sie's entry in the sub-command table calls a stub that records the level it starts with
    stub = dataclasses.replace(
        next(command for command in cli.COMMANDS if command.name == "check-sie"),
        call=lambda args: levels.append(os.environ.get("RAKENSKAPER_LOG_LEVEL")),
    )
    monkeypatch.setattr(cli, "COMMANDS", tuple(stub if c.name == stub.name else c for c in cli.COMMANDS))
    for flag in ("-v", "-q"):
        monkeypatch.delenv("RAKENSKAPER_LOG_LEVEL", raising=False)
        assert cli.main([flag, "check-sie", "x.se"]) == 0
    assert levels == ["DEBUG", "WARNING"]
