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
# Payroll files outside the bundled demo folder (tests copy the demo to tmp_path) need a pseudonymisation
# key; tests use this one (rakenskaper.subledgers.pseudonym). Tests of the refusal unset it.
os.environ.setdefault("RAKENSKAPER_PSEUDONYM_KEY", "tests-only-pseudonym-key-0123456789")


@pytest.fixture
def repo() -> Path:
    return REPO


def published_reference_dir() -> Path:
    """The published report's tables (tkr, as printed), kept with the demo generator as its targets."""
    return REPO / "src" / "rakenskaper" / "demo" / "published"


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """Run the whole job once on the bundled demo, into a throwaway warehouse; shared by the tests that
    only read what it published."""
    from rakenskaper import pipeline

    settings = pipeline.Settings.from_env(warehouse=tmp_path_factory.mktemp("demo") / "rakenskaper.duckdb")
    outcome = pipeline.run(settings)
    return settings, outcome


# The reliability suite's figures (tests/reliability): each test adds what it tried and what held; the summary
# prints them at the end of the run (`make test`, `make soak`).
RELIABILITY_FIGURES: dict[str, list[int]] = {}  # kind → [held, tried]


@pytest.fixture
def figures():
    def record(kind: str, held: bool) -> None:
        counts = RELIABILITY_FIGURES.setdefault(kind, [0, 0])
        counts[0] += int(held)
        counts[1] += 1
    return record


def pytest_terminal_summary(terminalreporter):
    if RELIABILITY_FIGURES:
        terminalreporter.section("reliability figures (held / tried)")
        for kind, (held, tried) in sorted(RELIABILITY_FIGURES.items()):
            terminalreporter.write_line(f"{kind:<56} {held} / {tried}")
