"""The run's choices (`rakenskaper run --dry-run / --rebuild`, the DAG's Params of the same names): a dry run
checks everything and publishes nothing; a rebuild reads every source file again and publishes."""

from __future__ import annotations

import hashlib

import duckdb

from rakenskaper import pipeline


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _publish_log(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select run_id, rebuild from meta.publish_log order by finished_at").fetchall()


def test_a_dry_run_checks_everything_and_publishes_nothing(published_copy, capsys) -> None:
    before, log_before = _sha256(published_copy), _publish_log(published_copy)

    assert pipeline.main(warehouse=published_copy, dry_run=True, demo=True) == 0

    assert "Dry run passed" in capsys.readouterr().out
    assert _sha256(published_copy) == before
    assert _publish_log(published_copy) == log_before
    releases = published_copy.parent / "releases"
    assert not releases.exists() or not any(releases.iterdir()), "a dry run leaves no release behind"


def test_a_rebuild_reads_every_file_again_and_keeps_the_history(published_copy) -> None:
    log_before = _publish_log(published_copy)

    assert pipeline.main(warehouse=published_copy, rebuild=True, demo=True) == 0

    log_after = _publish_log(published_copy)
    assert log_after[: len(log_before)] == log_before
    assert log_after[-1][1] is True
    with duckdb.connect(str(published_copy), read_only=True) as con:
        ledgers = con.execute(
            "select bool_and(loaded_this_run) from meta.publish_log_sources "
            "where source_kind = 'ledger' and run_id = ?",
            [log_after[-1][0]],
        ).fetchone()[0]
    assert ledgers is True, "a rebuild loads every ledger file again"
