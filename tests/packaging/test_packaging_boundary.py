"""The product's boundary (issue 14): the package imports and `rakenskaper run --sources DIR` publishes without
Airflow or Cosmos installed; the wheel carries no demo data and lists Airflow only under its `airflow` extra.

"Without Airflow" is simulated: every Python process of the run (the CLI and whatever it starts) gets a
sitecustomize whose import hook makes `import airflow` / `import cosmos` fail as on an installation without
the extra."""

from __future__ import annotations

import email
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
HIDDEN = ("airflow", "cosmos")

# Loaded by every Python process started with this folder first on PYTHONPATH (site imports `sitecustomize`).
SITECUSTOMIZE = f'''
import importlib.abc
import sys

HIDDEN = {HIDDEN!r}


class NoAirflow(importlib.abc.MetaPathFinder):
    """As if the airflow extra were not installed."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {{name!r}} (hidden by the boundary test)", name=name)
        return None


sys.meta_path.insert(0, NoAirflow())
'''

# Imports every module of the package but airflow_support (the DAG's helper: Airflow's own side) and the
# `python -m` entry modules; prints what it imported and whether any Airflow or Cosmos module got loaded.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
import rakenskaper

try:
    import airflow  # noqa: F401
    hidden = False
except ImportError:
    hidden = True
imported = []
for module in pkgutil.walk_packages(rakenskaper.__path__, "rakenskaper."):
    if module.name == "rakenskaper.airflow_support" or module.name.endswith(".__main__"):
        continue
    importlib.import_module(module.name)
    imported.append(module.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("airflow", "cosmos"))
print(json.dumps({"hidden": hidden, "imported": imported, "loaded": loaded}))
"""


@pytest.fixture(scope="module")
def no_airflow_env(tmp_path_factory) -> dict[str, str]:
    hook = tmp_path_factory.mktemp("no_airflow")
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("RAKENSKAPER_", "AIRFLOW"))}
    env["PYTHONPATH"] = os.pathsep.join([str(hook), str(SRC)])
    env["RAKENSKAPER_PSEUDONYM_KEY"] = "tests-only-pseudonym-key-0123456789"  # sources outside the demo folder
    return env


def test_every_module_but_airflow_support_imports_without_airflow(no_airflow_env) -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL], env=no_airflow_env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["hidden"] is True, "the hook must make `import airflow` fail"
    assert result["loaded"] == []
    assert {"rakenskaper.cli", "rakenskaper.pipeline", "rakenskaper.alerts", "rakenskaper.demo.cli"} <= set(
        result["imported"]
    )


def test_airflow_setup_without_the_extra_says_what_is_missing(no_airflow_env) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rakenskaper.cli", "airflow-setup"],
        env=no_airflow_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert "airflow extra" in done.stderr and "rakenskaper[airflow]" in done.stderr


@pytest.mark.slow
def test_run_with_sources_publishes_without_airflow(no_airflow_env, tmp_path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "demo" / "sources", sources)
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "rakenskaper.cli", "run", "--sources", str(sources), "--warehouse", str(warehouse)],
        env=no_airflow_env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"Published {warehouse}" in done.stdout
    assert warehouse.exists()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The package built as a wheel, from a copy of what a build reads (the checkout stays clean)."""
    root = tmp_path_factory.mktemp("wheel")
    project = root / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, project / name)
    shutil.copytree(SRC, project / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    uv = Path(sys.executable).parent / "uv"
    command = (
        [str(uv), "build", "--wheel", "--out-dir", str(root / "dist"), str(project)]
        if uv.exists()
        else [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(root / "dist"), str(project)]
    )
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (built,) = (root / "dist").glob("rakenskaper-*.whl")
    return built


def test_the_wheel_carries_no_demo_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rakenskaper/cli.py" in names and "rakenskaper/demo/generate.py" in names
    assert not [n for n in names if n.startswith(("rakenskaper/demo/sources/", "rakenskaper/demo/published/"))]
    assert not [n for n in names if n.endswith((".se", ".si")) or "/payroll_" in n or "/internal_bank_" in n]
    # what the installed commands read: the source formats, the report's specification, `compare`'s file names
    # and the demo generator's design tables
    assert {
        "rakenskaper/subledgers/formats.toml",
        "rakenskaper/report/tables.toml",
        "rakenskaper/report/allowed_deviations.csv",
        "rakenskaper/demo/published_file_names.csv",
        "rakenskaper/demo/units.csv",
        "rakenskaper/demo/note_accounts.csv",
        "rakenskaper/demo/designed_other_lines.csv",
        "rakenskaper/demo/settlement_texts.csv",
        "rakenskaper/demo/staff_names.csv",
    } <= set(names)
    # the generator's code only (the 2.3 MB of demo sources stay in the repository's demo/)
    demo_bytes = sum(zipfile.ZipFile(wheel).getinfo(n).file_size for n in names if n.startswith("rakenskaper/demo/"))
    assert demo_bytes < 300_000


def test_the_wheel_lists_airflow_only_under_its_extra(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(metadata_name))
        (entry_points_name,) = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
        entry_points = archive.read(entry_points_name).decode()
    requires = metadata.get_all("Requires-Dist")
    airflow_like = [r for r in requires if r.lower().startswith(("apache-airflow", "astronomer-cosmos"))]
    assert {r.split(";")[0].split("<")[0].split(">")[0].strip() for r in airflow_like} == {
        "apache-airflow",
        "astronomer-cosmos",
    }
    assert all(r.replace(" ", "").endswith('extra=="airflow"') for r in airflow_like), airflow_like
    assert "airflow" in metadata.get_all("Provides-Extra")
    assert any(r.startswith("dbt-duckdb") and "extra" not in r for r in requires)
    assert "rakenskaper = rakenskaper.cli:main" in entry_points
    assert "rakenskaper-demo = rakenskaper.demo.cli:main" in entry_points
