"""Great Expectations, the gate's one engine: an ephemeral context, each suite run through a Checkpoint over a
pandas DataFrame, and the Data Docs site.

Great Expectations is a slow import: it is imported inside these functions, never when this module is.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rakenskaper.data_docs import make_offline
from rakenskaper.gate.messages import interpret
from rakenskaper.gate.results import MAX_EXAMPLES, CheckResult
from rakenskaper.gate.suites import SuiteSpec

DATA_DOCS_SITE = "rakenskaper_gate"


def build_gx_suite(spec: SuiteSpec):
    """The suite file as a GX ExpectationSuite; ValueError if GX would drop one of its expectations."""
    import great_expectations as gx

    d = spec.suite_dict
    suite = gx.ExpectationSuite(
        name=spec.name,
        expectations=[
            {"type": e["type"], "kwargs": e.get("kwargs", {}), "meta": e.get("meta", {})} for e in d["expectations"]
        ],
        meta={k: v for k, v in d.get("meta", {}).items()},
        notes=d.get("notes"),
    )
    # ExpectationSuite logs and silently drops an expectation it cannot build: refuse that.
    if len(suite.expectations) != len(d["expectations"]):
        built = {e.expectation_type for e in suite.expectations}
        raise ValueError(
            f"{spec.path}: GX accepted only {len(suite.expectations)} of "
            f"{len(d['expectations'])} expectations (built: {sorted(built)})"
        )
    return suite


def gx_context(data_docs_dir: Path | None):
    """An ephemeral GX context with analytics off; a Data Docs site only in data_docs_dir, if given."""
    # The product never phones home (and the servers have no internet): analytics off whatever the environment
    # says, in whatever spelling ("false", "False", "0"); GX reads the variable when it is imported.
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # In-memory stores without the default "local_site" docs site: GX would make a temp dir for it (and log
    # "Created temporary directory ... for ephemeral docs site" at INFO, noise for the CLI user); docs are
    # written only where asked.
    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False))
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.enable_analytics(False)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in list(context.list_data_docs_sites()):  # none; kept so no other site is ever written
        context.delete_data_docs_site(site)
    if data_docs_dir is not None:
        context.add_data_docs_site(
            DATA_DOCS_SITE,
            {
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(Path(data_docs_dir).resolve()),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return context


def run_identifier(run_name: str | None):
    """The GX run id of this gate run: its name shows on the Data Docs pages and names a folder there."""
    from great_expectations.core.run_identifier import RunIdentifier

    run_time = datetime.now(UTC)
    name = run_name or f"gate-{run_time:%Y-%m-%dT%H%M%SZ}"
    # a folder name on any file system (Data Docs are copied to Windows shares): no ':' or '/'
    name = re.sub(r"[^A-Za-z0-9._+-]+", "-", name).strip("-") or "gate"
    return RunIdentifier(run_name=name, run_time=run_time)


def run_suite(context, spec: SuiteSpec, df, with_docs: bool, run_id=None) -> CheckResult:
    """Validate df with the suite through a GX Checkpoint; the CheckResult (severity left to the caller)."""
    import great_expectations as gx

    suite = context.suites.add(build_gx_suite(spec))
    asset = context.data_sources.add_pandas(f"{spec.name}_source").add_dataframe_asset(spec.table)
    batch_definition = asset.add_batch_definition_whole_dataframe("whole_table")
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=spec.name, data=batch_definition, suite=suite)
    )
    index_columns = [c for c in spec.example_columns if c in df.columns]
    result_format: dict[str, Any] = {
        "result_format": "SUMMARY",
        "partial_unexpected_count": MAX_EXAMPLES,
    }
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    # No UpdateDataDocsAction: the site is built once, after every suite has run and its stored result names
    # its data asset (below).
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"gate_{spec.name}",
            validation_definitions=[validation],
            actions=[],
            result_format=result_format,
        )
    )
    checkpoint_result = checkpoint.run(batch_parameters={"dataframe": df}, run_id=run_id)
    run_results = list(checkpoint_result.run_results.items())
    if len(run_results) != 1:
        raise RuntimeError(f"expected 1 validation result, got {len(run_results)}")
    identifier, validation_result = run_results[0]
    if with_docs:
        _name_data_asset(context, identifier, spec.table)
    return interpret(spec, validation_result, expected_count=len(suite.expectations))


def _name_data_asset(context, identifier, table: str) -> None:
    """Put the data asset's name where the Data Docs renderer looks for it.

    GX 1.x's validation page reads ``meta["batch_spec"]["data_asset_name"]`` (else "Data asset: None"), but a
    pandas DataFrame asset's batch spec holds only ``batch_data``; the asset's name is in
    ``meta["active_batch_definition"]``. The stored result (what the site builder renders) gets a copy.
    """
    store = context.validation_results_store
    stored = store.get(identifier)
    meta = stored.meta
    name = (meta.get("active_batch_definition") or {}).get("data_asset_name") or table
    batch_spec = dict(meta.get("batch_spec") or {})
    batch_spec["data_asset_name"] = name
    meta["batch_spec"] = batch_spec
    store.set(identifier, stored)


def build_data_docs(context, data_docs_dir: Path) -> Path | None:
    """Build the site into data_docs_dir, readable offline (rakenskaper.data_docs); its index.html or None."""
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    index = Path(data_docs_dir) / "index.html"
    if not index.is_file():
        return None
    make_offline(Path(data_docs_dir))  # the CDN assets from static/vendor/, no network needed
    return index
