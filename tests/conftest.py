"""Shared fixtures. Tests never touch the checkout's warehouse/: everything goes to tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# No network here, and none needed: keep dbt, GX and Cosmos from trying to phone home.
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")


@pytest.fixture
def repo() -> Path:
    return REPO
