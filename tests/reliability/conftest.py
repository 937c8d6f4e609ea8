"""The reliability suite's figures: each test adds what it tried and what held; the summary prints them at the
end of the run (`make test` and `make soak`)."""

from __future__ import annotations

from collections import defaultdict

import pytest

FIGURES: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # kind → [held, tried]


@pytest.fixture
def figures():
    def record(kind: str, held: bool) -> None:
        FIGURES[kind][1] += 1
        FIGURES[kind][0] += int(held)
    return record


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("reliability figures (held / tried)")
        for kind, (held, tried) in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{kind:<48} {held} / {tried}")
