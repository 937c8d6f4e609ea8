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


def demo_dir() -> Path:
    """The demo: its sources and the published report they reproduce, in the checkout's demo/ folder (not in
    the installed package: a deployment reads its own sources)."""
    return repo_root() / "demo"


def demo_sources_dir() -> Path:
    """The bundled demo's source folder (`rakenskaper run --demo`)."""
    return demo_dir() / "sources"


def demo_published_dir() -> Path:
    """The published report's tables (tkr, as printed) that the demo reproduces: the generator's targets."""
    return demo_dir() / "published"


def default_warehouse() -> Path:
    return warehouse_file(os.environ.get("RAKENSKAPER_WAREHOUSE", repo_root() / "warehouse" / "rakenskaper.duckdb"))


def warehouse_file(path: Path | str) -> Path:
    """The published warehouse's path as readers open it: absolute, its folder resolved, but the file itself not
    followed — it is a link to the current release (rakenskaper.publish), and the warehouse folder is where the
    link lives, not where tonight's release happens to be."""
    path = Path(path).expanduser()
    return Path(os.path.abspath(path.parent)).resolve() / path.name


class NoSources(ValueError):
    """No source folder was given: neither --sources, nor RAKENSKAPER_SOURCES, nor --demo."""


NO_SOURCES = (
    "no source folder given: point the run at the sources with --sources DIR (or set RAKENSKAPER_SOURCES=DIR), "
    "or run the bundled demo with --demo"
)


def default_sources(*, demo: bool = False) -> Path:
    """RAKENSKAPER_SOURCES, else the bundled demo when asked for (``demo``); else NoSources. The demo is never a
    silent default: a run that was not told where the sources are stops and says how to tell it."""
    if demo:
        return checked_demo_sources()
    configured = os.environ.get("RAKENSKAPER_SOURCES")
    if configured:
        return Path(configured).resolve()
    raise NoSources(NO_SOURCES)


def checked_demo_sources() -> Path:
    """The bundled demo's source folder; NoSources when this installation has none (an installed package
    without the checkout: the demo is not in the wheel)."""
    folder = demo_sources_dir().resolve()
    if not (folder / "ledger").is_dir():
        raise NoSources(
            f"--demo: no demo sources at {folder}: the demo lives in the repository's demo/ folder, not in the "
            "installed package; run from a checkout (pip install -e .) or set RAKENSKAPER_HOME to one, "
            "or point the run at real sources with --sources DIR (or RAKENSKAPER_SOURCES)"
        )
    return folder
