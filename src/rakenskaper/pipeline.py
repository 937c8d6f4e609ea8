"""The nightly job as steps: extract → load → transform → gate → publish.

The CLI (`rakenskaper run`) calls `run`; the Airflow DAG calls the steps one task at a time (with dbt run
through Cosmos instead of `transform`). Every step takes the same `Settings` and returns a small
JSON-serialisable dict, so that Airflow can pass it on as XCom.

A failing step raises. Nothing is published then: the previous warehouse stays as it was, byte for byte.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from rakenskaper import publish as publishing
from rakenskaper.publish_log import PublishRecord, write_publish_row  # PublishRecord: for callers of publish
from rakenskaper.settings import Settings, parse_closed_through  # noqa: F401 - the steps' input, for callers

log = logging.getLogger(__name__)


def extract_source(settings: Settings, name: str) -> dict:
    """Extract one source of the registry (rakenskaper.sources): snapshot, validate and land it. A bad file is
    quarantined with its reasons and the run stops (SourceRejected): nothing is loaded, nothing is published."""
    from rakenskaper import sources

    return sources.get(name).extract(settings)


def extract_ledger(settings: Settings) -> dict:
    """The ledger (rakenskaper.sources.LEDGER)."""
    return extract_source(settings, "ledger")


def extract_subledger(settings: Settings, folder: str) -> dict:
    """One delimited source folder (an entry of rakenskaper.sources)."""
    return extract_source(settings, folder)


def extract_entity(settings: Settings) -> dict:
    """Validate the entity profile (``entity.toml``, ``entity/*.csv``; both optional) and land it. A bad
    profile is quarantined with its reasons (file, key, line) and the run stops (EntityProfileRejected)."""
    from rakenskaper.sources.entity import extract_entity as extract_profile

    return extract_profile(settings.sources_dir, settings.landing_dir, quarantine_dir=settings.quarantine_dir)


def _extract_step(source):
    def step(settings: Settings) -> dict:
        return source.extract(settings)

    step.__name__ = step.__qualname__ = f"extract_{source.name}"
    step.__doc__ = source.description
    return step


def _source_extracts() -> tuple:
    from rakenskaper.sources import SOURCES

    return (extract_entity, *(_extract_step(source) for source in SOURCES))


# The extract steps, one per source of the registry (and the entity profile); the DAG runs each as a task.
SOURCE_EXTRACTS = _source_extracts()


def extract_step(name: str):
    """The extract step named ``name`` (an Airflow task id)."""
    for step in SOURCE_EXTRACTS:
        if step.__name__ == name:
            return step
    raise KeyError(f"no extract step {name!r}")


def extract(settings: Settings) -> dict:
    """Every source: the ledger, payroll, the internal-bank statement, the forecasts and the contracts (the
    DAG runs them as parallel tasks)."""
    outcome: dict = {}
    for step in SOURCE_EXTRACTS:
        outcome.update(step(settings))
    return outcome


def prepare_build(settings: Settings) -> str:
    """Start tonight's build file as a copy of the published warehouse (or empty on the first run, or when
    ``settings.rebuild`` asks for a build from the sources alone)."""
    return str(publishing.start_build(settings.warehouse_path, settings.build_path, empty=settings.rebuild))


def load(settings: Settings) -> dict:
    """Load the landed sources into raw.* of the build file (same file again = no-op; the ledger is copied
    from the landing database extract wrote, not parsed again). Every raw table exists afterwards, empty
    for a source folder that is absent."""
    from rakenskaper.entity import EntityProfileRejected
    from rakenskaper.sources import load_landed
    from rakenskaper.sources.entity import check_members, load_entity

    con = duckdb.connect(str(settings.build_path))
    try:
        report, subledgers = load_landed(con, settings.landing_dir)
        entity = load_entity(con, settings.landing_dir)
        # a member must be a counterpart of the books: checkable only once the ledger is loaded
        unknown_members = check_members(con)
        if unknown_members:
            raise EntityProfileRejected(unknown_members)
    finally:
        con.close()
    return {**report, "subledgers": subledgers, "entity": entity}


def transform(settings: Settings) -> dict:
    """dbt seed + run + test (``dbt build``) in the build file, then the dbt docs site of that build."""
    from rakenskaper import dbt_runner

    # the docs site is generated in the same dbt process (dbt's start-up once); the export only copies it
    result = dbt_runner.build(
        settings.build_path,
        settings.dbt_project_dir,
        settings.dbt_target_dir,
        with_docs=True,
        dbt_vars=settings.dbt_vars,
    )
    return {"dbt": result.command, "nodes": len(result.node_statuses), "docs_generated": True}


def gate(settings: Settings, on_checks_read=None) -> dict:
    """Great Expectations suites over the build's checks.* datasets; raises GateFailed when a blocking check
    fails. Warning checks that fail are logged and returned; the build publishes. Data Docs are written
    beside the build (<warehouse dir>/build/data_docs/) and published with the release. ``on_checks_read`` is
    called once the gate has read its check tables and closed the build file (``run`` starts the exports then,
    beside the validations)."""
    from rakenskaper.gate import GateFailed, run_gate

    shutil.rmtree(settings.data_docs_dir, ignore_errors=True)  # tonight's results only
    result = run_gate(settings.build_path, data_docs_dir=settings.data_docs_dir, on_checks_read=on_checks_read)
    if not result.passed:
        raise GateFailed(result)
    for warning in result.warnings:
        log.warning("gate warning (publishes, flagged): %s: %s", warning.name, warning.message)
    log.info("Data Docs: %s", result.data_docs_index)
    return {
        "passed": True,
        "checks": [check.name for check in result.checks],
        "warnings": [f"{w.name}: {w.message}" for w in result.warnings],
        "data_docs": str(result.data_docs_index) if result.data_docs_index else None,
    }


def export(settings: Settings, docs_generated_with_build: bool = False):
    """Tonight's Parquet marts and dbt docs site, written from the build into folders nobody reads yet
    (rakenskaper.exports.prepare); ``publish`` makes them current with the warehouse. The docs site is
    copied when this run's transform generated it (``docs_generated_with_build``), else generated."""
    from rakenskaper import exports

    return exports.prepare_for(settings, docs_generated_with_build=docs_generated_with_build)


def publish(settings: Settings, prepared=None, record: PublishRecord | None = None) -> str:
    """Atomically replace the published warehouse with the build that passed; its Parquet marts and dbt docs
    site are written from the build first (unless ``prepared`` already, see ``run``) and made current right
    after (rakenskaper.exports).

    Right before the switch the run's row is appended to the build's ``meta.publish_log`` (and its source
    files to ``meta.publish_log_sources``), from ``record``: run id, trigger, start time and the gate step's
    outcome (the DAG: ``PublishRecord(run_id=<Airflow run id>, trigger="airflow", started_at=<the DAG run's
    start>, gate=<the gate task's XCom>)``). Without a record the row holds what is known: the moment of
    publish, the books' month-end, the source files."""

    prepared = prepared or export(settings)
    if settings.data_docs_dir.is_dir():
        os.replace(settings.data_docs_dir, prepared.release / "data_docs")

    def record_publish(build: Path, release: Path) -> None:
        write_publish_row(build, record, release_version=release.name, rebuild=settings.rebuild)

    published = publishing.publish(
        settings.build_path, settings.warehouse_path, prepared.release, record_publish=record_publish
    )
    shutil.rmtree(settings.landing_dir, ignore_errors=True)
    log.info("published %s", published)
    return str(published)


def gate_and_export(settings: Settings, docs_generated_with_build: bool = False) -> tuple[dict, object]:
    """The gate and the exports at the same time: the gate reads its small check tables and closes the build
    file, then validates in memory while the exports (Parquet, dbt docs) read the build. A gate that fails
    discards the exports it overlapped; nothing is published."""
    from rakenskaper import exports

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="exports") as pool:
        pending: list[Future] = []

        def start_exports() -> None:
            pending.append(pool.submit(export, settings, docs_generated_with_build))

        try:
            outcome = gate(settings, on_checks_read=start_exports)
        except BaseException:
            for future in pending:
                with contextlib.suppress(Exception):  # the gate's failure is the one to report
                    exports.discard(future.result())
            raise
        prepared = pending[0].result() if pending else export(settings, docs_generated_with_build)
    return outcome, prepared


STEPS = (extract, prepare_build, load, transform, gate, publish)


def _import_gate() -> None:
    with contextlib.suppress(Exception):  # the gate itself reports an import failure
        import great_expectations  # noqa: F401


def run(settings: Settings) -> dict:
    """The whole nightly job (the STEPS in order; the gate and the exports overlap, see gate_and_export).
    Raises on the first failing step, with nothing published. Each step's wall time is logged and returned
    (``outcome["timings"]``), so a slow night shows where it went; ``publish`` counts only what the exports
    still needed after the gate."""
    from rakenskaper.run_lock import run_lock

    with run_lock(settings.warehouse_dir):  # two runs never share one build folder
        return _run_locked(settings)


def _run_locked(settings: Settings) -> dict:
    outcome: dict = {}
    timings: dict[str, float] = {}
    started_at = datetime.now(UTC)  # for the publish log
    started = time.perf_counter()
    prepared = None

    def timed(name: str, step, *args):
        log.info("step %s", name)
        t0 = time.perf_counter()
        result = step(*args)
        timings[name] = round(time.perf_counter() - t0, 3)
        log.info("step %s done in %.2f s", name, timings[name])
        return result

    for step in (extract, prepare_build, load):
        outcome[step.__name__] = timed(step.__name__, step, settings)
    # Great Expectations takes seconds to import: this process only waits while dbt builds, so import it
    # meanwhile and the gate starts at once.
    threading.Thread(target=_import_gate, name="import-gate", daemon=True).start()
    outcome["transform"] = timed("transform", transform, settings)
    outcome["gate"], prepared = timed(
        "gate", gate_and_export, settings, bool(outcome["transform"].get("docs_generated"))
    )
    if settings.dry_run:  # checked and exported, then thrown away: the published warehouse is untouched
        from rakenskaper import exports

        exports.discard(prepared)
        log.info(
            "dry run: nothing published; the checked build stays in %s until the next run", settings.build_path.parent
        )
        outcome["publish"] = None
    else:
        record = PublishRecord.for_cli(started_at, outcome["gate"])
        outcome["publish"] = timed("publish", publish, settings, prepared, record)
    timings["total"] = round(time.perf_counter() - started, 3)
    log.info(
        "run done in %.2f s (%s)",
        timings["total"],
        ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items() if name != "total"),
    )
    outcome["timings"] = timings
    return outcome


def main(
    sources: Path | None = None,
    warehouse: Path | None = None,
    *,
    closed_through: str | None = None,
    rebuild: bool = False,
    dry_run: bool = False,
    demo: bool = False,
) -> int:
    """CLI entry: run the job, print what happened, exit non-zero (listing what failed) on failure. The sources:
    ``sources``, else RAKENSKAPER_SOURCES, else the bundled demo only when ``demo`` (`--demo`); with none of
    them, exit 2 saying how to give them."""
    level = os.environ.get("RAKENSKAPER_LOG_LEVEL", "INFO").upper()
    # plain lines with the time: a terminal and a cron mail read the same
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    for chatty in ("great_expectations", "urllib3"):  # their INFO is noise to the finance team; -v shows it
        logging.getLogger(chatty).setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
    try:
        settings = Settings.from_env(
            sources, warehouse, closed_through=closed_through, rebuild=rebuild, dry_run=dry_run, demo=demo
        )
    except ValueError as bad:
        print(f"FAILED: {bad}", file=sys.stderr)
        return 2
    print(f"sources:   {settings.sources_dir}")
    print(f"warehouse: {settings.warehouse_path}")
    try:
        run(settings)
    except Exception as failure:  # noqa: BLE001 - the CLI reports every failure the same way
        print(f"\nFAILED: {failure}", file=sys.stderr)
        state = "left untouched" if settings.warehouse_path.exists() else "not created"
        print(f"The published warehouse was {state}: {settings.warehouse_path}", file=sys.stderr)
        return 1
    if settings.dry_run:
        print("\nDry run passed: every step but publish; the published warehouse was left untouched.")
        return 0
    print(f"\nPublished {settings.warehouse_path}")
    # the package's own reader first: it works where no duckdb CLI is installed (a CLI needs DuckDB 1.2 or newer)
    print(
        f"Read it (read-only): rakenskaper sql --warehouse {settings.warehouse_path}"
        f"  or  duckdb -readonly {settings.warehouse_path}"
    )
    return 0
