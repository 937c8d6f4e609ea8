"""What the report tests share: `rakenskaper report` run on the demo warehouse, and the august html page."""

from __future__ import annotations

from pathlib import Path

import pytest

from rakenskaper import cli


@pytest.fixture(scope="session")
def render_report(demo_run):
    """`rakenskaper report` on the demo warehouse into `out`; returns the exit code."""
    settings, _ = demo_run

    def render(out: Path, fmt: str = "csv", period: str = "2023-08") -> int:
        args = ["report", "--period", period, "--format", fmt, "--out", str(out)]
        return cli.main([*args, "--warehouse", str(settings.warehouse_path)])

    return render


@pytest.fixture(scope="module")
def august_html(render_report, tmp_path_factory) -> Path:
    """The html pack for 2023-08, rendered once a module."""
    out = tmp_path_factory.mktemp("html_pack")
    assert render_report(out, "html") == 0
    return out / "rakenskaper_2023-08.html"
