"""Swedish working days 2021–2023 (weekends and public holidays)."""

from __future__ import annotations

from datetime import date, timedelta

from rakenskaper.report.spec import MONTHS  # noqa: F401 - the Swedish month names, for the vouchers' texts

HOLIDAYS = {
    date.fromisoformat(d)
    for d in (
        "2022-01-06",
        "2022-04-15",
        "2022-04-18",
        "2022-05-26",
        "2022-06-06",
        "2022-06-24",
        "2022-12-26",
        "2023-01-06",
        "2023-04-07",
        "2023-04-10",
        "2023-05-01",
        "2023-05-18",
        "2023-06-06",
        "2023-06-23",
        "2023-12-25",
        "2023-12-26",
    )
}


def is_workday(d: date) -> bool:
    return d.weekday() < 5 and d not in HOLIDAYS and not (d.month == 12 and d.day in (24, 31))


def month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def workday_on_or_before(d: date) -> date:
    while not is_workday(d):
        d -= timedelta(days=1)
    return d


def workday_on_or_after(d: date) -> date:
    while not is_workday(d):
        d += timedelta(days=1)
    return d


def last_workday(y: int, m: int) -> date:
    return workday_on_or_before(month_end(y, m))


def nth_workday(y: int, m: int, n: int) -> date:
    d = workday_on_or_after(date(y, m, 1))
    for _ in range(n - 1):
        d = workday_on_or_after(d + timedelta(days=1))
    return d
