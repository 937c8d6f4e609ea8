"""How each kind of entity-profile setting is checked (``entity.toml``): the value as the text rows
``raw.entity_settings`` stores, or why it is refused. Account specifications ("NNNN", "NNNN-NNNN") too."""

from __future__ import annotations

import re

KINDS = ("kommun", "region", "kommunalforbund")
MEMBER_STATUSES = ("medlem", "adjungerad")
ACCOUNT_SPEC = re.compile(r"^(?P<start>\d{4,6})(?:-(?P<end>\d{4,6}))?$")
MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value, message: str = "must be a non-empty string") -> tuple[list[str], str | None]:
    if not isinstance(value, str) or not value.strip():
        return [], message
    return [value], None


def _one_of(allowed, message: str):
    def check(value) -> tuple[list[str], str | None]:
        return ([value], None) if value in allowed else ([], message.format(value=value))

    return check


def _dimension(value) -> tuple[list[str], str | None]:
    if not _is_integer(value) or not 1 <= value <= 9999:
        return [], "must be an SIE dimension number (a positive integer)"
    return [str(value)], None


def _series_list(value) -> tuple[list[str], str | None]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return [], 'must be a list of voucher series, e.g. ["P"]'
    return list(value), None


def _account_list(value) -> tuple[list[str], str | None]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [], 'must be a list of accounts, e.g. ["1685"] or ["3600-3699"]'
    for spec in value:
        problem = account_spec_problem(spec)
        if problem:
            return [], problem
    return list(value), None


def _amount(value) -> tuple[list[str], str | None]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return [], "must be a number (tkr)"
    return [str(value)], None


def _group_size(value) -> tuple[list[str], str | None]:
    # 1 would publish one person's pay: the smallest group a mart may show is two people
    if not _is_integer(value) or value < 2:
        return [], "must be a whole number of employees, at least 2"
    return [str(value)], None


def _month(value) -> tuple[list[str], str | None]:
    # a quoted "YYYY-MM" only: an unquoted 2023-08-31 is a TOML date, and a day would suggest a precision
    # the setting does not have (a month is closed as a whole)
    if not isinstance(value, str) or not MONTH.match(value.strip()) or int(value.strip()[:4]) < 1900:
        return [], f'must be a month as "YYYY-MM" in quotes, e.g. "2023-08" (got {value!r})'
    return [value.strip()], None


# how each kind of setting is checked: the value as text rows, or an error message
_VALUE_CHECKS = {
    "text": _text,
    "kind": _one_of(KINDS, f"must be one of {', '.join(KINDS)} (got {{value!r}})"),
    "dimension": _dimension,
    "series_list": _series_list,
    "account_list": _account_list,
    "member_status": _one_of(MEMBER_STATUSES, 'must be "medlem" or "adjungerad" (got {value!r})'),
    "label": lambda value: _text(value, "must be a non-empty label"),
    "amount": _amount,
    "group_size": _group_size,
    "month": _month,
}


def check_value(kind: str, value, name: str) -> tuple[list[str], str | None]:
    """The value as text rows, or an error message."""
    if kind not in _VALUE_CHECKS:
        raise ValueError(kind)
    return _VALUE_CHECKS[kind](value)


def account_spec_problem(spec: str) -> str | None:
    """None if `spec` is "NNNN" (an account and its sub-accounts) or "NNNN-NNNN" (a range), else why not."""
    match = ACCOUNT_SPEC.match(spec.strip()) if isinstance(spec, str) else None
    if not match:
        return f'bad account {spec!r}: write "NNNN" (the account and its sub-accounts) or "NNNN-NNNN" (a range)'
    start, end = match.group("start"), match.group("end")
    if end is not None and (len(end) != len(start) or end < start):
        return f"bad account range {spec!r}: both ends need the same number of digits, the first not above the last"
    return None
