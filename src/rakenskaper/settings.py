"""What one night runs with (``Settings``): the sources, the warehouse and the run's choices, and the
folders every step derives from them. The CLI builds it from its flags, the DAG from its Params."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rakenskaper import paths


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

    @property
    def build_path(self) -> Path:
        return self.warehouse_dir / "build" / "rakenskaper.build.duckdb"

    @property
    def landing_dir(self) -> Path:
        """This run's snapshot of the source files: sources may change during the night; a run doesn't."""
        return self.warehouse_dir / "build" / "landing"

    @property
    def quarantine_dir(self) -> Path:
        return self.warehouse_dir / "quarantine"

    @property
    def data_docs_dir(self) -> Path:
        # written by the gate beside the build; published with the release (<warehouse dir>/data_docs leads
        # there), so a failed run's Data Docs stay here for the ops person and never replace the published ones
        return self.warehouse_dir / "build" / "data_docs"

    @property
    def dbt_target_dir(self) -> Path:
        return self.warehouse_dir / "build" / "dbt_target"

    @property
    def dbt_project_dir(self) -> Path:
        return paths.dbt_project_dir()

    @property
    def dbt_profiles_dir(self) -> Path:
        return paths.dbt_project_dir()


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
