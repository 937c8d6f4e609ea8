"""Where the project's parts live, whether run from a checkout or an installed package."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The checkout (or the folder the deployment mounts it in): it holds dbt_project/ and seeds/."""
    configured = os.environ.get("RAKENSKAPER_HOME")
    if configured:
        return Path(configured).resolve()
    return PACKAGE_DIR.parents[1]


def dbt_project_dir() -> Path:
    return Path(os.environ.get("RAKENSKAPER_DBT_PROJECT", repo_root() / "dbt_project")).resolve()


def demo_sources_dir() -> Path:
    """The bundled demo: the embedded default source folder."""
    return PACKAGE_DIR / "demo" / "sources"


def default_warehouse() -> Path:
    return Path(os.environ.get("RAKENSKAPER_WAREHOUSE", repo_root() / "warehouse" / "rakenskaper.duckdb")).resolve()


def default_sources() -> Path:
    return Path(os.environ.get("RAKENSKAPER_SOURCES", demo_sources_dir())).resolve()
