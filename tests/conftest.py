"""Shared fixtures. Tests never touch the checkout's warehouse/: everything goes to tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import DEMO_LEDGER_2023, REPO, unbalance_first_voucher

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


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory):
    """Run the whole job once on the bundled demo, into a throwaway warehouse; shared by the tests that
    only read what it published."""
    from rakenskaper import pipeline

    settings = pipeline.Settings.from_env(warehouse=tmp_path_factory.mktemp("demo") / "rakenskaper.duckdb", demo=True)
    outcome = pipeline.run(settings)
    return settings, outcome


@pytest.fixture
def published_copy(demo_run, tmp_path) -> Path:
    """The demo's published warehouse copied into this test's own folder, as a plain file: a test may run
    again over it, or check that a failed run left it byte for byte as it was."""
    import shutil

    settings, _ = demo_run
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(settings.warehouse_path, warehouse)
    return warehouse


@pytest.fixture
def demo_sources_with(tmp_path):
    """``make(mutate)``: a copy of the demo sources whose 2023 ledger went through ``mutate(bytes) -> bytes``.
    The checksum records are dropped (a file without #KSUMMA is valid), so that the mutation itself is what
    the run trips on."""
    import re
    import shutil

    from rakenskaper import paths

    def make(mutate, folder: str = "sources") -> Path:
        sources = tmp_path / folder
        shutil.copytree(paths.demo_sources_dir(), sources)
        ledger = sources / "ledger" / DEMO_LEDGER_2023
        data = re.sub(rb"(?m)^#KSUMMA[^\r\n]*\r?\n", b"", ledger.read_bytes())
        ledger.write_bytes(mutate(data))
        return sources

    return make


@pytest.fixture
def unbalanced_demo_sources(demo_sources_with) -> Path:
    """The demo sources with one voucher of the 2023 ledger that does not balance."""
    return demo_sources_with(unbalance_first_voucher)


# The reliability suite's figures (tests/reliability): each test adds what it tried and what held; the summary
# prints them at the end of the run (`make test`, `make soak`). They travel as the test's user properties, which
# pytest-xdist hands from the worker that ran the test to the process that prints the summary.
RELIABILITY_FIGURES: dict[str, list[int]] = {}  # kind → [held, tried]
FIGURE_PROPERTY = "reliability_figure"


@pytest.fixture
def figures(request):
    def record(kind: str, held: bool) -> None:
        request.node.user_properties.append((FIGURE_PROPERTY, (kind, bool(held))))

    return record


def pytest_runtest_logreport(report):
    # the teardown report carries every figure the test recorded, once
    if report.when != "teardown":
        return
    for name, value in report.user_properties:
        if name == FIGURE_PROPERTY:
            kind, held = value
            counts = RELIABILITY_FIGURES.setdefault(kind, [0, 0])
            counts[0] += int(held)
            counts[1] += 1


def pytest_terminal_summary(terminalreporter):
    if RELIABILITY_FIGURES:
        terminalreporter.section("reliability figures (held / tried)")
        for kind, (held, tried) in sorted(RELIABILITY_FIGURES.items()):
            terminalreporter.write_line(f"{kind:<56} {held} / {tried}")
