"""What one night runs with (``Settings``): the sources, the warehouse and the run's choices, and the
folders every step derives from them. The CLI builds it from its flags, the DAG from its Params."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from rakenskaper import paths


class UnderWarehouse:
    """A path of a run's Settings under its warehouse folder: ``settings.<name>`` is <warehouse dir>/<parts>."""

    def __init__(self, *parts: str) -> None:
        self.parts = parts

    @overload
    def __get__(self, settings: None, owner: type) -> UnderWarehouse: ...
    @overload
    def __get__(self, settings: Settings, owner: type | None = None) -> Path: ...
    def __get__(self, settings: Settings | None, owner: type | None = None) -> Path | UnderWarehouse:
        return self if settings is None else settings.warehouse_dir.joinpath(*self.parts)


@dataclass(frozen=True)
class Settings:
    sources_dir: Path
    warehouse_path: Path
    # The payroll pseudonymisation key when the caller has one (the DAG: an Airflow Variable); otherwise
    # RAKENSKAPER_PSEUDONYM_KEY, or the demo key for the bundled demo's folder (rakenskaper.subledgers.pseudonym).
    pseudonym_key: str | None = field(default=None, repr=False, compare=False)
    # The last closed month, "YYYY-MM": report periods run through it (rather than through what the entity
    # profile says or the books show; see int_fiscal_years). The way to rerun a chosen month-end.
    closed_through: str | None = None
    # Start the build empty and read every source file again, instead of from the published warehouse.
    rebuild: bool = False
    # Everything but publish: the build is checked and then discarded; the published warehouse is untouched.
    dry_run: bool = False

    @classmethod
    def from_env(
        cls,
        sources: Path | str | None = None,
        warehouse: Path | str | None = None,
        *,
        closed_through: str | None = None,
        rebuild: bool = False,
        dry_run: bool = False,
        demo: bool = False,
    ) -> Settings:
        """Explicit arguments first (``sources``, or ``demo``: the bundled demo's sources), then
        RAKENSKAPER_SOURCES / RAKENSKAPER_WAREHOUSE, then the default warehouse (warehouse/rakenskaper.duckdb in
        the checkout). Sources have no default: without any of the three, paths.NoSources (a ValueError) says
        how to give them."""
        if sources and demo:
            raise ValueError("give the sources (--sources DIR) or --demo, not both")
        closed_through = parse_closed_through(closed_through)
        return cls(
            sources_dir=Path(sources).resolve() if sources else paths.default_sources(demo=demo),
            warehouse_path=paths.warehouse_file(warehouse) if warehouse else paths.default_warehouse(),
            closed_through=closed_through,
            rebuild=rebuild,
            dry_run=dry_run,
        )

    @property
    def dbt_vars(self) -> dict[str, str]:
        """The run's choices that the dbt project reads as vars."""
        return {"closed_through": self.closed_through} if self.closed_through else {}

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse_path.parent

    # What a run derives from the warehouse folder: tonight's work under build/, never published as is.
    build_path = UnderWarehouse("build", "rakenskaper.build.duckdb")
    # this run's snapshot of the source files: sources may change during the night; a run doesn't
    landing_dir = UnderWarehouse("build", "landing")
    quarantine_dir = UnderWarehouse("quarantine")
    # written by the gate beside the build; published with the release (<warehouse dir>/data_docs leads there),
    # so a failed run's Data Docs stay here for the ops person and never replace the published ones
    data_docs_dir = UnderWarehouse("build", "data_docs")
    dbt_target_dir = UnderWarehouse("build", "dbt_target")

    @property
    def dbt_project_dir(self) -> Path:
        return paths.dbt_project_dir()

    dbt_profiles_dir = dbt_project_dir  # profiles.yml lives in the dbt project


def parse_closed_through(text: str | None) -> str | None:
    """``"YYYY-MM"`` (or empty: none). A clear error for anything else, before any work is done."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        year, month = (int(part) for part in text.split("-"))
        if len(text) != 7 or not 1 <= month <= 12 or year < 1900:
            raise ValueError
    except ValueError:
        raise ValueError(f"closed_through must be a month as YYYY-MM (e.g. 2023-08), not {text!r}") from None
    return text
