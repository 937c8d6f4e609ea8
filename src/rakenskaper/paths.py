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
    return warehouse_file(os.environ.get("RAKENSKAPER_WAREHOUSE", repo_root() / "warehouse" / "rakenskaper.duckdb"))


def warehouse_file(path: Path | str) -> Path:
    """The published warehouse's path as readers open it: absolute, its folder resolved, but the file itself not
    followed — it is a link to the current release (rakenskaper.publish), and the warehouse folder is where the
    link lives, not where tonight's release happens to be."""
    path = Path(path).expanduser()
    return Path(os.path.abspath(path.parent)).resolve() / path.name


def default_sources() -> Path:
    return Path(os.environ.get("RAKENSKAPER_SOURCES", demo_sources_dir())).resolve()
