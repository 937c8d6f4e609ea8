"""The marts BI tools read (every rpt_/fct_/dim_ model: the exposures, the Parquet export) have enforced
contracts: dbt fails the build when a column's name or type changes, instead of a dashboard finding out."""

from __future__ import annotations

import re

import yaml

from rakenskaper import paths

MART = re.compile(r"^(rpt|fct|dim)_")


def _mart_models() -> dict[str, dict]:
    models = {}
    for yml in (paths.dbt_project_dir() / "models" / "marts").glob("*.yml"):
        for model in (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}).get("models", []) or []:
            models[model["name"]] = model
    return models


def test_every_mart_bi_reads_has_an_enforced_contract_with_every_column_typed():
    models = _mart_models()
    sql_marts = {path.stem for path in (paths.dbt_project_dir() / "models" / "marts").glob("*.sql")}
    marts = {name for name in sql_marts if MART.match(name)}
    assert len(marts) >= 20
    assert marts <= set(models), sorted(marts - set(models))
    for name in sorted(marts):
        model = models[name]
        assert ((model.get("config") or {}).get("contract") or {}).get("enforced") is True, name
        columns = model.get("columns") or []
        assert columns, name
        untyped = [column["name"] for column in columns if not column.get("data_type")]
        assert untyped == [], (name, untyped)


def test_every_exposed_model_is_a_contracted_mart():
    exposures = yaml.safe_load((paths.dbt_project_dir() / "models" / "marts" / "_exposures.yml").read_text("utf-8"))
    exposed = {
        ref
        for exposure in exposures["exposures"]
        for dependency in exposure.get("depends_on", [])
        for ref in re.findall(r"ref\('([a-z0-9_]+)'\)", dependency)
    }
    models = _mart_models()
    assert exposed
    for name in sorted(exposed):
        assert MART.match(name), name
        assert ((models[name].get("config") or {}).get("contract") or {}).get("enforced") is True, name
