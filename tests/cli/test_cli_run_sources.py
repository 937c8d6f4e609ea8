"""Where `rakenskaper run` reads its sources: --sources DIR, else RAKENSKAPER_SOURCES, else the bundled demo only
when asked for (--demo); with none of them it stops and says how to give them. The demo is the repository's
demo/ folder, and the product's command never imports the demo's generator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rakenskaper import cli, paths, pipeline

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_sources_env(monkeypatch):
    monkeypatch.delenv("RAKENSKAPER_SOURCES", raising=False)
    monkeypatch.delenv("RAKENSKAPER_HOME", raising=False)


def test_run_without_sources_stops_and_says_how_to_give_them(no_sources_env, tmp_path, capsys) -> None:
    warehouse = tmp_path / "warehouse" / "rakenskaper.duckdb"

    assert cli.main(["run", "--warehouse", str(warehouse)]) == 2

    err = capsys.readouterr().err
    assert "--sources DIR" in err and "RAKENSKAPER_SOURCES" in err and "--demo" in err
    assert not warehouse.parent.exists(), "nothing is built or published"


def test_settings_need_sources_too(no_sources_env) -> None:
    with pytest.raises(paths.NoSources, match="--sources DIR"):
        pipeline.Settings.from_env(warehouse="w/rakenskaper.duckdb")


def test_the_demo_is_the_repositorys_demo_folder_and_only_when_asked(no_sources_env, monkeypatch, tmp_path) -> None:
    assert paths.demo_sources_dir() == REPO / "demo" / "sources"
    assert paths.demo_published_dir() == REPO / "demo" / "published"
    demo = pipeline.Settings.from_env(warehouse=tmp_path / "w.duckdb", demo=True)
    assert demo.sources_dir == (REPO / "demo" / "sources").resolve()

    monkeypatch.setenv("RAKENSKAPER_SOURCES", str(tmp_path / "real"))
    assert pipeline.Settings.from_env(warehouse=tmp_path / "w.duckdb").sources_dir == (tmp_path / "real").resolve()
    # an explicit --demo is an argument: it wins over the environment, as --sources does
    assert pipeline.Settings.from_env(warehouse=tmp_path / "w.duckdb", demo=True).sources_dir == demo.sources_dir
    given = pipeline.Settings.from_env(tmp_path / "given", tmp_path / "w.duckdb")
    assert given.sources_dir == (tmp_path / "given").resolve()


def test_sources_and_demo_together_are_refused(tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "--demo", "--sources", str(tmp_path)])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    with pytest.raises(ValueError, match="not both"):
        pipeline.Settings.from_env(tmp_path, demo=True)


def test_demo_without_the_checkouts_demo_folder_says_so(monkeypatch, tmp_path, capsys) -> None:
    """An installed package (no checkout): the demo is not in the wheel, and --demo says where it lives."""
    monkeypatch.setenv("RAKENSKAPER_HOME", str(tmp_path / "installed"))
    monkeypatch.delenv("RAKENSKAPER_SOURCES", raising=False)

    assert cli.main(["run", "--demo", "--warehouse", str(tmp_path / "w" / "rakenskaper.duckdb")]) == 2

    err = capsys.readouterr().err
    assert "no demo sources at" in err and "demo/ folder" in err and "--sources DIR" in err
    assert not (tmp_path / "w").exists()


def test_the_demo_generator_without_the_demo_folder_says_so(monkeypatch, tmp_path, capsys) -> None:
    from rakenskaper.demo import cli as demo_cli

    monkeypatch.setenv("RAKENSKAPER_HOME", str(tmp_path / "installed"))

    assert demo_cli.main(["generate", "--out", str(tmp_path / "out")]) == 2

    assert "demo/published/" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_the_product_command_never_imports_the_demo_generator() -> None:
    script = (
        "import json, sys; from rakenskaper import cli; parser = cli.build_parser(); "
        "print(json.dumps([sorted(m for m in sys.modules if m.startswith('rakenskaper.demo')), "
        "sorted(parser._subparsers._group_actions[0].choices)]))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    demo_modules, commands = json.loads(done.stdout)
    assert demo_modules == []
    assert "run" in commands and "demo" not in commands
