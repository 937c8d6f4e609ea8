"""The report pack's "Underlag" line: what the warehouse it was read from is built on, and how old it is.

Read from the warehouse's own publish log (rakenskaper.publish_log): the newest published run, the newest
ledger export (#GEN) it holds and the month-end the books are reported through, e.g.

    Underlag: SIE-export 2023-09-12 (bokföring t.o.m. 2023-08-31), publicerad 2023-09-13 02:14

and, when the warehouse is stale, how stale (``… – lagret är 3 dygn gammalt``). A warehouse published by a
version without the log still gives a report; its line says that the provenance is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from rakenskaper.publish_log import LEDGER_KIND, LOG_TABLE, META_SCHEMA, SOURCES_TABLE

# The nightly job publishes at about 02:00 (dags/rakenskaper_nightly.py), so a healthy warehouse is at most
# ~24 h old. 36 h leaves room for a slow or late night (a rerun in the morning after a fixed source) without
# crying wolf, and still flags a missed night by the afternoon of the following day.
STALE_AFTER = timedelta(hours=36)
# Times are shown as the readers of the report (and the DAG's schedule) count them.
SWEDISH_TIME = ZoneInfo("Europe/Stockholm")
UNKNOWN = "okänt"


@dataclass(frozen=True)
class Provenance:
    run_id: str
    published_at: datetime | None
    closed_through: date | None  # the month-end the books are reported through
    ledger_exported_on: date | None  # #GEN of the newest ledger export the warehouse holds


@dataclass(frozen=True)
class ProvenanceLine:
    text: str
    warning: bool  # stale, or provenance unknown: shown so that a reader notices


def read_provenance(warehouse: Path) -> Provenance | None:
    """The newest published run of ``warehouse`` (opened read-only); None without a publish log."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return latest_publish(con)
    finally:
        con.close()


def latest_publish(con: duckdb.DuckDBPyConnection) -> Provenance | None:
    tables = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = ?",
            [META_SCHEMA],
        ).fetchall()
    }
    if LOG_TABLE not in tables:
        return None
    row = con.execute(
        f"SELECT run_id, finished_at, closed_through FROM {META_SCHEMA}.{LOG_TABLE} "
        "ORDER BY finished_at DESC NULLS LAST LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    exported_on = None
    if SOURCES_TABLE in tables:
        exported_on = con.execute(
            f"SELECT max(generated_on) FROM {META_SCHEMA}.{SOURCES_TABLE} WHERE run_id = ? AND source_kind = ?",
            [row[0], LEDGER_KIND],
        ).fetchone()[0]
    return Provenance(run_id=row[0], published_at=row[1], closed_through=row[2], ledger_exported_on=exported_on)


def age_text(age: timedelta) -> str:
    """How old, as a reader says it: hours under two days (36 h is not "1 dygn"), whole days after."""
    if age < timedelta(days=2):
        return f"{int(age.total_seconds() // 3600)} timmar"
    return f"{age.days} dygn"


def provenance_line(provenance: Provenance | None, now: datetime | None = None) -> ProvenanceLine:
    """The one Swedish line the report pack shows (``now``: the moment of reading; default: now)."""
    if provenance is None:
        return ProvenanceLine(
            "Underlag: okänt – lagret har ingen publiceringslogg (meta.publish_log saknas; "
            "publicerat av en äldre version)",
            warning=True,
        )
    exported = f"SIE-export {provenance.ledger_exported_on or UNKNOWN}"
    books = f"bokföring t.o.m. {provenance.closed_through or UNKNOWN}"
    if provenance.published_at is None:
        return ProvenanceLine(f"Underlag: {exported} ({books}), publiceringstid okänd", warning=True)
    published = provenance.published_at.astimezone(SWEDISH_TIME)
    text = f"Underlag: {exported} ({books}), publicerad {published:%Y-%m-%d %H:%M}"
    age = (now or datetime.now(UTC)) - provenance.published_at
    if age > STALE_AFTER:
        return ProvenanceLine(f"{text} – lagret är {age_text(age)} gammalt", warning=True)
    return ProvenanceLine(text, warning=False)


def describe(warehouse: Path, now: datetime | None = None) -> ProvenanceLine:
    return provenance_line(read_provenance(warehouse), now)
