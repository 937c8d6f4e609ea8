"""Telling someone that the night went wrong: the alert and where it goes.

A failed or late night leaves yesterday's warehouse published, which is safe but silent: analysts would
keep reading old figures. The Airflow DAG therefore sends an alert when a run fails and when the warehouse
is not published by its deadline (rakenskaper.airflow_support). Where it goes is an Airflow connection,
``rakenskaper_alerts``, so that each deployment uses what it has (docs/airflow.md):

- ``smtp`` (or ``email``): an e-mail through the SMTP provider's hook, to ``extra.to``;
- ``http`` / ``https``: the alert as JSON, POSTed to the connection's URL (a Teams, Slack or Mattermost
  incoming webhook, or the municipality's own monitoring);
- ``fs`` (or ``file``): one JSON line appended to ``extra.path`` (a log shipper picks it up; the tests use it).

Nothing here imports Airflow: an alert is plain data, and delivery takes the connection's fields.
An alert carries task names and the run's error text, which never holds a personal value (payroll
messages name files, lines and columns only; rakenskaper.subledgers).
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ALERT_CONNECTION = "rakenskaper_alerts"
MAX_REASON_CHARS = 2000  # an e-mail subject line and a chat message stay readable


@dataclass(frozen=True)
class Alert:
    kind: str  # "failed" | "late"
    dag_id: str
    run_id: str
    subject: str
    reason: str
    failed_tasks: list[str] = field(default_factory=list)
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def text(self) -> str:
        tasks = f"\nFailed tasks: {', '.join(self.failed_tasks)}" if self.failed_tasks else ""
        return (
            f"{self.subject}\n\nDAG {self.dag_id}, run {self.run_id}, {self.at}{tasks}\n\n{self.reason}\n\n"
            "The warehouse published before this run is still the one analysts read."
        )


def failure_alert(dag_id: str, run_id: str, failed_tasks: list[str], reason: str) -> Alert:
    reason = (reason or "no reason was recorded; see the failed task's log").strip()[:MAX_REASON_CHARS]
    return Alert(
        "failed",
        dag_id,
        run_id,
        f"Räkenskaper: tonight's run failed, nothing was published ({dag_id})",
        reason,
        failed_tasks,
    )


def late_alert(dag_id: str, run_id: str, deadline: str) -> Alert:
    return Alert(
        "late",
        dag_id,
        run_id,
        f"Räkenskaper: the warehouse was not published by {deadline} ({dag_id})",
        f"Run {run_id} had not finished by {deadline}. It may still be running, waiting for a slot, or "
        "stuck; analysts see the previous night's figures until it publishes.",
    )


class AlertNotDelivered(RuntimeError):
    """The alert connection is of a type we cannot send to, or lacks what that type needs."""


def deliver(alert: Alert, conn_type: str, host: str | None, extra: dict[str, Any], conn_id: str) -> str:
    """Send ``alert`` as the connection says; returns where it went (for the task log)."""
    kind = (conn_type or "").lower()
    if kind in {"fs", "file"}:
        path = Path(extra.get("path") or host or "")
        if not str(path) or str(path) == ".":
            raise AlertNotDelivered(f"connection {conn_id} (fs) needs extra.path: the file to append alerts to")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(alert), ensure_ascii=False) + "\n")
        return str(path)
    if kind in {"http", "https"}:
        url = host if host and "://" in host else f"{kind}://{host}"
        request = urllib.request.Request(
            url,
            data=json.dumps({"text": alert.text(), **asdict(alert)}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - the operator's own URL
            response.read()
        return url
    if kind in {"smtp", "email"}:
        recipients = extra.get("to")
        if not recipients:
            raise AlertNotDelivered(f"connection {conn_id} (smtp) needs extra.to: who gets the alerts")
        from airflow.providers.smtp.hooks.smtp import SmtpHook

        with SmtpHook(smtp_conn_id=conn_id) as smtp:
            smtp.send_email_smtp(
                to=recipients, subject=alert.subject, html_content="<pre>" + _html_escape(alert.text()) + "</pre>"
            )
        return f"e-mail to {recipients}"
    raise AlertNotDelivered(f"connection {conn_id} has type {conn_type!r}; use smtp, http(s) or fs")


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
